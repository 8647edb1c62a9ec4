//! One file's download: ranged reads in parallel, each checked against the first block's
//! version; to a partial file that is resumable and renamed into place only once complete and
//! verified, or, in order, to a stream.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use md5::{Digest, Md5};

use super::block_sink::BlockSink;
use super::checkpoints::Checkpoints;
use super::done_blocks::DoneBlocks;
use super::md5_follower::Md5Follower;
use super::partial::{Partial, ResumeState};
use super::plan::{Block, MAX_FILE_SIZE, block_count, blocks, clip_range};
use super::writeback::Writeback;
use super::{Destination, DownloadError, Downloaded, Progress};
use crate::azure::{AzureError, AzureFiles, FileVersion, Location, RangeRead};
use crate::net::ahead::Ahead;
use crate::net::body_sink::{BodySink, SharedSink};
use crate::net::pacer::Pacer;
use crate::ops::Interrupt;

/// Resume state is saved at most this often while blocks complete.
const SAVE_EVERY: Duration = Duration::from_millis(500);

/// The partial file is flushed to disk each time this much more was written.
const WRITEBACK_EVERY: u64 = 64 << 20;

/// How one file is downloaded.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent command-line switches"
)]
pub(super) struct Download<'a> {
    pub(super) client: &'a AzureFiles,
    pub(super) location: Location,
    pub(super) block_size: u64,
    /// Blocks in flight for this file, at most.
    pub(super) window: usize,
    pub(super) range: Option<(u64, Option<u64>)>,
    pub(super) verify: bool,
    pub(super) resume: bool,
    /// Flush to disk before the rename (`--fsync`).
    pub(super) fsync: bool,
    /// DEST may be replaced (`--force`); otherwise the rename never replaces what is there.
    pub(super) replace: bool,
    /// This download owns the progress total (a tree's total counts the whole tree).
    pub(super) sets_total: bool,
    pub(super) pacer: Arc<Pacer>,
    pub(super) progress: &'a dyn Progress,
    pub(super) interrupt: &'a Interrupt,
}

impl Download<'_> {
    pub(super) async fn run(&self, to: Destination<'_>) -> Result<Downloaded, DownloadError> {
        let path = self.location.path.clone();
        let start = self.range.map_or(0, |(start, _)| start);
        // The first block also tells the size, the version and the stored MD5. The interrupt
        // stops it too (in a tree of small files, it is most of the work); later reads are
        // stopped where the partial's state can be saved.
        let first_last = start.saturating_add(self.block_size - 1);
        let first = tokio::select! {
            biased;
            () = self.interrupt.raised() => return Err(DownloadError::Interrupted),
            read = self.client.read_range(&self.location, start, Some(first_last)) => read,
        };
        let first = match first {
            Ok(first) => first,
            Err(AzureError::Service(err)) if err.status == 416 => {
                if self.range.is_some() {
                    let size = self.client.file_properties(&self.location).await?.size;
                    return Err(DownloadError::RangePastEnd { path, start, size });
                }
                // An empty file has no byte 0.
                self.client.read_whole(&self.location).await?
            }
            Err(err) => return Err(err.into()),
        };
        let total = first.total_size;
        if total > MAX_FILE_SIZE {
            return Err(DownloadError::TooLarge { path, size: total });
        }
        let Some((start, end)) = clip_range(self.range, total) else {
            return Err(DownloadError::RangePastEnd {
                path,
                start,
                size: total,
            });
        };
        if self.sets_total {
            self.progress.set_total(end - start);
        }
        let whole_file = self.range.is_none();
        let expected_md5 = first.whole_md5.filter(|_| whole_file && self.verify);
        match to {
            Destination::File(dest) => self.to_file(dest, first, start, end, expected_md5).await,
            Destination::Stream { name, out } => {
                self.to_stream(out, name, first, start, end, expected_md5)
                    .await
            }
        }
    }

    /// Fetches one block into memory, insisting on the version of the first.
    async fn fetch(
        &self,
        block: Block,
        version: &FileVersion,
    ) -> Result<(Block, Bytes), DownloadError> {
        let _permit = self.pacer.acquire().await;
        let read = self
            .client
            .read_range(&self.location, block.start, Some(block.end()))
            .await;
        let read = self.check(read, block, version, |read| read.data.len() as u64)?;
        Ok((block, read.data))
    }

    /// Fetches one block straight into `file`, where the block belongs (`start` is where the
    /// download starts in the file), insisting on the version of the first. The block's bytes
    /// are right only if this returns `Ok`.
    async fn fetch_into(
        &self,
        block: Block,
        version: &FileVersion,
        file: &Arc<File>,
        start: u64,
        dest: &Path,
    ) -> Result<Block, DownloadError> {
        let _permit = self.pacer.acquire().await;
        let sink = Arc::new(BlockSink::new(Arc::clone(file), block.start - start));
        // A task of its own: the bytes are written by the worker thread that reads them from
        // the connection, not handed over to the thread that runs the download's loop.
        // Dropping the fetch (an interrupt, another block's error) aborts it.
        let (client, location) = (self.client.clone(), self.location.clone());
        let body = SharedSink(Arc::clone(&sink) as Arc<dyn BodySink>);
        let (from, to) = (block.start, block.end());
        let read =
            Ahead::start(async move { client.read_range_into(&location, from, to, body).await })
                .await
                .result()
                .await;
        // A failed local write stops the reading, whatever the answer looked like after it.
        if let Some(err) = sink.take_error() {
            return Err(DownloadError::local(dest, err));
        }
        self.check(read, block, version, |_| sink.taken())?;
        Ok(block)
    }

    /// `read`, if it is `block` (`len` of it) of `version`; the pacer learns how it went.
    fn check(
        &self,
        read: Result<RangeRead, AzureError>,
        block: Block,
        version: &FileVersion,
        len: impl FnOnce(&RangeRead) -> u64,
    ) -> Result<RangeRead, DownloadError> {
        let read = match read {
            Ok(read) => {
                self.pacer.record(false);
                read
            }
            Err(err) => {
                self.pacer.record(err.is_throttled());
                return Err(err.into());
            }
        };
        if read.version != *version {
            return Err(DownloadError::Modified {
                path: self.location.path.clone(),
                before: describe(version),
                after: describe(&read.version),
            });
        }
        if len(&read) != block.len || read.offset != block.start {
            return Err(DownloadError::Azure(AzureError::Decode {
                operation: "Get File",
                problem: azfh_protocol::wire::DecodeError::NotTheAnswer(
                    "the answer is not the range asked for",
                ),
            }));
        }
        Ok(read)
    }

    /// The first read's bytes, if they are exactly the first block of `[start, end)`.
    fn first_block(first: &RangeRead, start: u64, end: u64, block_size: u64) -> Option<Bytes> {
        let block = blocks(start, end, block_size).next()?;
        (first.offset == start && first.data.len() as u64 >= block.len).then(|| {
            first
                .data
                .slice(..usize::try_from(block.len).expect("a block fits in memory"))
        })
    }

    async fn to_file(
        &self,
        dest: &Path,
        first: RangeRead,
        start: u64,
        end: u64,
        expected_md5: Option<[u8; 16]>,
    ) -> Result<Downloaded, DownloadError> {
        let version = first.version.clone();
        let count = block_count(start, end, self.block_size);
        let state_of = |done: &DoneBlocks| ResumeState {
            etag: version.etag.clone(),
            last_modified: version.last_modified.clone(),
            start,
            end,
            block_size: self.block_size,
            done: done.to_hex(),
        };
        let fits = |state: &ResumeState| {
            state.etag == version.etag
                && state.last_modified == version.last_modified
                && state.start == start
                && state.end == end
                && state.block_size == self.block_size
                && DoneBlocks::from_hex(&state.done, count).is_some()
        };
        let resume: Option<&dyn Fn(&ResumeState) -> bool> =
            if self.resume { Some(&fits) } else { None };
        let fresh = DoneBlocks::new(count);
        let (mut partial, saved) = Partial::open(dest, end - start, resume, &state_of(&fresh))
            .map_err(|e| DownloadError::local(dest, e))?;
        let mut done = saved
            .and_then(|state| DoneBlocks::from_hex(&state.done, count))
            .unwrap_or(fresh);
        let resumed_bytes: u64 = blocks(start, end, self.block_size)
            .filter(|b| done.contains(b.index))
            .map(|b| b.len)
            .sum();
        self.progress.advance(resumed_bytes);
        // Hashing follows the contiguous part as it grows, so verifying costs no pass at the end.
        let mut md5 = match expected_md5 {
            Some(_) => Some(Md5Follower::start(
                partial
                    .reader()
                    .map_err(|e| DownloadError::local(dest, e))?,
            )),
            None => None,
        };
        // With --fsync, the disk writes alongside the network instead of after it.
        let mut writeback = if self.fsync {
            let file = partial
                .reader()
                .map_err(|e| DownloadError::local(dest, e))?;
            Some(Writeback::start(file, WRITEBACK_EVERY))
        } else {
            None
        };
        let mut contiguous = 0;
        let mut advance = |done: &DoneBlocks| {
            contiguous = done.next_undone(contiguous);
            if let Some(md5) = md5.as_mut() {
                md5.advance(contiguous.saturating_mul(self.block_size).min(end - start));
            }
        };
        advance(&done);
        if !done.contains(0)
            && let Some(data) = Self::first_block(&first, start, end, self.block_size)
        {
            partial
                .write_at(0, &data)
                .map_err(|e| DownloadError::local(dest, e))?;
            done.insert(0);
            advance(&done);
            self.progress.advance(data.len() as u64);
        }
        drop(first);
        // Blocks are written through a handle of their own, as their bytes arrive.
        let file = Arc::new(
            partial
                .reader()
                .map_err(|e| DownloadError::local(dest, e))?,
        );
        // Blocks are produced as they are needed: nothing here grows with the file's size
        // but the bits of `done`.
        let mut queue = blocks(start, end, self.block_size);
        let mut in_flight = FuturesUnordered::new();
        let mut last_save = Instant::now();
        let mut checkpoints = Checkpoints::new(
            partial
                .handles()
                .map_err(|e| DownloadError::local(dest, e))?,
        );
        let outcome: Result<(), DownloadError> = loop {
            while in_flight.len() < self.window {
                let Some(block) = queue.next() else { break };
                if !done.contains(block.index) {
                    in_flight.push(self.fetch_into(block, &version, &file, start, dest));
                }
            }
            if in_flight.is_empty() {
                break Ok(());
            }
            let result = tokio::select! {
                biased;
                () = self.interrupt.raised() => break Err(DownloadError::Interrupted),
                Some(result) = in_flight.next() => result,
            };
            match result {
                Ok(block) => {
                    if let Some(writeback) = writeback.as_mut() {
                        writeback.written(block.len);
                    }
                    done.insert(block.index);
                    advance(&done);
                    self.progress.advance(block.len);
                    if last_save.elapsed() >= SAVE_EVERY {
                        checkpoints.offer(state_of(&done));
                        last_save = Instant::now();
                    }
                }
                Err(err) => break Err(err),
            }
        };
        drop(in_flight);
        drop(file);
        // A save still being written would otherwise race the final one.
        let _ = checkpoints.finish();
        match outcome {
            Ok(()) => {}
            Err(err @ DownloadError::Modified { .. }) => {
                partial.discard();
                return Err(err);
            }
            Err(err) => {
                // Keep what was fetched: --resume continues from it. (The state is rewritten
                // in place, so this works on a full disk too.)
                let _ = partial.save_state(&state_of(&done));
                return Err(err);
            }
        }
        if let (Some(expected), Some(md5)) = (expected_md5, md5) {
            let actual = md5
                .finish(end - start)
                .map_err(|e| DownloadError::local(dest, e))?;
            if actual != expected {
                partial.discard();
                return Err(DownloadError::Md5Mismatch {
                    path: self.location.path.clone(),
                    expected: hex::encode(expected),
                    actual: hex::encode(actual),
                });
            }
        }
        if let Some(writeback) = writeback {
            writeback
                .finish()
                .map_err(|e| DownloadError::local(dest, e))?;
        }
        let modified = version
            .last_modified
            .as_deref()
            .and_then(azfh_protocol::wire::parse_rfc1123)
            .map(std::time::SystemTime::from);
        partial
            .finish(self.fsync, self.replace, modified)
            .map_err(|e| DownloadError::local(dest, e))?;
        Ok(Downloaded {
            bytes: end - start,
            resumed_bytes,
        })
    }

    /// Writes the blocks to `out` in order, keeping at most `window` blocks in memory.
    async fn to_stream(
        &self,
        out: &mut dyn Write,
        name: &str,
        first: RangeRead,
        start: u64,
        end: u64,
        expected_md5: Option<[u8; 16]>,
    ) -> Result<Downloaded, DownloadError> {
        let version = first.version.clone();
        // Hashing costs a core at ~600 MB/s: only when there is something to check against.
        let mut hasher = expected_md5.map(|_| Md5::new());
        let mut write = |data: &[u8]| -> Result<(), DownloadError> {
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(data);
            }
            out.write_all(data)
                .map_err(|e| DownloadError::local(Path::new(name), e))
        };
        let mut next_to_write = 0_u64;
        let mut ready: BTreeMap<u64, Bytes> = BTreeMap::new();
        if let Some(data) = Self::first_block(&first, start, end, self.block_size) {
            ready.insert(0, data);
        }
        drop(first);
        let first_ready = ready.contains_key(&0);
        // Produced lazily: memory does not depend on the file's size.
        let mut queue =
            blocks(start, end, self.block_size).filter(move |b| !(first_ready && b.index == 0));
        let mut in_flight = FuturesUnordered::new();
        loop {
            while let Some(data) = ready.remove(&next_to_write) {
                write(&data)?;
                self.progress.advance(data.len() as u64);
                crate::net::buffer_pool::recycle(data);
                next_to_write += 1;
            }
            while in_flight.len() + ready.len() < self.window {
                let Some(block) = queue.next() else { break };
                in_flight.push(self.fetch(block, &version));
            }
            if in_flight.is_empty() {
                break;
            }
            let result = tokio::select! {
                biased;
                () = self.interrupt.raised() => return Err(DownloadError::Interrupted),
                Some(result) = in_flight.next() => result,
            };
            let (block, data) = result?;
            ready.insert(block.index, data);
        }
        out.flush()
            .map_err(|e| DownloadError::local(Path::new(name), e))?;
        if let (Some(expected), Some(hasher)) = (expected_md5, hasher) {
            let actual: [u8; 16] = hasher.finalize().into();
            if actual != expected {
                return Err(DownloadError::Md5Mismatch {
                    path: self.location.path.clone(),
                    expected: hex::encode(expected),
                    actual: hex::encode(actual),
                });
            }
        }
        Ok(Downloaded {
            bytes: end - start,
            resumed_bytes: 0,
        })
    }
}

fn describe(version: &FileVersion) -> String {
    version.etag.clone().unwrap_or_else(|| "(none)".into())
}

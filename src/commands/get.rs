//! `azfh get`: download a file in parallel ranges, or a directory tree, safely.
//!
//! Nothing half-done ever has DEST's name: blocks are written at their offsets into a partial
//! file beside DEST, which is renamed only when complete and verified. Every block's ETag and
//! Last-Modified must match the first block's (SMB clients write files while they are
//! downloaded); a change aborts and leaves no DEST. A whole-file MD5, when the uploader stored
//! one, is checked, by a thread that hashes the file while it is written. Memory stays near
//! concurrency × block size. The rename makes DEST atomic for processes; `--fsync` makes it
//! durable across a power loss too, at the price of waiting for the disk.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use md5::{Digest, Md5};

use super::Context;
use super::interrupt::Interrupt;
use super::walk::{Found, Walk, is_safe_name};
use crate::azure::{AzureError, AzureFiles, FileVersion, Location, RangeRead};
use crate::cli::GetArgs;
use crate::error::{ExitStatus, HintedFailure, UsageError, hint_for};
use crate::net::pacer::Pacer;
use crate::ops::download::checkpoints::Checkpoints;
use crate::ops::download::done_blocks::DoneBlocks;
use crate::ops::download::md5_follower::Md5Follower;
use crate::ops::download::partial::{Partial, ResumeState, holds_progress, is_working_name};
use crate::ops::download::plan::{Block, MAX_FILE_SIZE, block_count, blocks, clip_range};
use crate::ops::download::writeback::Writeback;
use crate::output::bytes::{human_bytes, rate};
use crate::output::entries::DownloadResult;
use crate::output::sink::sink;
use crate::ui::Progress;

/// Resume state is saved at most this often while blocks complete.
const SAVE_EVERY: Duration = Duration::from_millis(500);

/// The partial file is flushed to disk each time this much more was written.
const WRITEBACK_EVERY: u64 = 64 << 20;

/// Where the bytes go.
enum Dest {
    Stdout,
    File(PathBuf),
}

/// Why a download stopped without finishing.
#[derive(Debug, thiserror::Error)]
enum DownloadError {
    #[error(transparent)]
    Azure(#[from] AzureError),
    #[error(
        "{path} was modified during the download (ETag {before} became {after}): nothing was kept"
    )]
    Modified {
        path: String,
        before: String,
        after: String,
    },
    #[error(
        "{path} failed verification: its MD5 is {actual}, the service says {expected}; nothing was kept"
    )]
    Md5Mismatch {
        path: String,
        expected: String,
        actual: String,
    },
    #[error("--range starts at byte {start}, past the end of {path} ({size} bytes)")]
    RangePastEnd { path: String, start: u64, size: u64 },
    #[error(
        "the service says {path} is {size} bytes, more than Azure Files allows (4 TiB): refusing to download it"
    )]
    TooLarge { path: String, size: u64 },
    /// The cause is the `source`, not part of this message: anyhow prints each link of the
    /// chain once, and the `io::Error` stays in it (a broken pipe on stdout is found there).
    #[error("cannot write {path}")]
    Local {
        path: String,
        source: std::io::Error,
    },
    #[error("interrupted")]
    Interrupted,
}

impl DownloadError {
    fn local(path: &Path, source: std::io::Error) -> Self {
        DownloadError::Local {
            path: path.display().to_string(),
            source,
        }
    }
}

/// How one file is downloaded.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent command-line switches"
)]
struct Download<'a> {
    client: &'a AzureFiles,
    location: Location,
    block_size: u64,
    /// Blocks in flight for this file, at most.
    window: usize,
    range: Option<(u64, Option<u64>)>,
    verify: bool,
    resume: bool,
    /// Flush to disk before the rename (`--fsync`).
    fsync: bool,
    /// DEST may be replaced (`--force`); otherwise the rename never replaces what is there.
    replace: bool,
    /// This download owns the progress bar's total (a tree's bar counts the whole tree).
    sets_total: bool,
    pacer: Arc<Pacer>,
    progress: &'a Progress,
    interrupt: &'a Interrupt,
}

/// What a finished download did.
struct Downloaded {
    bytes: u64,
    resumed_bytes: u64,
}

pub async fn run(context: &Context, args: &GetArgs, interrupt: &Interrupt) -> Result<ExitStatus> {
    let (client, location) = context.connect(&args.source)?;
    if args.recursive {
        return get_tree(context, args, &client, &location, interrupt).await;
    }
    if location.path.is_empty() {
        return Err(UsageError::new(
            format!("{} is a share, not a file", location.share),
            "give SHARE/PATH of a file, or -r to download the whole share",
        )
        .into());
    }
    let dest = single_dest(args, &location)?;
    if args.resume && matches!(dest, Dest::Stdout) {
        return Err(UsageError::new(
            "--resume cannot be used with '-' (stdout)",
            "give DEST a file name",
        )
        .into());
    }
    let started = Instant::now();
    let progress = context.ui.bytes_bar(0, "downloading");
    let download = Download {
        client: &client,
        location: location.clone(),
        block_size: args.block_size,
        window: usize::from(args.concurrency),
        range: args.range,
        verify: !args.no_verify,
        resume: args.resume,
        fsync: args.fsync,
        replace: args.force,
        sets_total: true,
        pacer: Pacer::new(usize::from(args.concurrency)),
        progress: &progress,
        interrupt,
    };
    let result = download.run(&dest).await;
    progress.finish();
    match result {
        Ok(done) => {
            let seconds = started.elapsed().as_secs_f64();
            let shown = match &dest {
                Dest::Stdout => "stdout".to_owned(),
                Dest::File(path) => path.display().to_string(),
            };
            let resumed = if done.resumed_bytes > 0 {
                format!(" ({} were already there)", human_bytes(done.resumed_bytes))
            } else {
                String::new()
            };
            context.ui.note(&format!(
                "downloaded {} to {} in {seconds:.1}s ({}/s){resumed}",
                human_bytes(done.bytes),
                shown,
                human_bytes(rate(done.bytes - done.resumed_bytes, seconds)),
            ));
            Ok(ExitStatus::Success)
        }
        Err(DownloadError::Interrupted) => {
            match &dest {
                Dest::File(path) if holds_progress(path) => context
                    .ui
                    .note("interrupted: run the same command with --resume to continue"),
                Dest::File(_) => context
                    .ui
                    .note("interrupted before anything was kept: run the same command again"),
                Dest::Stdout => {}
            }
            Ok(ExitStatus::Interrupted)
        }
        Err(DownloadError::Azure(err))
            if is_missing(&err) && is_directory(&client, &location).await =>
        {
            Err(HintedFailure::new(
                format!("{} is a directory", location.display()),
                "add -r to download the directory tree",
            )
            .into())
        }
        Err(err) => Err(explain(err, &dest)),
    }
}

fn is_missing(err: &AzureError) -> bool {
    err.service()
        .is_some_and(|s| s.code() == "ResourceNotFound")
}

/// Whether `location` lists as a directory (asked only after a Get File found no file).
async fn is_directory(client: &AzureFiles, location: &Location) -> bool {
    let options = crate::azure::ListDirectoryOptions {
        page_size: Some(1),
        ..Default::default()
    };
    client
        .list_directory(location, options)
        .next_page()
        .await
        .is_ok()
}

/// A download error with the hint that fits it. `--resume` is offered only when a partial
/// that claims fetched blocks is really there: a download that stopped before its first block
/// (every read refused, the first answer cut short) kept nothing.
fn explain(err: DownloadError, dest: &Dest) -> anyhow::Error {
    let kept = matches!(dest, Dest::File(path) if holds_progress(path));
    match err {
        DownloadError::Azure(azure) => {
            let anyhow = anyhow::Error::new(azure);
            if !resumable(&anyhow) {
                anyhow
            } else if kept {
                anyhow.context(
                    "the download stopped; what was fetched is kept: add --resume to continue",
                )
            } else if hint_for(&anyhow).is_some() {
                anyhow
            } else {
                // A passing failure the service did not name (a bare 503): say what helps.
                anyhow::Error::new(HintedFailure::new(
                    anyhow.to_string(),
                    "nothing was kept: run the same command again",
                ))
            }
        }
        DownloadError::RangePastEnd { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "check --range against the file's size (azfh ls -l)",
        )),
        DownloadError::Modified { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "an SMB client wrote to the file while it was read: try again when the writer has finished",
        )),
        DownloadError::Md5Mismatch { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "the stored MD5 no longer matches: SMB writes do not update it; --no-verify keeps the content as it is",
        )),
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::StorageFull => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: the disk is full"),
                if kept {
                    "free space on the disk, then run the same command with --resume: what was fetched is kept"
                } else {
                    "free space on the disk, then run the same command again"
                },
            ))
        }
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::ResourceBusy => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: {source}"),
                "wait until the other azfh has finished, or give another DEST",
            ))
        }
        other => anyhow::Error::new(other),
    }
}

/// Whether the failure was passing (the network, a busy service), so that running again with
/// `--resume` continues from what was fetched.
fn resumable(err: &anyhow::Error) -> bool {
    err.downcast_ref::<AzureError>()
        .is_some_and(|azure| match azure {
            AzureError::Service(service) => crate::net::retry::is_retryable_status(service.status),
            AzureError::Network { certificate, .. } => certificate.is_none(),
            AzureError::Timeout { .. }
            | AzureError::Deadline { .. }
            | AzureError::WaitTooLong { .. }
            | AzureError::Incomplete { .. } => true,
            AzureError::Decode { problem, .. } => {
                matches!(problem, crate::protocol::wire::DecodeError::Truncated(_))
            }
            // A malformed or oversized answer, a looping marker or a failed sign-in is not
            // something running again with --resume mends.
            AzureError::TooLarge { .. }
            | AzureError::RepeatedMarker { .. }
            | AzureError::Login(_) => false,
        })
}

/// DEST for one file: `-`, a file name, or a directory to put the file in; checked before
/// any request.
fn single_dest(args: &GetArgs, location: &Location) -> Result<Dest> {
    let name = location.path.rsplit('/').next().unwrap_or_default();
    let dest = match args.dest.as_deref() {
        Some("-") => return Ok(Dest::Stdout),
        Some(dest) if Path::new(dest).is_dir() => Path::new(dest).join(name),
        // A trailing slash names a directory: one that does not exist is refused, never read
        // as a file of that name in the directory above.
        Some(dest) if dest.ends_with(std::path::MAIN_SEPARATOR) || dest.ends_with('/') => {
            return Err(UsageError::new(
                format!("the directory {dest} does not exist"),
                "create it first (mkdir -p), or drop the trailing / to name the file to write",
            )
            .into());
        }
        Some(dest) => PathBuf::from(dest),
        None => PathBuf::from(name),
    };
    // --resume continues a partial download; DEST itself exists only once one is complete.
    check_dest(
        &dest,
        args.force,
        "add --force to overwrite it (it is replaced only once the download is complete)",
    )?;
    Ok(Dest::File(dest))
}

/// DEST's directory must exist, and DEST must not, unless it may be replaced; `hint` says how.
fn check_dest(dest: &Path, replace: bool, hint: &str) -> Result<()> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(UsageError::new(
            format!("the directory {} does not exist", parent.display()),
            "create it first, or give DEST in an existing directory",
        )
        .into());
    }
    // symlink_metadata: a dangling symlink exists too, and is not ours to replace.
    if dest.symlink_metadata().is_ok() && !replace {
        return Err(UsageError::new(format!("{} already exists", dest.display()), hint).into());
    }
    Ok(())
}

impl Download<'_> {
    async fn run(&self, dest: &Dest) -> Result<Downloaded, DownloadError> {
        let path = self.location.path.clone();
        let start = self.range.map_or(0, |(start, _)| start);
        // The first block also tells the size, the version and the stored MD5. Ctrl-C stops
        // it too (in a tree of small files, it is most of the work); later reads are stopped
        // where the partial's state can be saved.
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
            self.progress.set_length(end - start);
        }
        let whole_file = self.range.is_none();
        let expected_md5 = first.whole_md5.filter(|_| whole_file && self.verify);
        match dest {
            Dest::File(dest) => self.to_file(dest, first, start, end, expected_md5).await,
            Dest::Stdout => self.to_stdout(first, start, end, expected_md5).await,
        }
    }

    /// Fetches one block, insisting on the version of the first.
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
        let read = match read {
            Ok(read) => {
                self.pacer.record(false);
                read
            }
            Err(err) => {
                self.pacer
                    .record(err.service().is_some_and(|s| matches!(s.status, 429 | 503)));
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
        if read.data.len() as u64 != block.len || read.offset != block.start {
            return Err(DownloadError::Azure(AzureError::Decode {
                operation: "Get File",
                problem: crate::protocol::wire::DecodeError::NotTheAnswer(
                    "the answer is not the range asked for",
                ),
            }));
        }
        Ok((block, read.data))
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
        self.progress.inc(resumed_bytes);
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
            self.progress.inc(data.len() as u64);
        }
        drop(first);
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
                    in_flight.push(self.fetch(block, &version));
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
                Ok((block, data)) => {
                    if let Err(err) = partial.write_at(block.start - start, &data) {
                        break Err(DownloadError::local(dest, err));
                    }
                    if let Some(writeback) = writeback.as_mut() {
                        writeback.written(block.len);
                    }
                    done.insert(block.index);
                    advance(&done);
                    self.progress.inc(block.len);
                    if last_save.elapsed() >= SAVE_EVERY {
                        checkpoints.offer(state_of(&done));
                        last_save = Instant::now();
                    }
                }
                Err(err) => break Err(err),
            }
        };
        drop(in_flight);
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
            .and_then(crate::protocol::wire::parse_rfc1123)
            .map(std::time::SystemTime::from);
        partial
            .finish(self.fsync, self.replace, modified)
            .map_err(|e| DownloadError::local(dest, e))?;
        Ok(Downloaded {
            bytes: end - start,
            resumed_bytes,
        })
    }

    /// Writes the blocks to stdout in order, keeping at most `window` blocks in memory.
    async fn to_stdout(
        &self,
        first: RangeRead,
        start: u64,
        end: u64,
        expected_md5: Option<[u8; 16]>,
    ) -> Result<Downloaded, DownloadError> {
        let version = first.version.clone();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        // Hashing costs a core at ~600 MB/s: only when there is something to check against.
        let mut hasher = expected_md5.map(|_| Md5::new());
        let mut write = |data: &[u8]| -> Result<(), DownloadError> {
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(data);
            }
            out.write_all(data)
                .map_err(|e| DownloadError::local(Path::new("stdout"), e))
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
                self.progress.inc(data.len() as u64);
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
            .map_err(|e| DownloadError::local(Path::new("stdout"), e))?;
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

/// A file of the tree to download, as the listing showed it.
struct TreeFile {
    path: String,
    size: Option<u64>,
    last_modified: Option<time::OffsetDateTime>,
}

/// Whether `local` already holds this file, complete: a regular file (not a symlink) of the
/// listed size whose modification time is the listed Last-Modified, which azfh gives each file
/// it finishes. A file the service changed since has another Last-Modified, and one the user
/// touched another time: neither is skipped, and replacing either takes `--force`.
fn already_complete(local: &Path, file: &TreeFile) -> bool {
    let (Some(size), Some(listed)) = (file.size, file.last_modified) else {
        return false;
    };
    let Ok(meta) = local.symlink_metadata() else {
        return false;
    };
    let Ok(modified) = meta.modified() else {
        return false;
    };
    meta.is_file()
        && meta.len() == size
        && time::OffsetDateTime::from(modified).unix_timestamp() == listed.unix_timestamp()
}

/// `get -r`: the tree below SOURCE into DEST, files concurrently; a file that fails is
/// reported and the others go on (exit 3). Ctrl-C stops the files in flight (their partials
/// are kept for `--resume`) and reports the files not started as `not_attempted` (exit 130).
async fn get_tree(
    context: &Context,
    args: &GetArgs,
    client: &AzureFiles,
    location: &Location,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let name = location
        .path
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(&location.share);
    let root = match args.dest.as_deref() {
        Some("-") => {
            return Err(UsageError::new(
                "-r cannot write to stdout",
                "give DEST, the directory to download into",
            )
            .into());
        }
        Some(dest) => PathBuf::from(dest),
        None => PathBuf::from(name),
    };
    if args.range.is_some() {
        return Err(UsageError::new(
            "--range applies to one file, not to -r",
            "drop --range, or download one file",
        )
        .into());
    }
    check_dest(
        &root,
        args.force || args.resume,
        "add --resume to continue an interrupted download into it (complete files are skipped), or --force to download into it anyway (each file is replaced only once complete)",
    )?;

    // The tree first: directories to create, files to fetch. Details give each file's
    // Last-Modified, which tells `--resume` which files are already complete.
    let walk = Walk {
        root: location.clone(),
        recursive: true,
        details: true,
        prefix: None,
        page_size: None,
        concurrency: usize::from(args.concurrency),
    };
    let listing = context.ui.spinner();
    let (mut directories, mut files, mut failures) = (Vec::new(), Vec::new(), Vec::new());
    let listed = walk.run(client, |found| {
        match found {
            Found::Entry(entry) if entry.is_directory() => directories.push(entry.path),
            Found::Entry(entry) => files.push(TreeFile {
                path: entry.path,
                size: entry.size,
                last_modified: entry.last_modified,
            }),
            Found::Unlistable { path, error } => failures.push(DownloadResult {
                path: path.clone(),
                dest: root.join(&path).display().to_string(),
                size: None,
                outcome: "failed",
                error: Some(format!("cannot list the directory: {error}")),
            }),
            Found::BadName { dir, name } => failures.push(DownloadResult {
                path: if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                },
                dest: String::new(),
                size: None,
                outcome: "failed",
                error: Some(
                    "the service sent a name that cannot be a path segment; it was skipped".into(),
                ),
            }),
        }
        listing.set_message(format!(
            "listing {}: {} files",
            location.display(),
            files.len()
        ));
        Ok(())
    });
    // A listing can take long (or stall): Ctrl-C stops it too, before anything is written.
    tokio::select! {
        biased;
        () = interrupt.raised() => {
            listing.finish();
            context.ui.note(
                "interrupted while listing: nothing was downloaded; run the same command again",
            );
            return Ok(ExitStatus::Interrupted);
        }
        listed = listed => listed?,
    }
    listing.finish();

    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    // A directory that cannot be made (a symlink planted in a DEST that --force or --resume
    // lets exist) fails the files below it, not the tree: each gets a record naming why.
    let mut blocked = BTreeMap::new();
    for dir in &directories {
        if local_path(&root, dir).is_some()
            && let Err(err) = real_directory(&root, dir)
        {
            blocked.insert(dir.clone(), err.to_string());
        }
    }
    let mut covered = std::collections::BTreeSet::new();
    files.retain(|file| {
        let Some(error) = blocked_ancestor(&blocked, &file.path) else {
            return true;
        };
        covered.extend(ancestors(&file.path).map(str::to_owned));
        failures.push(DownloadResult {
            path: file.path.clone(),
            dest: local_path(&root, &file.path)
                .map(|local| local.display().to_string())
                .unwrap_or_default(),
            size: file.size,
            outcome: "failed",
            error: Some(error.to_owned()),
        });
        false
    });
    // A directory left out with no file below it to say so (an empty one) says so itself.
    for (dir, error) in &blocked {
        if !covered.contains(dir.as_str()) {
            failures.push(DownloadResult {
                path: dir.clone(),
                dest: root.join(dir).display().to_string(),
                size: None,
                outcome: "failed",
                error: Some(error.clone()),
            });
        }
    }
    // The bar counts the whole tree; each file adds what it fetches.
    let total = files
        .iter()
        .filter_map(|file| file.size)
        .fold(0_u64, u64::saturating_add);
    let progress = context.ui.bytes_bar(total, "downloading");
    let pacer = Pacer::new(usize::from(args.concurrency));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut report = sink::<DownloadResult>(
        context.format,
        Box::new(&mut out),
        context.now,
        context.table_style,
    );
    let mut failed = 0;
    for failure in &failures {
        context.ui.warn(&format!(
            "{}: {}",
            failure.path,
            failure.error.as_deref().unwrap_or_default()
        ));
        report.write(failure).context("cannot write to stdout")?;
        failed += 1;
    }
    let started = Instant::now();
    let (mut downloaded, mut complete, mut bytes, mut stopped, mut not_attempted) =
        (0_u64, 0_u64, 0_u64, 0_u64, 0_u64);
    let mut jobs = FuturesUnordered::new();
    let mut queue = files.into_iter();
    // As many files at once as ranges in flight: small files keep the pipe full too.
    let files_at_once = usize::from(args.concurrency);
    loop {
        while jobs.len() < files_at_once && !interrupt.is_raised() {
            let Some(file) = queue.next() else {
                break;
            };
            let pacer = pacer.clone();
            let progress = &progress;
            let root = &root;
            jobs.push(async move {
                let TreeFile { path, size, .. } = &file;
                let Some(local) = local_path(root, path) else {
                    return (
                        file,
                        String::new(),
                        Err(anyhow::anyhow!("the name cannot be written here safely")),
                    );
                };
                let shown = local.display().to_string();
                if args.resume && already_complete(&local, &file) {
                    progress.inc(size.unwrap_or_default());
                    return (file, shown, Ok(None));
                }
                if !args.force && local.symlink_metadata().is_ok() {
                    let err = UsageError::new(
                        format!("{shown} already exists"),
                        "add --force to replace it",
                    );
                    return (file, shown, Err(err.into()));
                }
                let download = Download {
                    client,
                    location: Location {
                        share: location.share.clone(),
                        path: format!("{}/{path}", location.path)
                            .trim_start_matches('/')
                            .to_owned(),
                        snapshot: location.snapshot.clone(),
                    },
                    block_size: args.block_size,
                    window: usize::from(args.concurrency),
                    range: None,
                    verify: !args.no_verify,
                    resume: args.resume,
                    fsync: args.fsync,
                    replace: args.force,
                    sets_total: false,
                    pacer,
                    progress,
                    interrupt,
                };
                let result = download
                    .run(&Dest::File(local.clone()))
                    .await
                    .map(Some)
                    .map_err(|e| explain(e, &Dest::File(local)));
                (file, shown, result)
            });
        }
        let Some((file, dest, result)) = jobs.next().await else {
            break;
        };
        let TreeFile { path, size, .. } = file;
        let record = match result {
            Ok(Some(done)) => {
                downloaded += 1;
                bytes += done.bytes;
                DownloadResult {
                    path,
                    dest,
                    size: Some(done.bytes),
                    outcome: "downloaded",
                    error: None,
                }
            }
            Ok(None) => {
                complete += 1;
                DownloadResult {
                    path,
                    dest,
                    size,
                    outcome: "already_downloaded",
                    error: None,
                }
            }
            Err(err)
                if err
                    .downcast_ref::<DownloadError>()
                    .is_some_and(|e| matches!(e, DownloadError::Interrupted)) =>
            {
                stopped += 1;
                let error = if holds_progress(Path::new(&dest)) {
                    "interrupted: what was fetched is kept for --resume"
                } else {
                    "interrupted before anything was kept"
                };
                DownloadResult {
                    path,
                    dest,
                    size,
                    outcome: "interrupted",
                    error: Some(error.into()),
                }
            }
            Err(err) => {
                failed += 1;
                let error = format!("{err:#}");
                let hint = hint_for(&err)
                    .map(|hint| format!(" (hint: {hint})"))
                    .unwrap_or_default();
                context.ui.warn(&format!("{path}: {error}{hint}"));
                DownloadResult {
                    path,
                    dest,
                    size,
                    outcome: "failed",
                    error: Some(error),
                }
            }
        };
        report.write(&record).context("cannot write to stdout")?;
    }
    // Files never started after an interrupt: one record each, so the report is complete.
    for TreeFile { path, size, .. } in queue {
        not_attempted += 1;
        let dest = local_path(&root, &path)
            .map(|local| local.display().to_string())
            .unwrap_or_default();
        report
            .write(&DownloadResult {
                path,
                dest,
                size,
                outcome: "not_attempted",
                error: None,
            })
            .context("cannot write to stdout")?;
    }
    progress.finish();
    report.finish().context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")?;
    let seconds = started.elapsed().as_secs_f64();
    let mut summary = format!(
        "downloaded {downloaded} file{} ({}) to {} in {seconds:.1}s ({}/s); failed {failed}",
        if downloaded == 1 { "" } else { "s" },
        human_bytes(bytes),
        root.display(),
        human_bytes(rate(bytes, seconds)),
    );
    if complete > 0 {
        let _ = write!(summary, "; already downloaded {complete}");
    }
    let interrupted = interrupt.is_raised() || stopped > 0;
    if interrupted {
        let _ = write!(
            summary,
            "; interrupted {stopped}, not attempted {not_attempted}"
        );
    }
    context.ui.note(&summary);
    if interrupted {
        context
            .ui
            .note("interrupted: run the same command with --resume to continue");
        return Ok(ExitStatus::Interrupted);
    }
    Ok(if failed > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    })
}

/// The directories `path` lies in, nearest last: `a/b/c` is in `a` and `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// Why the file at `path` cannot be written: a directory it lies in could not be made.
fn blocked_ancestor<'a>(blocked: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    ancestors(path).find_map(|dir| blocked.get(dir).map(String::as_str))
}

/// Makes sure `relative` (a directory of the tree, its segments already checked) is a real
/// directory below `root`, creating what is missing: a symlink found on the way (planted in a
/// DEST that `--force` or `--resume` lets exist) is refused, so no file is written outside
/// DEST through it. The error names the path where it stopped.
fn real_directory(root: &Path, relative: &str) -> std::io::Result<()> {
    let mut path = root.to_path_buf();
    let named = |path: &Path, err: std::io::Error| {
        std::io::Error::new(
            err.kind(),
            format!("cannot create {}: {err}", path.display()),
        )
    };
    for segment in relative.split('/') {
        path.push(segment);
        match path.symlink_metadata() {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!(
                        "{} exists and is not a directory (a symlink?): azfh does not write through it",
                        path.display()
                    ),
                ));
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&path) {
                    Ok(()) => {}
                    // Made by someone else meanwhile: checked again on the next run's way down.
                    Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                        let made = path.symlink_metadata().map_err(|e| named(&path, e))?;
                        if !made.is_dir() {
                            return Err(named(&path, err));
                        }
                    }
                    Err(err) => return Err(named(&path, err)),
                }
            }
            Err(err) => return Err(named(&path, err)),
        }
    }
    Ok(())
}

/// Where a remote relative path lands below `root`; `None` for a name that would escape it.
fn local_path(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in relative.split('/') {
        // A name azfh uses for its own files could be mistaken for one: Azure Files refuses
        // the ':' in them, so only a misbehaving server sends one.
        if !is_safe_name(segment) || is_working_name(segment) {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

fn describe(version: &FileVersion) -> String {
    version.etag.clone().unwrap_or_else(|| "(none)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_inside_the_root() {
        let root = Path::new("/tmp/x");
        assert_eq!(
            local_path(root, "a b/c\u{FFFE}").unwrap(),
            Path::new("/tmp/x/a b/c\u{FFFE}")
        );
        assert!(local_path(root, "../etc").is_none());
        assert!(local_path(root, "a/./b").is_none());
        assert!(local_path(root, "a//b").is_none());
    }

    #[test]
    fn a_file_below_a_blocked_directory_is_blocked_by_it() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(ancestors("top.txt").count(), 0);
        let blocked = BTreeMap::from([("a/b".to_owned(), "why".to_owned())]);
        assert_eq!(blocked_ancestor(&blocked, "a/b/c/d.txt"), Some("why"));
        assert_eq!(blocked_ancestor(&blocked, "a/b.txt"), None);
        assert_eq!(blocked_ancestor(&blocked, "a/bc/d.txt"), None);
    }
}

//! The download engine: a file in parallel ranges, or a directory tree, safely.
//!
//! Nothing half-done ever has DEST's name: blocks are written at their offsets into a partial
//! file beside DEST, which is renamed only when complete and verified. Every block's ETag and
//! Last-Modified must match the first block's (SMB clients write files while they are
//! downloaded); a change aborts and leaves no DEST. A whole-file MD5, when the uploader stored
//! one, is checked, by a thread that hashes the file while it is written. A block's bytes are
//! written as they arrive (`block_sink`); only a download to a stream holds blocks in memory,
//! near concurrency × block size. The rename makes DEST atomic for processes; `fsync` makes it
//! durable across a power loss too, at the price of waiting for the disk.
//!
//! The engine prints nothing: bytes are reported through [`Progress`], a tree's files through
//! a callback, and what went wrong as [`DownloadError`]s.

mod block_sink;
mod checkpoints;
mod directory_probe;
pub mod done_blocks;
mod error;
mod local;
mod md5_follower;
mod partial;
pub mod plan;
mod single;
mod tree;
mod writeback;

use std::io::Write;
use std::path::Path;

use crate::azure::{AzureFiles, Location};
use crate::net::pacer::Pacer;
use crate::ops::Interrupt;
use crate::ops::walk;

pub use directory_probe::is_directory;
pub use error::DownloadError;
pub use partial::holds_progress;
pub use tree::{FileError, FileOutcome, FileResult, Listed, Tree, TreeSummary, list_tree};

/// How to download, as the command line says.
#[derive(Debug, Clone)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent command-line switches"
)]
pub struct Options {
    /// Bytes each read asks for.
    pub block_size: u64,
    /// Ranges in flight for a file, at most; in a tree, also the files downloaded at once.
    pub concurrency: usize,
    /// Check a whole file's stored MD5, when the uploader stored one.
    pub verify: bool,
    /// Continue from a partial download; in a tree, also skip the files already complete.
    pub resume: bool,
    /// Flush each file to disk before it takes DEST's name.
    pub fsync: bool,
    /// DEST may be replaced; otherwise the rename never replaces what is there.
    pub replace: bool,
}

/// Where a download reports its bytes as they land (a progress bar, in the binary).
pub trait Progress {
    /// The bytes a single file's download covers, once its first answer tells its size.
    fn set_total(&self, bytes: u64);
    /// More bytes are done: fetched, or found already there.
    fn advance(&self, bytes: u64);
}

/// Where one file's bytes go.
pub enum Destination<'a> {
    /// A local file, through a partial file renamed into place.
    File(&'a Path),
    /// A stream, in order; `name` names it in errors.
    Stream {
        name: &'a str,
        out: &'a mut dyn Write,
    },
}

/// What a finished download did.
#[derive(Debug, Clone, Copy)]
pub struct Downloaded {
    /// Bytes of the file (or range) now at the destination.
    pub bytes: u64,
    /// Of those, the bytes a resumed partial already held.
    pub resumed_bytes: u64,
}

/// Downloads one file, or `range` of it (bytes from the first, to the second inclusive or to
/// the end), to `to`. The interrupt stops it where its resume state can be saved.
pub async fn download_file(
    client: &AzureFiles,
    location: &Location,
    range: Option<(u64, Option<u64>)>,
    to: Destination<'_>,
    options: &Options,
    progress: &dyn Progress,
    interrupt: &Interrupt,
) -> Result<Downloaded, DownloadError> {
    single::Download {
        client,
        location: location.clone(),
        block_size: options.block_size,
        window: options.concurrency,
        range,
        verify: options.verify,
        resume: options.resume,
        fsync: options.fsync,
        replace: options.replace,
        sets_total: true,
        pacer: Pacer::new(options.concurrency),
        progress,
        interrupt,
    }
    .run(to)
    .await
}

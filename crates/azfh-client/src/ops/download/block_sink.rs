//! One block's bytes written into the partial file as they arrive.
//!
//! Each piece of a ranged read's body goes to its place in the partial file the moment hyper
//! hands it over (in pieces of at most [`WRITE_PIECE`] bytes, which keep the page cache's
//! folios small: see `partial`), instead of the block being collected in memory and written
//! once whole: a copy of every byte less, and the writing overlaps the network. Only the
//! block's own stretch is ever written (the body is bounded by the block's length), and the
//! block is counted done only once its read returned whole and of the right version, so an
//! answer that fails halfway leaves bytes that no one claims: `--resume` fetches that block
//! again, and the MD5 follower never reads past the completed part.

use std::fs::File;
use std::io;
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::partial::WRITE_PIECE;
use crate::net::body_sink::BodySink;

/// Writes a body at `at` in the partial file; keeps the first write error for its owner.
#[derive(Debug)]
pub(super) struct BlockSink {
    file: Arc<File>,
    /// Where the block starts in the partial file.
    at: u64,
    taken: AtomicU64,
    error: Mutex<Option<io::Error>>,
}

impl BlockSink {
    pub(super) fn new(file: Arc<File>, at: u64) -> Self {
        Self {
            file,
            at,
            taken: AtomicU64::new(0),
            error: Mutex::new(None),
        }
    }

    /// The error a write stopped on, if one did.
    pub(super) fn take_error(&self) -> Option<io::Error> {
        self.error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl BodySink for BlockSink {
    fn begin(&self) {
        self.taken.store(0, Ordering::Relaxed);
    }

    fn take(&self, offset: u64, data: &[u8]) -> ControlFlow<()> {
        let mut at = self.at + offset;
        for piece in data.chunks(WRITE_PIECE) {
            if let Err(err) = self.file.write_all_at(piece, at) {
                *self.error.lock().unwrap_or_else(PoisonError::into_inner) = Some(err);
                return ControlFlow::Break(());
            }
            at += piece.len() as u64;
        }
        self.taken
            .store(offset + data.len() as u64, Ordering::Relaxed);
        ControlFlow::Continue(())
    }

    fn taken(&self) -> u64 {
        self.taken.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_land_at_the_block_and_a_retry_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = Arc::new(File::create(&path).unwrap());
        let sink = BlockSink::new(Arc::clone(&file), 3);
        sink.begin();
        assert!(sink.take(0, b"xx").is_continue());
        sink.begin();
        assert_eq!(sink.taken(), 0);
        let big = vec![b'b'; WRITE_PIECE + 5];
        assert!(sink.take(0, b"ab").is_continue());
        assert!(sink.take(2, &big).is_continue());
        assert_eq!(sink.taken(), 2 + big.len() as u64);
        let content = std::fs::read(&path).unwrap();
        assert_eq!(&content[..5], b"\0\0\0ab");
        assert_eq!(content.len(), 5 + big.len());
        assert!(sink.take_error().is_none());
    }

    #[test]
    fn a_failed_write_stops_and_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        // Read-only: every write fails.
        let sink = BlockSink::new(Arc::new(File::open(&path).unwrap()), 0);
        sink.begin();
        assert!(sink.take(0, b"data").is_break());
        assert_eq!(sink.taken(), 0);
        assert!(sink.take_error().is_some());
    }
}

//! Flushing a download to disk while it is written, for `--fsync`.
//!
//! With `--fsync` a download is flushed before it takes DEST's name, so that a power loss
//! cannot leave DEST empty or with holes. Flushing a GiB only at the end would add the whole
//! disk write after the network is done. Instead a thread flushes the file (`fdatasync`)
//! each time another `every` bytes have been written: the disk works alongside the network,
//! dirty memory stays bounded, and the final flush has only the tail left. Small files never
//! start the thread.

use std::fs::File;
use std::io;
use std::sync::mpsc;
use std::thread::JoinHandle;

/// Flushes a file's data every so many bytes written, from a thread of its own.
#[derive(Debug)]
pub(crate) struct Writeback {
    /// The file, until the first flush starts the thread.
    file: Option<File>,
    flusher: Option<(mpsc::Sender<()>, JoinHandle<io::Result<u64>>)>,
    every: u64,
    pending: u64,
}

impl Writeback {
    /// Flushes `file` (a handle of its own) every `every` bytes written.
    pub(crate) fn start(file: File, every: u64) -> Self {
        Self {
            file: Some(file),
            flusher: None,
            every: every.max(1),
            pending: 0,
        }
    }

    /// `bytes` more were written.
    pub(crate) fn written(&mut self, bytes: u64) {
        self.pending += bytes;
        if self.pending < self.every {
            return;
        }
        self.pending = 0;
        if self.flusher.is_none()
            && let Some(file) = self.file.take()
        {
            let (flush, requests) = mpsc::channel::<()>();
            let thread = std::thread::spawn(move || {
                let mut flushes = 0;
                while let Ok(()) = requests.recv() {
                    // Requests queued meanwhile are covered by this flush.
                    while let Ok(()) = requests.try_recv() {}
                    file.sync_data()?;
                    flushes += 1;
                }
                Ok(flushes)
            });
            self.flusher = Some((flush, thread));
        }
        if let Some((flush, _)) = &self.flusher {
            // Fails only if the thread stopped on an error, which `finish` returns.
            let _ = flush.send(());
        }
    }

    /// Waits for the flushes asked for so far; returns how many were made. (Dropping a
    /// `Writeback` instead lets them finish on their own.)
    pub(crate) fn finish(self) -> io::Result<u64> {
        match self.flusher {
            None => Ok(0),
            Some((flush, thread)) => {
                drop(flush);
                thread
                    .join()
                    .unwrap_or_else(|_| Err(io::Error::other("the flushing thread panicked")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileExt;

    #[test]
    fn flushes_once_per_interval_and_keeps_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = File::create(&path).unwrap();
        let mut writeback = Writeback::start(file.try_clone().unwrap(), 1000);
        for i in 0..10u64 {
            file.write_all_at(&[u8::try_from(i).unwrap(); 300], i * 300)
                .unwrap();
            writeback.written(300);
        }
        let flushes = writeback.finish().unwrap();
        // 3,000 bytes in steps of 300: asked at 1,200 and 2,400 (coalesced if queued).
        assert!((1..=2).contains(&flushes), "{flushes} flushes");
        let content = std::fs::read(&path).unwrap();
        assert_eq!(content.len(), 3000);
        assert_eq!(content[2999], 9);
    }

    #[test]
    fn a_small_file_starts_no_thread() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("f")).unwrap();
        let mut writeback = Writeback::start(file, 1000);
        writeback.written(999);
        assert!(writeback.flusher.is_none());
        assert_eq!(writeback.finish().unwrap(), 0);
    }
}

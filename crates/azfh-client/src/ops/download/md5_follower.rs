//! The MD5 of a file that is being written out of order, computed while it is written.
//!
//! Blocks of a download land in whatever order the service answers. Hashing the finished file
//! afterwards would add a serial pass over every byte (about two seconds a GiB) once the
//! network is done; instead, a thread follows the frontier below which every byte is final
//! and hashes each stretch as soon as it is complete, reading it back from the page cache.
//! When the last block lands, little or nothing is left to hash. It keeps no data of its own:
//! memory stays at one read buffer.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::mpsc;
use std::thread::JoinHandle;

use md5::{Digest, Md5};

const READ_SIZE: usize = 1 << 20;

/// A thread hashing `file` from offset 0 up to the latest frontier it was given.
#[derive(Debug)]
pub(crate) struct Md5Follower {
    frontier: mpsc::Sender<u64>,
    thread: JoinHandle<io::Result<[u8; 16]>>,
    sent: u64,
}

impl Md5Follower {
    /// Starts following `file` (a handle of its own: reads do not move anyone's offset).
    pub(crate) fn start(file: File) -> Self {
        let (frontier, frontiers) = mpsc::channel::<u64>();
        let thread = std::thread::spawn(move || {
            let mut hasher = Md5::new();
            let mut buf = vec![0; READ_SIZE];
            let mut position = 0u64;
            for target in frontiers {
                while position < target {
                    let want = usize::try_from(target - position)
                        .unwrap_or(usize::MAX)
                        .min(READ_SIZE);
                    let read = file.read_at(&mut buf[..want], position)?;
                    if read == 0 {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the partial file is shorter than what was written",
                        ));
                    }
                    hasher.update(&buf[..read]);
                    position += read as u64;
                }
            }
            Ok(hasher.finalize().into())
        });
        Self {
            frontier,
            thread,
            sent: 0,
        }
    }

    /// Every byte below `offset` is written and final.
    pub(crate) fn advance(&mut self, offset: u64) {
        if offset > self.sent {
            self.sent = offset;
            // A send fails only if the thread stopped on a read error, which `finish` returns.
            let _ = self.frontier.send(offset);
        }
    }

    /// The MD5 of bytes `[0, len)`, once they are all written.
    pub(crate) fn finish(mut self, len: u64) -> io::Result<[u8; 16]> {
        self.advance(len);
        drop(self.frontier);
        self.thread
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the MD5 thread panicked")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::download::done_blocks::DoneBlocks;

    #[test]
    fn out_of_order_blocks_hash_as_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let content: Vec<u8> = (0..3_000_000u32)
            .map(|i| u8::try_from(i * 7 % 251).unwrap())
            .collect();
        let len = content.len() as u64;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        file.set_len(len).unwrap();
        let block = 700_000u64;
        let mut follower = Md5Follower::start(file.try_clone().unwrap());
        let mut done = DoneBlocks::new(5);
        let mut frontier = 0;
        for index in [2u64, 0, 4, 1, 3] {
            let start = index * block;
            let end = (start + block).min(len);
            let bytes = &content[usize::try_from(start).unwrap()..usize::try_from(end).unwrap()];
            file.write_all_at(bytes, start).unwrap();
            done.insert(index);
            frontier = done.next_undone(frontier);
            follower.advance((frontier * block).min(len));
        }
        assert_eq!(frontier, 5);
        let digest = follower.finish(len).unwrap();
        assert_eq!(digest, <[u8; 16]>::from(Md5::digest(&content)));
    }

    #[test]
    fn an_empty_file_and_a_short_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"").unwrap();
        let empty = Md5Follower::start(File::open(&path).unwrap());
        assert_eq!(empty.finish(0).unwrap(), <[u8; 16]>::from(Md5::digest(b"")));
        let short = Md5Follower::start(File::open(&path).unwrap());
        let err = short.finish(10).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}

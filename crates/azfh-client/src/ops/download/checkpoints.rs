//! Saving a download's resume state while it runs, from a thread of its own.
//!
//! A state may only claim blocks the disk holds, so each save flushes the partial file first
//! (`fdatasync`), which waits for the disk. Done in the download's loop, that wait would stall
//! the network every time; here a thread does it while blocks keep arriving. A save offered
//! while the previous one is still being written is skipped: the next one carries its blocks
//! too. Small files finish before the first save and never start the thread.

use std::fs::File;
use std::io;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread::JoinHandle;

use super::partial::{ResumeState, write_state_to};

/// A thread that flushes the data, then writes the state, for each state it is offered.
#[derive(Debug)]
pub(crate) struct Checkpoints {
    /// The data and state handles, until the first save starts the thread.
    handles: Option<(File, File)>,
    worker: Option<(SyncSender<ResumeState>, JoinHandle<()>)>,
}

impl Checkpoints {
    /// Saves through `data` and `state` (handles of their own: see `Partial::handles`).
    pub(crate) fn new(handles: (File, File)) -> Self {
        Self {
            handles: Some(handles),
            worker: None,
        }
    }

    /// Hands `state` to the thread, unless it is busy with an earlier save.
    pub(crate) fn offer(&mut self, state: ResumeState) {
        if self.worker.is_none()
            && let Some((data, file)) = self.handles.take()
        {
            let (offers, saves) = mpsc::sync_channel::<ResumeState>(1);
            let thread = std::thread::spawn(move || {
                for state in saves {
                    // A failed save leaves the previous state, which claims less: still true.
                    let _ = data
                        .sync_data()
                        .and_then(|()| write_state_to(&file, &state, true));
                }
            });
            self.worker = Some((offers, thread));
        }
        if let Some((offers, _)) = &self.worker {
            // Full: the thread is busy, and the next offer carries these blocks too.
            // Disconnected: it stopped; `finish` says so.
            let _: Result<(), TrySendError<_>> = offers.try_send(state);
        }
    }

    /// Waits for the save in progress, so that a final save comes after it.
    pub(crate) fn finish(self) -> io::Result<()> {
        if let Some((offers, thread)) = self.worker {
            drop(offers);
            thread
                .join()
                .map_err(|_| io::Error::other("the state-saving thread panicked"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::download::partial::Partial;

    fn state(done: &str) -> ResumeState {
        ResumeState {
            etag: None,
            last_modified: None,
            start: 0,
            end: 16,
            block_size: 8,
            done: done.into(),
        }
    }

    #[test]
    fn offered_states_reach_the_file_and_the_last_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let (partial, _) = Partial::open(&dest, 16, None, &state("00")).unwrap();
        let mut checkpoints = Checkpoints::new(partial.handles().unwrap());
        checkpoints.offer(state("01"));
        checkpoints.finish().unwrap();
        drop(partial);
        let fits = |_: &ResumeState| true;
        let (_, saved) = Partial::open(&dest, 16, Some(&fits), &state("00")).unwrap();
        assert_eq!(saved.unwrap(), state("01"));
    }
}

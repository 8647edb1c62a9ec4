//! A download in progress on disk: `.NAME.azfh-partial` beside DEST, written at block offsets,
//! and `.NAME.azfh-partial.json`, which says which blocks are done and of which version of the
//! file, so `--resume` can continue. DEST appears only by renaming a complete, verified
//! partial file: nothing half-written ever has DEST's name.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What the resume state records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Bytes `[start, end)` of the remote file are being downloaded.
    pub start: u64,
    pub end: u64,
    pub block_size: u64,
    /// Indexes of the blocks already written.
    pub done: Vec<u64>,
}

/// The partial file and its state.
#[derive(Debug)]
pub struct Partial {
    pub dest: PathBuf,
    pub data_path: PathBuf,
    pub state_path: PathBuf,
    file: File,
}

/// Where the partial files of `dest` live.
pub fn paths(dest: &Path) -> (PathBuf, PathBuf) {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = dest.parent().map(Path::to_path_buf).unwrap_or_default();
    (
        dir.join(format!(".{name}.azfh-partial")),
        dir.join(format!(".{name}.azfh-partial.json")),
    )
}

impl Partial {
    /// Starts a partial download of `len` bytes (truncating any earlier one).
    pub fn create(dest: &Path, len: u64) -> io::Result<Self> {
        let (data_path, state_path) = paths(dest);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&data_path)?;
        file.set_len(len)?;
        let _ = std::fs::remove_file(&state_path);
        Ok(Self {
            dest: dest.to_path_buf(),
            data_path,
            state_path,
            file,
        })
    }

    /// Reopens an earlier partial download if its state is readable and `fits`.
    pub fn resume(dest: &Path, fits: impl Fn(&ResumeState) -> bool) -> Option<(Self, ResumeState)> {
        let (data_path, state_path) = paths(dest);
        let state: ResumeState = serde_json::from_slice(&std::fs::read(&state_path).ok()?).ok()?;
        if !fits(&state) {
            return None;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&data_path)
            .ok()?;
        if file.metadata().ok()?.len() != state.end - state.start {
            return None;
        }
        Some((
            Self {
                dest: dest.to_path_buf(),
                data_path,
                state_path,
                file,
            },
            state,
        ))
    }

    /// Writes `data` at `offset` (relative to the start of the download).
    pub fn write_at(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.file.write_all_at(data, offset)
    }

    /// Records progress for `--resume` (written to a temporary file, then renamed).
    pub fn save_state(&self, state: &ResumeState) -> io::Result<()> {
        let tmp = self.state_path.with_extension("json.tmp");
        let mut file = File::create(&tmp)?;
        file.write_all(&serde_json::to_vec(state).map_err(io::Error::other)?)?;
        file.sync_data()?;
        std::fs::rename(tmp, &self.state_path)
    }

    /// A second handle on the data, for reading it back while it is written.
    pub fn reader(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    /// Makes the download DEST by renaming it (after flushing it to disk if `durable`: without,
    /// a power loss soon after may leave DEST empty, as with cp or curl); the state is removed.
    pub fn finish(self, durable: bool) -> io::Result<()> {
        if durable {
            self.file.sync_all()?;
        }
        std::fs::rename(&self.data_path, &self.dest)?;
        let _ = std::fs::remove_file(&self.state_path);
        Ok(())
    }

    /// Removes every trace (the download cannot be resumed: the file changed, or it failed
    /// verification).
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.data_path);
        let _ = std::fs::remove_file(&self.state_path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_becomes_dest_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report 2026.pdf");
        let partial = Partial::create(&dest, 6).unwrap();
        partial.write_at(3, b"def").unwrap();
        partial.write_at(0, b"abc").unwrap();
        assert!(!dest.exists());
        let state = ResumeState {
            etag: Some("\"e\"".into()),
            last_modified: None,
            start: 0,
            end: 6,
            block_size: 3,
            done: vec![0, 1],
        };
        partial.save_state(&state).unwrap();
        let (again, loaded) =
            Partial::resume(&dest, |s| s.etag.as_deref() == Some("\"e\"")).unwrap();
        assert_eq!(loaded, state);
        assert!(Partial::resume(&dest, |_| false).is_none());
        again.finish(true).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"abcdef");
        let (data, state_path) = paths(&dest);
        assert!(!data.exists() && !state_path.exists());
    }

    #[test]
    fn discarding_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let partial = Partial::create(&dest, 10).unwrap();
        partial.discard();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

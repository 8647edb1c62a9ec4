//! A download in progress on disk: `.NAME.azfh:partial` beside DEST, written at block offsets,
//! and `.NAME.azfh:state`, which says which blocks are done and of which version of the file,
//! so `--resume` can continue. DEST appears only by renaming a complete, verified partial
//! file: nothing half-written ever has DEST's name.
//!
//! The names hold a `:`, which Azure Files refuses in file names: no file of a tree being
//! downloaded can be mistaken for the partial of another.
//!
//! Both files are created exclusively and never through a symlink (a link planted at either
//! name is refused, its target untouched), and the partial file carries an advisory lock for
//! the whole download, rename included: a second azfh writing the same DEST is refused instead
//! of interleaving its blocks. The state file is written once when the download starts and
//! then rewritten in place at the same length, so saving it needs no new disk blocks: on a
//! full disk, what was fetched stays resumable. The data is flushed before the state claims it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What ends the name of a partial download.
pub(crate) const DATA_SUFFIX: &str = ".azfh:partial";
/// What ends the name of its resume state.
pub(crate) const STATE_SUFFIX: &str = ".azfh:state";

/// The most one write call hands the kernel. A block (`--block-size`, 4 MiB by default) is
/// written in pieces of this size: the page cache sizes the folios it fills by the length of
/// the write, and large folios cost more to fault in than small ones where memory is returned
/// to a host while idle. Writing 1 GiB onto ext4 on a virtual machine after 10 s idle took
/// 2.5 s in 4 MiB writes and 0.2 s in writes of 256 KiB or less, in any order.
pub(crate) const WRITE_PIECE: usize = 256 << 10;

/// What the resume state records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ResumeState {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Bytes `[start, end)` of the remote file are being downloaded.
    pub start: u64,
    pub end: u64,
    pub block_size: u64,
    /// The blocks already written and flushed, as `DoneBlocks::to_hex`: of a fixed length for
    /// a given download, so the state keeps its size.
    pub done: String,
}

/// Whether a name is one azfh gives its own files (and so no name a tree may bring).
pub(crate) fn is_working_name(name: &str) -> bool {
    name.ends_with(DATA_SUFFIX) || name.ends_with(STATE_SUFFIX)
}

/// The partial file (locked) and its state.
#[derive(Debug)]
pub(crate) struct Partial {
    pub dest: PathBuf,
    pub data_path: PathBuf,
    pub state_path: PathBuf,
    file: File,
    state: File,
}

/// Where the partial files of `dest` live.
pub(crate) fn paths(dest: &Path) -> (PathBuf, PathBuf) {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = dest.parent().map(Path::to_path_buf).unwrap_or_default();
    (
        dir.join(format!(".{name}{DATA_SUFFIX}")),
        dir.join(format!(".{name}{STATE_SUFFIX}")),
    )
}

/// Another azfh holds this download.
fn busy() -> io::Error {
    io::Error::new(
        io::ErrorKind::ResourceBusy,
        "another azfh is downloading to it right now",
    )
}

/// Opens an existing file for reading and writing, never through a symlink, and only if it is
/// a regular file.
fn open_existing(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed())
        .open(path)
        .map_err(|err| not_ours_if_link(err, path))?;
    if !file.metadata()?.is_file() {
        return Err(not_ours(path));
    }
    Ok(file)
}

/// Creates a file that did not exist (`O_EXCL`: never through a symlink).
fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed())
        .open(path)
}

fn not_ours(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} exists and is not a regular file (a symlink?): remove it, azfh does not write through it",
            path.display()
        ),
    )
}

fn not_ours_if_link(err: io::Error, path: &Path) -> io::Error {
    if err.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        not_ours(path)
    } else {
        err
    }
}

/// Takes the download's lock, or says another azfh has it.
fn lock(file: &File) -> io::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(busy()),
        Err(TryLockError::Error(err)) => Err(err),
    }
}

/// Whether `path` still names `file` (and not a file someone put there since).
fn still_names(file: &File, path: &Path) -> io::Result<bool> {
    let open = file.metadata()?;
    Ok(match std::fs::symlink_metadata(path) {
        Ok(named) => named.dev() == open.dev() && named.ino() == open.ino(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => false,
        Err(err) => return Err(err),
    })
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

impl Partial {
    /// Starts a download of `len` bytes to `dest`, or, when `resume` is given and an earlier
    /// partial download's state `fits`, continues that one (returning its state).
    ///
    /// An earlier partial that does not fit is replaced. One another azfh holds is refused
    /// (`ResourceBusy`), as is anything at the partial's or the state's name that is not a
    /// regular file. `initial` is the state of a fresh download, written at once so that its
    /// space is reserved before the first byte is fetched.
    pub(crate) fn open(
        dest: &Path,
        len: u64,
        resume: Option<&dyn Fn(&ResumeState) -> bool>,
        initial: &ResumeState,
    ) -> io::Result<(Self, Option<ResumeState>)> {
        let (data_path, state_path) = paths(dest);
        match open_existing(&data_path) {
            Ok(file) => {
                lock(&file)?;
                if !still_names(&file, &data_path)? {
                    return Err(busy());
                }
                if let Some(fits) = resume
                    && let Some((state, saved)) = read_state(&state_path)
                    && fits(&saved)
                    && file.metadata()?.len() == saved.end - saved.start
                {
                    let partial = Self {
                        dest: dest.to_path_buf(),
                        data_path,
                        state_path,
                        file,
                        state,
                    };
                    return Ok((partial, Some(saved)));
                }
                // Left by an earlier run that cannot be continued: ours to replace, as we
                // hold its lock.
                remove_if_present(&data_path)?;
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
        let file = create_new(&data_path).map_err(|err| {
            if err.kind() == io::ErrorKind::AlreadyExists {
                // Created by another azfh since we looked, or planted.
                busy()
            } else {
                err
            }
        })?;
        lock(&file)?;
        if !still_names(&file, &data_path)? {
            return Err(busy());
        }
        // Whoever holds the partial's lock owns the state's name: a stale state (or a link
        // planted there) is removed, not written through.
        remove_if_present(&state_path)?;
        let state = create_new(&state_path)?;
        let mut partial = Self {
            dest: dest.to_path_buf(),
            data_path,
            state_path,
            file,
            state,
        };
        // Not flushed: it claims nothing yet, and a flush per file would make trees of small
        // files several times slower.
        let started = partial
            .file
            .set_len(len)
            .and_then(|()| partial.write_state(initial, false));
        if let Err(err) = started {
            partial.discard();
            return Err(err);
        }
        Ok((partial, None))
    }

    /// Writes `data` at `offset` (relative to the start of the download), in pieces of at most
    /// [`WRITE_PIECE`] bytes.
    pub(crate) fn write_at(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        write_in_pieces(&self.file, offset, data, WRITE_PIECE)
    }

    /// Records progress for `--resume`: the data is flushed first, so that the state never
    /// claims a block the disk does not hold.
    pub(crate) fn save_state(&mut self, state: &ResumeState) -> io::Result<()> {
        self.file.sync_data()?;
        self.write_state(state, true)
    }

    /// Rewrites the state in place. Its length does not change within a download, so this
    /// needs no new blocks; a write torn by a crash mixes older and newer bits, and done
    /// blocks only ever get added, so any mix claims only blocks that are done.
    fn write_state(&mut self, state: &ResumeState, durable: bool) -> io::Result<()> {
        write_state_to(&self.state, state, durable)
    }

    /// A second handle on the data, for reading it back while it is written.
    pub(crate) fn reader(&self) -> io::Result<File> {
        self.file.try_clone()
    }

    /// Handles of their own on the data and the state, for saving the state from another
    /// thread (`Checkpoints`).
    pub(crate) fn handles(&self) -> io::Result<(File, File)> {
        Ok((self.file.try_clone()?, self.state.try_clone()?))
    }

    /// Makes the download DEST by renaming it (after flushing it to disk if `durable`: without,
    /// a power loss soon after may leave DEST empty, as with cp or curl); the state is removed.
    /// Unless `replace`, whatever appeared at DEST since the download began (a file, a
    /// symlink) is left alone and the rename fails. DEST gets the remote file's `modified`
    /// time, which is how `get -r --resume` later knows it complete. The lock is held until
    /// this returns.
    pub(crate) fn finish(
        self,
        durable: bool,
        replace: bool,
        modified: Option<std::time::SystemTime>,
    ) -> io::Result<()> {
        if let Some(modified) = modified {
            self.file.set_modified(modified)?;
        }
        if durable {
            self.file.sync_all()?;
        }
        if replace {
            std::fs::rename(&self.data_path, &self.dest)?;
        } else {
            rename_no_replace(&self.data_path, &self.dest)?;
        }
        let _ = std::fs::remove_file(&self.state_path);
        Ok(())
    }

    /// Removes every trace (the download cannot be resumed: the file changed, or it failed
    /// verification).
    pub(crate) fn discard(self) {
        let _ = std::fs::remove_file(&self.data_path);
        let _ = std::fs::remove_file(&self.state_path);
    }
}

/// Writes `data` at `offset` with write calls of at most `piece` bytes each.
fn write_in_pieces(file: &File, offset: u64, data: &[u8], piece: usize) -> io::Result<()> {
    let mut at = offset;
    for chunk in data.chunks(piece.max(1)) {
        file.write_all_at(chunk, at)?;
        at += chunk.len() as u64;
    }
    Ok(())
}

/// Writes `state` over the state file in place (see `Partial::write_state`).
pub(crate) fn write_state_to(file: &File, state: &ResumeState, durable: bool) -> io::Result<()> {
    let mut bytes = serde_json::to_vec(state).map_err(io::Error::other)?;
    bytes.push(b'\n');
    file.write_all_at(&bytes, 0)?;
    let len = bytes.len() as u64;
    if file.metadata()?.len() != len {
        file.set_len(len)?;
    }
    if durable {
        file.sync_data()?;
    }
    Ok(())
}

/// Whether a download to `dest` left something for `--resume` to continue: a partial file
/// whose state claims at least one block. Errors say "add --resume" only when this holds; a
/// download that stopped before its first block keeps nothing worth resuming.
pub fn holds_progress(dest: &Path) -> bool {
    let (data_path, state_path) = paths(dest);
    let Some((_, state)) = read_state(&state_path) else {
        return false;
    };
    std::fs::symlink_metadata(&data_path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == state.end.saturating_sub(state.start))
        && state.done.bytes().any(|digit| digit != b'0')
}

/// Reads a state file (never through a symlink); `None` if there is none or it is unreadable.
fn read_state(path: &Path) -> Option<(File, ResumeState)> {
    let file = open_existing(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    // The largest state (4 TiB in 64 KiB blocks) is 16 MiB of hex.
    if len > 64 << 20 {
        return None;
    }
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, 0).ok()?;
    let state = serde_json::from_slice(&bytes).ok()?;
    Some((file, state))
}

/// Renames `from` to `to` unless `to` exists (`RENAME_NOREPLACE`; where the filesystem lacks
/// it, a hard link, which cannot replace either).
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    let cwd = rustix::fs::CWD;
    match rustix::fs::renameat_with(cwd, from, cwd, to, rustix::fs::RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(errno) if errno == rustix::io::Errno::INVAL || errno == rustix::io::Errno::NOSYS => {
            std::fs::hard_link(from, to)?;
            std::fs::remove_file(from)
        }
        Err(errno) if errno == rustix::io::Errno::EXIST => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it appeared during the download and was left alone (--force replaces it)",
        )),
        Err(errno) => Err(io::Error::from(errno)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(done: &str) -> ResumeState {
        ResumeState {
            etag: Some("\"e\"".into()),
            last_modified: None,
            start: 0,
            end: 6,
            block_size: 3,
            done: done.into(),
        }
    }

    #[test]
    fn a_partial_becomes_dest_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report 2026.pdf");
        let (mut partial, resumed) = Partial::open(&dest, 6, None, &state("00")).unwrap();
        assert!(resumed.is_none());
        partial.write_at(3, b"def").unwrap();
        partial.write_at(0, b"abc").unwrap();
        assert!(!dest.exists());
        partial.save_state(&state("03")).unwrap();
        drop(partial);
        let fits = |s: &ResumeState| s.etag.as_deref() == Some("\"e\"");
        let (again, loaded) = Partial::open(&dest, 6, Some(&fits), &state("00")).unwrap();
        assert_eq!(loaded.unwrap(), state("03"));
        again.finish(true, false, None).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"abcdef");
        let (data, state_path) = paths(&dest);
        assert!(!data.exists() && !state_path.exists());
    }

    #[test]
    fn a_state_that_does_not_fit_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let (partial, _) = Partial::open(&dest, 6, None, &state("03")).unwrap();
        drop(partial);
        let (_, resumed) = Partial::open(&dest, 6, Some(&|_| false), &state("00")).unwrap();
        assert!(resumed.is_none());
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let (first, _) = Partial::open(&dest, 6, None, &state("00")).unwrap();
        let err = Partial::open(&dest, 6, None, &state("00")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ResourceBusy);
        first.discard();
    }

    #[test]
    fn links_at_either_name_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let target = dir.path().join("precious");
        std::fs::write(&target, b"keep me").unwrap();
        let (data, state_path) = paths(&dest);
        std::os::unix::fs::symlink(&target, &data).unwrap();
        let err = Partial::open(&dest, 6, None, &state("00")).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        std::fs::remove_file(&data).unwrap();
        std::os::unix::fs::symlink(&target, &state_path).unwrap();
        let (partial, _) = Partial::open(&dest, 6, None, &state("00")).unwrap();
        partial.discard();
        assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    }

    #[test]
    fn without_replace_the_rename_leaves_what_appeared_at_dest() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let (partial, _) = Partial::open(&dest, 0, None, &state("")).unwrap();
        std::os::unix::fs::symlink("/nonexistent", &dest).unwrap();
        let err = partial.finish(false, false, None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(dest.symlink_metadata().unwrap().file_type().is_symlink());
    }

    #[test]
    fn progress_is_a_partial_whose_state_claims_a_block() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        assert!(!holds_progress(&dest));
        let (mut partial, _) = Partial::open(&dest, 6, None, &state("00")).unwrap();
        assert!(!holds_progress(&dest));
        partial.save_state(&state("01")).unwrap();
        assert!(holds_progress(&dest));
        partial.discard();
        assert!(!holds_progress(&dest));
    }

    #[test]
    fn pieces_put_every_byte_where_one_write_would() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("f")).unwrap();
        let data: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        // A length that is not a multiple of the piece, at an offset.
        write_in_pieces(&file, 7, &data, 64).unwrap();
        let content = std::fs::read(dir.path().join("f")).unwrap();
        assert_eq!(content.len(), 1007);
        assert_eq!(&content[..7], &[0; 7]);
        assert_eq!(&content[7..], &data[..]);
    }

    #[test]
    fn discarding_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x");
        let (partial, _) = Partial::open(&dest, 10, None, &state("00")).unwrap();
        partial.discard();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

//! `--output-file`: results written whole or not at all.
//!
//! The bytes go into a new temporary file in the destination's directory (a random name,
//! created exclusively: a symlink planted there is never followed), are flushed to disk, and
//! the file is renamed over the destination. A reader such as node_exporter's textfile
//! collector sees the old file or the new one, never a part; a failure removes the temporary
//! file and leaves the destination as it was. A symlink at the destination itself is replaced,
//! not written through.

use std::io::Write as _;
use std::path::Path;

use std::os::unix::fs::PermissionsExt as _;

use anyhow::Result;

use crate::error::{HintedFailure, UsageError};

/// Refuses a destination that is there and is not a file (or a symlink, which is replaced):
/// renaming over a device such as `/dev/null`, a pipe or a socket would put a plain file in
/// its place. Called before any work, and again just before the rename.
pub(crate) fn check(dest: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dest) {
        Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => Err(HintedFailure::new(
            format!(
                "--output-file {} is not a regular file (a directory, device, pipe or socket): it would be replaced",
                dest.display()
            ),
            "give the path of a file to write, or leave --output-file out to print to stdout",
        )
        .into()),
        _ => Ok(()),
    }
}

/// Refuses a destination whose directory is not there (a typo in the path), before any work:
/// the file could only be written after all of it, and would not be.
pub(crate) fn check_directory(dest: &Path) -> Result<()> {
    let dir = directory_of(dest);
    if dir.is_dir() {
        return Ok(());
    }
    Err(UsageError::new(
        format!(
            "--output-file {}: its directory {} does not exist",
            dest.display(),
            dir.display()
        ),
        "give a file in an existing directory (create the directory first)",
    )
    .into())
}

/// The directory `dest` is written in: its parent, or the current directory.
fn directory_of(dest: &Path) -> &Path {
    match dest.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Replaces `dest` with `bytes`, atomically; the new file is 0644 less the umask.
pub(crate) fn replace(dest: &Path, bytes: &[u8]) -> Result<()> {
    check(dest)?;
    let failed = |what: &str| {
        HintedFailure::new(
            format!("cannot write --output-file {}: {what}", dest.display()),
            "give a file in an existing directory this user may write to",
        )
    };
    let dir = directory_of(dest);
    let name = dest.file_name().ok_or_else(|| failed("it names no file"))?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        // Readable by a collector running as another user, as a file made with `>` would be
        // (the umask still applies); tempfile's own default is 0600.
        .permissions(std::fs::Permissions::from_mode(0o644))
        .tempfile_in(dir)
        .map_err(|err| failed(&err.to_string()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| failed(&err.to_string()))?;
    temp.persist(dest)
        .map_err(|err| failed(&err.error.to_string()))?;
    // The rename is durable once the directory is.
    if let Ok(dir) = std::fs::File::open(dir) {
        dir.sync_all().ok();
    }
    Ok(())
}

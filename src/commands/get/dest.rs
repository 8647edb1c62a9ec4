//! DEST, checked before any request: where one file goes (`-` for stdout, a file name, or a
//! directory to put it in), or the directory a tree goes into. Nothing is overwritten that
//! `--force` (or, for a tree, `--resume`) does not allow.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::GetArgs;
use crate::error::UsageError;
use azfh_client::azure::Location;
use azfh_client::ops::download::holds_progress;

/// Where one file's bytes go.
pub(super) enum Dest {
    Stdout,
    File(PathBuf),
}

/// DEST for one file: `-`, a file name, or a directory to put the file in; checked before
/// any request.
pub(super) fn single_dest(args: &GetArgs, location: &Location) -> Result<Dest> {
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
    // An interrupted download's progress is never thrown away unasked: it is continued with
    // --resume, or started over with --force.
    if !args.resume && !args.force && holds_progress(&dest) {
        return Err(UsageError::new(
            format!(
                "an interrupted download of {} is kept beside it",
                dest.display()
            ),
            "add --resume to continue it, or --force to start over",
        )
        .into());
    }
    // --resume continues a partial download; DEST itself exists only once one is complete.
    check_dest(
        &dest,
        args.force,
        "add --force to overwrite it (it is replaced only once the download is complete)",
    )?;
    Ok(Dest::File(dest))
}

/// DEST for `get -r`: the directory the tree below SOURCE goes into, named after SOURCE when
/// not given. Stdout and `--range` are refused: a tree is files.
pub(super) fn tree_root(args: &GetArgs, location: &Location) -> Result<PathBuf> {
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
    if root.symlink_metadata().is_ok_and(|meta| !meta.is_dir()) {
        return Err(UsageError::new(
            format!("{} is not a directory", root.display()),
            "give DEST a directory: a new one, or the one an earlier `get -r` made",
        )
        .into());
    }
    check_dest(
        &root,
        args.force || args.resume,
        "add --resume to continue an interrupted download into it (complete files are skipped), or --force to download into it anyway (each file is replaced only once complete)",
    )?;
    Ok(root)
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

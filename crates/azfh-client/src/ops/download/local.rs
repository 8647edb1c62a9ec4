//! Safe local paths for a downloaded tree: a remote name never leads outside DEST, and no file
//! is written through a symlink planted in it.

use std::path::{Path, PathBuf};

use super::partial::is_working_name;
use super::walk::is_safe_name;

/// Where a remote relative path lands below `root`; `None` for a name that would escape it.
pub(crate) fn local_path(root: &Path, relative: &str) -> Option<PathBuf> {
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

/// Makes sure `relative` (a directory of the tree, its segments already checked) is a real
/// directory below `root`, creating what is missing: a symlink found on the way (planted in a
/// DEST that `--force` or `--resume` lets exist) is refused, so no file is written outside
/// DEST through it. The error names the path where it stopped.
pub(crate) fn real_directory(root: &Path, relative: &str) -> std::io::Result<()> {
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
}

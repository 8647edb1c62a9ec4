//! Many files at once: the tree below a directory, listed first, then downloaded into a local
//! directory, files concurrently. A file that fails is reported and the others go on; an
//! interrupt stops the files in flight (their partials are kept for `--resume`) and reports
//! the files not started.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::local::{local_path, real_directory};
use super::partial::holds_progress;
use super::single::Download;
use super::walk::{Found, Walk};
use super::{DownloadError, Downloaded, Options, Progress};
use crate::azure::{AzureFiles, Location};
use crate::net::pacer::Pacer;
use crate::ops::Interrupt;

/// A file of the tree to download, as the listing showed it.
#[derive(Debug)]
struct TreeFile {
    path: String,
    size: Option<u64>,
    last_modified: Option<time::OffsetDateTime>,
}

/// A listed tree, to be downloaded into `root`.
#[derive(Debug)]
pub struct Tree {
    root: PathBuf,
    directories: Vec<String>,
    files: Vec<TreeFile>,
    /// What is left out already: directories that could not be listed, names that cannot be
    /// paths, and (once the directories are made) files below one that could not be made.
    left_out: Vec<FileOutcome>,
}

/// How a listing ended.
#[derive(Debug)]
pub enum Listed {
    Tree(Tree),
    /// The interrupt was raised while listing: nothing was written.
    Interrupted,
}

/// What became of one file (or, left out, one directory) of the tree.
#[derive(Debug)]
pub struct FileOutcome {
    /// Relative to the remote directory.
    pub path: String,
    /// Where it was (or would have been) written; empty for a name that cannot be written.
    pub dest: String,
    /// The listed size; for a file downloaded, the bytes written.
    pub size: Option<u64>,
    pub result: FileResult,
}

/// How one file of the tree ended.
#[derive(Debug)]
pub enum FileResult {
    Downloaded,
    /// `--resume` found it complete already.
    AlreadyDownloaded,
    /// Stopped by the interrupt; `kept` when its partial holds something to resume.
    Interrupted {
        kept: bool,
    },
    /// Not started: the interrupt came first.
    NotAttempted,
    /// Left out before any download, for the reason given (the listing or the local tree).
    LeftOut(String),
    Failed(FileError),
}

/// Why one file of the tree failed.
#[derive(Debug)]
pub enum FileError {
    /// Its name cannot be written below the root safely.
    UnsafeName,
    /// Something is at its local path, and `replace` is off.
    Exists,
    /// The download failed; `kept` when its partial holds something to resume.
    Download { error: DownloadError, kept: bool },
}

/// Counts of a tree's outcomes.
#[derive(Debug, Default, Clone, Copy)]
pub struct TreeSummary {
    pub downloaded: u64,
    /// Bytes of the files downloaded.
    pub bytes: u64,
    pub already_downloaded: u64,
    pub failed: u64,
    pub interrupted: u64,
    pub not_attempted: u64,
}

/// Lists the tree below `location`, with details: each file's Last-Modified tells `--resume`
/// which files are already complete. `on_count` hears the number of files found so far, after
/// each entry. The interrupt stops a listing too (it can take long, or stall), before
/// anything is written.
pub async fn list_tree(
    client: &AzureFiles,
    location: &Location,
    root: PathBuf,
    concurrency: usize,
    interrupt: &Interrupt,
    mut on_count: impl FnMut(usize),
) -> anyhow::Result<Listed> {
    let walk = Walk {
        root: location.clone(),
        recursive: true,
        details: true,
        prefix: None,
        page_size: None,
        concurrency,
    };
    let (mut directories, mut files, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
    let listed = walk.run(client, |found| {
        match found {
            Found::Entry(entry) if entry.is_directory() => directories.push(entry.path),
            Found::Entry(entry) => files.push(TreeFile {
                path: entry.path,
                size: entry.size,
                last_modified: entry.last_modified,
            }),
            Found::Unlistable { path, error } => left_out.push(FileOutcome {
                path: path.clone(),
                dest: root.join(&path).display().to_string(),
                size: None,
                result: FileResult::LeftOut(format!("cannot list the directory: {error}")),
            }),
            Found::BadName { dir, name } => left_out.push(FileOutcome {
                path: if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                },
                dest: String::new(),
                size: None,
                result: FileResult::LeftOut(
                    "the service sent a name that cannot be a path segment; it was skipped".into(),
                ),
            }),
        }
        on_count(files.len());
        Ok(())
    });
    tokio::select! {
        biased;
        () = interrupt.raised() => return Ok(Listed::Interrupted),
        listed = listed => listed?,
    }
    Ok(Listed::Tree(Tree {
        root,
        directories,
        files,
        left_out,
    }))
}

impl Tree {
    /// Creates the root and the tree's directories. The root that cannot be made is an error;
    /// a directory that cannot be made (a symlink planted in a DEST that `--force` or
    /// `--resume` lets exist) leaves out the files below it, not the tree: each is left out
    /// with the reason.
    pub fn make_directories(&mut self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.root)?;
        let root = &self.root;
        let mut blocked = BTreeMap::new();
        for dir in &self.directories {
            if local_path(root, dir).is_some()
                && let Err(err) = real_directory(root, dir)
            {
                blocked.insert(dir.clone(), err.to_string());
            }
        }
        let mut covered = BTreeSet::new();
        let left_out = &mut self.left_out;
        self.files.retain(|file| {
            let Some(error) = blocked_ancestor(&blocked, &file.path) else {
                return true;
            };
            covered.extend(ancestors(&file.path).map(str::to_owned));
            left_out.push(FileOutcome {
                path: file.path.clone(),
                dest: local_path(root, &file.path)
                    .map(|local| local.display().to_string())
                    .unwrap_or_default(),
                size: file.size,
                result: FileResult::LeftOut(error.to_owned()),
            });
            false
        });
        // A directory left out with no file below it to say so (an empty one) says so itself.
        for (dir, error) in &blocked {
            if !covered.contains(dir.as_str()) {
                left_out.push(FileOutcome {
                    path: dir.clone(),
                    dest: root.join(dir).display().to_string(),
                    size: None,
                    result: FileResult::LeftOut(error.clone()),
                });
            }
        }
        Ok(())
    }

    /// The listed bytes of the files to download.
    pub fn total_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter_map(|file| file.size)
            .fold(0_u64, u64::saturating_add)
    }

    /// Downloads the tree's files, as many at once as ranges in flight (small files keep the
    /// pipe full too). Each outcome goes to `on_outcome` as soon as it is known, those left
    /// out first and, after an interrupt, one for each file never started, so the report is
    /// complete; an error of `on_outcome` ends the download. `progress` counts the bytes
    /// fetched, and those of files found complete.
    pub async fn download<E>(
        self,
        client: &AzureFiles,
        location: &Location,
        options: &Options,
        progress: &dyn Progress,
        interrupt: &Interrupt,
        mut on_outcome: impl FnMut(FileOutcome) -> Result<(), E>,
    ) -> Result<TreeSummary, E> {
        let Tree {
            root,
            files,
            left_out,
            ..
        } = self;
        let mut summary = TreeSummary::default();
        for outcome in left_out {
            summary.failed += 1;
            on_outcome(outcome)?;
        }
        let pacer = Pacer::new(options.concurrency);
        let mut jobs = FuturesUnordered::new();
        let mut queue = files.into_iter();
        loop {
            while jobs.len() < options.concurrency && !interrupt.is_raised() {
                let Some(file) = queue.next() else {
                    break;
                };
                let download = Download {
                    client,
                    location: Location {
                        share: location.share.clone(),
                        path: format!("{}/{}", location.path, file.path)
                            .trim_start_matches('/')
                            .to_owned(),
                        snapshot: location.snapshot.clone(),
                    },
                    block_size: options.block_size,
                    window: options.concurrency,
                    range: None,
                    verify: options.verify,
                    resume: options.resume,
                    fsync: options.fsync,
                    replace: options.replace,
                    sets_total: false,
                    pacer: pacer.clone(),
                    progress,
                    interrupt,
                };
                jobs.push(download_one(download, &root, file, options, progress));
            }
            let Some(outcome) = jobs.next().await else {
                break;
            };
            match &outcome.result {
                FileResult::Downloaded => {
                    summary.downloaded += 1;
                    summary.bytes += outcome.size.unwrap_or_default();
                }
                FileResult::AlreadyDownloaded => summary.already_downloaded += 1,
                FileResult::Interrupted { .. } => summary.interrupted += 1,
                FileResult::NotAttempted => summary.not_attempted += 1,
                FileResult::LeftOut(_) | FileResult::Failed(_) => summary.failed += 1,
            }
            on_outcome(outcome)?;
        }
        for TreeFile { path, size, .. } in queue {
            summary.not_attempted += 1;
            let dest = local_path(&root, &path)
                .map(|local| local.display().to_string())
                .unwrap_or_default();
            on_outcome(FileOutcome {
                path,
                dest,
                size,
                result: FileResult::NotAttempted,
            })?;
        }
        Ok(summary)
    }
}

/// One file of the tree: skipped when `--resume` finds it complete, refused when something is
/// at its path and may not be replaced, downloaded otherwise.
async fn download_one(
    download: Download<'_>,
    root: &Path,
    file: TreeFile,
    options: &Options,
    progress: &dyn Progress,
) -> FileOutcome {
    let TreeFile { path, size, .. } = &file;
    let outcome = |dest: String, result| FileOutcome {
        path: path.clone(),
        dest,
        size: *size,
        result,
    };
    let Some(local) = local_path(root, path) else {
        return outcome(String::new(), FileResult::Failed(FileError::UnsafeName));
    };
    let shown = local.display().to_string();
    if options.resume && already_complete(&local, &file) {
        progress.advance(size.unwrap_or_default());
        return outcome(shown, FileResult::AlreadyDownloaded);
    }
    if !options.replace && local.symlink_metadata().is_ok() {
        return outcome(shown, FileResult::Failed(FileError::Exists));
    }
    match download.run(super::Destination::File(&local)).await {
        Ok(Downloaded { bytes, .. }) => FileOutcome {
            path: path.clone(),
            dest: shown,
            size: Some(bytes),
            result: FileResult::Downloaded,
        },
        Err(DownloadError::Interrupted) => outcome(
            shown,
            FileResult::Interrupted {
                kept: holds_progress(&local),
            },
        ),
        Err(error) => {
            let kept = holds_progress(&local);
            outcome(
                shown,
                FileResult::Failed(FileError::Download { error, kept }),
            )
        }
    }
}

/// Whether `local` already holds this file, complete: a regular file (not a symlink) of the
/// listed size whose modification time is the listed Last-Modified, which azfh gives each file
/// it finishes. A file the service changed since has another Last-Modified, and one the user
/// touched another time: neither is skipped, and replacing either takes `--force`.
fn already_complete(local: &Path, file: &TreeFile) -> bool {
    let (Some(size), Some(listed)) = (file.size, file.last_modified) else {
        return false;
    };
    let Ok(meta) = local.symlink_metadata() else {
        return false;
    };
    let Ok(modified) = meta.modified() else {
        return false;
    };
    meta.is_file()
        && meta.len() == size
        && time::OffsetDateTime::from(modified).unix_timestamp() == listed.unix_timestamp()
}

/// The directories `path` lies in, nearest last: `a/b/c` is in `a` and `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// Why the file at `path` cannot be written: a directory it lies in could not be made.
fn blocked_ancestor<'a>(blocked: &'a BTreeMap<String, String>, path: &str) -> Option<&'a str> {
    ancestors(path).find_map(|dir| blocked.get(dir).map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_below_a_blocked_directory_is_blocked_by_it() {
        assert_eq!(ancestors("a/b/c").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(ancestors("top.txt").count(), 0);
        let blocked = BTreeMap::from([("a/b".to_owned(), "why".to_owned())]);
        assert_eq!(blocked_ancestor(&blocked, "a/b/c/d.txt"), Some("why"));
        assert_eq!(blocked_ancestor(&blocked, "a/b.txt"), None);
        assert_eq!(blocked_ancestor(&blocked, "a/bc/d.txt"), None);
    }
}

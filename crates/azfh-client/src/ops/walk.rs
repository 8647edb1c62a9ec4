//! Walks a directory tree: directories listed concurrently (under an adaptive limit), every
//! page streamed to the caller as it arrives, paths made relative to the walk's root.
//!
//! Names come from the service and are untrusted: one that cannot be a path segment (empty,
//! `.`, `..`, or holding `/`, `\` or NUL, none of which Azure Files allows) is handed back as
//! `Found::BadName` and never followed, so nothing below the root is ever reached twice or
//! outside it. Nor is a directory deeper or with a longer path than Azure Files allows (250
//! levels, 2,048 characters) followed: it is handed back as `Found::Unlistable`, so a server
//! that invents directories forever cannot hold the walk forever. Listing tasks are watched:
//! one that panics ends the walk with an error instead of leaving it waiting forever for its
//! pages.

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinSet};

use crate::azure::{AzureError, AzureFiles, ListDirectoryOptions, Location};
use crate::files::Entry;
use crate::net::pacer::Pacer;
use azfh_protocol::limits::{MAX_DIRECTORY_DEPTH, MAX_PATH_CHARS};

/// What the walk hands back.
#[derive(Debug)]
pub enum Found {
    /// An entry, its path relative to the root.
    Entry(Entry),
    /// A directory below the root that could not be listed (the walk goes on).
    Unlistable { path: String, error: AzureError },
    /// An entry whose name cannot be a path segment, in directory `dir` (relative to the
    /// root); it is skipped, and not followed if it is a directory.
    BadName { dir: String, name: String },
}

/// Whether a name from the service can be one segment of a path.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// Whether `path` (from the share's root) is deeper or longer than any Azure Files path.
fn exceeds_azure_limits(path: &str) -> bool {
    path.split('/').filter(|s| !s.is_empty()).count() > MAX_DIRECTORY_DEPTH
        || path.chars().count() > MAX_PATH_CHARS
}

/// A listing task that ended without saying so: it panicked (or was cancelled). Such a task
/// sent no `Done`, so the walk must stop here or it would wait forever.
fn task_outcome(joined: Result<(), JoinError>) -> anyhow::Result<()> {
    match joined {
        Ok(()) => Ok(()),
        Err(err) if err.is_panic() => {
            let payload = err.into_panic();
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            anyhow::bail!("a directory listing task failed unexpectedly (a bug in azfh): {why}")
        }
        Err(_) => anyhow::bail!("a directory listing task was cancelled"),
    }
}

enum Message {
    Page { dir: String, entries: Vec<Entry> },
    Done,
    Failed { dir: String, error: AzureError },
}

/// How to walk.
#[derive(Debug, Clone)]
pub struct Walk {
    pub root: Location,
    pub recursive: bool,
    pub details: bool,
    /// Applies to the root's entries only.
    pub prefix: Option<String>,
    pub page_size: Option<u32>,
    pub concurrency: usize,
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

impl Walk {
    /// Lists the root (and, when recursive, everything below it), handing each entry to
    /// `on_found` as its page arrives. An error listing the root itself ends the walk.
    pub async fn run(
        &self,
        client: &AzureFiles,
        mut on_found: impl FnMut(Found) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let pacer = Pacer::new(self.concurrency);
        let (tx, mut rx) = mpsc::channel::<Message>(64);
        let mut tasks = JoinSet::new();
        let mut pending = 1_usize;
        let mut root_listed = false;
        self.spawn_listing(
            &mut tasks,
            client,
            &pacer,
            &tx,
            String::new(),
            self.prefix.clone(),
        );
        while pending > 0 {
            let message = tokio::select! {
                message = rx.recv() => message,
                Some(joined) = tasks.join_next() => {
                    task_outcome(joined)?;
                    continue;
                }
            };
            let Some(message) = message else {
                break;
            };
            match message {
                Message::Page { dir, entries } => {
                    if dir.is_empty() {
                        root_listed = true;
                    }
                    for mut entry in entries {
                        if !is_safe_name(&entry.path) {
                            on_found(Found::BadName {
                                dir: dir.clone(),
                                name: entry.path,
                            })?;
                            continue;
                        }
                        entry.path = join(&dir, &entry.path);
                        if entry.is_directory() && self.recursive {
                            let full = join(&self.root.path, &entry.path);
                            if exceeds_azure_limits(&full) {
                                // Deeper than any share can be: a server that makes up
                                // directories forever is not followed forever.
                                on_found(Found::Unlistable {
                                    path: entry.path.clone(),
                                    error: AzureError::decode(
                                        "List Directories and Files",
                                        azfh_protocol::wire::DecodeError::NotTheAnswer(
                                            "the service lists a directory deeper or with a longer path than Azure Files allows (250 levels, 2,048 characters); not followed",
                                        ),
                                    ),
                                })?;
                            } else {
                                pending += 1;
                                self.spawn_listing(
                                    &mut tasks,
                                    client,
                                    &pacer,
                                    &tx,
                                    entry.path.clone(),
                                    None,
                                );
                            }
                        }
                        on_found(Found::Entry(entry))?;
                    }
                }
                Message::Done => pending -= 1,
                Message::Failed { dir, error } => {
                    pending -= 1;
                    if dir.is_empty() && !root_listed {
                        return Err(error.into());
                    }
                    on_found(Found::Unlistable { path: dir, error })?;
                }
            }
        }
        Ok(())
    }

    fn spawn_listing(
        &self,
        tasks: &mut JoinSet<()>,
        client: &AzureFiles,
        pacer: &Arc<Pacer>,
        tx: &mpsc::Sender<Message>,
        dir: String,
        prefix: Option<String>,
    ) {
        let client = client.clone();
        let pacer = pacer.clone();
        let tx = tx.clone();
        let location = Location {
            share: self.root.share.clone(),
            path: join(&self.root.path, &dir).trim_matches('/').to_owned(),
            snapshot: self.root.snapshot.clone(),
        };
        let options = ListDirectoryOptions {
            prefix,
            page_size: self.page_size,
            details: self.details,
        };
        tasks.spawn(async move {
            let _permit = pacer.acquire().await;
            let mut listing = client.list_directory(&location, options);
            loop {
                match listing.next_page().await {
                    Ok(Some(entries)) => {
                        if tx
                            .send(Message::Page {
                                dir: dir.clone(),
                                entries,
                            })
                            .await
                            .is_err()
                        {
                            return;
                        }
                    }
                    Ok(None) => {
                        let _ = tx.send(Message::Done).await;
                        return;
                    }
                    Err(error) => {
                        let _ = tx.send(Message::Failed { dir, error }).await;
                        return;
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_beyond_what_azure_files_allows_are_recognized() {
        let deep = |levels: usize| vec!["d"; levels].join("/");
        assert!(!exceeds_azure_limits(&deep(250)));
        assert!(exceeds_azure_limits(&deep(251)));
        assert!(!exceeds_azure_limits(&"n".repeat(2_048)));
        assert!(exceeds_azure_limits(&"n".repeat(2_049)));
        assert!(!exceeds_azure_limits(""));
    }

    #[test]
    fn names_that_cannot_be_a_segment_are_refused() {
        for bad in ["", ".", "..", "a/b", "a\\b", "nul\0"] {
            assert!(!is_safe_name(bad), "{bad:?}");
        }
        for good in ["...", ".a", "a b#c%d", "données\u{FFFE}", ".x.azfh-partial"] {
            assert!(is_safe_name(good), "{good:?}");
        }
    }

    #[tokio::test]
    async fn a_panicked_task_ends_the_wait_with_an_error() {
        let mut tasks = JoinSet::new();
        tasks.spawn(async {});
        tasks.spawn(async { panic!("boom") });
        let mut errors = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            if let Err(err) = task_outcome(joined) {
                errors.push(err.to_string());
            }
        }
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("boom"), "{errors:?}");
    }
}

//! Walks a directory tree: directories listed concurrently (under an adaptive limit), every
//! page streamed to the caller as it arrives, paths made relative to the walk's root.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::azure::{AzureError, AzureFiles, ListDirectoryOptions, Location};
use crate::files::Entry;
use crate::net::pacer::Pacer;

/// What the walk hands back.
#[derive(Debug)]
pub enum Found {
    /// An entry, its path relative to the root.
    Entry(Entry),
    /// A directory below the root that could not be listed (the walk goes on).
    Unlistable { path: String, error: AzureError },
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
        let mut pending = 1_usize;
        let mut root_listed = false;
        self.spawn_listing(client, &pacer, &tx, String::new(), self.prefix.clone());
        while pending > 0 {
            let Some(message) = rx.recv().await else {
                break;
            };
            match message {
                Message::Page { dir, entries } => {
                    if dir.is_empty() {
                        root_listed = true;
                    }
                    for mut entry in entries {
                        entry.path = join(&dir, &entry.path);
                        if entry.is_directory() && self.recursive {
                            pending += 1;
                            self.spawn_listing(client, &pacer, &tx, entry.path.clone(), None);
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
        tokio::spawn(async move {
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

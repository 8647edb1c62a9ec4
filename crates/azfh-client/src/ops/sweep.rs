//! Listing the handles of several shares at once: one listing per share, at most
//! `concurrency` of them running, their pages handed over as they arrive, each tagged with
//! the share it came from.
//!
//! Memory stays constant in the number of shares: a share's listing starts only when a slot
//! is free, and pages pass through a channel of `concurrency` places, so a consumer that
//! writes slowly holds back the listings instead of letting pages pile up. A share that fails
//! does not stop the others: its failure is one item among the pages. Dropping the sweep
//! aborts every listing.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use crate::backend::Backend;
use crate::handles::model::Handle;

/// One share to list, and the names it is reported under.
pub struct SweepTarget {
    /// The account as the service names it (not a config file's name for it).
    pub account: String,
    /// The share's name (without the path below it a TARGET may give).
    pub share: String,
    pub backend: Backend,
}

/// What a sweep reports, in the order it happens.
#[derive(Debug)]
pub enum SweepItem {
    /// A page of target `target`'s handles (an index into the sweep's targets).
    Page { target: usize, handles: Vec<Handle> },
    /// Target `target`'s listing failed; the pages it gave before were reported.
    Failed { target: usize, error: anyhow::Error },
    /// Target `target` was listed to its end.
    Finished { target: usize },
}

/// Several listings running under one bound.
pub struct Sweep {
    /// `(account, share)` of each target, by index.
    names: Vec<(Arc<str>, Arc<str>)>,
    /// Each target's backend, by index: what a close after the sweep acts on.
    backends: Vec<Arc<Backend>>,
    items: mpsc::Receiver<SweepItem>,
    /// When each target's listing got its slot and began, by index: a share's own listing
    /// time leaves out its wait for a slot.
    started: Arc<[OnceLock<Instant>]>,
    /// Owns the listings: dropping it aborts them.
    tasks: JoinSet<()>,
}

impl Sweep {
    /// Starts listing `targets` (with `recursive`, `page_size`), at most `concurrency` at a
    /// time, in the order given.
    pub fn start(
        targets: Vec<SweepTarget>,
        recursive: bool,
        page_size: Option<u32>,
        concurrency: usize,
    ) -> Self {
        let concurrency = concurrency.max(1);
        let (sender, items) = mpsc::channel(concurrency);
        let slots = Arc::new(Semaphore::new(concurrency));
        let mut tasks = JoinSet::new();
        let mut names = Vec::with_capacity(targets.len());
        let mut backends = Vec::with_capacity(targets.len());
        let started: Arc<[OnceLock<Instant>]> =
            (0..targets.len()).map(|_| OnceLock::new()).collect();
        for (index, target) in targets.into_iter().enumerate() {
            names.push((Arc::from(target.account), Arc::from(target.share)));
            let backend = Arc::new(target.backend);
            backends.push(Arc::clone(&backend));
            let (sender, slots) = (sender.clone(), Arc::clone(&slots));
            let started = Arc::clone(&started);
            tasks.spawn(async move {
                let Ok(_slot) = slots.acquire_owned().await else {
                    return;
                };
                if let Some(at) = started.get(index) {
                    let _ = at.set(Instant::now());
                }
                let mut pager = backend.list_among_many(recursive, page_size);
                loop {
                    let item = match pager.next_page().await {
                        Ok(Some(handles)) => SweepItem::Page {
                            target: index,
                            handles,
                        },
                        Ok(None) => SweepItem::Finished { target: index },
                        Err(error) => SweepItem::Failed {
                            target: index,
                            error,
                        },
                    };
                    let last = !matches!(item, SweepItem::Page { .. });
                    if sender.send(item).await.is_err() || last {
                        return;
                    }
                }
            });
        }
        Self {
            names,
            backends,
            items,
            started,
            tasks,
        }
    }

    /// When target `index`'s listing began (it got its slot); `None` before that.
    pub fn started_at(&self, index: usize) -> Option<Instant> {
        self.started.get(index).and_then(|at| at.get().copied())
    }

    /// The next page, failure or end of a target; `None` once every target has ended.
    ///
    /// Cancel-safe: an item not yet received stays in the channel.
    pub async fn next(&mut self) -> Option<SweepItem> {
        // Ended listings give their task's memory back as the sweep goes, not at its end.
        while self.tasks.try_join_next().is_some() {}
        self.items.recv().await
    }

    /// The account and share of target `index`, shared by every handle listed there.
    pub fn names_of(&self, index: usize) -> (Arc<str>, Arc<str>) {
        self.names
            .get(index)
            .cloned()
            .unwrap_or_else(|| (Arc::from(""), Arc::from("")))
    }

    /// The backend of target `index`.
    pub fn backend(&self, index: usize) -> Option<Arc<Backend>> {
        self.backends.get(index).cloned()
    }

    /// How many targets the sweep lists.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

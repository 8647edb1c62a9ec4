//! Lists the handles of an Azure Files directory and everything below it in parallel parts,
//! instead of one List Handles marker loop whose pages can only follow one another.
//!
//! A recursive listing of directory D is the union of disjoint parts: D's own handles (List
//! Handles without recursion), the handles of each file at D's top level (one request each),
//! and each subdirectory's recursive listing. The parts are listed concurrently, under the
//! adaptive limit ([`Pacer`]), and their pages are handed to the caller as they arrive, through
//! a bounded channel: memory stays bounded by the limit times a page, whatever the count. Every
//! handle comes once; the order across parts is not promised (within a part it is the
//! service's).
//!
//! # How the choice is made
//!
//! A tree part starts as the one marker loop would: page 1 of its recursive listing.
//! - Page 1 is the last: it is the whole part (one request; nothing could be faster).
//! - Page 1 holds fewer than [`Tuning::min_page`] handles (a small `--page-size`, or the
//!   service's short pages): the one loop goes on, printing page 1 at once. Small pages are
//!   asked for to keep each request small; a split would multiply the requests instead.
//! - Otherwise page 2 is asked for and, at the same time, the directory's top level is listed
//!   (List Directories and Files, one level). If page 2 is the last, the loop is done: both
//!   pages are the part.
//! - Otherwise the loop needs three pages or more, one after the other. The split costs one
//!   round of requests per [`Tuning::concurrency`] parts (the directory itself, each file,
//!   each subdirectory), all concurrent, plus the pages of the largest part. It is taken when
//!   the parts start within [`Tuning::split_rounds`] rounds; the two pages already read are
//!   dropped and the parts listed. When the top level holds more parts than that (many files,
//!   each a request), cannot be listed (TARGET is a file, or the answer is not a directory
//!   listing), names an entry that cannot be a path segment, or the part is already
//!   [`Tuning::max_depth`] levels below TARGET, the one loop goes on from page 3, so the pages
//!   already read are never wasted.
//!
//! Each subdirectory's part makes the same choice, so a large part splits further when it
//! pays. The split costs at most two pages read for nothing per split directory.
//!
//! A part whose file or directory vanished after the top level was listed (404) has no
//! handles: it lists nothing. Any other error in any part ends the listing with that error,
//! as a failed page of the one loop does; the other parts are stopped.

use std::future::Future as _;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinSet};

use crate::azure::{AzureError, AzureFiles, ListDirectoryOptions, ListHandlesOptions, Location};
use crate::handles::model::Handle;
use crate::net::pacer::Pacer;
use crate::ops::walk::is_safe_name;

/// When to split, and how much to run at once.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Parts listed at once, at most (halved while the service throttles).
    pub concurrency: usize,
    /// Split a directory when its parts start within this many rounds of `concurrency`.
    pub split_rounds: usize,
    /// Split no directory this many levels below TARGET or deeper.
    pub max_depth: usize,
    /// Split only a listing whose page 1 holds at least this many handles.
    pub min_page: usize,
}

/// Chosen by paired whole-process timings of `handles ls -r -o jsonl` over 100,000 handles in
/// 100 directories (pages of 2,000) at 10 ms per request: 32 at once listed no faster than 16
/// but peaked at 30 MiB instead of 24 (every part in flight holds a response body), and 8
/// rounds of 16 still split a top level of 100 directories.
impl Default for Tuning {
    fn default() -> Self {
        Self {
            concurrency: 16,
            split_rounds: 8,
            max_depth: 8,
            min_page: 1_000,
        }
    }
}

impl Tuning {
    fn most_parts(&self) -> usize {
        self.concurrency.max(1) * self.split_rounds
    }
}

/// One independent piece of the listing.
#[derive(Debug)]
enum Part {
    /// A directory and everything below it, `depth` levels below TARGET.
    Tree { location: Location, depth: usize },
    /// One file's handles, or a directory's own (no recursion).
    Own(Location),
}

enum Message {
    Page(Vec<Handle>),
    Split(Vec<Part>),
    Done,
    Failed(AzureError),
}

/// A recursive listing of a directory in parallel parts; nothing is sent before the first
/// [`TreeListing::next_page`].
pub struct TreeListing {
    shared: Arc<Shared>,
    root: Option<Location>,
    tx: mpsc::Sender<Message>,
    rx: mpsc::Receiver<Message>,
    tasks: JoinSet<()>,
    pending: usize,
    pages: u64,
    parts: u64,
}

struct Shared {
    client: AzureFiles,
    page_size: Option<u32>,
    tuning: Tuning,
    pacer: Arc<Pacer>,
}

impl TreeListing {
    pub fn new(client: AzureFiles, root: Location, page_size: Option<u32>, tuning: Tuning) -> Self {
        // Few pages wait in the channel: a part that cannot hand its page over holds it, and
        // its place under the limit, so at most `concurrency` + 2 pages are in memory.
        let (tx, rx) = mpsc::channel(2);
        Self {
            shared: Arc::new(Shared {
                client,
                page_size,
                tuning,
                pacer: Pacer::new(tuning.concurrency),
            }),
            root: Some(root),
            tx,
            rx,
            tasks: JoinSet::new(),
            pending: 0,
            pages: 0,
            parts: 0,
        }
    }

    /// The next page (possibly empty), from whichever part has one; `None` at the end.
    /// Cancel-safe: a call dropped before it returns loses nothing.
    pub async fn next_page(&mut self) -> anyhow::Result<Option<Vec<Handle>>> {
        if let Some(location) = self.root.take() {
            self.spawn(Part::Tree { location, depth: 0 });
        }
        while self.pending > 0 {
            let message = tokio::select! {
                message = self.rx.recv() => message,
                Some(joined) = self.tasks.join_next() => {
                    if let Err(err) = task_outcome(joined) {
                        self.stop();
                        return Err(err);
                    }
                    continue;
                }
            };
            let Some(message) = message else { break };
            match message {
                Message::Page(page) => {
                    self.pages += 1;
                    return Ok(Some(page));
                }
                Message::Split(parts) => {
                    // The split part ends here; its parts take its place.
                    self.pending -= 1;
                    for part in parts {
                        self.spawn(part);
                    }
                }
                Message::Done => self.pending -= 1,
                Message::Failed(error) => {
                    self.stop();
                    return Err(error.into());
                }
            }
        }
        Ok(None)
    }

    /// Pages handed out so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Parts listed or being listed so far (1 when the listing did not split).
    pub fn parts(&self) -> u64 {
        self.parts
    }

    fn stop(&mut self) {
        self.tasks.abort_all();
        self.pending = 0;
    }

    fn spawn(&mut self, part: Part) {
        self.pending += 1;
        self.parts += 1;
        let shared = self.shared.clone();
        let tx = self.tx.clone();
        self.tasks.spawn(async move {
            let _permit = shared.pacer.acquire().await;
            let message = match part {
                Part::Tree { location, depth } => shared.list_tree(location, depth, &tx).await,
                Part::Own(location) => shared.list_own(location, &tx).await,
            };
            let _ = tx.send(message).await;
        });
    }
}

impl Shared {
    fn handles(&self, location: &Location, recursive: bool) -> crate::azure::HandlePager {
        self.client.list_handles(
            location,
            ListHandlesOptions {
                recursive,
                page_size: self.page_size,
            },
        )
    }

    /// Sends every page of `pager` to the caller; the message that ends the part.
    async fn drain(
        &self,
        mut pager: crate::azure::HandlePager,
        tx: &mpsc::Sender<Message>,
        may_be_gone: bool,
    ) -> Message {
        loop {
            match pager.next_page().await {
                Ok(Some(page)) => {
                    self.pacer.record(false);
                    if tx.send(Message::Page(page)).await.is_err() {
                        return Message::Done;
                    }
                }
                Ok(None) => return Message::Done,
                Err(error) => return self.failed(error, may_be_gone && pager.pages() == 0),
            }
        }
    }

    /// How a part ends on `error`: a path that vanished since its directory was listed has
    /// no handles; anything else fails the listing.
    fn failed(&self, error: AzureError, may_be_gone: bool) -> Message {
        self.pacer.record(error.is_throttled());
        if may_be_gone && error.is_path_gone() {
            Message::Done
        } else {
            Message::Failed(error)
        }
    }

    async fn list_own(&self, location: Location, tx: &mpsc::Sender<Message>) -> Message {
        let pager = self.handles(&location, false);
        self.drain(pager, tx, true).await
    }

    /// A directory and everything below it: the one loop, or a split (see the module's
    /// documentation for the choice).
    async fn list_tree(
        &self,
        location: Location,
        depth: usize,
        tx: &mpsc::Sender<Message>,
    ) -> Message {
        let below_target = depth > 0;
        let mut pager = self.handles(&location, true);
        let first = match pager.next_page().await {
            Ok(Some(page)) => page,
            Ok(None) => return Message::Done,
            Err(error) => return self.failed(error, below_target),
        };
        self.pacer.record(false);
        if first.len() < self.tuning.min_page {
            if tx.send(Message::Page(first)).await.is_err() {
                return Message::Done;
            }
            return self.drain(pager, tx, false).await;
        }
        let splittable = depth < self.tuning.max_depth;

        // Page 2, and the top level at the same time. A finished loop answers at once,
        // without a request: then page 1 was the whole part.
        let (second, top_level) = {
            let mut second = pin!(pager.next_page());
            let ready = std::future::poll_fn(|cx| Poll::Ready(second.as_mut().poll(cx))).await;
            match ready {
                Poll::Ready(Ok(None)) => {
                    return match tx.send(Message::Page(first)).await {
                        Ok(()) | Err(_) => Message::Done,
                    };
                }
                Poll::Ready(answer) => (answer, None),
                Poll::Pending if splittable => {
                    let (answer, top_level) = tokio::join!(second, self.top_level(&location));
                    (answer, top_level)
                }
                Poll::Pending => (second.await, None),
            }
        };
        let second = match second {
            Ok(Some(page)) => page,
            Ok(None) => Vec::new(),
            Err(error) => {
                // As the one loop does: the pages before a failed one are printed.
                let _ = tx.send(Message::Page(first)).await;
                return self.failed(error, false);
            }
        };
        self.pacer.record(false);

        if let Some(parts) = top_level {
            // Split only when the loop has a page 3 to go: a finished loop answers at once.
            let finished = {
                let mut third = pin!(pager.next_page());
                let ready = std::future::poll_fn(|cx| Poll::Ready(third.as_mut().poll(cx))).await;
                matches!(ready, Poll::Ready(Ok(None)))
            };
            if !finished {
                drop(pager);
                return Message::Split(Self::parts_of(&location, depth, parts));
            }
        }
        for page in [first, second] {
            if tx.send(Message::Page(page)).await.is_err() {
                return Message::Done;
            }
        }
        self.drain(pager, tx, false).await
    }

    /// The top level of `location` as (files, directories) names, or `None` when splitting
    /// does not pay or cannot be done (see the module's documentation).
    async fn top_level(&self, location: &Location) -> Option<(Vec<String>, Vec<String>)> {
        let most = self.tuning.most_parts();
        let mut listing = self
            .client
            .list_directory(location, ListDirectoryOptions::default());
        let (mut files, mut directories) = (Vec::new(), Vec::new());
        while let Some(entries) = listing.next_page().await.ok()? {
            for entry in entries {
                if !is_safe_name(&entry.path) {
                    return None;
                }
                if entry.is_directory() {
                    directories.push(entry.path);
                } else {
                    files.push(entry.path);
                }
            }
            // The directory's own handles are a part too.
            if 1 + files.len() + directories.len() > most {
                return None;
            }
        }
        Some((files, directories))
    }

    fn parts_of(
        location: &Location,
        depth: usize,
        (files, directories): (Vec<String>, Vec<String>),
    ) -> Vec<Part> {
        let at = |name: &str| Location {
            share: location.share.clone(),
            path: if location.path.is_empty() {
                name.to_owned()
            } else {
                format!("{}/{name}", location.path)
            },
            snapshot: location.snapshot.clone(),
        };
        let mut parts = Vec::with_capacity(1 + files.len() + directories.len());
        parts.push(Part::Own(location.clone()));
        parts.extend(directories.iter().map(|name| Part::Tree {
            location: at(name),
            depth: depth + 1,
        }));
        parts.extend(files.iter().map(|name| Part::Own(at(name))));
        parts
    }
}

/// A part's task that ended without saying so: it panicked (or was cancelled).
fn task_outcome(joined: Result<(), JoinError>) -> anyhow::Result<()> {
    match joined {
        Ok(()) => Ok(()),
        Err(err) if err.is_panic() => {
            anyhow::bail!("a handle listing task failed unexpectedly (a bug in azfh)")
        }
        Err(_) => anyhow::bail!("a handle listing task was cancelled"),
    }
}

//! Lists the handles of an Azure Files directory and everything below it in parallel parts,
//! instead of one List Handles marker loop whose pages can only follow one another.
//!
//! A recursive listing of directory D is the union of disjoint parts: D's own handles (List
//! Handles without recursion), the handles of each file at D's top level (one request each),
//! and each subdirectory's recursive listing. The parts are listed concurrently, under the
//! adaptive limit ([`Pacer`]), and their pages are handed to the caller as they arrive. Every
//! handle comes once; the order across parts is not promised (within a part it is the
//! service's).
//!
//! # Memory
//!
//! Every page request first takes a place in the listing's [`PageBudget`], and the place goes
//! with the page until the caller takes it: requests in flight and pages waiting are bounded
//! together, whatever the count of handles or parts. The budget holds as many places as keep
//! the caller busy (a page's round trip over the caller's time per page): many when the
//! network is the slower side, a few when decoding and printing are. Only TARGET's own loop
//! sends its next request ahead (one page more); the parts below it ask for a page when they
//! have a place for it.
//!
//! # How the choice is made
//!
//! A tree part starts as the one marker loop would: page 1 of its recursive listing. For
//! TARGET itself, its top level (below) is asked for at the same time
//! ([`Tuning::top_level_ahead`]; not when `--page-size` is below [`Tuning::min_page`], as
//! page 1 could then never call for a split): a split starts a round trip sooner (at 50 ms
//! per request, 0.40 s instead of 0.46 s for 100,000 handles in 101 parts), and a TARGET of
//! one page costs that small request more. Its answer is awaited either way, so a listing's
//! requests do not depend on which answer came first. A sweep over many shares does not ask
//! ahead: there most shares are one page, and each costs one request.
//! - Page 1 is the last: it is the whole part (one request, or two with the top level asked
//!   ahead; nothing could be faster).
//! - Page 1 holds fewer than [`Tuning::min_page`] handles (a small `--page-size`, or the
//!   service's short pages), or the part is already [`Tuning::max_depth`] levels below
//!   TARGET: the one loop goes on, printing page 1 at once. Small pages are asked for to keep
//!   each request small; a split would multiply the requests instead.
//! - Otherwise the loop needs two pages or more, one after the other, and the directory's top
//!   level is listed (List Directories and Files, one level, one request of one entry more
//!   than a split may have parts). The split costs that request, then one round of requests
//!   per [`Tuning::concurrency`] parts (the directory itself, each file, each subdirectory),
//!   all concurrent, plus the pages of the largest part. It is taken when the parts start
//!   within [`Tuning::split_rounds`] rounds: page 1 is dropped and the parts listed. When the
//!   top level holds more parts than that (many files, each a request), cannot be listed
//!   (TARGET is a file, or the answer is not a directory listing) or names an entry that
//!   cannot be a path segment, page 1 is printed and the one loop goes on from page 2.
//!
//! Each subdirectory's part makes the same choice, so a large part splits further when it
//! pays. A split costs one page read for nothing and one request per split directory; a part
//! of exactly two pages takes one round trip more split than not (the top level, then the
//! parts, instead of page 2), the price of not holding page 2 while deciding.
//!
//! A part whose file or directory vanished after the top level was listed (404) has no
//! handles: it lists nothing. Any other error in any part ends the listing with that error,
//! as a failed page of the one loop does; the other parts are stopped.

mod page_budget;

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinSet};

use self::page_budget::{PageBudget, PagePlace};
use crate::azure::{
    AzureError, AzureFiles, HandlePager, ListDirectoryOptions, ListHandlesOptions, Location,
};
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
    /// Pages in flight or waiting for the caller: at first, at least, and at most.
    pub pages: (usize, usize, usize),
    /// Ask for TARGET's top level alongside its page 1: a split starts a round trip sooner, at
    /// the cost of one small request when page 1 turns out to be the whole listing.
    pub top_level_ahead: bool,
}

/// Chosen by paired whole-process timings of `handles ls -r -o jsonl` over 100,000 and 300,000
/// handles in 100 directories (pages of 2,000) at 0, 10 and 50 ms per request: at 50 ms the
/// 101 parts of the share's top level want many at once (16 took 7 round trips instead of 4);
/// at zero latency the caller is the slower side and the budget stays near its floor, where
/// every part holding a page (the earlier design) peaked at 43 MiB for 300,000 handles.
///
/// The pages' ceiling is 20. Most of a listing's memory at 10 and 50 ms is not the pages but
/// the HTTP connections' read buffers: each connection's grows to about 400 KiB on a fast link
/// and keeps it (14 of a 19 MiB heap peak at 32 connections), and every place in flight is a
/// connection. At 50 ms, in turn on the reference machine (medians of 8 or 10): a ceiling of 32
/// took 0.45 s at 35 MiB, 24 took 0.41 s at 31 MiB (max 33), 20 took 0.44 s at 27 MiB (max 29),
/// 16 took 0.58 s at 27 MiB; at 10 ms, 24 took 0.18 s at 29 MiB (max 34) and 20 the same time
/// at 28 (max 31): there the listing is bound by the CPU, and more places only hold more
/// buffers. The first round of a split goes out at the width the latency asks for, not at the
/// start, because the budget learns the latency from the split directory's first page (see
/// `page_budget`).
impl Default for Tuning {
    fn default() -> Self {
        Self {
            concurrency: 32,
            split_rounds: 4,
            max_depth: 8,
            min_page: 1_000,
            pages: (8, 4, 20),
            top_level_ahead: true,
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
    /// A page, with the place it holds in the budget until the caller takes it.
    Page(Vec<Handle>, PagePlace),
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
    /// When the last page was returned: the caller's time on it ends at the next call.
    returned: Option<Instant>,
}

struct Shared {
    client: AzureFiles,
    page_size: Option<u32>,
    tuning: Tuning,
    pacer: Arc<Pacer>,
    budget: Arc<PageBudget>,
}

impl TreeListing {
    pub fn new(client: AzureFiles, root: Location, page_size: Option<u32>, tuning: Tuning) -> Self {
        let (start, floor, ceiling) = tuning.pages;
        let budget = PageBudget::new(start, floor, ceiling);
        // Pages are bounded by the budget, not by the channel: one that could not be handed
        // over would keep its part, and its place under the limit, waiting. Room for every
        // part's last message too.
        let (tx, rx) = mpsc::channel(ceiling.max(1) + tuning.concurrency.max(1));
        Self {
            shared: Arc::new(Shared {
                client,
                page_size,
                tuning,
                pacer: Pacer::new(tuning.concurrency),
                budget,
            }),
            root: Some(root),
            tx,
            rx,
            tasks: JoinSet::new(),
            pending: 0,
            pages: 0,
            parts: 0,
            returned: None,
        }
    }

    /// The next page (possibly empty), from whichever part has one; `None` at the end.
    /// Cancel-safe: a call dropped before it returns loses nothing.
    pub async fn next_page(&mut self) -> anyhow::Result<Option<Vec<Handle>>> {
        if let Some(location) = self.root.take() {
            self.spawn(Part::Tree { location, depth: 0 });
        }
        if let Some(returned) = self.returned.take() {
            self.shared.budget.caller_worked(returned.elapsed());
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
                Message::Page(page, place) => {
                    drop(place);
                    self.returned = Some(Instant::now());
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

/// A page read, with its place in the budget.
type Placed = (Vec<Handle>, PagePlace);

impl Shared {
    /// A pager for `location`; only TARGET's own loop (`ahead`) sends requests ahead.
    fn handles(&self, location: &Location, recursive: bool, ahead: bool) -> HandlePager {
        let mut pager = self.client.list_handles(
            location,
            ListHandlesOptions {
                recursive,
                page_size: self.page_size,
            },
        );
        pager.send_ahead_when(ahead);
        pager
    }

    /// The next page of `pager` under a place of its own; `Ok(None)` after the last.
    async fn next_placed(&self, pager: &mut HandlePager) -> Result<Option<Placed>, AzureError> {
        if pager.is_finished() {
            return Ok(None);
        }
        let place = self.budget.place().await;
        let page = pager.next_page().await?;
        self.pacer.record(false);
        Ok(page.map(|page| (page, place)))
    }

    /// Hands `page` to the caller; false when the caller is gone.
    async fn hand_over(tx: &mpsc::Sender<Message>, (page, mut place): Placed) -> bool {
        place.arrived();
        tx.send(Message::Page(page, place)).await.is_ok()
    }

    /// Sends every page of `pager` to the caller; the message that ends the part.
    async fn drain(
        &self,
        mut pager: HandlePager,
        tx: &mpsc::Sender<Message>,
        may_be_gone: bool,
    ) -> Message {
        loop {
            match self.next_placed(&mut pager).await {
                Ok(Some(placed)) => {
                    if !Self::hand_over(tx, placed).await {
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
        let pager = self.handles(&location, false, false);
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
        let mut pager = self.handles(&location, true, !below_target);
        // With `top_level_ahead`, TARGET's top level is asked for alongside its page 1 (not
        // when pages are asked smaller than a split needs: page 1 could never call for one).
        // Its answer is awaited even when page 1 says no split follows, so that a listing's
        // requests are the same whichever answer comes first; it is small, and sent with
        // page 1, so it has come by then.
        let top = self.top_level(&location);
        tokio::pin!(top);
        let mut top_answer = None;
        let ahead = !below_target
            && self.tuning.top_level_ahead
            && self
                .page_size
                .is_none_or(|size| size as usize >= self.tuning.min_page);
        let mut first = {
            let page = self.next_placed(&mut pager);
            tokio::pin!(page);
            loop {
                tokio::select! {
                    biased;
                    page = &mut page => break page,
                    answer = &mut top, if ahead && top_answer.is_none() => top_answer = Some(answer),
                }
            }
        };
        // Page 1's time counts now, also if a split drops it (the budget learns the latency
        // before the parts ask for places), and not the wait for the top level below.
        if let Ok(Some((_, place))) = &mut first {
            place.arrived();
        }
        if ahead && top_answer.is_none() {
            top_answer = Some(top.as_mut().await);
        }
        let first = match first {
            Ok(Some(placed)) => placed,
            Ok(None) => return Message::Done,
            Err(error) => return self.failed(error, below_target),
        };
        if pager.is_finished() {
            Self::hand_over(tx, first).await;
            return Message::Done;
        }
        if first.0.len() < self.tuning.min_page || depth >= self.tuning.max_depth {
            if !Self::hand_over(tx, first).await {
                return Message::Done;
            }
            return self.drain(pager, tx, false).await;
        }

        // The loop needs two pages or more: the top level (one request) decides.
        let top_level = match top_answer {
            Some(answer) => answer,
            None => top.await,
        };
        if let Some(parts) = top_level {
            drop(pager);
            return Message::Split(Self::parts_of(&location, depth, parts));
        }
        if !Self::hand_over(tx, first).await {
            return Message::Done;
        }
        self.drain(pager, tx, false).await
    }

    /// The top level of `location` as (files, directories) names, or `None` when splitting
    /// does not pay or cannot be done (see the module's documentation).
    async fn top_level(&self, location: &Location) -> Option<(Vec<String>, Vec<String>)> {
        let most = self.tuning.most_parts();
        // One more entry than a split may have parts: one request tells whether it may.
        let options = ListDirectoryOptions {
            page_size: u32::try_from(most + 1).ok(),
            ..ListDirectoryOptions::default()
        };
        let mut listing = self.client.list_directory(location, options);
        // A page ahead would often be a request for nothing: one page usually decides.
        listing.send_ahead_when(false);
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

//! `--verify`: after the closes, watch TARGET for clients that reopen what was closed, close
//! it again, and mark what is still open at the end as failed.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use super::{Batch, Closer};
use crate::handles::model::Handle;
use crate::handles::outcome::{CloseResult, Outcome};
use crate::handles::reopened::ClosedIdentities;

/// The first wait before `--verify` lists again: time for clients to reconnect.
const VERIFY_SETTLE: Duration = Duration::from_secs(1);
/// The longest wait between two `--verify` listings: a client that reconnects late is
/// closed again within this.
const VERIFY_MAX_WAIT: Duration = Duration::from_secs(8);

/// What `--verify` found and did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reopened {
    /// Handles open again after the close (not in the first listing), each counted once.
    pub found: u64,
    /// Of those, the ones `--verify` closed.
    pub closed: u64,
    /// Whether the window was watched to its end: only then is "nothing is open" a finding.
    pub finished: bool,
}

impl Closer<'_> {
    /// Watches for the whole `window` after the closes in `batch`, since a client may
    /// reconnect at any time, not just in the first second: lists at growing intervals (1 s,
    /// 2 s, 4 s, 8 s, then every 8 s), closes what is open again, and lists a last time at the
    /// end of the window. What that last listing shows is still open and marked failed.
    ///
    /// What is watched: what `select` picks, and what the clients of the handles `batch`
    /// closed reopened. A reopened handle is new (not in `first_seen`, the first listing) and
    /// has a fresh open time, which a time filter would never select. A handle `batch` holds
    /// a record of that is not `closed` (the service failed its close) is not watched: it
    /// keeps its record, is not closed again, and is not taken for a reopened one. (An `--all`
    /// close by `*` holds no records: everything still open there is watched.) Adds a record to
    /// `batch` for each reopened handle, and counts them. A handle still open at the end whose
    /// last close by `--verify` the service failed says so (not that its client keeps
    /// reopening it). An interrupt ends the watch at
    /// once; so does a listing that fails (its error becomes `batch.fatal`), but the closes
    /// already made keep their records.
    pub async fn verify(
        &self,
        select: &dyn Fn(&Handle) -> bool,
        first_seen: &HashSet<String>,
        window: Duration,
        batch: &mut Batch,
    ) -> Reopened {
        let mut closed = ClosedIdentities::default();
        // Handles `batch` sent a close that did not close them: not watched.
        let mut not_closed: HashSet<String> = HashSet::new();
        for result in &batch.results {
            if result.outcome == Outcome::Closed {
                closed.remember(&result.handle);
            } else {
                not_closed.insert(result.handle.id.clone());
            }
        }
        let select = |h: &Handle| {
            !not_closed.contains(&h.id)
                && (select(h) || (!first_seen.contains(&h.id) && closed.reopens(h)))
        };

        let end = Instant::now() + window;
        self.observer.verify_started(window);
        let mut wait = VERIFY_SETTLE;
        let mut reopened_ids: HashSet<String> = HashSet::new();
        let mut index: HashMap<String, usize> = batch
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| (r.handle.id.clone(), i))
            .collect();
        let survivors = loop {
            let left = end.saturating_duration_since(Instant::now());
            let last = wait >= left;
            tokio::select! {
                () = self.interrupt.raised() => {
                    batch.interrupted = true;
                    break Vec::new();
                }
                () = tokio::time::sleep(wait.min(left)) => {}
            }
            let listing = match self.list(&select).await {
                Ok(Some(listing)) => listing,
                Ok(None) => {
                    batch.interrupted = true;
                    break Vec::new();
                }
                Err(err) => {
                    batch.fatal = Some(err.context(
                        "--verify could not list TARGET again: handles may be open again",
                    ));
                    break Vec::new();
                }
            };
            let open = listing.selected;
            reopened_ids.extend(
                open.iter()
                    .filter(|h| !first_seen.contains(&h.id))
                    .map(|h| h.id.clone()),
            );
            if last {
                break open;
            }
            wait = (wait * 2).min(VERIFY_MAX_WAIT);
            if open.is_empty() {
                continue;
            }
            self.observer.verify_closing_again(open.len());
            let again = self.close_handles(open, false, &mut |_| {}).await;
            for result in again.results {
                if let Some(&i) = index.get(&result.handle.id) {
                    let existing = &mut batch.results[i].outcome;
                    if result.outcome.supersedes(existing) {
                        *existing = result.outcome;
                    }
                } else {
                    index.insert(result.handle.id.clone(), batch.results.len());
                    batch.results.push(result);
                }
            }
            if again.interrupted || again.fatal.is_some() || again.unreachable.is_some() {
                batch.interrupted |= again.interrupted;
                batch.fatal = batch.fatal.take().or(again.fatal);
                batch.unreachable = batch.unreachable.take().or(again.unreachable);
                break Vec::new();
            }
        };
        let at_end = format!("still open at the end of --verify={}s", window.as_secs());
        for handle in survivors {
            if let Some(&i) = index.get(&handle.id) {
                // Still open because the service failed `--verify`'s own close of it, not
                // because its client reopened it again: say so, with the service's reason.
                let outcome = match &batch.results[i].outcome {
                    Outcome::Failed(why) => {
                        let how = if reopened_ids.contains(&handle.id) {
                            "reopened during --verify"
                        } else {
                            "closed again by --verify"
                        };
                        Outcome::Failed(format!("{at_end}: {how}, and {}", close_failure(why)))
                    }
                    _ => Outcome::Failed(format!("{at_end}: its client keeps reopening it")),
                };
                batch.results[i].outcome = outcome;
            } else {
                let outcome = Outcome::Failed(format!("{at_end}: its client keeps reopening it"));
                index.insert(handle.id.clone(), batch.results.len());
                batch.results.push(CloseResult { handle, outcome });
            }
        }
        let closed = batch
            .results
            .iter()
            .filter(|r| reopened_ids.contains(&r.handle.id) && r.outcome == Outcome::Closed)
            .count();
        Reopened {
            found: reopened_ids.len() as u64,
            closed: closed as u64,
            finished: !batch.interrupted && batch.fatal.is_none() && batch.unreachable.is_none(),
        }
    }
}

/// The service's reason a close failed, to follow "and": its own words when it is the usual
/// one (`the service could not close it`), else said to be the close's failure.
fn close_failure(why: &str) -> String {
    if why
        == Outcome::from_counts(0, 1, false)
            .error()
            .unwrap_or_default()
    {
        why.to_owned()
    } else {
        format!("its close failed: {why}")
    }
}

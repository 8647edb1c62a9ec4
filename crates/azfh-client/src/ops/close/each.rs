//! The rate-limited concurrent close of a selection: batches of the backend's size, at most
//! the pacer's limit of requests at a time, and exactly one outcome per handle, also when an
//! interrupt or a stopping error ends the run early.

use std::collections::HashMap;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::Closer;
use crate::backend::{BatchOutcome, Unreachable};
use crate::handles::model::Handle;
use crate::handles::outcome::{CloseResult, Outcome};
use crate::net::pacer::{Pacer, Permit};

/// How closing a set of handles ended.
#[derive(Default)]
pub struct Batch {
    /// One record per handle, in completion order.
    pub results: Vec<CloseResult>,
    pub interrupted: bool,
    /// An error that stopped the batch (authorization): the rest were not attempted.
    pub fatal: Option<anyhow::Error>,
    /// The endpoint could not be reached: the rest were not sent (`not_attempted`).
    pub unreachable: Option<Unreachable>,
}

/// The reason given for a handle whose close was sent but not answered within the grace.
const UNCONFIRMED: &str =
    "interrupted while its close was in flight: not confirmed (it may be closed; list it to see)";

impl Closer<'_> {
    /// Closes the handles in batches of the backend's size (one handle a request on Azure
    /// Files, each by id on its own path; a hundred on Qumulo), at most the pacer's limit of
    /// requests at a time. Every handle gets exactly one result, in completion order, also
    /// handed to `on_result` as it comes (the closes go on whatever the caller does with it:
    /// a report that cannot be written is the caller's to account for).
    ///
    /// An interrupt stops new requests; those in flight are awaited for the interrupt's
    /// grace and keep their real outcome. A close still unanswered then is `failed` (sent, not
    /// confirmed); a handle never sent is `not_attempted`. An error that stops the run
    /// (authorization) does the same, without the grace: what is in flight is awaited.
    ///
    /// So does an endpoint that cannot be reached at all, at its first close that fails so
    /// ([`Batch::unreachable`]). One is enough: that failure comes after the transport's
    /// retries, so the endpoint refused (or never answered) connections through all their
    /// backoff; every further close would wait the same time for the same error, one after the
    /// other, and keep the other shares of the run waiting behind them. A service that answers,
    /// even with errors, is not cut off: its handles' failures are their own.
    pub async fn close_each(
        &self,
        handles: Vec<Handle>,
        on_result: &mut dyn FnMut(&CloseResult),
    ) -> Batch {
        self.close_handles(handles, true, on_result).await
    }

    /// [`Self::close_each`]; `observed`: whether each record is counted to the observer.
    pub(super) async fn close_handles(
        &self,
        handles: Vec<Handle>,
        observed: bool,
        on_result: &mut dyn FnMut(&CloseResult),
    ) -> Batch {
        let pacer = Pacer::new(self.options.concurrency);
        let size = self.backend.capabilities().close_batch.max(1);
        let mut queue = handles.into_iter();
        let mut next_batch = || {
            let batch: Vec<Handle> = queue.by_ref().take(size).collect();
            (!batch.is_empty()).then_some(batch)
        };
        let mut in_flight = FuturesUnordered::new();
        // The handles of each request in flight, so a request abandoned after the grace still
        // reports its handles.
        let mut sent: HashMap<u64, Vec<Handle>> = HashMap::new();
        let mut requests = 0_u64;
        let mut batch = Batch::default();
        let mut next = next_batch();
        let mut record = |batch: &mut Batch, result: CloseResult| {
            on_result(&result);
            batch.results.push(result);
            if observed {
                self.observer.handle_recorded();
            }
        };
        let grace = self.interrupt.grace_over();
        tokio::pin!(grace);
        loop {
            let launch = next.is_some()
                && batch.fatal.is_none()
                && batch.unreachable.is_none()
                && !batch.interrupted;
            if !launch && in_flight.is_empty() {
                break;
            }
            tokio::select! {
                biased;
                () = self.interrupt.raised(), if !batch.interrupted => {
                    batch.interrupted = true;
                    if !in_flight.is_empty() {
                        self.observer.awaiting_in_flight(in_flight.len());
                    }
                }
                () = &mut grace, if batch.interrupted => break,
                Some((request, answer)) = in_flight.next() => {
                    let answer: BatchOutcome = answer;
                    sent.remove(&request);
                    pacer.record(answer.throttled);
                    if batch.fatal.is_none() {
                        batch.fatal = answer.fatal;
                    }
                    if batch.unreachable.is_none() {
                        batch.unreachable = answer.unreachable;
                    }
                    for (handle, outcome) in answer.results {
                        record(&mut batch, CloseResult { handle, outcome });
                    }
                }
                permit = pacer.acquire(), if launch => {
                    let handles = next.take().expect("launch means a batch is queued");
                    next = next_batch();
                    requests += 1;
                    sent.insert(requests, handles.clone());
                    let request = requests;
                    in_flight.push(async move { (request, self.close_batch(handles, permit).await) });
                }
            }
        }
        drop(in_flight);
        for handle in sent.into_values().flatten() {
            let outcome = Outcome::Failed(UNCONFIRMED.to_owned());
            record(&mut batch, CloseResult { handle, outcome });
        }
        // What was never sent still gets its line in the report.
        let reason = if batch.interrupted {
            "interrupted before its close was sent".to_owned()
        } else if let Some(err) = &batch.fatal {
            format!("not sent after: {err}")
        } else if let Some(unreachable) = &batch.unreachable {
            format!("not sent: {} could not be reached", unreachable.endpoint)
        } else {
            String::new()
        };
        let mut unsent: Vec<Handle> = next.into_iter().flatten().collect();
        while let Some(rest) = next_batch() {
            unsent.extend(rest);
        }
        for handle in unsent {
            let outcome = Outcome::NotAttempted(reason.clone());
            let result = CloseResult { handle, outcome };
            on_result(&result);
            batch.results.push(result);
        }
        batch
    }

    async fn close_batch(&self, handles: Vec<Handle>, permit: Permit) -> BatchOutcome {
        let answer = self.backend.close(handles).await;
        drop(permit);
        answer
    }
}

//! Closing listed handles on Azure Files: each by id on its own path, one request a handle,
//! and the service's status codes turned into outcomes.

use super::{BatchOutcome, Unreachable};
use crate::azure::{AzureError, AzureFiles, CloseTotals, Location};
use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;

/// Closes `handles` one after the other, each by id on its own path under `location`'s share
/// (and snapshot). Once the endpoint cannot be reached, the rest are not sent.
pub(super) async fn close(
    client: &AzureFiles,
    location: &Location,
    handles: Vec<Handle>,
) -> BatchOutcome {
    let mut outcome = BatchOutcome {
        results: Vec::with_capacity(handles.len()),
        throttled: false,
        fatal: None,
        unreachable: None,
    };
    for handle in handles {
        if let Some(unreachable) = &outcome.unreachable {
            let reason = format!("not sent: {} could not be reached", unreachable.endpoint);
            outcome
                .results
                .push((handle, Outcome::NotAttempted(reason)));
            continue;
        }
        let at = Location {
            share: location.share.clone(),
            path: handle.path.clone(),
            snapshot: location.snapshot.clone(),
        };
        let result = client.close_handle(&at, &handle.id).await;
        let verdict = match result {
            Ok(CloseTotals {
                closed,
                failed,
                ambiguous,
                throttled,
                ..
            }) => {
                outcome.throttled |= throttled;
                Outcome::from_counts(closed, failed, ambiguous)
            }
            Err(err) => {
                if let Some(endpoint) = err.unreachable_endpoint() {
                    outcome.unreachable = Some(Unreachable::new(endpoint, err.to_string()));
                }
                azure_outcome(err, &mut outcome.fatal)
            }
        };
        outcome.results.push((handle, verdict));
    }
    outcome
}

/// The outcome of an Azure close that ended in an error; authorization errors are fatal.
fn azure_outcome(err: AzureError, fatal: &mut Option<anyhow::Error>) -> Outcome {
    // The file or directory is gone, and its handles with it.
    if err.is_path_gone() {
        return Outcome::AlreadyClosed;
    }
    let reason = err.to_string();
    if err.is_auth() && fatal.is_none() {
        *fatal = Some(err.into());
    }
    Outcome::Failed(reason)
}

//! Closing listed handles on Qumulo: up to a batch of them in one request, one verdict each.

use super::BatchOutcome;
use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;
use crate::qumulo::QumuloClient;

/// Closes `handles` in one request (at most `CLOSE_BATCH` of them). A request that fails
/// fails every handle in it; an authorization failure also stops every further close.
pub(super) async fn close(client: &QumuloClient, handles: Vec<Handle>) -> BatchOutcome {
    match client.close(&handles).await {
        Ok(messages) => BatchOutcome {
            results: handles
                .into_iter()
                .zip(messages)
                .map(|(handle, message)| {
                    let verdict = match message {
                        None => Outcome::Closed,
                        Some(message) => Outcome::Failed(message),
                    };
                    (handle, verdict)
                })
                .collect(),
            throttled: false,
            fatal: None,
        },
        Err(err) => {
            let reason = err.to_string();
            let fatal = err.is_auth().then(|| err.into());
            BatchOutcome {
                results: handles
                    .into_iter()
                    .map(|handle| (handle, Outcome::Failed(reason.clone())))
                    .collect(),
                throttled: false,
                fatal,
            }
        }
    }
}

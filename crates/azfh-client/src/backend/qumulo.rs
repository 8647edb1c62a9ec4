//! Closing listed handles on Qumulo: up to a batch of them in one request, one verdict each.

use super::BatchOutcome;
use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;
use crate::qumulo::QumuloClient;
use crate::qumulo::preflight::{SMB_FILE_HANDLE_READ, SMB_FILE_HANDLE_WRITE};

/// What a command is about to do, for the privilege preflight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    ListHandles,
    CloseHandles,
}

/// The cluster privileges `work` needs.
pub(super) fn privileges(work: Work) -> &'static [&'static str] {
    match work {
        Work::ListHandles => &[SMB_FILE_HANDLE_READ],
        Work::CloseHandles => &[SMB_FILE_HANDLE_READ, SMB_FILE_HANDLE_WRITE],
    }
}

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

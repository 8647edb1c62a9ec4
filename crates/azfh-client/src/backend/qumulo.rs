//! Closing listed handles on Qumulo: up to a batch of them in one request, one verdict each.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{BatchOutcome, Unreachable};
use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;
use crate::qumulo::QumuloClient;
use crate::qumulo::preflight::{FS_LOCK_READ, SMB_FILE_HANDLE_READ, SMB_FILE_HANDLE_WRITE};

/// What a command is about to do, for the privilege preflight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    ListHandles,
    CloseHandles,
}

/// The cluster privileges `work` needs; `grants` also the lock grants' (`--client-ip`).
pub(super) fn privileges(work: Work, grants: bool) -> Vec<&'static str> {
    let mut needed = match work {
        Work::ListHandles => vec![SMB_FILE_HANDLE_READ],
        Work::CloseHandles => vec![SMB_FILE_HANDLE_READ, SMB_FILE_HANDLE_WRITE],
    };
    if grants {
        needed.push(FS_LOCK_READ);
    }
    needed
}

/// Closes `handles` in one request (at most `CLOSE_BATCH` of them). A request that fails
/// fails every handle in it; an authorization failure also stops every further close.
///
/// A handle the cluster reports an error for is looked for again on its file: if it is no
/// longer open, it was closed by this request's earlier attempt whose answer was lost
/// (`closed`), or by someone else before (`already_closed`). Only one still open is `failed`.
pub(super) async fn close(client: &QumuloClient, handles: Vec<Handle>) -> BatchOutcome {
    match client.close(&handles).await {
        Ok(answer) => {
            let files: BTreeSet<u64> = handles
                .iter()
                .zip(&answer.messages)
                .filter(|(_, message)| message.is_some())
                .map(|(handle, _)| handle.file_id)
                .collect();
            let mut open: HashMap<u64, Option<HashSet<String>>> = HashMap::new();
            for file in files {
                // A recheck that fails leaves the cluster's verdict standing.
                open.insert(file, client.open_on_file(file).await.ok());
            }
            let results = handles
                .into_iter()
                .zip(answer.messages)
                .map(|(handle, message)| {
                    let verdict = match message {
                        None => Outcome::Closed,
                        Some(message) => match open.get(&handle.file_id) {
                            Some(Some(still)) if !still.contains(&handle.id) => {
                                if answer.ambiguous {
                                    Outcome::Closed
                                } else {
                                    Outcome::AlreadyClosed
                                }
                            }
                            _ => Outcome::Failed(message),
                        },
                    };
                    (handle, verdict)
                })
                .collect();
            BatchOutcome {
                results,
                throttled: false,
                fatal: None,
                unreachable: None,
            }
        }
        Err(err) => {
            let reason = err.to_string();
            let unreachable = err
                .unreachable_endpoint()
                .map(|endpoint| Unreachable::new(endpoint, reason.clone()));
            let fatal = err.is_auth().then(|| err.into());
            BatchOutcome {
                results: handles
                    .into_iter()
                    .map(|handle| (handle, Outcome::Failed(reason.clone())))
                    .collect(),
                throttled: false,
                fatal,
                unreachable,
            }
        }
    }
}

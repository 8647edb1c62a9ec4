//! What a failed read says about what to do next: was there no file, may running again with
//! `--resume` mend it, is the service asking for less.

use crate::azure::{AzureError, AzureFiles, ListDirectoryOptions, Location};

/// Whether the service found no file at the path.
pub fn is_missing(err: &AzureError) -> bool {
    err.service()
        .is_some_and(|s| s.code() == "ResourceNotFound")
}

/// Whether the service asked for fewer requests (429 or 503): the pacer then narrows.
pub(crate) fn is_throttled(err: &AzureError) -> bool {
    err.service().is_some_and(|s| matches!(s.status, 429 | 503))
}

/// Whether the failure was passing (the network, a busy service), so that running again with
/// `--resume` continues from what was fetched.
pub fn resumable(err: &AzureError) -> bool {
    match err {
        AzureError::Service(service) => crate::net::retry::is_retryable_status(service.status),
        AzureError::Network { certificate, .. } => certificate.is_none(),
        AzureError::Timeout { .. }
        | AzureError::Deadline { .. }
        | AzureError::WaitTooLong { .. }
        | AzureError::Incomplete { .. } => true,
        AzureError::Decode { problem, .. } => {
            matches!(problem, crate::protocol::wire::DecodeError::Truncated(_))
        }
        // A malformed or oversized answer, a looping marker or a failed sign-in is not
        // something running again with --resume mends.
        AzureError::TooLarge { .. } | AzureError::RepeatedMarker { .. } | AzureError::Login(_) => {
            false
        }
    }
}

/// Whether `location` lists as a directory (asked only after a Get File found no file).
pub async fn is_directory(client: &AzureFiles, location: &Location) -> bool {
    let options = ListDirectoryOptions {
        page_size: Some(1),
        ..Default::default()
    };
    client
        .list_directory(location, options)
        .next_page()
        .await
        .is_ok()
}

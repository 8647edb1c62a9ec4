//! `GET /v1/files/locks/smb/share-mode/` (optionally `?owner_address=`) and its per-file
//! form `GET /v1/files/{id}/locks/smb/share-mode/`: one share-mode grant per open handle
//! that belongs to a session, from the session's client address. Paged by `limit` and an
//! opaque `after`; like a real cluster's, the last page links on (to an empty page) instead
//! of ending with `null`, so clients must stop on a short page.

use std::fmt::Write as _;

use hyper::StatusCode;

use super::Shared;
use super::response::{Answer, error, json, query_value};

/// `file`: the per-file form's file id.
pub(super) fn list(shared: &Shared, file: Option<&str>, query: &str) -> Answer {
    let file = match file.map(str::parse::<u64>) {
        None => None,
        Some(Ok(file)) => Some(file),
        Some(Err(_)) => {
            return error(
                StatusCode::NOT_FOUND,
                "fs_no_such_entry_error",
                "no such file id",
            );
        }
    };
    let limit = match query_value(query, "limit").map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(limit)) if limit > 0 => limit,
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "limit must be a positive integer",
            );
        }
    }
    .min(shared.max_page_size);
    let address = query_value(query, "owner_address").map(|a| {
        percent_encoding::percent_decode_str(a)
            .decode_utf8_lossy()
            .into_owned()
    });
    let after = query_value(query, "after")
        .and_then(|a| hex::decode(a).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let state = shared.state.lock().expect("state");
    // (file id, handle location) orders the grants.
    let mut grants: Vec<(u64, &str, &str)> = state
        .sessions
        .values()
        .flat_map(|session| {
            session
                .handles
                .iter()
                .filter_map(|location| state.handles.get(location))
                .map(move |h| {
                    (
                        h.file_number,
                        h.location.as_str(),
                        session.originator.as_str(),
                    )
                })
        })
        .filter(|(id, _, owner)| {
            file.is_none_or(|f| f == *id) && address.as_deref().is_none_or(|a| a == *owner)
        })
        .collect();
    grants.sort_unstable();
    let key = |(id, location, _): &(u64, &str, &str)| format!("{id:020}/{location}");
    let page: Vec<&(u64, &str, &str)> = grants
        .iter()
        .filter(|g| after.as_ref().is_none_or(|after| key(g) > *after))
        .take(limit)
        .collect();
    let next = page.last().map(|last| {
        let base = match file {
            Some(file) => format!("/v1/files/{file}/locks/smb/share-mode/"),
            None => "/v1/files/locks/smb/share-mode/".to_owned(),
        };
        let mut link = format!("{base}?after={}&limit={limit}", hex::encode(key(last)));
        if let Some(address) = &address {
            let _ = write!(link, "&owner_address={address}");
        }
        link
    });
    let records: Vec<serde_json::Value> = page
        .iter()
        .map(|(id, location, owner)| {
            serde_json::json!({
                "file_id": id.to_string(), "stream_id": "0", "snapshot_id": "",
                "mode": ["API_SHARE_MODE_READ"], "owner_id": format!("owner-{location}"),
                "owner_address": owner, "node_address": "127.0.0.1",
            })
        })
        .collect();
    json(
        StatusCode::OK,
        &serde_json::json!({"grants": records, "paging": {"next": next}}),
    )
}

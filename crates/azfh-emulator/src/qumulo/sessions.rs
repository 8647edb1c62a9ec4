//! `GET /v1/smb/sessions/` (paged like the handles: `limit`, an opaque `after`, `paging.next`
//! a server path, `null` at the end; `identity=auth_id:N` selects one user's) and `POST /v1/smb/sessions/close` (the sessions as
//! listed; closing one closes its handles; one `{error_message}` per session given).

use std::fmt::Write as _;

use hyper::StatusCode;

use super::Shared;
use super::response::{Answer, error, json, query_value};

/// One SMB session, as the cluster keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QumuloSession {
    pub location: String,
    /// The client's address.
    pub originator: String,
    pub auth_id: String,
    pub share_names: Vec<String>,
    /// The locations of the handles it holds open.
    pub handles: Vec<String>,
    pub time_open_ns: u64,
    pub time_idle_ns: u64,
}

fn record(session: &QumuloSession, state: &super::ClusterState) -> serde_json::Value {
    let open = session
        .handles
        .iter()
        .filter(|l| state.handles.contains_key(*l))
        .count();
    let name = state
        .identities
        .get(&session.auth_id)
        .map(|i| i.name.clone());
    serde_json::json!({
        "location": session.location,
        "tenant_id": 1,
        "originator": session.originator,
        "server_address": "127.0.0.1",
        "user": {"domain": "LOCAL", "auth_id": session.auth_id, "uid": null, "gid": null,
                 "sid": format!("S-1-5-21-1-2-3-{}", session.auth_id), "name": name},
        "num_opens": open,
        "time_open": {"nanoseconds": session.time_open_ns.to_string()},
        "time_idle": {"nanoseconds": session.time_idle_ns.to_string()},
        "is_guest": false,
        "is_encrypted": true,
        "share_names": session.share_names,
    })
}

pub(super) fn list(shared: &Shared, query: &str) -> Answer {
    let limit = match query_value(query, "limit").map(str::parse::<usize>) {
        None => shared.max_page_size,
        Some(Ok(limit)) if limit > 0 => limit.min(shared.max_page_size),
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "limit must be a positive integer",
            );
        }
    };
    let after = match query_value(query, "after").map(hex::decode) {
        None => None,
        Some(Ok(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Some(Err(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "after is not a key this cluster gave",
            );
        }
    };
    // `identity`: this emulator knows the `auth_id:N` form.
    let auth_id = match query_value(query, "identity") {
        None => None,
        Some(identity) => match identity.strip_prefix("auth_id:") {
            Some(id) => Some(id.to_owned()),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request_error",
                    "identity: only auth_id:N is emulated",
                );
            }
        },
    };
    let state = shared.state.lock().expect("state");
    let mut selected = state
        .sessions
        .values()
        .filter(|s| auth_id.as_ref().is_none_or(|id| s.auth_id == *id))
        .filter(|s| after.as_ref().is_none_or(|after| s.location > *after));
    let page: Vec<&QumuloSession> = selected.by_ref().take(limit).collect();
    let more = selected.next().is_some();
    let next = match page.last() {
        Some(last) if more => {
            let mut link = format!(
                "/v1/smb/sessions/?after={}&limit={limit}",
                hex::encode(last.location.as_bytes())
            );
            if let Some(id) = &auth_id {
                let _ = write!(link, "&identity=auth_id:{id}");
            }
            serde_json::Value::String(link)
        }
        _ => serde_json::Value::Null,
    };
    let records: Vec<serde_json::Value> = page.iter().map(|s| record(s, &state)).collect();
    json(
        StatusCode::OK,
        &serde_json::json!({"session_infos": records, "paging": {"next": next}}),
    )
}

pub(super) fn close(shared: &Shared, body: &[u8]) -> Answer {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "the body must be a list of sessions as returned from GET /v1/smb/sessions",
        );
    };
    let mut state = shared.state.lock().expect("state");
    let mut results = Vec::with_capacity(items.len());
    for item in &items {
        let Some(location) = item["location"].as_str() else {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "a session has no location",
            );
        };
        let message = if state.fail_session_close.contains(location) {
            "smb_session_busy_error: the session is busy and cannot be closed".to_owned()
        } else if let Some(session) = state.sessions.remove(location) {
            for handle in &session.handles {
                state.handles.remove(handle);
            }
            String::new()
        } else {
            format!("smb_session_not_found_error: no session at location {location}")
        };
        results.push(serde_json::json!({"error_message": message}));
    }
    shared
        .session_closes
        .lock()
        .expect("session closes")
        .push(items.clone());
    json(StatusCode::OK, &serde_json::Value::Array(results))
}

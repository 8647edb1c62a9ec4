//! `GET /v1/smb/files/` (paged), `POST /v1/smb/files/close`, and
//! `GET /v1/files/{ref}/info/attributes` (a path to its file number).

use std::fmt::Write as _;

use hyper::StatusCode;

use super::response::{Answer, error, json, query_value};
use super::{QumuloHandle, Shared};

pub(super) fn list(shared: &Shared, query: &str) -> Answer {
    let resolve =
        query_value(query, "resolve_paths").is_some_and(|v| v.eq_ignore_ascii_case("true"));
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
    let file_number = match query_value(query, "file_number").map(str::parse::<u64>) {
        None => None,
        Some(Ok(number)) => Some(number),
        Some(Err(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "file_number must be a uint64",
            );
        }
    };
    // The opaque key: the last location of the previous page, hex-encoded.
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
    let state = shared.state.lock().expect("state");
    let mut selected = state
        .handles
        .values()
        .filter(|h| after.as_ref().is_none_or(|after| h.location > *after))
        .filter(|h| file_number.is_none_or(|n| h.file_number == n));
    let page: Vec<&QumuloHandle> = selected.by_ref().take(limit).collect();
    let more = selected.next().is_some();
    let next = match page.last() {
        Some(_) if more && state.repeat_first_page => serde_json::Value::String(format!(
            "/v1/smb/files/?limit={limit}&resolve_paths={resolve}"
        )),
        Some(last) if more => {
            let mut link = format!(
                "/v1/smb/files/?after={}&limit={limit}&resolve_paths={resolve}",
                hex::encode(last.location.as_bytes())
            );
            if let Some(number) = file_number {
                let _ = write!(link, "&file_number={number}");
            }
            serde_json::Value::String(link)
        }
        _ => serde_json::Value::Null,
    };
    let records: Vec<serde_json::Value> = page.iter().map(|h| h.record(resolve)).collect();
    json(
        StatusCode::OK,
        &serde_json::json!({"file_handles": records, "paging": {"next": next}}),
    )
}

pub(super) fn close(shared: &Shared, body: &[u8]) -> Answer {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "the body must be a list of file handles as returned from GET /v1/smb/files",
        );
    };
    let mut state = shared.state.lock().expect("state");
    let mut results = Vec::with_capacity(items.len());
    for item in &items {
        let Some(location) = item["handle_info"]["location"].as_str() else {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "a handle has no handle_info.location",
            );
        };
        let message = if state.fail_close.contains(location) {
            "fs_sharing_violation_error: the handle is busy and cannot be closed".to_owned()
        } else if state.handles.remove(location).is_some() {
            String::new()
        } else {
            format!("smb_file_handle_not_found_error: no open handle at location {location}")
        };
        results.push(serde_json::json!({"error_message": message}));
    }
    shared.closes.lock().expect("closes").push(items.clone());
    json(StatusCode::OK, &serde_json::Value::Array(results))
}

pub(super) fn attributes(shared: &Shared, reference: &str) -> Answer {
    let path = percent_encoding::percent_decode_str(reference).decode_utf8_lossy();
    let key = if path == "/" {
        "/".to_owned()
    } else {
        path.trim_end_matches('/').to_owned()
    };
    let state = shared.state.lock().expect("state");
    match state.files.get(&key) {
        Some(number) => json(
            StatusCode::OK,
            &serde_json::json!({"path": path, "id": number.to_string(), "file_number": number.to_string()}),
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "fs_no_such_entry_error",
            &format!("{path} does not exist"),
        ),
    }
}

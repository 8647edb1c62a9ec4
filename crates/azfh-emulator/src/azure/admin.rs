//! `/_emulator/…`: what tests and scripts ask the emulator directly (never part of the Azure
//! surface; account names cannot start with `_`).
//!
//! - `GET /_emulator/handles`: every open handle, with the field names of azfh's JSON output
//!   plus `share` and `snapshot`;
//! - `GET /_emulator/files[?share=NAME][&md5=true]`: every file and directory of the live
//!   shares (`share`, `path`, `type`, `size`, `file_id`, the stored `md5`), and with
//!   `md5=true` the MD5 of each file's generated content, computed on the spot (it reads every
//!   byte: meant for test-sized shares), to check what a client downloaded;
//! - `GET /_emulator/stats`: service requests received, per operation;
//! - `GET /_emulator/faults`, `PUT /_emulator/faults` (replace them all), `PATCH
//!   /_emulator/faults` (change the fields given): the injected faults, as JSON.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Response, StatusCode};
use serde_json::json;

use super::shared::Shared;
use crate::azure::response::{Body, json_response};
use crate::faults::Faults;

pub(crate) async fn handle(shared: &Shared, request: hyper::Request<Incoming>) -> Response<Body> {
    shared.apply_due_reopens();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    // Bounded like a service request's body: a larger one reads as empty (and is refused).
    let body = http_body_util::Limited::new(
        request.into_body(),
        crate::azure::request_body::MAX_REQUEST_BODY,
    )
    .collect()
    .await
    .map(http_body_util::Collected::to_bytes)
    .unwrap_or_default();
    match (method.as_str(), path.as_str()) {
        ("GET", "/_emulator/handles") => json_response(StatusCode::OK, &handles_json(shared)),
        ("GET", "/_emulator/files") => json_response(
            StatusCode::OK,
            &files_json(shared, param("share"), param("md5") == Some("true")),
        ),
        ("GET", "/_emulator/stats") => json_response(
            StatusCode::OK,
            &json!({
                "requests": shared.stats.requests(),
                "operations": shared.stats.operations(),
            }),
        ),
        ("GET", "/_emulator/faults") => json_response(StatusCode::OK, &json!(shared.faults())),
        ("PATCH", "/_emulator/faults") => match merged_faults(&shared.faults(), &body) {
            Ok(faults) => {
                shared.set_faults(faults.clone());
                json_response(StatusCode::OK, &json!(faults))
            }
            Err(err) => json_response(StatusCode::BAD_REQUEST, &json!({ "error": err })),
        },
        ("PUT", "/_emulator/faults") => match serde_json::from_slice::<Faults>(&body) {
            Ok(faults) => {
                shared.set_faults(faults.clone());
                json_response(StatusCode::OK, &json!(faults))
            }
            Err(err) => json_response(
                StatusCode::BAD_REQUEST,
                &json!({ "error": err.to_string() }),
            ),
        },
        _ => json_response(
            StatusCode::NOT_FOUND,
            &json!({ "error": "unknown emulator endpoint" }),
        ),
    }
}

/// `PATCH /_emulator/faults`: `current` with the fields `body` (a JSON object) gives, so
/// setting one fault keeps the others (`--latency`, `--retry-after`…); `PUT` replaces all.
fn merged_faults(current: &Faults, body: &[u8]) -> Result<Faults, String> {
    let serde_json::Value::Object(changes) =
        serde_json::from_slice(body).map_err(|err| err.to_string())?
    else {
        return Err("the body must be a JSON object of fault fields".to_owned());
    };
    let mut merged = json!(current);
    if let serde_json::Value::Object(fields) = &mut merged {
        fields.extend(changes);
    }
    serde_json::from_value(merged).map_err(|err| err.to_string())
}

fn files_json(shared: &Shared, only: Option<&str>, content_md5: bool) -> serde_json::Value {
    let hex = |digest: [u8; 16]| hex::encode(digest);
    let store = shared.store.lock().expect("store lock");
    let mut out = Vec::new();
    let selected = store
        .shares
        .values()
        .filter(|share| only.is_none_or(|name| share.name.eq_ignore_ascii_case(name)));
    for share in selected {
        for node in share.live.nodes() {
            let file = node.file();
            out.push(json!({
                "share": share.name,
                "path": &*node.path,
                "type": if file.is_some() { "file" } else { "directory" },
                "size": file.map(|f| f.size),
                "file_id": node.file_id.to_string(),
                "md5": file.and_then(|f| f.md5).map(hex),
                "content_md5": file
                    .filter(|_| content_md5)
                    .map(|f| hex(crate::load::content::md5(f.seed, f.size))),
            }));
        }
    }
    serde_json::Value::Array(out)
}

fn handles_json(shared: &Shared) -> serde_json::Value {
    let rfc3339 = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let store = shared.store.lock().expect("store lock");
    let mut out = Vec::new();
    for share in store.shares.values() {
        let namespaces = std::iter::once((None, &share.live)).chain(
            share
                .snapshots
                .iter()
                .map(|(id, ns)| (Some(id.clone()), ns)),
        );
        for (snapshot, namespace) in namespaces {
            for item in namespace.all_handles() {
                let h = &item.handle;
                out.push(json!({
                    "share": share.name,
                    "snapshot": snapshot,
                    "handle_id": h.id.to_string(),
                    "path": item.path,
                    "file_id": item.file_id.to_string(),
                    "parent_id": item.parent_id.to_string(),
                    "session_id": h.session_id.to_string(),
                    "client_ip": h.client_ip.to_string(),
                    "client_port": h.client_port,
                    "client_name": h.client_name,
                    "open_time": rfc3339(h.open_time),
                    "last_reconnect_time": h.last_reconnect_time.map(rfc3339),
                    "access_rights": h.access.iter().map(azfh_protocol::AccessRight::name).collect::<Vec<_>>(),
                }));
            }
        }
    }
    serde_json::Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patching_faults_keeps_the_fields_not_given() {
        let current = Faults {
            latency_ms: 50,
            retry_after_secs: 7,
            reopen_times: 3,
            ..Faults::default()
        };
        let merged = merged_faults(&current, br#"{"busy_every":3}"#).unwrap();
        assert_eq!(
            merged,
            Faults {
                busy_every: 3,
                ..current.clone()
            }
        );
        assert!(
            merged_faults(&current, br#"{"bogus":1}"#)
                .unwrap_err()
                .contains("bogus")
        );
        assert!(
            merged_faults(&current, b"[1]")
                .unwrap_err()
                .contains("JSON object")
        );
        assert!(merged_faults(&current, br#"{"busy_every":"x"}"#).is_err());
    }
}

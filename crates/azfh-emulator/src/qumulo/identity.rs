//! `POST /v1/identity/find`: an auth_id to the user's name, as the lock managers resolve a
//! handle's owner. Each lookup is recorded, so tests can count them.

use hyper::StatusCode;

use super::Shared;
use super::response::{Answer, error, json};

/// A user the cluster knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownIdentity {
    /// `LOCAL`, `ACTIVE_DIRECTORY`, …
    pub domain: String,
    /// As the cluster gives it: `admin`, `CORP\alice`.
    pub name: String,
}

pub(super) fn find(shared: &Shared, body: &[u8]) -> Answer {
    let request: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let Some(auth_id) = request["auth_id"].as_str() else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "the body must name an auth_id",
        );
    };
    shared
        .lookups
        .lock()
        .expect("lookups")
        .push(auth_id.to_owned());
    let state = shared.state.lock().expect("state");
    match state.identities.get(auth_id) {
        Some(identity) => json(
            StatusCode::OK,
            &serde_json::json!({
                "domain": identity.domain, "auth_id": auth_id, "uid": null, "gid": null,
                "sid": format!("S-1-5-21-1-2-3-{auth_id}"), "name": identity.name,
            }),
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "identity_not_found_error",
            &format!("no identity with auth_id {auth_id}"),
        ),
    }
}

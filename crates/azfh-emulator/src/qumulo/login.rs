//! `POST /v1/session/login` (a user and password for a session token) and
//! `GET /v1/session/who-am-i` (the user and the privileges the preflight checks).

use hyper::StatusCode;

use super::Shared;
use super::response::{Answer, error, json};

/// Every privilege the emulated cluster knows; `ClusterState::withheld_privileges` takes
/// some away from every user.
pub const PRIVILEGES: [&str; 7] = [
    "PRIVILEGE_SMB_FILE_HANDLE_READ",
    "PRIVILEGE_SMB_FILE_HANDLE_WRITE",
    "PRIVILEGE_SMB_SESSION_READ",
    "PRIVILEGE_SMB_SESSION_WRITE",
    "PRIVILEGE_FS_LOCK_READ",
    "PRIVILEGE_IDENTITY_READ",
    "PRIVILEGE_SMB_SHARE_READ",
];

pub(super) fn login(shared: &Shared, body: &[u8]) -> Answer {
    let request: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let (user, password) = (request["username"].as_str(), request["password"].as_str());
    let mut state = shared.state.lock().expect("state");
    match (user, password) {
        (Some(user), Some(password)) if state.users.get(user).is_some_and(|p| p == password) => {
            let token = format!("session-v1:{}", uuid::Uuid::new_v4().simple());
            state.tokens.insert(token.clone());
            json(StatusCode::OK, &serde_json::json!({"bearer_token": token}))
        }
        _ => error(
            StatusCode::UNAUTHORIZED,
            "auth_login_failed_error",
            "Login failed: the user name or password is wrong.",
        ),
    }
}

/// The authenticated user: the emulated admin, with every privilege not withheld.
pub(super) fn who_am_i(shared: &Shared) -> Answer {
    let state = shared.state.lock().expect("state");
    let privileges: Vec<&str> = PRIVILEGES
        .into_iter()
        .filter(|p| !state.withheld_privileges.contains(*p))
        .collect();
    json(
        StatusCode::OK,
        &serde_json::json!({
            "id": "500", "name": "admin", "sid": "S-1-5-21-1-2-3-500", "uid": 0,
            "primary_group": "513", "privileges": privileges, "access_token_id": null,
        }),
    )
}

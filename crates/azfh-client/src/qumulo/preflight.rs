//! The privilege preflight: `GET /v1/session/who-am-i` before any listing, so that a user who
//! lacks a privilege learns which one at once, instead of from a 403 halfway through a close.

use reqwest::Method;
use serde::Deserialize;

use super::QumuloClient;
use super::error::QumuloError;

/// Listing open SMB file handles.
pub const SMB_FILE_HANDLE_READ: &str = "PRIVILEGE_SMB_FILE_HANDLE_READ";
/// Closing open SMB file handles.
pub const SMB_FILE_HANDLE_WRITE: &str = "PRIVILEGE_SMB_FILE_HANDLE_WRITE";
/// Listing SMB sessions.
pub const SMB_SESSION_READ: &str = "PRIVILEGE_SMB_SESSION_READ";
/// Closing SMB sessions.
pub const SMB_SESSION_WRITE: &str = "PRIVILEGE_SMB_SESSION_WRITE";
/// Reading lock grants (the client addresses of `--client-ip`).
pub const FS_LOCK_READ: &str = "PRIVILEGE_FS_LOCK_READ";

/// `GET /v1/session/who-am-i`, the fields used.
#[derive(Debug, Deserialize)]
struct WhoAmI {
    #[serde(default)]
    name: Option<String>,
    /// Absent on a cluster that does not report them: then nothing can be checked.
    #[serde(default)]
    privileges: Option<Vec<String>>,
}

impl QumuloClient {
    /// Fails with [`QumuloError::MissingPrivilege`] naming the first of `needed` the
    /// authenticated user lacks. A cluster that lists no privileges is not second-guessed:
    /// its answers to the real requests will say.
    pub async fn check_privileges(&self, needed: &[&'static str]) -> Result<(), QumuloError> {
        let body = self
            .transport()
            .send("who-am-i", Method::GET, "/v1/session/who-am-i", None)
            .await?;
        let me: WhoAmI = serde_json::from_slice(&body).map_err(|err| QumuloError::Decode {
            operation: "who-am-i",
            message: err.to_string(),
        })?;
        let Some(held) = me.privileges else {
            tracing::debug!("who-am-i lists no privileges: not checked");
            return Ok(());
        };
        match needed
            .iter()
            .find(|privilege| !held.iter().any(|h| h == *privilege))
        {
            Some(privilege) => Err(QumuloError::MissingPrivilege {
                user: me.name.unwrap_or_default(),
                privilege,
            }),
            None => Ok(()),
        }
    }
}

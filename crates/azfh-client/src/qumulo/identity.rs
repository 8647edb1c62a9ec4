//! Owners by name: each handle's `owner` (an auth_id) resolved with `POST /v1/identity/find`,
//! once per distinct owner for the client's life (a run), several lookups at a time.
//!
//! A lookup that fails leaves the id alone: the handle is still listed and closable by id,
//! and the first failure is kept for the command to say once.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::Method;

use super::QumuloClient;
use super::error::QumuloError;
use super::wire::Identity;
use crate::handles::model::Handle;

/// Lookups in flight at once: enough to hide latency, few enough not to load the cluster.
const LOOKUPS_IN_FLIGHT: usize = 8;

/// What is known of owners' names, shared by clones of one client.
#[derive(Debug, Default)]
pub(super) struct Names {
    /// auth_id → the name the cluster gave (`None`: it gave none, or the lookup failed).
    known: Mutex<HashMap<String, Option<String>>>,
    /// How many lookups failed, and the first failure.
    failures: Mutex<(u64, Option<String>)>,
}

impl QumuloClient {
    /// Fills `owner_name` in `handles`, looking up the owners not asked about before.
    pub async fn name_owners(&self, handles: &mut [Handle]) {
        self.look_up(handles.iter().filter_map(Handle::owner)).await;
        for handle in handles {
            if let Some(fields) = handle.qumulo.as_deref_mut() {
                fields.owner_name = fields.owner.as_deref().and_then(|o| self.known_name(o));
            }
        }
    }

    /// The name looked up for `auth_id`, if one was found.
    pub(super) fn known_name(&self, auth_id: &str) -> Option<String> {
        let known = self.names().known.lock().expect("names");
        known.get(auth_id).cloned().flatten()
    }

    /// Looks up those of `auth_ids` not asked about before, [`LOOKUPS_IN_FLIGHT`] at a time.
    pub(super) async fn look_up(&self, auth_ids: impl Iterator<Item = &str>) {
        let unknown: BTreeSet<String> = {
            let known = self.names().known.lock().expect("names");
            auth_ids
                .filter(|id| !known.contains_key(*id))
                .map(str::to_owned)
                .collect()
        };
        let found: Vec<(String, Result<Option<String>, QumuloError>)> =
            futures_util::stream::iter(unknown)
                .map(|owner| async move {
                    let name = self.find_name(&owner).await;
                    (owner, name)
                })
                .buffer_unordered(LOOKUPS_IN_FLIGHT)
                .collect()
                .await;
        let mut known = self.names().known.lock().expect("names");
        let mut failures = self.names().failures.lock().expect("failures");
        for (owner, name) in found {
            let name = name.unwrap_or_else(|err| {
                failures.0 += 1;
                failures.1.get_or_insert_with(|| format!("{owner}: {err}"));
                None
            });
            known.insert(owner, name);
        }
    }

    /// What the caller should say once: owner names that could not be looked up (their ids
    /// are shown instead), and handles `--client-ip` found ambiguous.
    pub fn notices(&self) -> Vec<String> {
        self.name_lookup_failures()
            .map(|(count, first)| {
                format!(
                    "{count} owner name{} could not be looked up, so {} shown by auth_id (first: {first})",
                    if count == 1 { "" } else { "s" },
                    if count == 1 { "it is" } else { "they are" }
                )
            })
            .into_iter()
            .chain(self.join_notices())
            .collect()
    }

    /// How many owner lookups failed, and the first failure; `None` if none did.
    pub fn name_lookup_failures(&self) -> Option<(u64, String)> {
        let failures = self.names().failures.lock().expect("failures");
        failures.1.clone().map(|first| (failures.0, first))
    }

    /// The name of the user with `auth_id`; `None` if the cluster gives none.
    async fn find_name(&self, auth_id: &str) -> Result<Option<String>, QumuloError> {
        let body = serde_json::json!({ "auth_id": auth_id }).to_string();
        let answer = self
            .transport()
            .send(
                "find identity",
                Method::POST,
                "/v1/identity/find",
                Some(Bytes::from(body)),
            )
            .await?;
        let identity: Identity =
            serde_json::from_slice(&answer).map_err(|err| QumuloError::Decode {
                operation: "find identity",
                message: err.to_string(),
            })?;
        Ok(identity.name.filter(|name| !name.trim().is_empty()))
    }
}

//! The storage behind `handles ls` and `handles close`, chosen from the TARGET.
//!
//! The commands see only this: a listing that yields pages of [`Handle`]s, a close that takes
//! a batch of listed handles and gives one [`Outcome`] per handle, and [`Capabilities`] that
//! say which filters the backend's data can honour, so that a filter it cannot honour is
//! refused before any request instead of silently matching nothing. The filter layer, the
//! renderers, the close loop (concurrency, dry run, confirmation, `--max`, `--verify`, the
//! report) and the exit statuses are shared.
//!
//! Adding a third backend: write its client beside `azure/` and `qumulo/` (a transport, a
//! decoder into [`Handle`] that leaves unknown fields `None`, a paging loop that stops on a
//! repeated link), give its TARGET a scheme in `config`, add a variant to [`Backend`] and
//! [`Pager`], and fill in its [`Capabilities`]. Nothing above this file changes.

use crate::azure::{
    AzureError, AzureFiles, CloseTotals, HandlePager, ListHandlesOptions, Location,
};
use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;
use crate::handles::selection::Filters;
use crate::qumulo::client::{CLOSE_BATCH, Scope};
use crate::qumulo::{QumuloClient, QumuloPager};

/// Where the handles live.
pub enum Backend {
    Azure {
        client: AzureFiles,
        location: Location,
    },
    Qumulo {
        client: QumuloClient,
        /// `qumulo://HOST:PORT`, for messages.
        cluster: String,
        /// Absolute path on the cluster.
        path: String,
    },
}

/// What a backend's handles carry, and how it closes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is one independent fact about a backend"
)]
pub struct Capabilities {
    /// The backend's name in messages.
    pub name: &'static str,
    pub open_time: bool,
    pub client_ip: bool,
    pub client_name: bool,
    pub session: bool,
    pub owner: bool,
    /// Azure Files' 2,000 / 10,000 handles per path.
    pub handle_limits: bool,
    /// The service closes everything under a path itself (Azure's `*`), with markers.
    pub close_all: bool,
    /// Handles one close request carries.
    pub close_batch: usize,
}

impl Capabilities {
    pub const AZURE: Self = Self {
        name: "Azure Files",
        open_time: true,
        client_ip: true,
        client_name: true,
        session: true,
        owner: false,
        handle_limits: true,
        close_all: true,
        close_batch: 1,
    };

    pub const QUMULO: Self = Self {
        name: "Qumulo",
        open_time: false,
        client_ip: false,
        client_name: false,
        session: false,
        owner: true,
        handle_limits: false,
        close_all: false,
        close_batch: CLOSE_BATCH,
    };

    /// The first filter in `filters` these handles cannot answer, with the reason.
    pub fn refused_filter(&self, filters: &Filters) -> Option<(&'static str, &'static str)> {
        let time = filters.older_than.is_some()
            || filters.newer_than.is_some()
            || filters.opened_before.is_some()
            || filters.opened_after.is_some();
        let refusals = [
            (
                time && !self.open_time,
                "--older-than, --newer-than, --opened-before and --opened-after",
                "its handles carry no open time",
            ),
            (
                !self.client_ip
                    && (!filters.client_ips.is_empty() || !filters.exclude_client_ips.is_empty()),
                "--client-ip and --exclude-client-ip",
                "its handles carry no client address (a lock grant or session gives one only for some files, and not reliably)",
            ),
            (
                !self.client_name
                    && (!filters.client_names.is_empty()
                        || !filters.exclude_client_names.is_empty()),
                "--client-name and --exclude-client-name",
                "its handles carry no client name",
            ),
            (
                !filters.session_ids.is_empty() && !self.session,
                "--session-id",
                "its handles carry no session id",
            ),
            (
                !filters.owners.is_empty() && !self.owner,
                "--owner",
                "its handles carry no owner (use --client-name or --client-ip)",
            ),
        ];
        refusals
            .into_iter()
            .find(|(refused, _, _)| *refused)
            .map(|(_, flags, why)| (flags, why))
    }
}

/// A listing in progress.
pub enum Pager {
    Azure(HandlePager),
    Qumulo(QumuloPager),
}

impl Pager {
    /// The next page (possibly empty); `None` at the end.
    pub async fn next_page(&mut self) -> anyhow::Result<Option<Vec<Handle>>> {
        Ok(match self {
            Pager::Azure(pager) => pager.next_page().await?,
            Pager::Qumulo(pager) => pager.next_page().await?,
        })
    }

    pub fn pages(&self) -> u64 {
        match self {
            Pager::Azure(pager) => pager.pages(),
            Pager::Qumulo(pager) => pager.pages(),
        }
    }
}

/// How closing one batch went.
pub struct BatchOutcome {
    pub results: Vec<(Handle, Outcome)>,
    /// The service pushed back (429, 503) on the way: the pacer slows down.
    pub throttled: bool,
    /// An error that should stop every further close (authorization).
    pub fatal: Option<anyhow::Error>,
}

impl Backend {
    pub fn capabilities(&self) -> Capabilities {
        match self {
            Backend::Azure { .. } => Capabilities::AZURE,
            Backend::Qumulo { .. } => Capabilities::QUMULO,
        }
    }

    /// TARGET as messages show it.
    pub fn display(&self) -> String {
        match self {
            Backend::Azure { location, .. } => location.display(),
            Backend::Qumulo { cluster, path, .. } => format!("{cluster}{path}"),
        }
    }

    /// Whether `id` can be a handle id of this backend (`--handle-id`).
    pub fn is_handle_id(&self, id: &str) -> bool {
        match self {
            Backend::Azure { .. } => id.parse::<u64>().is_ok(),
            Backend::Qumulo { .. } => {
                !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control())
            }
        }
    }

    /// Lists TARGET (with `recursive`, also below it).
    pub fn list(&self, recursive: bool, page_size: Option<u32>) -> Pager {
        match self {
            Backend::Azure { client, location } => Pager::Azure(client.list_handles(
                location,
                ListHandlesOptions {
                    recursive,
                    page_size,
                },
            )),
            Backend::Qumulo { client, path, .. } => Pager::Qumulo(client.list_handles(Scope {
                path: path.clone(),
                recursive,
                page_size,
            })),
        }
    }

    /// The Azure client and location, for what only Azure Files does (`*` closes).
    pub fn azure(&self) -> Option<(&AzureFiles, &Location)> {
        match self {
            Backend::Azure { client, location } => Some((client, location)),
            Backend::Qumulo { .. } => None,
        }
    }

    /// Closes a batch of listed handles (at most `close_batch` of them).
    pub async fn close(&self, handles: Vec<Handle>) -> BatchOutcome {
        match self {
            Backend::Azure { client, location } => {
                let mut outcome = BatchOutcome {
                    results: Vec::with_capacity(handles.len()),
                    throttled: false,
                    fatal: None,
                };
                for handle in handles {
                    let at = Location {
                        share: location.share.clone(),
                        path: handle.path.clone(),
                        snapshot: location.snapshot.clone(),
                    };
                    let result = client.close_handle(&at, &handle.id).await;
                    let verdict = match result {
                        Ok(CloseTotals {
                            closed,
                            failed,
                            ambiguous,
                            throttled,
                            ..
                        }) => {
                            outcome.throttled |= throttled;
                            Outcome::from_counts(closed, failed, ambiguous)
                        }
                        Err(err) => azure_outcome(err, &mut outcome.fatal),
                    };
                    outcome.results.push((handle, verdict));
                }
                outcome
            }
            Backend::Qumulo { client, .. } => match client.close(&handles).await {
                Ok(messages) => BatchOutcome {
                    results: handles
                        .into_iter()
                        .zip(messages)
                        .map(|(handle, message)| {
                            let verdict = match message {
                                None => Outcome::Closed,
                                Some(message) => Outcome::Failed(message),
                            };
                            (handle, verdict)
                        })
                        .collect(),
                    throttled: false,
                    fatal: None,
                },
                Err(err) => {
                    let reason = err.to_string();
                    let fatal = matches!(err.status(), Some(401 | 403)).then(|| err.into());
                    BatchOutcome {
                        results: handles
                            .into_iter()
                            .map(|handle| (handle, Outcome::Failed(reason.clone())))
                            .collect(),
                        throttled: false,
                        fatal,
                    }
                }
            },
        }
    }
}

/// The outcome of an Azure close that ended in an error; authorization errors are fatal.
fn azure_outcome(err: AzureError, fatal: &mut Option<anyhow::Error>) -> Outcome {
    if let Some(service) = err.service() {
        match (service.status, service.code()) {
            // The file or directory is gone, and its handles with it.
            (404, "ResourceNotFound" | "ParentNotFound") => return Outcome::AlreadyClosed,
            (401 | 403, _) => {
                let reason = err.to_string();
                if fatal.is_none() {
                    *fatal = Some(err.into());
                }
                return Outcome::Failed(reason);
            }
            _ => {}
        }
    }
    Outcome::Failed(err.to_string())
}

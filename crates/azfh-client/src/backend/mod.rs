//! The storage behind `handles ls` and `handles close`, chosen from the TARGET.
//!
//! The commands and engines see only this: a listing that yields pages of [`Handle`]s, a close
//! that takes a batch of listed handles and gives one [`Outcome`] per handle, [`Capabilities`]
//! that say which filters the backend's data can honour (so that a filter it cannot honour is
//! refused before any request instead of silently matching nothing), and optional
//! capabilities a backend may lack, such as [`Backend::close_everything`]. The filter layer,
//! the renderers, the close engine (concurrency, `--max`, `--verify`, interrupts) and the
//! exit statuses are shared.
//!
//! Adding a third backend, in this crate: write its client beside `azure/` and `qumulo/` (a
//! builder, a transport over `net::send`, a decoder into [`Handle`] that leaves unknown fields
//! `None`, a paging loop that stops on a repeated link, error predicates), give its TARGET a
//! scheme in `config::target::Service`, add a variant to [`Backend`] and [`Pager`], a file
//! here that closes a batch of its handles, an arm to each `match` in this module, and fill
//! in its [`Capabilities`]. If its service closes everything under a path itself, add a
//! variant to [`CloseEverything`]; otherwise `close_everything` gives `None` and `--all`
//! closes what a listing found. The engines in `ops` do not change. In the binary: its
//! credential options (`cli/global.rs`) and environment (`settings.rs`), its arm in
//! `Context::connect_backend` and the group-by wording of `check_backend_can_filter`
//! (`commands/mod.rs`), and the hints for its errors (`error.rs`).
//!
//! [`Outcome`]: crate::handles::outcome::Outcome

mod azure;
mod batch;
mod capabilities;
mod close_everything;
mod pager;
mod qumulo;

pub use batch::{BatchOutcome, Unreachable};
pub use capabilities::Capabilities;
pub use close_everything::{CloseEverything, CloseTotals, RoundFailed};
pub use pager::Pager;
pub use qumulo::Work;

use crate::azure::{AzureFiles, CloseTarget, ListHandlesOptions, Location};
use crate::handles::model::Handle;
use crate::handles::selection::{Ambiguous, Filters};
use crate::ops::handle_listing::{TreeListing, Tuning};
use crate::qumulo::QumuloClient;
use crate::qumulo::client::Scope;

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

impl Backend {
    pub fn capabilities(&self) -> Capabilities {
        match self {
            Backend::Azure { .. } => Capabilities::AZURE,
            Backend::Qumulo { .. } => Capabilities::QUMULO,
        }
    }

    /// Readies the backend for `work` with `filters`, before any listing. On Qumulo, an
    /// address filter has listings join client addresses from the lock grants, and the
    /// who-am-i preflight names a missing privilege. Azure Files has nothing to ready (its
    /// answers say what is missing).
    pub async fn preflight(&self, work: Work, filters: &Filters) -> anyhow::Result<()> {
        match self {
            Backend::Azure { .. } => Ok(()),
            Backend::Qumulo { client, .. } => {
                if !filters.client_ips.is_empty() || !filters.exclude_client_ips.is_empty() {
                    // Excluding needs every grant; selecting needs the selected addresses'.
                    let nets = if filters.exclude_client_ips.is_empty() {
                        filters.client_ips.iter().map(|m| m.net).collect()
                    } else {
                        Vec::new()
                    };
                    let include = filters.client_ip_ambiguous == Some(Ambiguous::Include);
                    client.join_clients(nets, include);
                }
                let needed = qumulo::privileges(work, client.joins_clients());
                Ok(client.check_privileges(&needed).await?)
            }
        }
    }

    /// What the backend went on without, to be said once after the work: owner names that
    /// could not be looked up (their ids are shown instead).
    pub fn notices(&self) -> Vec<String> {
        match self {
            Backend::Azure { .. } => Vec::new(),
            Backend::Qumulo { client, .. } => client.notices(),
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

    /// Lists TARGET (with `recursive`, also below it). A recursive Azure listing splits the
    /// tree into parts listed concurrently when that pays (`ops::handle_listing`): the same
    /// handles, each once, in an order across parts that is not promised. Its top level is
    /// asked for alongside its first page, a round trip sooner when the tree is split, one
    /// small request more when it is not.
    pub fn list(&self, recursive: bool, page_size: Option<u32>) -> Pager {
        self.list_tuned(recursive, page_size, Tuning::default())
    }

    /// [`Self::list`] for one of many shares listed at once (a sweep): each share's top level
    /// is asked for only once its first page shows that a split may pay, so a share of one
    /// page costs one request, however many shares there are.
    pub fn list_among_many(&self, recursive: bool, page_size: Option<u32>) -> Pager {
        let tuning = Tuning {
            top_level_ahead: false,
            ..Tuning::default()
        };
        self.list_tuned(recursive, page_size, tuning)
    }

    fn list_tuned(&self, recursive: bool, page_size: Option<u32>, tuning: Tuning) -> Pager {
        match self {
            Backend::Azure { client, location } if recursive => Pager::AzureTree(Box::new(
                TreeListing::new(client.clone(), location.clone(), page_size, tuning),
            )),
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

    /// Closes a batch of listed handles (at most `close_batch` of them).
    pub async fn close(&self, handles: Vec<Handle>) -> BatchOutcome {
        match self {
            Backend::Azure { client, location } => azure::close(client, location, handles).await,
            Backend::Qumulo { client, .. } => qumulo::close(client, handles).await,
        }
    }

    /// A close of every handle on TARGET (with `recursive`, also below it) that the service
    /// carries out itself, resuming from `resume_from` (a marker an earlier run printed);
    /// `None` on a backend whose service cannot (there, [`Capabilities::close_all`] is false).
    /// Nothing is sent until its first round.
    pub fn close_everything(
        &self,
        recursive: bool,
        resume_from: Option<String>,
    ) -> Option<CloseEverything> {
        match self {
            Backend::Azure { client, location } => Some(CloseEverything::Azure(client.close_loop(
                location,
                CloseTarget::All,
                recursive,
                resume_from,
            ))),
            Backend::Qumulo { .. } => None,
        }
    }
}

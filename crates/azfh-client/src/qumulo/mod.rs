//! The Qumulo Core client: open SMB file handles and sessions over Qumulo's REST API.
//!
//! `GET /v1/smb/files/?resolve_paths=true` enumerates the cluster's handles page by page
//! (`paging.next`), `POST /v1/smb/files/close` closes a batch of them, given back as listed.
//! A Qumulo handle carries no client, session or open time: its [`Handle`] leaves those
//! `None`, and the backend layer refuses the filters that would need them. Owners get their
//! names from `identity/find` (`identity`), and `--client-ip` its addresses from the lock
//! grants, joined by file (`grants`). Sessions are listed and closed on their own
//! (`session`, `sessions`); `preflight` checks privileges before any of it.
//!
//! Below it: the handle model and `net`; never `config`, commands, renderers, the CLI or the
//! emulator. The caller picks the [`QumuloAuth`] and hands plain settings to a
//! [`QumuloClientBuilder`].
//!
//! [`Handle`]: crate::handles::Handle

pub mod auth;
pub mod builder;
pub mod client;
pub mod error;
mod grants;
mod identity;
pub mod preflight;
pub mod session;
mod sessions;
pub mod transport;
pub mod wire;

pub use auth::QumuloAuth;
pub use builder::QumuloClientBuilder;
pub use client::{QumuloClient, QumuloPager};
pub use error::QumuloError;
pub use session::{Session, SessionFilters};
pub use transport::QumuloTransport;

//! The Qumulo Core client: open SMB file handles over Qumulo's REST API.
//!
//! `GET /v1/smb/files/?resolve_paths=true` enumerates the cluster's handles page by page
//! (`paging.next`), `POST /v1/smb/files/close` closes a batch of them, given back as listed.
//! A Qumulo handle carries no client, session or open time, so its [`Handle`] leaves those
//! `None`; the backend layer refuses the filters that would need them.
//!
//! Below it: the handle model, `net` and, for its login settings,
//! `config::qumulo::QumuloAuth`. Service text goes into its errors as sent: the binary escapes
//! it where it prints it.
//!
//! [`Handle`]: crate::handles::Handle

pub mod client;
pub mod error;
pub mod transport;
pub mod wire;

pub use client::{QumuloClient, QumuloPager};
pub use error::QumuloError;
pub use transport::{QumuloTransport, TransportOptions};

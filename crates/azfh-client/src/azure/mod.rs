//! The Azure Files client: typed operations over a transport that signs each attempt and
//! decodes the service's errors; `net` sends it and retries.
//!
//! Below it: `azfh_protocol` (the REST vocabulary and signing, shared with the emulator), the
//! models it decodes into (`handles::model`, `files::Entry`) and `net` (the HTTP client, its
//! retry loop, TLS, body limits, redaction). Service text goes into errors as the service
//! wrote it (secrets scrubbed); it is escaped where it is printed. Never commands, renderers,
//! the CLI, `config` or the emulator.

pub mod builder;
pub mod client;
pub mod content_range;
pub mod credential;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod login;
pub mod paging;
pub mod share_listing;
pub mod transport;

pub use azfh_protocol::API_VERSION;
pub use builder::AzureFilesBuilder;
pub use client::{
    AzureFiles, CloseLoop, CloseRound, CloseTarget, CloseTotals, DirectoryPager, FileProperties,
    FileVersion, HandlePager, ListDirectoryOptions, ListHandlesOptions, Location, RangeRead,
};
pub use credential::{AccountKey, Credential, SasToken};
pub use endpoint::ServiceEndpoint;
pub use error::{AzureError, ServiceError};
pub use share_listing::{ListSharesOptions, SharePager};
pub use transport::Transport;

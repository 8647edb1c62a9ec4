//! The Azure Files client: typed operations over a transport that signs, retries and decodes.
//!
//! Below it: `protocol` (the REST vocabulary and signing, shared with the emulator), the
//! models it decodes into (`handles::model`, `files::Entry`), `net` (retry, TLS, body limits,
//! redaction) and `output::escape` (service text is made safe for a terminal before it goes
//! into an error). Never commands, renderers, the CLI, `config` or the emulator.

pub mod builder;
pub mod client;
pub mod content_range;
pub mod credential;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod login;
pub mod paging;
pub mod transport;

pub use crate::protocol::API_VERSION;
pub use builder::AzureFilesBuilder;
pub use client::{
    AzureFiles, CloseLoop, CloseRound, CloseTarget, CloseTotals, DirectoryPager, FileProperties,
    FileVersion, HandlePager, ListDirectoryOptions, ListHandlesOptions, Location, RangeRead,
};
pub use credential::{AccountKey, Credential, SasToken};
pub use endpoint::ServiceEndpoint;
pub use error::{AzureError, ServiceError};
pub use transport::{Transport, TransportOptions};

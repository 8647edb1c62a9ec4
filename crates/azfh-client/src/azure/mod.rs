//! The Azure Files client: typed operations over a transport that signs, retries and decodes.
//!
//! Below it: `azfh_protocol` (the REST vocabulary and signing, shared with the emulator), the
//! models it decodes into (`handles::model`, `files::Entry`) and `net` (retry, TLS, body
//! limits, redaction). Service text goes into its errors as sent: the binary escapes it where
//! it prints it.

pub mod client;
pub mod content_range;
pub mod credential;
pub mod decode;
pub mod endpoint;
pub mod error;
pub mod login;
pub mod paging;
pub mod transport;

pub use azfh_protocol::API_VERSION;
pub use client::{
    AzureFiles, CloseLoop, CloseRound, CloseTarget, CloseTotals, DirectoryPager, FileProperties,
    FileVersion, HandlePager, ListDirectoryOptions, ListHandlesOptions, Location, RangeRead,
};
pub use credential::{AccountKey, Credential, SasToken};
pub use endpoint::ServiceEndpoint;
pub use error::{AzureError, ServiceError};
pub use transport::{Transport, TransportOptions};

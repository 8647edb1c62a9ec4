//! The Azure Files client: typed operations over a transport that signs, retries and decodes.
//!
//! Depends only on the handle model below it; never on commands, rendering or the CLI.

pub mod client;
pub mod content_range;
pub mod credential;
pub mod endpoint;
pub mod error;
pub mod login;
pub mod paging;
pub mod share_name;
pub mod signing;
pub mod transport;
pub mod wire;
pub mod xml_scan;

pub use client::{
    AzureFiles, CloseLoop, CloseRound, CloseTarget, CloseTotals, DirectoryPager, FileProperties,
    FileVersion, HandlePager, ListDirectoryOptions, ListHandlesOptions, Location, RangeRead,
};
pub use credential::{AccountKey, Credential, SasToken};
pub use endpoint::ServiceEndpoint;
pub use error::{AzureError, ServiceError};
pub use transport::{API_VERSION, Transport, TransportOptions};

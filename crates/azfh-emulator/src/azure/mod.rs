//! The Azure Files service: one file per REST operation (List Handles, Force Close Handles,
//! List Directories and Files, Get File), and what every request goes through before one
//! runs: decoding, addressing, versions, authorisation (Shared Key, SAS, bearer), and the
//! service's replies and markers. `admin` is the emulator's own `/_emulator/…` side door.

pub(crate) mod addressing;
pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod force_close;
pub(crate) mod get_file;
pub(crate) mod list_directory;
pub(crate) mod list_handles;
pub(crate) mod marker;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod sas;
pub(crate) mod server;
pub(crate) mod versions;

//! The Azure Files service: one file per REST operation (List Shares, Get Share Properties,
//! Get Directory Properties, List Handles, Force Close Handles, List Directories and Files,
//! Get File), which request is which (`operation`), and what every request goes through before one
//! runs: decoding, addressing, versions, authorisation (Shared Key, SAS, bearer), and the
//! service's replies and markers. `admin` is the emulator's own `/_emulator/…` side door.
//! Around them: the emulator itself (`emulator`, `config`, `background`), the state its
//! connections share (`shared`, `stats`, `reopens`) and the control a test keeps (`control`).
//! The Qumulo emulator beside it (`crate::qumulo`) is smaller: two endpoints and a login, its
//! server, state and certificate.

pub(crate) mod addressing;
pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod background;
pub(crate) mod config;
pub(crate) mod control;
pub(crate) mod directory_properties;
pub(crate) mod emulator;
pub(crate) mod force_close;
pub(crate) mod get_file;
pub(crate) mod list_directory;
pub(crate) mod list_handles;
pub(crate) mod list_shares;
pub(crate) mod marker;
pub(crate) mod operation;
pub(crate) mod reopens;
pub(crate) mod request;
pub(crate) mod request_body;
pub(crate) mod response;
pub(crate) mod sas;
pub(crate) mod server;
pub(crate) mod share_properties;
pub(crate) mod shared;
pub(crate) mod stats;
pub(crate) mod versions;

//! The Azure Files emulator: no other one exists (Azurite has no File service), so azfh ships
//! one, for newcomers, tests, benchmarks and users' own scripts.
//!
//! It serves the account `devstoreaccount1` (the well-known development key) path-style on
//! loopback only: `http://127.0.0.1:PORT/devstoreaccount1/SHARE/PATH`. It does not use the
//! client: what both must agree on (wire structs, Shared Key and SAS string-to-sign, names,
//! times, the development account) is the `azfh_protocol` crate, the only part of azfh it
//! depends on; Microsoft's Python SDK, JavaScript SDK and Azure CLI, in the conformance tests,
//! check both sides. Its command-line arguments are its own ([`args`]); the binary flattens
//! them into `azfh emulator`.

pub mod args;
mod azure;
pub mod background;
pub mod faults;
pub mod load;
pub mod qumulo;
pub mod request_log;
pub mod store;
pub mod throttle;

pub use azure::background::BackgroundEmulator;
pub use azure::config::{
    DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PAGE_SIZE,
    EmulatorConfig,
};
pub use azure::control::EmulatorControl;
pub use azure::emulator::{Emulator, connection_string};
pub use azure::stats::Stats;
pub use faults::Faults;
pub use store::Store;

/// The development account it serves, and its key.
pub use azfh_protocol::development::{ACCOUNT, ACCOUNT_KEY};
/// Where `azfh emulator` listens by default: development storage's file service address.
pub const DEFAULT_LISTEN: &str = azfh_protocol::development::FILE_SERVICE_ADDR;

//! How an Azure Files emulator is set up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::{ACCOUNT, ACCOUNT_KEY, Faults};

/// Handles per List Handles page when the client does not ask for fewer, and the most it may ask.
pub const DEFAULT_MAX_PAGE_SIZE: u32 = 5_000;

/// How an emulator is set up.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Must be a loopback address.
    pub listen: SocketAddr,
    pub max_page_size: u32,
    /// OAuth bearer tokens accepted (with `x-ms-file-request-intent: backup`).
    pub bearer_tokens: Vec<String>,
    pub faults: Faults,
    pub request_log: Option<PathBuf>,
    /// The account key (base64); the well-known development key by default.
    pub account_key: String,
    /// The storage account it serves (the first segment of every path); the development
    /// storage account by default. Two emulators with two names stand for two accounts.
    pub account: String,
    /// Connections served at once; more wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// How long a request's body may stall, and an answer's writes make no progress, before
    /// the connection is closed.
    pub idle_timeout: Duration,
    /// How long a connection may take to send a request's head, counted from when it connects
    /// or finishes the previous answer: silent connections are closed after it (never later
    /// than `idle_timeout`), so they do not hold connection slots for long.
    pub header_timeout: Duration,
}

/// Connections served at once unless configured otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// How long a body or an answer may stall unless configured otherwise.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a connection may take to send a request's head unless configured otherwise.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:0".parse().expect("valid address"),
            max_page_size: DEFAULT_MAX_PAGE_SIZE,
            bearer_tokens: Vec::new(),
            faults: Faults::default(),
            request_log: None,
            account_key: ACCOUNT_KEY.to_owned(),
            account: ACCOUNT.to_owned(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
        }
    }
}

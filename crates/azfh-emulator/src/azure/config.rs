//! How an Azure Files emulator is set up.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::{ACCOUNT_KEY, Faults};

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
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:0".parse().expect("valid address"),
            max_page_size: DEFAULT_MAX_PAGE_SIZE,
            bearer_tokens: Vec::new(),
            faults: Faults::default(),
            request_log: None,
            account_key: ACCOUNT_KEY.to_owned(),
        }
    }
}

//! How a client talks to its service, whichever the service: the limit for one attempt, when
//! to retry, and which certificates to trust. Both transports take it as it is.

use std::time::Duration;

use super::retry::RetryPolicy;
use super::tls::TlsSettings;

/// One attempt's limit, the retry policy and TLS trust; set once from the global options.
#[derive(Debug, Clone)]
pub struct ConnectionOptions {
    /// The limit for one attempt, body included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Extra certificates to trust, or none verified (`--ca-cert`, `--insecure`).
    pub tls: TlsSettings,
}

impl Default for ConnectionOptions {
    /// 30 s an attempt, the default retry policy, the system's trust.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            tls: TlsSettings::default(),
        }
    }
}

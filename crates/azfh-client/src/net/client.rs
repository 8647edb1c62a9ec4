//! The one reqwest client builder: every backend's HTTP client is configured here, so
//! timeouts, pooling, redirects, proxies and trust are the same for Azure Files and Qumulo.

use std::time::Duration;

use super::tls::TlsSettings;

/// The HTTP client could not be built (the TLS settings could not be applied).
#[derive(Debug, thiserror::Error)]
#[error("cannot start the HTTP client: {0}")]
pub(crate) struct ClientStartError(reqwest::Error);

/// A client for one service: `timeout` bounds connecting (at most 10 s; the whole attempt is
/// bounded by the caller), `tls` says which certificates to trust. Redirects are not followed
/// (a 3xx is an answer like any other) and no proxy from the environment is used.
pub(crate) fn http_client(
    timeout: Duration,
    tls: &TlsSettings,
) -> Result<reqwest::Client, ClientStartError> {
    let builder = reqwest::Client::builder()
        .user_agent(concat!("azfh/", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(64)
        .pool_idle_timeout(Duration::from_secs(60))
        .tcp_nodelay(true)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    tls.apply(builder).build().map_err(ClientStartError)
}

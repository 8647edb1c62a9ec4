//! Builds a [`QumuloClient`] from plain settings, one setter per concern (object_store's
//! builders are the model): the caller resolves flags, environment and files; the builder
//! only wires the transport.

use std::time::Duration;

use super::{QumuloAuth, QumuloClient, QumuloError, QumuloTransport, TransportOptions};
use crate::net::retry::RetryPolicy;
use crate::net::tls::TlsSettings;

/// A client for one cluster, to be built.
#[derive(Debug, Clone)]
pub struct QumuloClientBuilder {
    base_url: String,
    auth: QumuloAuth,
    options: TransportOptions,
}

impl QumuloClientBuilder {
    /// A client of the REST API at `base_url` (`https://HOST:PORT`), authorized by `auth`;
    /// 30 s per attempt, the default retry policy and the system's trust until set otherwise.
    pub fn new(base_url: impl Into<String>, auth: QumuloAuth) -> Self {
        Self {
            base_url: base_url.into(),
            auth,
            options: TransportOptions {
                timeout: Duration::from_secs(30),
                retry: RetryPolicy::default(),
                tls: TlsSettings::default(),
            },
        }
    }

    /// The limit for one attempt, body included.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.options.retry = retry;
        self
    }

    /// Extra certificates to trust, or none verified (`--ca-cert`, `--insecure`).
    #[must_use]
    pub fn with_tls(mut self, tls: TlsSettings) -> Self {
        self.options.tls = tls;
        self
    }

    pub fn build(self) -> Result<QumuloClient, QumuloError> {
        let transport = QumuloTransport::new(&self.base_url, self.auth, self.options)?;
        Ok(QumuloClient::new(transport))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_without_contacting_the_cluster() {
        let auth = QumuloAuth::Token {
            token: "access-v1:t".into(),
            source: "a test".into(),
        };
        let builder = QumuloClientBuilder::new("https://127.0.0.1:8000", auth)
            .with_timeout(Duration::from_secs(5))
            .with_tls(TlsSettings::default());
        assert_eq!(builder.options.timeout, Duration::from_secs(5));
        assert!(builder.build().is_ok());
    }
}

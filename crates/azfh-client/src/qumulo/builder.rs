//! Builds a [`QumuloClient`] from plain settings, one setter per concern (object_store's
//! builders are the model): the caller resolves flags, environment and files; the builder
//! only wires the transport.

use super::{QumuloAuth, QumuloClient, QumuloError, QumuloTransport};
use crate::net::ConnectionOptions;

/// A client for one cluster, to be built.
#[derive(Debug, Clone)]
pub struct QumuloClientBuilder {
    base_url: String,
    auth: QumuloAuth,
    options: ConnectionOptions,
}

impl QumuloClientBuilder {
    /// A client of the REST API at `base_url` (`https://HOST:PORT`), authorized by `auth`;
    /// the default [`ConnectionOptions`] until set otherwise.
    pub fn new(base_url: impl Into<String>, auth: QumuloAuth) -> Self {
        Self {
            base_url: base_url.into(),
            auth,
            options: ConnectionOptions::default(),
        }
    }

    /// How to talk to the service: one attempt's limit, retries, TLS trust.
    #[must_use]
    pub fn with_connection(mut self, options: ConnectionOptions) -> Self {
        self.options = options;
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
        let builder = QumuloClientBuilder::new("https://127.0.0.1:8000", auth).with_connection(
            ConnectionOptions {
                timeout: std::time::Duration::from_secs(5),
                ..ConnectionOptions::default()
            },
        );
        assert_eq!(builder.options.timeout, std::time::Duration::from_secs(5));
        assert!(builder.build().is_ok());
    }
}

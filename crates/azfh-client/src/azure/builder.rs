//! Builds an [`AzureFiles`] client from plain settings, one setter per concern (object_store's
//! builders are the model): the caller resolves flags, environment and connection strings
//! into an endpoint and a credential choice; the builder only wires the transport.

use super::credential::{AccountKey, Credential, SasToken};
use super::login::{LoginSettings, LoginTokenSource};
use super::{AzureError, AzureFiles, ServiceEndpoint, Transport};
use crate::net::ConnectionOptions;
use std::sync::Arc;

/// How requests will be authorized, chosen before any request.
#[derive(Debug, Clone)]
enum CredentialKind {
    SharedKey(AccountKey),
    Sas(SasToken),
    /// OAuth tokens from the login chain (a service principal, workload identity, Azure
    /// CLI, managed identity), built when the client is built.
    Login(LoginSettings),
}

/// A client for one file service endpoint, to be built.
#[derive(Debug, Clone)]
pub struct AzureFilesBuilder {
    endpoint: ServiceEndpoint,
    credential: CredentialKind,
    options: ConnectionOptions,
}

impl AzureFilesBuilder {
    /// A client of `endpoint` that logs in (OAuth) unless given a key or a SAS; the
    /// default [`ConnectionOptions`] until set otherwise.
    pub fn new(endpoint: ServiceEndpoint) -> Self {
        Self {
            endpoint,
            credential: CredentialKind::Login(LoginSettings::default()),
            options: ConnectionOptions::default(),
        }
    }

    /// Shared Key signing with the endpoint's account and this key.
    #[must_use]
    pub fn with_shared_key(mut self, key: AccountKey) -> Self {
        self.credential = CredentialKind::SharedKey(key);
        self
    }

    #[must_use]
    pub fn with_sas(mut self, token: SasToken) -> Self {
        self.credential = CredentialKind::Sas(token);
        self
    }

    /// OAuth bearer tokens from the login chain `settings` describe (the default: a chain
    /// of Azure CLI, azd and managed identity, as with no variable set).
    #[must_use]
    pub fn with_login(mut self, settings: LoginSettings) -> Self {
        self.credential = CredentialKind::Login(settings);
        self
    }

    /// How to talk to the service: one attempt's limit, retries, TLS trust.
    #[must_use]
    pub fn with_connection(mut self, options: ConnectionOptions) -> Self {
        self.options = options;
        self
    }

    pub fn build(self) -> Result<AzureFiles, AzureError> {
        let credential = match self.credential {
            CredentialKind::SharedKey(key) => Credential::SharedKey {
                account: self.endpoint.account().to_owned(),
                key,
            },
            CredentialKind::Sas(token) => Credential::Sas(token),
            CredentialKind::Login(settings) => {
                Credential::Bearer(Arc::new(LoginTokenSource::new(&settings)))
            }
        };
        let transport = Transport::new(self.endpoint, credential, self.options)?;
        Ok(AzureFiles::new(transport))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azfh_protocol::development::ACCOUNT_KEY;

    #[test]
    fn builds_without_contacting_the_service() {
        let endpoint =
            ServiceEndpoint::parse("http://127.0.0.1:10100/devstoreaccount1", None).unwrap();
        let key = AccountKey::from_base64(ACCOUNT_KEY).unwrap();
        let builder = AzureFilesBuilder::new(endpoint)
            .with_shared_key(key)
            .with_connection(ConnectionOptions {
                timeout: std::time::Duration::from_secs(5),
                ..ConnectionOptions::default()
            });
        assert!(matches!(builder.credential, CredentialKind::SharedKey(_)));
        assert!(builder.build().is_ok());
    }
}

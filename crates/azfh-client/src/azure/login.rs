//! `--auth-mode login`: OAuth tokens for the storage scope through azure_identity.
//!
//! azure_identity 1.0 has no `DefaultAzureCredential`, so the chain is built here, in the
//! order that suits a command-line tool: a service principal from the environment, workload
//! identity, the developer tools (Azure CLI, then azd), managed identity. Like Microsoft's
//! SDKs, `AZURE_TOKEN_CREDENTIALS` narrows it: `dev` (developer tools only), `prod` (the
//! others), or one credential's name. One token is fetched per run and reused until close
//! to its expiry (`AzureCliCredential` caches nothing and runs `az` on every call).
//!
//! The binary reads azfh's part of the environment into [`LoginSettings`]; the credentials of
//! azure_identity read their own (workload identity's `AZURE_FEDERATED_TOKEN_FILE` and
//! neighbours, managed identity's endpoint variables) and fetch tokens over azure_core's own
//! HTTP pipeline, not azfh's `net` stack: the one request a run makes outside it.

use std::sync::Arc;

use azure_core::credentials::{Secret as CoreSecret, TokenCredential};
use azure_core::http::{ClientOptions, ExponentialRetryOptions, RetryOptions};
use azure_identity::{
    ClientSecretCredential, ClientSecretCredentialOptions, DeveloperToolsCredential,
    ManagedIdentityCredential, ManagedIdentityCredentialOptions, WorkloadIdentityCredential,
};
use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::credential::{Secret, TokenSource};
use super::error::AzureError;

/// The OAuth scope of Azure Storage.
pub const STORAGE_SCOPE: &str = "https://storage.azure.com/.default";

/// Tokens this close to expiry are refreshed.
const REFRESH_MARGIN: time::Duration = time::Duration::minutes(5);

type Source = (&'static str, Arc<dyn TokenCredential>);

/// What the login chain is built from: `AZURE_TOKEN_CREDENTIALS`, the service principal's
/// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`, and whether
/// `AZURE_FEDERATED_TOKEN_FILE` is set. Empty values count as unset. Its `Debug` hides the
/// secret.
#[derive(Clone, Default)]
pub struct LoginSettings {
    pub token_credentials: Option<String>,
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub federated_token_file: bool,
}

impl std::fmt::Debug for LoginSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSettings")
            .field("token_credentials", &self.token_credentials)
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self
                    .client_secret
                    .as_ref()
                    .map(|_| crate::net::redact::REDACTED),
            )
            .field("federated_token_file", &self.federated_token_file)
            .finish()
    }
}

/// A token source backed by the azure_identity chain, caching one token.
pub struct LoginTokenSource {
    sources: Vec<Source>,
    skipped: Vec<String>,
    cached: Mutex<Option<(Secret, OffsetDateTime)>>,
}

impl LoginTokenSource {
    /// Builds the chain from `settings`. Nothing is contacted until the first token.
    pub fn new(settings: &LoginSettings) -> Self {
        let selection = settings
            .token_credentials
            .as_deref()
            .map(|value| value.trim().to_ascii_lowercase())
            .filter(|value| !value.is_empty());
        let wanted = |name: &str, group: &str| match &selection {
            None => true,
            Some(choice) => choice == group || choice == &name.to_ascii_lowercase(),
        };
        let client_options = || ClientOptions {
            retry: RetryOptions::exponential(ExponentialRetryOptions {
                max_retries: 1,
                ..ExponentialRetryOptions::default()
            }),
            ..ClientOptions::default()
        };
        let mut sources: Vec<Source> = Vec::new();
        let mut skipped = Vec::new();
        let given = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());

        if wanted("EnvironmentCredential", "prod") {
            match (
                given(&settings.tenant_id),
                given(&settings.client_id),
                given(&settings.client_secret),
            ) {
                (Some(tenant), Some(client), Some(secret)) => match ClientSecretCredential::new(
                    &tenant,
                    client,
                    CoreSecret::new(secret),
                    Some(ClientSecretCredentialOptions {
                        client_options: client_options(),
                    }),
                ) {
                    Ok(credential) => sources.push(("client secret (AZURE_CLIENT_SECRET)", credential)),
                    Err(err) => skipped.push(format!("client secret: {err}")),
                },
                _ => skipped.push("client secret: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not all set".into()),
            }
        }
        if wanted("WorkloadIdentityCredential", "prod") {
            if settings.federated_token_file {
                match WorkloadIdentityCredential::new(None) {
                    Ok(credential) => sources.push(("workload identity", credential)),
                    Err(err) => skipped.push(format!("workload identity: {err}")),
                }
            } else {
                skipped.push("workload identity: AZURE_FEDERATED_TOKEN_FILE is not set".into());
            }
        }
        if wanted("DeveloperToolsCredential", "dev") || wanted("AzureCliCredential", "dev") {
            match DeveloperToolsCredential::new(None) {
                Ok(credential) => sources.push(("developer tools (az, azd)", credential)),
                Err(err) => skipped.push(format!("developer tools: {err}")),
            }
        }
        if wanted("ManagedIdentityCredential", "prod") {
            match ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
                client_options: client_options(),
                ..ManagedIdentityCredentialOptions::default()
            })) {
                Ok(credential) => sources.push(("managed identity", credential)),
                Err(err) => skipped.push(format!("managed identity: {err}")),
            }
        }
        Self {
            sources,
            skipped,
            cached: Mutex::new(None),
        }
    }

    async fn fetch(&self) -> Result<(Secret, OffsetDateTime), AzureError> {
        let mut failures = self.skipped.clone();
        for (name, source) in &self.sources {
            match source.get_token(&[STORAGE_SCOPE], None).await {
                Ok(token) => {
                    tracing::debug!(target: "azfh::login", "token from {name}, expires {}", token.expires_on);
                    return Ok((Secret::new(token.token.secret()), token.expires_on));
                }
                Err(err) => failures.push(format!("{name}: {}", first_line(&err.to_string()))),
            }
        }
        Err(AzureError::Login(format!(
            "no credential gave a token for {STORAGE_SCOPE} ({})",
            failures.join("; ")
        )))
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(text)
        .trim()
}

#[async_trait::async_trait]
impl TokenSource for LoginTokenSource {
    async fn token(&self) -> Result<Secret, AzureError> {
        let mut cached = self.cached.lock().await;
        if let Some((token, expires)) = cached.as_ref()
            && *expires - REFRESH_MARGIN > OffsetDateTime::now_utc()
        {
            return Ok(token.clone());
        }
        let fresh = self.fetch().await?;
        let token = fresh.0.clone();
        *cached = Some(fresh);
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(settings: &LoginSettings) -> Vec<&'static str> {
        LoginTokenSource::new(settings)
            .sources
            .iter()
            .map(|(name, _)| *name)
            .collect()
    }

    #[test]
    fn the_chain_is_built_from_the_settings_given_not_from_the_environment() {
        let principal = LoginSettings {
            tenant_id: Some("00000000-0000-0000-0000-000000000001".into()),
            client_id: Some("00000000-0000-0000-0000-000000000002".into()),
            client_secret: Some("not-a-real-secret".into()),
            ..LoginSettings::default()
        };
        assert_eq!(chain(&principal)[0], "client secret (AZURE_CLIENT_SECRET)");
        assert!(!chain(&LoginSettings::default()).contains(&"client secret (AZURE_CLIENT_SECRET)"));

        let developer_only = LoginSettings {
            token_credentials: Some(" Dev ".into()),
            ..principal.clone()
        };
        assert_eq!(chain(&developer_only), ["developer tools (az, azd)"]);

        let shown = format!("{principal:?}");
        assert!(!shown.contains("not-a-real-secret"), "{shown}");
    }
}

//! `--auth-mode login`: OAuth tokens for the storage scope through azure_identity.
//!
//! azure_identity 1.0 has no `DefaultAzureCredential`, so the chain is built here, in the
//! order that suits a command-line tool: a service principal from the environment, workload
//! identity, the developer tools (Azure CLI, then azd), managed identity. Like Microsoft's
//! SDKs, `AZURE_TOKEN_CREDENTIALS` narrows it: `dev` (developer tools only), `prod` (the
//! others), or one credential's name. One token is fetched per run and reused until close
//! to its expiry (`AzureCliCredential` caches nothing and runs `az` on every call).

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

/// A token source backed by the azure_identity chain, caching one token.
pub struct LoginTokenSource {
    sources: Vec<Source>,
    skipped: Vec<String>,
    cached: Mutex<Option<(Secret, OffsetDateTime)>>,
}

impl LoginTokenSource {
    /// Builds the chain from the environment. Nothing is contacted until the first token.
    pub fn from_environment() -> Self {
        let selection = std::env::var("AZURE_TOKEN_CREDENTIALS")
            .ok()
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
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());

        if wanted("EnvironmentCredential", "prod") {
            match (env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET")) {
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
            if env("AZURE_FEDERATED_TOKEN_FILE").is_some() {
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

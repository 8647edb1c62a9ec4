//! Settings as given and a connection string → endpoint, location and credential, once.
//!
//! The binary reads flags and environment (`settings`) and hands the values here; this module
//! reads no environment variable, and no file but those it is given (`qumulo`: credential
//! files).
//!
//! Everything here is checked before any request: a malformed connection string, key, SAS,
//! URL or TARGET is a usage error (exit 2) with one line naming the problem and one hint.
//! Precedence: a URL TARGET brings its own endpoint (and SAS); otherwise `--endpoint`, then the
//! connection string's `FileEndpoint`, then the account name with the connection string's
//! `EndpointSuffix` (default `core.windows.net`).

pub mod connection_string;
pub mod named;
pub mod qumulo;
pub mod qumulo_target;
pub mod target;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::azure::credential::{AccountKey, SasToken};
use crate::azure::endpoint::ServiceEndpoint;
use crate::azure::{Location, endpoint};
use crate::net::redact::REDACTED;
pub use connection_string::ConnectionString;
use target::TargetSpec;

/// A setting that cannot work: a message naming it, and a hint naming the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub hint: Option<String>,
}

impl ConfigError {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// How requests are to be authorized (`--auth-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum AuthMode {
    /// Shared Key (--account-key or a connection string's AccountKey)
    Key,
    /// Shared access signature
    Sas,
    /// OAuth through Azure CLI, managed identity, workload identity or a service principal
    Login,
}

/// The access settings as given (flags or their environment variables). Its `Debug` shows
/// which secrets were given, never their values.
#[derive(Clone, Default)]
pub struct AccessSettings {
    pub account: Option<String>,
    pub account_key: Option<String>,
    pub sas_token: Option<String>,
    pub connection_string: Option<String>,
    pub endpoint: Option<String>,
    pub auth_mode: Option<AuthMode>,
    pub snapshot: Option<String>,
    pub allow_http: bool,
    /// Where the config file of named accounts is (read only when a TARGET names one).
    pub named: named::NamedAccountSettings,
}

impl std::fmt::Debug for AccessSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |secret: &Option<String>| secret.as_ref().map(|_| REDACTED);
        f.debug_struct("AccessSettings")
            .field("account", &self.account)
            .field("account_key", &given(&self.account_key))
            .field("sas_token", &given(&self.sas_token))
            .field("connection_string", &given(&self.connection_string))
            .field("endpoint", &self.endpoint)
            .field("auth_mode", &self.auth_mode)
            .field("snapshot", &self.snapshot)
            .field("allow_http", &self.allow_http)
            .field("named", &self.named)
            .finish()
    }
}

/// The credential to use, validated.
#[derive(Debug, Clone)]
pub enum CredentialChoice {
    SharedKey(AccountKey),
    Sas(SasToken),
    Login,
}

/// Where to send requests and how to sign them.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub endpoint: ServiceEndpoint,
    pub location: Location,
    pub credential: CredentialChoice,
}

/// Resolves a TARGET with the access settings; `now` checks SAS expiry.
pub fn resolve(
    settings: &AccessSettings,
    target: &str,
    now: OffsetDateTime,
) -> Result<Resolved, ConfigError> {
    let connection = settings
        .connection_string
        .as_deref()
        .map(ConnectionString::parse)
        .transpose()?;
    let spec = target::parse(target)?;
    let snapshot = settings
        .snapshot
        .as_deref()
        .map(normalize_snapshot)
        .transpose()?;

    let (endpoint, share, path, url_sas) = match spec {
        TargetSpec::Url {
            endpoint,
            share,
            path,
            sas,
        } => (endpoint, share, path, sas),
        TargetSpec::SharePath { share, path } => (
            endpoint_for(settings, connection.as_ref())?,
            share,
            path,
            None,
        ),
        TargetSpec::Named { name, share, path } => {
            let Some(share) = share else {
                return Err(ConfigError::usage(
                    format!("TARGET '{}' names an account, not a share", target.trim()),
                    format!(
                        "give {name}:SHARE[/PATH], or use --all-shares for every share of {name}"
                    ),
                ));
            };
            let account = named::find(&settings.named, &name)?;
            let credential = account.credential(&settings.named, now)?;
            return Ok(Resolved {
                endpoint: account.endpoint,
                location: Location {
                    share,
                    path,
                    snapshot,
                },
                credential,
            });
        }
    };
    refuse_clear_text(settings, &endpoint)?;
    let credential = credential_for(settings, connection.as_ref(), url_sas, now)?;
    Ok(Resolved {
        endpoint,
        location: Location {
            share,
            path,
            snapshot,
        },
        credential,
    })
}

/// An account to list shares of: where to send requests and how to sign them.
#[derive(Debug, Clone)]
pub struct ResolvedAccount {
    pub endpoint: ServiceEndpoint,
    pub credential: CredentialChoice,
}

/// Resolves an ACCOUNT (an account URL, or `None`: the account of the access settings).
pub fn resolve_account(
    settings: &AccessSettings,
    account: Option<&str>,
    now: OffsetDateTime,
) -> Result<ResolvedAccount, ConfigError> {
    let connection = settings
        .connection_string
        .as_deref()
        .map(ConnectionString::parse)
        .transpose()?;
    let (endpoint, url_sas) = match account {
        Some(text) if !text.contains("://") && text.trim().ends_with(':') => {
            let name = text.trim().trim_end_matches(':');
            let account = named::find(&settings.named, name)?;
            let credential = account.credential(&settings.named, now)?;
            return Ok(ResolvedAccount {
                endpoint: account.endpoint,
                credential,
            });
        }
        Some(text) => {
            let url = target::parse_account_url(text)?;
            (url.endpoint, url.sas)
        }
        None => (endpoint_for(settings, connection.as_ref())?, None),
    };
    refuse_clear_text(settings, &endpoint)?;
    let credential = credential_for(settings, connection.as_ref(), url_sas, now)?;
    Ok(ResolvedAccount {
        endpoint,
        credential,
    })
}

/// Credentials go over https, or to this machine, unless `--allow-http` says the network is
/// trusted.
fn refuse_clear_text(
    settings: &AccessSettings,
    endpoint: &ServiceEndpoint,
) -> Result<(), ConfigError> {
    if !endpoint.is_https() && !endpoint.is_loopback() && !settings.allow_http {
        return Err(ConfigError::usage(
            format!("refusing to send credentials in clear text to {endpoint}"),
            "use an https:// endpoint, or --allow-http if this network is trusted",
        ));
    }
    Ok(())
}

fn endpoint_for(
    settings: &AccessSettings,
    connection: Option<&ConnectionString>,
) -> Result<ServiceEndpoint, ConfigError> {
    let account = settings
        .account
        .as_deref()
        .or_else(|| connection.and_then(|c| c.account_name.as_deref()));
    let explicit = settings
        .endpoint
        .as_deref()
        .or_else(|| connection.and_then(|c| c.file_endpoint.as_deref()));
    let bad_endpoint = |err: endpoint::EndpointError| {
        ConfigError::usage(
            err.0,
            "give the file service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1",
        )
    };
    if let Some(url) = explicit {
        return ServiceEndpoint::parse(url, settings.account.as_deref()).map_err(bad_endpoint);
    }
    if connection.is_some_and(|c| c.development_storage) {
        let url = format!(
            "http://{}/{}",
            azfh_protocol::development::FILE_SERVICE_ADDR,
            azfh_protocol::development::ACCOUNT
        );
        return ServiceEndpoint::parse(&url, None).map_err(bad_endpoint);
    }
    let Some(account) = account else {
        return Err(ConfigError::usage(
            "no storage account given",
            "give --account NAME (or AZURE_STORAGE_ACCOUNT), a connection string, or a URL TARGET",
        ));
    };
    let https = connection.is_none_or(|c| c.https);
    let suffix = connection
        .and_then(|c| c.endpoint_suffix.as_deref())
        .unwrap_or("core.windows.net");
    ServiceEndpoint::for_account(account, https, suffix)
        .map_err(|err| ConfigError::usage(err.0, "check --account"))
}

fn credential_for(
    settings: &AccessSettings,
    connection: Option<&ConnectionString>,
    url_sas: Option<String>,
    now: OffsetDateTime,
) -> Result<CredentialChoice, ConfigError> {
    let development_key = connection
        .filter(|c| c.development_storage)
        .map(|_| azfh_protocol::development::ACCOUNT_KEY.to_owned());
    let key = settings
        .account_key
        .clone()
        .map(|k| (k, "--account-key/AZURE_STORAGE_KEY"))
        .or_else(|| {
            connection
                .and_then(|c| c.account_key.clone())
                .map(|k| (k, "the connection string's AccountKey"))
        })
        .or_else(|| development_key.map(|k| (k, "UseDevelopmentStorage")));
    let sas = url_sas
        .map(|s| (s, "the TARGET URL"))
        .or_else(|| {
            settings
                .sas_token
                .clone()
                .map(|s| (s, "--sas-token/AZURE_STORAGE_SAS_TOKEN"))
        })
        .or_else(|| {
            connection
                .and_then(|c| c.shared_access_signature.clone())
                .map(|s| (s, "the connection string's SharedAccessSignature"))
        });
    let from_url = sas
        .as_ref()
        .is_some_and(|(_, source)| *source == "the TARGET URL");
    let mode = match settings.auth_mode {
        Some(mode) => mode,
        None if from_url => AuthMode::Sas,
        None => match (&key, &sas) {
            (Some((_, key_source)), Some((_, sas_source))) => {
                return Err(ConfigError::usage(
                    format!(
                        "both an account key ({key_source}) and a SAS token ({sas_source}) are given"
                    ),
                    "choose one with --auth-mode key or --auth-mode sas",
                ));
            }
            (Some(_), None) => AuthMode::Key,
            (None, Some(_)) => AuthMode::Sas,
            (None, None) => AuthMode::Login,
        },
    };
    match mode {
        AuthMode::Key => {
            let (key, _) = key.ok_or_else(|| {
                ConfigError::usage(
                    "--auth-mode key needs an account key",
                    "give --account-key, AZURE_STORAGE_KEY, or a connection string with AccountKey",
                )
            })?;
            AccountKey::from_base64(&key)
                .map(CredentialChoice::SharedKey)
                .map_err(|err| {
                    ConfigError::usage(
                        err.0,
                        "copy key1 or key2 from the storage account's \"Access keys\" page",
                    )
                })
        }
        AuthMode::Sas => {
            let (token, source) = sas.ok_or_else(|| {
                ConfigError::usage(
                    "--auth-mode sas needs a SAS token",
                    "give --sas-token, AZURE_STORAGE_SAS_TOKEN, a connection string with SharedAccessSignature, or a URL with the SAS",
                )
            })?;
            let token = SasToken::parse(&token).map_err(|err| {
                ConfigError::usage(
                    format!("{} (from {source})", err.0),
                    "generate a new SAS for the share or the account",
                )
            })?;
            if let Some(expiry) = token.expiry()
                && expiry <= now
            {
                return Err(ConfigError::usage(
                    format!(
                        "the SAS token (from {source}) expired at {}",
                        expiry.format(&Rfc3339).unwrap_or_default()
                    ),
                    "generate a new SAS with a later expiry (se=)",
                ));
            }
            Ok(CredentialChoice::Sas(token))
        }
        AuthMode::Login => Ok(CredentialChoice::Login),
    }
}

/// Snapshot ids are `YYYY-MM-DDTHH:MM:SS.fffffffZ`; RFC 3339 input is normalized to that.
fn normalize_snapshot(text: &str) -> Result<String, ConfigError> {
    let t = OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| {
        ConfigError::usage(
            format!("invalid --snapshot '{text}'"),
            "give the snapshot's time as listed by the service, e.g. 2026-11-01T00:00:00.0000000Z",
        )
    })?;
    Ok(azfh_protocol::wire::format_iso8601(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);
    const KEY: &str = "a2V5";

    #[test]
    fn debug_names_the_secrets_given_but_never_shows_them() {
        let settings = AccessSettings {
            account: Some("acct".into()),
            account_key: Some("c2VjcmV0LWtleQ==".into()),
            sas_token: Some("sv=2024&sig=secret-signature".into()),
            connection_string: Some("AccountName=acct;AccountKey=c2VjcmV0LWtleQ==".into()),
            ..AccessSettings::default()
        };
        let shown = format!("{settings:?}");
        for secret in ["c2VjcmV0LWtleQ==", "secret-signature", "AccountKey="] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("acct") && shown.contains(REDACTED),
            "{shown}"
        );
    }

    fn resolve_with(settings: &AccessSettings, target: &str) -> Result<Resolved, ConfigError> {
        resolve(settings, target, NOW)
    }

    #[test]
    fn account_and_key_give_the_public_endpoint() {
        let r = resolve_with(
            &AccessSettings {
                account: Some("acct".into()),
                account_key: Some(KEY.into()),
                ..Default::default()
            },
            "myshare/projects",
        )
        .unwrap();
        assert_eq!(r.endpoint.to_string(), "https://acct.file.core.windows.net");
        assert_eq!(r.location.path, "projects");
        assert!(matches!(r.credential, CredentialChoice::SharedKey(_)));
    }

    #[test]
    fn connection_strings_give_endpoint_suffix_and_file_endpoint() {
        let gov = resolve_with(
            &AccessSettings {
                connection_string: Some(format!(
                    "AccountName=acct;AccountKey={KEY};EndpointSuffix=core.usgovcloudapi.net"
                )),
                ..Default::default()
            },
            "s01",
        )
        .unwrap();
        assert_eq!(
            gov.endpoint.to_string(),
            "https://acct.file.core.usgovcloudapi.net"
        );

        let emulator = resolve_with(
            &AccessSettings {
                connection_string: Some(format!(
                    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};FileEndpoint=http://127.0.0.1:10100/devstoreaccount1"
                )),
                ..Default::default()
            },
            "demo",
        )
        .unwrap();
        assert_eq!(
            emulator.endpoint.to_string(),
            "http://127.0.0.1:10100/devstoreaccount1"
        );

        let dev = resolve_with(
            &AccessSettings {
                connection_string: Some("UseDevelopmentStorage=true".into()),
                ..Default::default()
            },
            "demo",
        )
        .unwrap();
        assert_eq!(dev.endpoint.account(), "devstoreaccount1");
        assert!(matches!(dev.credential, CredentialChoice::SharedKey(_)));
    }

    #[test]
    fn url_sas_wins_and_login_is_the_default() {
        let r = resolve_with(
            &AccessSettings::default(),
            "https://acct.file.core.windows.net/s01?sv=2026-10-06&se=2099-01-01T00:00:00Z&sig=x",
        )
        .unwrap();
        assert!(matches!(r.credential, CredentialChoice::Sas(_)));
        let r = resolve_with(
            &AccessSettings {
                account: Some("acct".into()),
                ..Default::default()
            },
            "s01",
        )
        .unwrap();
        assert!(matches!(r.credential, CredentialChoice::Login));
        let r = resolve_with(
            &AccessSettings {
                account: Some("acct".into()),
                account_key: Some(KEY.into()),
                sas_token: Some("sv=1&sig=x".into()),
                auth_mode: Some(AuthMode::Sas),
                ..Default::default()
            },
            "s01",
        )
        .unwrap();
        assert!(matches!(r.credential, CredentialChoice::Sas(_)));
    }

    #[test]
    fn snapshots_are_normalized() {
        let r = resolve_with(
            &AccessSettings {
                account: Some("acct".into()),
                snapshot: Some("2019-05-08T23:27:24Z".into()),
                ..Default::default()
            },
            "s01",
        )
        .unwrap();
        assert_eq!(
            r.location.snapshot.as_deref(),
            Some("2019-05-08T23:27:24.0000000Z")
        );
    }

    #[test]
    fn bad_settings_are_usage_errors_with_hints() {
        let account = || AccessSettings {
            account: Some("acct".into()),
            ..Default::default()
        };
        for (settings, target, needle) in [
            (AccessSettings::default(), "s01", "no storage account"),
            (
                AccessSettings {
                    account_key: Some("not base64!".into()),
                    ..account()
                },
                "s01",
                "not valid base64",
            ),
            (
                AccessSettings {
                    sas_token: Some("sv=1&se=2020-01-01T00:00:00Z&sig=x".into()),
                    ..account()
                },
                "s01",
                "expired",
            ),
            (
                AccessSettings {
                    sas_token: Some("sv=1".into()),
                    ..account()
                },
                "s01",
                "no signature",
            ),
            (
                AccessSettings {
                    account_key: Some(KEY.into()),
                    sas_token: Some("sv=1&sig=x".into()),
                    ..account()
                },
                "s01",
                "choose one",
            ),
            (
                AccessSettings {
                    auth_mode: Some(AuthMode::Key),
                    ..account()
                },
                "s01",
                "needs an account key",
            ),
            (
                AccessSettings {
                    connection_string: Some("AccountName".into()),
                    ..Default::default()
                },
                "s01",
                "no '='",
            ),
            (
                AccessSettings {
                    endpoint: Some("http://files.example.com/acct".into()),
                    ..Default::default()
                },
                "s01",
                "clear text",
            ),
            (
                AccessSettings {
                    endpoint: Some("ftp://x/acct".into()),
                    ..Default::default()
                },
                "s01",
                "unsupported scheme",
            ),
            (
                AccessSettings {
                    snapshot: Some("yesterday".into()),
                    ..account()
                },
                "s01",
                "--snapshot",
            ),
            (
                AccessSettings {
                    account: Some("Bad_Account".into()),
                    ..Default::default()
                },
                "s01",
                "storage account name",
            ),
        ] {
            let err = resolve_with(&settings, target).unwrap_err();
            let text = format!("{} / {}", err.message, err.hint.clone().unwrap_or_default());
            assert!(text.contains(needle), "{needle}: {text}");
            assert!(err.hint.is_some());
        }
        let allowed = resolve_with(
            &AccessSettings {
                endpoint: Some("http://files.example.com/acct".into()),
                allow_http: true,
                ..Default::default()
            },
            "s01",
        );
        assert!(allowed.is_ok());
    }
}

//! Named accounts: a config file (`$XDG_CONFIG_HOME/azfh/config.toml`, `--config FILE`,
//! `AZFH_CONFIG`) that gives each account a short name, its endpoint and where its credential
//! comes from, so that a TARGET `NAME:SHARE/PATH` (or `NAME:`, the account) reaches it.
//!
//! ```toml
//! [accounts.prod]
//! endpoint = "https://prodacct.file.core.windows.net"
//! key_env = "PROD_STORAGE_KEY"          # the account key, from an environment variable
//!
//! [accounts.dr]
//! account = "dracct"                     # https://dracct.file.core.windows.net
//! sas_file = "/etc/azfh/dr.sas"          # a SAS token, from a file
//!
//! [accounts.corp]
//! account = "corpacct"
//! auth = "login"                         # Entra ID, as --auth-mode login
//! ```
//!
//! A credential may also be inline (`key = "..."`, `sas = "..."`); a file holding one that
//! other users can read is refused, as ssh refuses a private key they can read. The file is
//! read only when a TARGET or ACCOUNT names an account, or by `azfh config check`: a broken
//! config never stops a command that does not use it. The binary reads the environment; this
//! module gets a function that looks a variable up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use time::OffsetDateTime;

use super::{ConfigError, CredentialChoice};
use crate::azure::credential::{AccountKey, SasToken};
use crate::azure::endpoint::ServiceEndpoint;
use crate::net::redact::REDACTED;

/// Where the config file is and how to read what it points at: the binary's part.
#[derive(Clone, Debug, Default)]
pub struct NamedAccountSettings {
    /// The config file: `--config`/`AZFH_CONFIG`, else `$XDG_CONFIG_HOME/azfh/config.toml`
    /// (or `~/.config/azfh/config.toml`); `None` when there is no way to find one.
    pub path: Option<PathBuf>,
    /// The path was given (`--config`, `AZFH_CONFIG`): its absence is an error, not "no
    /// accounts".
    pub explicit: bool,
    /// Looks an environment variable up (for `key_env`, `sas_env`).
    pub env: Option<fn(&str) -> Option<String>>,
}

/// One account of the file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    endpoint: Option<String>,
    account: Option<String>,
    auth: Option<String>,
    key: Option<String>,
    key_env: Option<String>,
    key_file: Option<PathBuf>,
    sas: Option<String>,
    sas_env: Option<String>,
    sas_file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    accounts: BTreeMap<String, AccountEntry>,
}

/// Where a named account's credential comes from: what `azfh config check` shows (never the
/// secret itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    Login,
    /// `key` or `sas`, and where: `env NAME`, `file PATH`, or `inline`.
    Secret {
        kind: SecretKind,
        from: SecretFrom,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    Key,
    Sas,
}

/// Where a secret is. (`Debug` never shows an inline one.)
#[derive(Clone, PartialEq, Eq)]
pub enum SecretFrom {
    Env(String),
    File(PathBuf),
    Inline(String),
}

impl std::fmt::Debug for SecretFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretFrom::Env(name) => f.debug_tuple("Env").field(name).finish(),
            SecretFrom::File(path) => f.debug_tuple("File").field(path).finish(),
            SecretFrom::Inline(_) => f.debug_tuple("Inline").field(&REDACTED).finish(),
        }
    }
}

impl std::fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialSource::Login => f.write_str("login"),
            CredentialSource::Secret { kind, from } => {
                let kind = match kind {
                    SecretKind::Key => "account key",
                    SecretKind::Sas => "SAS token",
                };
                match from {
                    SecretFrom::Env(name) => write!(f, "{kind} from ${name}"),
                    SecretFrom::File(path) => write!(f, "{kind} from {}", path.display()),
                    SecretFrom::Inline(_) => write!(f, "{kind} inline (redacted)"),
                }
            }
        }
    }
}

/// A named account as the file declares it, checked for shape (not yet for its secret).
#[derive(Debug, Clone)]
pub struct NamedAccount {
    pub name: String,
    pub endpoint: ServiceEndpoint,
    pub credential: CredentialSource,
}

/// The named accounts of the config file: each parsed on its own, so that one bad entry is
/// reported by name and does not hide the others.
#[derive(Debug)]
pub struct NamedAccounts {
    pub path: PathBuf,
    pub accounts: Vec<(String, Result<NamedAccount, ConfigError>)>,
}

/// Reads the config file; `Ok(None)` when none was given and the default one does not exist.
pub fn load(settings: &NamedAccountSettings) -> Result<Option<NamedAccounts>, ConfigError> {
    let Some(path) = &settings.path else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !settings.explicit => {
            return Ok(None);
        }
        Err(err) => {
            return Err(ConfigError::usage(
                format!("cannot read the config file {}: {err}", path.display()),
                "check --config or AZFH_CONFIG",
            ));
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|err| {
        let first = err.message().lines().next().unwrap_or_default().to_owned();
        ConfigError::usage(
            format!("the config file {} is not valid: {first}", path.display()),
            "each account is a [accounts.NAME] table with endpoint or account, and one of key_env, key_file, sas_env, sas_file, key, sas or auth = \"login\"",
        )
    })?;
    let inline = file
        .accounts
        .values()
        .any(|entry| entry.key.is_some() || entry.sas.is_some());
    if inline {
        refuse_readable_by_others(path)?;
    }
    let accounts = file
        .accounts
        .into_iter()
        .map(|(name, entry)| {
            let parsed = parse_entry(&name, entry);
            (name, parsed)
        })
        .collect();
    Ok(Some(NamedAccounts {
        path: path.clone(),
        accounts,
    }))
}

/// Account names are what a TARGET can carry before its `:`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn parse_entry(name: &str, entry: AccountEntry) -> Result<NamedAccount, ConfigError> {
    let bad = |message: String, hint: &str| ConfigError::usage(message, hint);
    if !valid_name(name) {
        return Err(bad(
            format!("the account name '{name}' cannot be used in a TARGET"),
            "name accounts with letters, digits, '-', '_' and '.'",
        ));
    }
    let endpoint = match (&entry.endpoint, &entry.account) {
        (Some(url), _) => ServiceEndpoint::parse(url, entry.account.as_deref()).map_err(|err| {
            bad(
                format!("account '{name}': {}", err.0),
                "endpoint is the file service URL, e.g. https://ACCOUNT.file.core.windows.net",
            )
        })?,
        (None, Some(account)) => ServiceEndpoint::for_account(account, true, "core.windows.net")
            .map_err(|err| bad(format!("account '{name}': {}", err.0), "check account"))?,
        (None, None) => {
            return Err(bad(
                format!("account '{name}' has neither endpoint nor account"),
                "add endpoint = \"https://ACCOUNT.file.core.windows.net\" or account = \"ACCOUNT\"",
            ));
        }
    };
    if !endpoint.is_https() && !endpoint.is_loopback() {
        return Err(bad(
            format!("account '{name}': refusing to send credentials in clear text to {endpoint}"),
            "use an https:// endpoint",
        ));
    }
    let mut sources = Vec::new();
    let secret = |kind, from| CredentialSource::Secret { kind, from };
    if let Some(v) = entry.key {
        sources.push(secret(SecretKind::Key, SecretFrom::Inline(v)));
    }
    if let Some(v) = entry.key_env {
        sources.push(secret(SecretKind::Key, SecretFrom::Env(v)));
    }
    if let Some(v) = entry.key_file {
        sources.push(secret(SecretKind::Key, SecretFrom::File(v)));
    }
    if let Some(v) = entry.sas {
        sources.push(secret(SecretKind::Sas, SecretFrom::Inline(v)));
    }
    if let Some(v) = entry.sas_env {
        sources.push(secret(SecretKind::Sas, SecretFrom::Env(v)));
    }
    if let Some(v) = entry.sas_file {
        sources.push(secret(SecretKind::Sas, SecretFrom::File(v)));
    }
    match entry
        .auth
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => {}
        Some("login") => sources.push(CredentialSource::Login),
        Some(other) => {
            return Err(bad(
                format!("account '{name}': auth = \"{other}\" is not known"),
                "auth = \"login\" is the only value; keys and SAS tokens have fields of their own",
            ));
        }
    }
    let credential = match sources.len() {
        0 => CredentialSource::Login,
        1 => sources.remove(0),
        _ => {
            return Err(bad(
                format!("account '{name}' gives more than one credential"),
                "keep one of key_env, key_file, sas_env, sas_file, key, sas and auth",
            ));
        }
    };
    Ok(NamedAccount {
        name: name.to_owned(),
        endpoint,
        credential,
    })
}

/// Refuses a file with an inline secret that its group or others can read.
#[cfg(unix)]
fn refuse_readable_by_others(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|err| {
            ConfigError::usage(
                format!("cannot read the config file {}: {err}", path.display()),
                "check --config or AZFH_CONFIG",
            )
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(ConfigError::usage(
            format!(
                "the config file {} holds an inline key or SAS and other users can read it (mode {:03o})",
                path.display(),
                mode & 0o777
            ),
            format!(
                "run `chmod 600 {}`, or move the secret to key_env/key_file",
                path.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_readable_by_others(_path: &Path) -> Result<(), ConfigError> {
    Ok(())
}

impl NamedAccounts {
    /// The account called `name`, with its shape checked.
    pub fn get(&self, name: &str) -> Result<&NamedAccount, ConfigError> {
        match self.accounts.iter().find(|(n, _)| n == name) {
            Some((_, Ok(account))) => Ok(account),
            Some((_, Err(err))) => Err(err.clone()),
            None => Err(ConfigError::usage(
                format!("no account named '{name}' in {}", self.path.display()),
                format!(
                    "add [accounts.{name}] to it, or run `azfh config check` to list the names it has"
                ),
            )),
        }
    }
}

/// Looks `name` up in the config file: the one call a TARGET `NAME:` makes.
pub fn find(settings: &NamedAccountSettings, name: &str) -> Result<NamedAccount, ConfigError> {
    let Some(accounts) = load(settings)? else {
        return Err(ConfigError::usage(
            format!("'{name}:' names an account, but there is no config file"),
            match &settings.path {
                Some(path) => format!(
                    "create {} with an [accounts.{name}] table, or give --config FILE",
                    path.display()
                ),
                None => "give --config FILE (or AZFH_CONFIG)".to_owned(),
            },
        ));
    };
    accounts.get(name).cloned()
}

impl NamedAccount {
    /// The credential, read from where the file says (environment, file, inline) and checked;
    /// `now` checks a SAS's expiry.
    pub fn credential(
        &self,
        settings: &NamedAccountSettings,
        now: OffsetDateTime,
    ) -> Result<CredentialChoice, ConfigError> {
        let name = &self.name;
        let CredentialSource::Secret { kind, from } = &self.credential else {
            return Ok(CredentialChoice::Login);
        };
        let text = match from {
            SecretFrom::Inline(text) => text.clone(),
            SecretFrom::Env(var) => settings
                .env
                .and_then(|lookup| lookup(var))
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    ConfigError::usage(
                        format!("account '{name}': the environment variable {var} is not set"),
                        format!("export {var}, or change account '{name}' in the config file"),
                    )
                })?,
            SecretFrom::File(path) => std::fs::read_to_string(path).map_err(|err| {
                ConfigError::usage(
                    format!(
                        "account '{name}': cannot read the credential file {}: {err}",
                        path.display()
                    ),
                    "check the path in the config file",
                )
            })?,
        };
        let text = text.trim();
        match kind {
            SecretKind::Key => AccountKey::from_base64(text)
                .map(CredentialChoice::SharedKey)
                .map_err(|err| {
                    ConfigError::usage(
                        format!("account '{name}': {}", err.0),
                        "copy key1 or key2 from the storage account's \"Access keys\" page",
                    )
                }),
            SecretKind::Sas => {
                let token = SasToken::parse(text).map_err(|err| {
                    ConfigError::usage(
                        format!("account '{name}': {}", err.0),
                        "generate a new SAS for the account",
                    )
                })?;
                if token.expiry().is_some_and(|expiry| expiry <= now) {
                    return Err(ConfigError::usage(
                        format!("account '{name}': the SAS token has expired"),
                        "generate a new SAS with a later expiry (se=)",
                    ));
                }
                Ok(CredentialChoice::Sas(token))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(String, Result<NamedAccount, ConfigError>)> {
        let file: ConfigFile = toml::from_str(text).unwrap();
        file.accounts
            .into_iter()
            .map(|(n, e)| {
                let parsed = parse_entry(&n, e);
                (n, parsed)
            })
            .collect()
    }

    #[test]
    fn each_entry_is_checked_on_its_own() {
        let accounts = parse(
            r#"
            [accounts.prod]
            account = "prodacct"
            key_env = "PROD_KEY"
            [accounts.both]
            account = "x1y"
            key_env = "A"
            sas_env = "B"
            [accounts.plain]
            endpoint = "http://192.0.2.1/acct"
            "#,
        );
        let get = |name: &str| &accounts.iter().find(|(n, _)| n == name).unwrap().1;
        let prod = get("prod").as_ref().unwrap();
        assert_eq!(
            prod.endpoint.to_string(),
            "https://prodacct.file.core.windows.net"
        );
        assert_eq!(prod.credential.to_string(), "account key from $PROD_KEY");
        assert!(
            get("both")
                .as_ref()
                .unwrap_err()
                .message
                .contains("more than one")
        );
        assert!(
            get("plain")
                .as_ref()
                .unwrap_err()
                .message
                .contains("clear text")
        );
    }

    #[test]
    fn inline_secrets_are_never_shown() {
        let accounts = parse(
            r#"
            [accounts.lab]
            endpoint = "http://127.0.0.1:10100/devstoreaccount1"
            key = "c2VjcmV0"
            "#,
        );
        let lab = accounts[0].1.as_ref().unwrap();
        assert_eq!(lab.credential.to_string(), "account key inline (redacted)");
    }
}

//! The command line and the environment, resolved once into plain settings.
//!
//! Every environment variable azfh's code reads beyond those clap reads for its options
//! (`env = ...`) is read here, before any command runs: `NO_COLOR`;
//! `AZURE_STORAGE_AUTH_MODE` (az's name for `AZFH_AUTH_MODE`, which wins); for Qumulo
//! `QUMULO_PASSWORD`, `XDG_CONFIG_HOME` and `HOME` (where `qq` keeps its credentials); for
//! `--auth-mode login` `AZURE_TOKEN_CREDENTIALS`, the service principal's `AZURE_TENANT_ID`,
//! `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`, and whether `AZURE_FEDERATED_TOKEN_FILE` is
//! set; and `AZFH_LOG`, for `main`'s logger. The client library gets the values, never the
//! variables. (azure_identity's credentials, once chosen, read their own: workload identity's
//! token file and managed identity's endpoint.) Named accounts: where their config file is
//! (`XDG_CONFIG_HOME`, `HOME`), and the variables their `key_env`/`sas_env` name, looked up
//! through [`read_env`] only when a TARGET uses the account.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anstream::ColorChoice;
use anyhow::Result;
use clap::ValueEnum;
use time::OffsetDateTime;

use crate::cli::{ColorArg, GlobalArgs};
use crate::error::UsageError;
use crate::output::{self, Format, TableStyle};
use crate::ui::Ui;
use azfh_client::azure::login::LoginSettings;
use azfh_client::config::named::NamedAccountSettings;
use azfh_client::config::qumulo::QumuloSettings;
use azfh_client::config::{AccessSettings, AuthMode};
use azfh_client::net::ConnectionOptions;
use azfh_client::net::retry::RetryPolicy;
use azfh_client::net::tls::TlsSettings;

/// What every command needs, decided once. (No `Debug`: it holds credentials.)
pub(crate) struct Settings {
    /// The one reading of the clock: filters and ages are relative to it.
    pub now: OffsetDateTime,
    pub ui: Ui,
    pub format: Format,
    pub table_style: TableStyle,
    /// stdout is a terminal: where `get -` refuses binary data.
    pub stdout_is_terminal: bool,
    /// Azure Files: account, credentials, endpoint, snapshot.
    pub access: AccessSettings,
    /// Qumulo: token, credentials file, user and password, where `qq` keeps its files.
    pub qumulo: QumuloSettings,
    /// Azure `--auth-mode login`: which credentials the login chain holds.
    pub login: LoginSettings,
    pub connection: ConnectionSettings,
    /// `--color` for anstream, which honours `NO_COLOR` itself.
    pub color: ColorChoice,
    /// What azfh logs to stderr: error, warn, info, debug or trace.
    pub log_level: String,
}

/// How to talk to any service: limits, retries and trust.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionSettings {
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// `--ca-cert`: loaded (and checked) only by a command that connects.
    pub ca_cert: Option<PathBuf>,
    /// `--insecure`: warned about only by a command that connects.
    pub insecure: bool,
}

impl Settings {
    /// Fails only on an environment variable with a value azfh cannot use.
    pub(crate) fn resolve(global: &GlobalArgs, now: OffsetDateTime) -> Result<Self, UsageError> {
        let auth_mode = match global.auth_mode {
            Some(mode) => Some(mode),
            None => az_auth_mode(std::env::var("AZURE_STORAGE_AUTH_MODE").ok())?,
        };
        let stdout_terminal = std::io::stdout().is_terminal();
        let color = match global.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                stdout_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Ok(Self {
            now,
            ui: Ui::new(global.quiet, global.no_progress),
            format: global
                .output
                .unwrap_or_else(|| Format::default_for(stdout_terminal)),
            table_style: TableStyle {
                color,
                width: output::table_width(
                    stdout_terminal,
                    std::env::var("COLUMNS").ok().as_deref(),
                ),
                no_header: global.no_header,
                pretty_json: global.pretty,
                ..TableStyle::default()
            },
            stdout_is_terminal: stdout_terminal,
            access: AccessSettings {
                account: global.account.clone(),
                account_key: global.account_key.clone(),
                sas_token: global.sas_token.clone(),
                connection_string: global.connection_string.clone(),
                endpoint: global.endpoint.clone(),
                auth_mode,
                snapshot: global.snapshot.clone(),
                allow_http: global.allow_http,
                named: NamedAccountSettings {
                    path: global.config.clone().or_else(default_config_path),
                    explicit: global.config.is_some(),
                    env: Some(read_env),
                },
            },
            qumulo: QumuloSettings {
                token: global.qumulo_token.clone(),
                credentials_file: global.qumulo_credentials.clone(),
                user: global.qumulo_user.clone(),
                password: std::env::var("QUMULO_PASSWORD").ok(),
                xdg_config_home: std::env::var_os("XDG_CONFIG_HOME").map(Into::into),
                home: std::env::var_os("HOME").map(Into::into),
                base_path: global.qumulo_base.clone(),
            },
            login: LoginSettings {
                token_credentials: std::env::var("AZURE_TOKEN_CREDENTIALS").ok(),
                tenant_id: std::env::var("AZURE_TENANT_ID").ok(),
                client_id: std::env::var("AZURE_CLIENT_ID").ok(),
                client_secret: std::env::var("AZURE_CLIENT_SECRET").ok(),
                federated_token_file: std::env::var_os("AZURE_FEDERATED_TOKEN_FILE")
                    .is_some_and(|value| !value.is_empty()),
            },
            connection: ConnectionSettings {
                timeout: global.timeout,
                retry: RetryPolicy {
                    max_retries: global.retries,
                    deadline: global.deadline.unwrap_or_else(|| {
                        RetryPolicy::default()
                            .deadline
                            .max(global.timeout.saturating_mul(2))
                    }),
                    ..RetryPolicy::default()
                },
                ca_cert: global.ca_cert.clone(),
                insecure: global.insecure,
            },
            color: match global.color {
                ColorArg::Auto => ColorChoice::Auto,
                ColorArg::Always => ColorChoice::Always,
                ColorArg::Never => ColorChoice::Never,
            },
            log_level: log_level(global.verbose, global.quiet),
        })
    }
}

/// `$XDG_CONFIG_HOME/azfh/config.toml`, else `~/.config/azfh/config.toml`.
fn default_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("azfh").join("config.toml"))
}

/// The environment variables a named account's `key_env` or `sas_env` names.
fn read_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// az's `AZURE_STORAGE_AUTH_MODE` (`key` or `login`; azfh also takes `sas`), used when
/// neither `--auth-mode` nor `AZFH_AUTH_MODE` is given. Empty is unset.
fn az_auth_mode(value: Option<String>) -> Result<Option<AuthMode>, UsageError> {
    let Some(value) = value.filter(|value| !value.trim().is_empty()) else {
        return Ok(None);
    };
    AuthMode::from_str(value.trim(), true).map(Some).map_err(|_| {
        UsageError::new(
            format!("AZURE_STORAGE_AUTH_MODE is '{value}', not an auth mode azfh knows"),
            "set AZURE_STORAGE_AUTH_MODE to key, sas or login, or unset it (--auth-mode and AZFH_AUTH_MODE win over it)",
        )
    })
}

/// `-v` info, `-vv` debug (every request), `-vvv` trace (headers too), `-q` errors only;
/// `AZFH_LOG` (error, warn, info, debug, trace) applies when neither -v nor -q is given.
fn log_level(verbose: u8, quiet: u8) -> String {
    match (verbose, quiet) {
        (0, 0) => std::env::var("AZFH_LOG")
            .ok()
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| matches!(v.as_str(), "error" | "warn" | "info" | "debug" | "trace"))
            .unwrap_or_else(|| "warn".into()),
        (0, _) => "error".into(),
        (1, _) => "info".into(),
        (2, _) => "debug".into(),
        _ => "trace".into(),
    }
}

impl ConnectionSettings {
    /// The options a client is built with; `--ca-cert` and `--insecure` are checked here,
    /// before any request, by the command that connects.
    pub(crate) fn options(&self, ui: Ui) -> Result<ConnectionOptions> {
        Ok(ConnectionOptions {
            timeout: self.timeout,
            retry: self.retry,
            tls: self.tls(ui)?,
        })
    }

    /// `--ca-cert` and `--insecure`, checked before any request.
    fn tls(&self, ui: Ui) -> Result<TlsSettings> {
        if let Some(path) = &self.ca_cert
            && !path.is_file()
        {
            return Err(UsageError::new(
                format!("--ca-cert {} is not a file", path.display()),
                "give the PEM file of the certificate to trust (e.g. the cluster's, exported from its web UI)",
            )
            .into());
        }
        if self.insecure {
            ui.warn(
                "--insecure: the server's certificate is not verified; anyone on the path can read the token",
            );
        }
        // A file that holds no certificate is bad input, found before any request.
        TlsSettings::load(self.ca_cert.as_deref(), self.insecure).map_err(|err| {
            UsageError::new(err.0, "give a PEM file (-----BEGIN CERTIFICATE-----)").into()
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    fn settings(options: &[&str]) -> Settings {
        let words = ["azfh"].iter().chain(options).chain(&["ls", "demo"]);
        let cli = Cli::try_parse_from(words).unwrap();
        Settings::resolve(&cli.global, OffsetDateTime::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn a_long_timeout_stretches_the_retry_deadline() {
        let stretched = settings(&["--timeout", "90s", "--retries", "2"]);
        assert_eq!(stretched.connection.retry.max_retries, 2);
        assert_eq!(
            stretched.connection.retry.deadline,
            Duration::from_secs(180)
        );
        assert_eq!(
            settings(&[]).connection.retry.deadline,
            RetryPolicy::default().deadline
        );
        assert_eq!(
            settings(&["--timeout", "90s", "--deadline", "10s"])
                .connection
                .retry
                .deadline,
            Duration::from_secs(10),
            "a deadline given wins"
        );
    }

    #[test]
    fn flags_decide_format_and_color() {
        let given = settings(&["-o", "jsonl", "--color", "always"]);
        assert_eq!(given.format, Format::Jsonl);
        assert!(given.table_style.color);
        assert!(!settings(&["--color", "never"]).table_style.color);
    }
}

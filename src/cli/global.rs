//! The options every command takes, before or after the subcommand.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, ValueEnum};

use crate::output::Format;
use azfh_client::config::AuthMode;
use azfh_client::handles::selection::{self, parse_age};

/// Options every command takes, before or after the subcommand. No `Debug`: it holds the
/// account key, SAS token, connection string and Qumulo token as given.
#[derive(Clone, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub(crate) struct GlobalArgs {
    /// Storage account name
    #[arg(
        long,
        global = true,
        env = "AZURE_STORAGE_ACCOUNT",
        value_name = "NAME",
        help_heading = "Connection"
    )]
    pub account: Option<String>,

    /// Shared Key credential: the account's key1 or key2
    #[arg(
        long,
        global = true,
        env = "AZURE_STORAGE_KEY",
        hide_env_values = true,
        value_name = "KEY",
        help_heading = "Connection"
    )]
    pub account_key: Option<String>,

    /// SAS credential, with or without the leading '?'
    #[arg(
        long,
        global = true,
        env = "AZURE_STORAGE_SAS_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        help_heading = "Connection"
    )]
    pub sas_token: Option<String>,

    /// Connection string (AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, ...)
    #[arg(
        long,
        global = true,
        env = "AZURE_STORAGE_CONNECTION_STRING",
        hide_env_values = true,
        value_name = "STR",
        help_heading = "Connection"
    )]
    pub connection_string: Option<String>,

    /// File service endpoint, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1
    #[arg(
        long,
        global = true,
        env = "AZFH_ENDPOINT",
        value_name = "URL",
        help_heading = "Connection"
    )]
    pub endpoint: Option<String>,

    /// Credential kind to use [default: the one given, else login; also az's
    /// AZURE_STORAGE_AUTH_MODE, which AZFH_AUTH_MODE overrides]
    #[arg(
        long,
        global = true,
        env = "AZFH_AUTH_MODE",
        value_enum,
        help_heading = "Connection"
    )]
    pub auth_mode: Option<AuthMode>,

    /// Run against an emulator embedded in this process, loaded with the demo share
    #[arg(long, global = true, help_heading = "Connection")]
    pub emulator: bool,

    /// Named accounts for NAME:SHARE TARGETs [default: $XDG_CONFIG_HOME/azfh/config.toml]
    #[arg(
        long,
        global = true,
        env = "AZFH_CONFIG",
        value_name = "FILE",
        help_heading = "Connection"
    )]
    pub config: Option<PathBuf>,

    /// Operate on a share snapshot (its time, e.g. 2026-11-01T00:00:00.0000000Z)
    #[arg(long, global = true, value_name = "TIME", help_heading = "Connection")]
    pub snapshot: Option<String>,

    /// Allow plain http:// to a host that is not this machine (credentials travel in clear)
    #[arg(long, global = true, help_heading = "Connection")]
    pub allow_http: bool,

    /// Trust the PEM certificate(s) in FILE besides the system's (a Qumulo cluster's
    /// self-signed certificate, a company CA)
    #[arg(long, global = true, value_name = "FILE", help_heading = "Connection")]
    pub ca_cert: Option<PathBuf>,

    /// Do not verify the server's certificate (warned about on stderr; prefer --ca-cert)
    #[arg(long, global = true, help_heading = "Connection")]
    pub insecure: bool,

    /// Qumulo: bearer token (a session or access token)
    #[arg(
        long,
        global = true,
        env = "QUMULO_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        help_heading = "Qumulo"
    )]
    pub qumulo_token: Option<String>,

    /// Qumulo: a credentials file as `qq login` or `qq auth_create_access_token --file` write
    /// [default: qq's own file for the cluster]
    #[arg(long, global = true, value_name = "FILE", help_heading = "Qumulo")]
    pub qumulo_credentials: Option<PathBuf>,

    /// Qumulo: log in as USER, with the password from QUMULO_PASSWORD
    #[arg(
        long,
        global = true,
        env = "QUMULO_USER",
        value_name = "USER",
        help_heading = "Qumulo"
    )]
    pub qumulo_user: Option<String>,

    /// Qumulo: the API's path prefix, e.g. /api for a cluster reached on its web port
    /// [default: /api on port 443, none otherwise]
    #[arg(long, global = true, value_name = "PATH", help_heading = "Qumulo")]
    pub qumulo_base: Option<String>,

    /// Longest silence of a server: before its answer, or within it
    #[arg(long, global = true, env = "AZFH_TIMEOUT", value_name = "DUR", default_value = "30s", value_parser = parse_timeout, help_heading = "Connection")]
    pub timeout: Duration,

    /// Most time one request may take, retries included [default: 2m, or twice --timeout]
    #[arg(long, global = true, env = "AZFH_DEADLINE", value_name = "DUR", value_parser = parse_timeout, help_heading = "Connection")]
    pub deadline: Option<Duration>,

    /// Retries for throttling and transient faults, per request
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 6,
        help_heading = "Connection"
    )]
    pub retries: u32,

    /// table (on a terminal), tsv, json, jsonl; $AZFH_OUTPUT
    ///
    /// Output format: table (the default on a terminal), tsv (the default otherwise), json
    /// or jsonl [env: AZFH_OUTPUT]
    #[arg(
        hide_possible_values = true,
        hide_env = true,
        short = 'o',
        long,
        global = true,
        env = "AZFH_OUTPUT",
        value_enum,
        help_heading = "Output"
    )]
    pub output: Option<Format>,

    /// No header line in tables and tsv
    #[arg(long, global = true, help_heading = "Output")]
    pub no_header: bool,

    /// Indent `-o json` for people (json is compact otherwise; other formats ignore it)
    #[arg(long, global = true, help_heading = "Output")]
    pub pretty: bool,

    /// Say less on stderr (-qq: no warnings either)
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "verbose", help_heading = "Output")]
    pub quiet: u8,

    /// Say more on stderr (-vv: every request, secrets redacted; -vvv: headers too)
    #[arg(short, long, global = true, action = ArgAction::Count, help_heading = "Output")]
    pub verbose: u8,

    /// Never draw progress (it is drawn only on a terminal anyway)
    #[arg(long, global = true, help_heading = "Output")]
    pub no_progress: bool,

    /// When to use colors (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN", help_heading = "Output")]
    pub color: ColorArg,
}

/// When to color (`--color`): the command line's own choice, which `settings` maps onto
/// anstream's (whose extra `always-ansi` is not offered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_timeout(text: &str) -> Result<Duration, selection::FilterError> {
    parse_age(text)
}

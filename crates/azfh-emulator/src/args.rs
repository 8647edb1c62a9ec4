//! The command-line arguments of `azfh emulator`, declared by the emulator itself: its
//! options are its configuration, and the binary only flattens them into its grammar.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::load::generate::{FileSpec, GenerateSpec, TreeSpec};
use crate::qumulo::QumuloConfig;
use crate::{EmulatorConfig, Faults};

/// The options of `azfh emulator`: what to load, where to listen, which faults to inject.
#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub struct EmulatorArgs {
    /// Address to listen on (loopback only; localhost:PORT is 127.0.0.1:PORT)
    #[arg(long, value_name = "ADDR", default_value = crate::DEFAULT_LISTEN, value_parser = parse_listen)]
    pub listen: SocketAddr,

    /// Storage account to serve, the first segment of every path (3 to 24 lowercase letters
    /// and digits); two emulators with two names stand for two accounts
    #[arg(long, value_name = "NAME", default_value = crate::ACCOUNT, value_parser = parse_account)]
    pub account: String,

    /// Load the demo share ("demo")
    #[arg(long)]
    pub demo: bool,

    /// Load shares, files and handles from a JSON file (format in README.md)
    #[arg(long, value_name = "FILE")]
    pub state: Vec<PathBuf>,

    /// Add a synthetic share: SHARE:HANDLES[:STALE], e.g. big:100000:5000
    #[arg(long, value_name = "SPEC", value_parser = GenerateSpec::parse)]
    pub generate: Vec<GenerateSpec>,

    /// Add a synthetic tree: SHARE:DIRECTORIES:FILES_PER_DIRECTORY, e.g. tree:1000:50
    #[arg(long, value_name = "SPEC", value_parser = TreeSpec::parse)]
    pub tree: Vec<TreeSpec>,

    /// Add a synthetic file: SHARE/PATH:SIZE[:md5], e.g. big/data.bin:1G (content costs no memory)
    #[arg(long, value_name = "SPEC", value_parser = FileSpec::parse)]
    pub file: Vec<FileSpec>,

    /// Most handles per List Handles page (also the default page size)
    #[arg(long, value_name = "N", default_value_t = crate::DEFAULT_MAX_PAGE_SIZE, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_page_size: u32,

    /// Accept this OAuth bearer token (repeatable); requests must also send x-ms-file-request-intent: backup
    #[arg(long, value_name = "TOKEN")]
    pub bearer_token: Vec<String>,

    /// Serve at most N connections at once (more wait until one closes)
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Close a connection whose request body, or whose reading of an answer, stalls this long
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_idle_timeout)]
    pub idle_timeout: std::time::Duration,

    /// Close a connection that sends no request head this long after connecting or after its
    /// last answer (at most --idle-timeout)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_idle_timeout)]
    pub header_timeout: std::time::Duration,

    /// Append one JSON line per request to FILE
    #[arg(long, value_name = "FILE")]
    pub request_log: Option<PathBuf>,

    /// Print the connection string of an emulator on --listen, and exit without serving
    #[arg(long)]
    pub print_connection_string: bool,

    /// Serve Qumulo Core's REST API instead (handles, login, close), over HTTPS with a fresh
    /// self-signed certificate; prints the qumulo:// address
    #[arg(long, help_heading = "Qumulo")]
    pub qumulo: bool,

    /// Qumulo: accept a login as USER:PASSWORD (repeatable)
    #[arg(long, value_name = "USER:PASSWORD", value_parser = parse_login, help_heading = "Qumulo")]
    pub qumulo_login: Vec<(String, String)>,

    /// Qumulo: write the certificate (PEM) to FILE, for clients' --ca-cert
    #[arg(long, value_name = "FILE", help_heading = "Qumulo")]
    pub cert_out: Option<PathBuf>,

    /// Qumulo: this handle location fails to close (repeatable)
    #[arg(long, value_name = "LOCATION", help_heading = "Qumulo")]
    pub fail_close_location: Vec<String>,

    /// Qumulo: serve the API under /api only, as a cluster's web port does (clients then
    /// need --qumulo-base /api)
    #[arg(long, help_heading = "Qumulo")]
    pub qumulo_api_prefix: bool,

    /// Qumulo: who-am-i leaves out PRIVILEGE (repeatable), to see the privilege preflight's
    /// message; e.g. PRIVILEGE_SMB_FILE_HANDLE_WRITE
    #[arg(long, value_name = "PRIVILEGE", value_parser = parse_privilege, help_heading = "Qumulo")]
    pub qumulo_withhold_privilege: Vec<String>,

    #[command(flatten)]
    pub faults: Faults,
}

impl EmulatorArgs {
    /// The Azure Files emulator these options describe (what it loads is the caller's).
    pub fn config(&self) -> EmulatorConfig {
        EmulatorConfig {
            listen: self.listen,
            max_page_size: self.max_page_size,
            bearer_tokens: self.bearer_token.clone(),
            faults: self.faults.clone(),
            request_log: self.request_log.clone(),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            idle_timeout: self.idle_timeout,
            header_timeout: self.header_timeout,
            account: self.account.clone(),
            ..EmulatorConfig::default()
        }
    }

    /// The Qumulo emulator these options describe (`--qumulo`).
    pub fn qumulo_config(&self) -> QumuloConfig {
        QumuloConfig {
            listen: self.listen,
            max_page_size: usize::try_from(self.max_page_size).unwrap_or(usize::MAX),
            api_prefix: self.qumulo_api_prefix,
            faults: self.faults.clone(),
        }
    }
}

/// `--listen`: IP:PORT, or `localhost:PORT` (127.0.0.1: the emulator serves loopback only,
/// and a name would leave which address to the resolver).
/// A storage account name as Azure allows it: 3 to 24 lowercase ASCII letters and digits.
fn parse_account(text: &str) -> Result<String, String> {
    let valid = (3..=24).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if valid {
        Ok(text.to_owned())
    } else {
        Err(
            "an account name is 3 to 24 lowercase letters and digits, e.g. devstoreaccount1"
                .to_owned(),
        )
    }
}

fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if let Ok(address) = text.parse() {
        return Ok(address);
    }
    if let Some(port) = text.strip_prefix("localhost:")
        && let Ok(port) = port.parse::<u16>()
    {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    Err("use a loopback address and port, like 127.0.0.1:10100 or [::1]:10100".into())
}

fn parse_login(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => {
            Ok((user.to_owned(), password.to_owned()))
        }
        _ => Err("expected USER:PASSWORD, e.g. admin:secret".to_owned()),
    }
}

/// `--qumulo-withhold-privilege`: one of the privileges the emulated cluster grants.
fn parse_privilege(text: &str) -> Result<String, String> {
    let name = text.trim().to_ascii_uppercase();
    crate::qumulo::login::PRIVILEGES
        .into_iter()
        .find(|p| *p == name || p.strip_prefix("PRIVILEGE_") == Some(name.as_str()))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "not a privilege the emulated cluster grants; use one of: {}",
                crate::qumulo::login::PRIVILEGES.join(", ")
            )
        })
}

fn parse_idle_timeout(text: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(text) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err("expected a duration above zero, e.g. 30s or 2m".to_owned()),
    }
}

//! The command-line grammar. Doc comments are the help text; `docs/cli.md` is the contract.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use ipnet::IpNet;

use crate::emulator::generate::{FileSpec, GenerateSpec, TreeSpec};
use crate::handles::AccessRight;
use crate::handles::grouping::GroupKey;
use crate::handles::selection::{
    self, Filters, parse_access, parse_age, parse_client_name_glob, parse_ip_net, parse_owner,
    parse_path_glob, parse_session_id, parse_timestamp,
};
use crate::output::Format;

const ROOT_EXAMPLES: &str = "\
Examples:
  Try it without an Azure account (an emulator with a demo share runs inside azfh):
    azfh --emulator handles ls demo -r --older-than 7d

  Stale handles under a directory, from one subnet, as JSON:
    azfh handles ls myshare/projects -r --older-than 7d --client-ip 10.20.0.0/16 -o json

  Who holds the most handles:
    azfh handles ls myshare -r --group-by client-name";

const HANDLES_LS_EXAMPLES: &str = "\
Examples:
  azfh --emulator handles ls demo -r --older-than 7d
  azfh handles ls myshare/projects -r --older-than 7d --client-ip 10.20.0.0/16 -o json
  azfh handles ls myshare -r --client-name 'LAPTOP-*' --path 'home/**' -o tsv | cut -f1,2
  azfh handles ls myshare -r --group-by path
  azfh handles ls qumulo://nas01/projects -r --owner 12884901890 --ca-cert cluster.pem";

const HANDLES_CLOSE_EXAMPLES: &str = "\
Examples:
  Look first: what would a nightly clean-up close?
    azfh handles close myshare -r --older-than 7d --dry-run

  The nightly job (no terminal: --yes is required; --max guards against surprises):
    azfh handles close myshare -r --older-than 7d --max 500 --yes -o jsonl >> closed.jsonl

  Free a directory, then rename it (only if nothing stayed open):
    azfh handles close myshare/projects/old -r --all --verify --yes && mv ...

  Close the handles a listing picked:
    azfh handles ls myshare -r --client-name 'KIOSK-*' -o tsv | cut -f1 | tail -n +2 \\
      | azfh handles close myshare -r --handle-id - --yes";

const LS_EXAMPLES: &str = "\
Examples:
  azfh --emulator ls demo
  azfh ls myshare/projects -l
  azfh ls myshare -r -o tsv | cut -f1          # every path in the share
  azfh ls myshare --prefix 'report-' -l -o json";

const GET_EXAMPLES: &str = "\
Examples:
  azfh --emulator get 'demo/projects/apollo/budget 2026.xlsx'
  azfh get myshare/exports/big.tar /data/ --concurrency 16 --block-size 8M
  azfh get myshare/logs/app.log - | tail -n 100
  azfh get myshare/exports/big.tar --resume          # continue an interrupted download
  azfh get myshare/projects/2024 ./backup-2024 -r";

const EMULATOR_EXAMPLES: &str = "\
Examples:
  azfh emulator --demo
  azfh emulator --demo &        # serves in the background
  export AZURE_STORAGE_CONNECTION_STRING=\"$(azfh emulator --print-connection-string)\"
  azfh emulator --generate big:100000:5000 --listen 127.0.0.1:10101
  azfh emulator --demo --busy-every 3 --retry-after 0 --drop-every 7
  azfh emulator --qumulo --demo --qumulo-login admin:secret --cert-out cluster.pem";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  azfh completions bash > ~/.local/share/bash-completion/completions/azfh
  azfh completions zsh > \"${fpath[1]}/_azfh\"
  azfh completions fish > ~/.config/fish/completions/azfh.fish
  azfh completions powershell >> $PROFILE";

const HANDLES_EXAMPLES: &str = "\
Examples:
  azfh handles ls myshare -r --group-by client-name
  azfh handles close myshare -r --older-than 7d --dry-run";

/// Find and force-close leaked SMB handles on Azure Files shares.
///
/// A handle left open by a crashed or disconnected SMB client blocks renames and deletes and
/// counts against the service's limits (2,000 per file or directory, 10,000 on a share's root).
/// azfh lists them with filters that pick out the stale ones.
#[derive(Debug, Parser)]
#[command(name = "azfh", version, after_help = ROOT_EXAMPLES, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after the subcommand.
#[derive(Debug, Clone, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub struct GlobalArgs {
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

    /// Credential kind to use [default: the one given, else login]
    #[arg(
        long,
        global = true,
        env = "AZFH_AUTH_MODE",
        value_enum,
        help_heading = "Connection"
    )]
    pub auth_mode: Option<AuthModeArg>,

    /// Run against an emulator embedded in this process, loaded with the demo share
    #[arg(long, global = true, help_heading = "Connection")]
    pub emulator: bool,

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

    /// Per-request timeout
    #[arg(long, global = true, value_name = "DUR", default_value = "30s", value_parser = parse_timeout, help_heading = "Connection")]
    pub timeout: Duration,

    /// Retries for throttling and transient faults, per request
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 6,
        help_heading = "Connection"
    )]
    pub retries: u32,

    /// Output format [default: table on a terminal, tsv otherwise]
    #[arg(
        short = 'o',
        long,
        global = true,
        env = "AZFH_OUTPUT",
        value_enum,
        help_heading = "Output"
    )]
    pub output: Option<OutputArg>,

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthModeArg {
    /// Shared Key (--account-key or a connection string's AccountKey)
    Key,
    /// Shared access signature
    Sas,
    /// OAuth through Azure CLI, managed identity, workload identity or a service principal
    Login,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    Table,
    Tsv,
    Json,
    Jsonl,
}

impl From<OutputArg> for Format {
    fn from(arg: OutputArg) -> Self {
        match arg {
            OutputArg::Table => Format::Table,
            OutputArg::Tsv => Format::Tsv,
            OutputArg::Json => Format::Json,
            OutputArg::Jsonl => Format::Jsonl,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List or force-close open SMB handles
    #[command(subcommand, after_help = HANDLES_EXAMPLES)]
    Handles(HandlesCommand),
    /// List directories and files
    #[command(after_help = LS_EXAMPLES)]
    Ls(LsArgs),
    /// Download a file (or, with -r, a directory tree)
    ///
    /// Parallel ranged reads are written at their offsets into a partial file beside DEST,
    /// which becomes DEST only once complete and verified: the ETag of every range must match
    /// the first (a change aborts), and a stored MD5 must match.
    #[command(after_help = GET_EXAMPLES)]
    Get(GetArgs),
    /// Run a local Azure Files emulator (loopback only)
    #[command(after_help = EMULATOR_EXAMPLES)]
    Emulator(EmulatorArgs),
    /// Print a shell completion script
    ///
    /// The scripts for bash, zsh, fish, PowerShell and elvish are also in the source's
    /// completions/ directory.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum HandlesCommand {
    /// List open handles under a share, directory or file
    ///
    /// Lists every handle on TARGET (with -r, also below it), through every page, and keeps
    /// those the filters select. Repeating a filter ORs its values; different filters AND.
    #[command(after_help = HANDLES_LS_EXAMPLES)]
    Ls(HandlesLsArgs),

    /// Force-close handles: those the filters select, given ids, or all
    ///
    /// With filters or ids, TARGET is listed first, then each selected handle is closed by id
    /// on its own path, several at a time. With --all and no filter, the service closes every
    /// handle itself ('*'), in marker rounds. On a terminal azfh asks before closing; elsewhere
    /// it needs --yes. Each selected handle is reported: closed, already_closed, failed or
    /// not_attempted (never sent: Ctrl-C or SIGTERM came first; exit 130).
    #[command(after_help = HANDLES_CLOSE_EXAMPLES)]
    Close(HandlesCloseArgs),
}

#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub struct GetArgs {
    /// SHARE/PATH of a file (of a directory with -r), or its URL
    pub source: String,

    /// Where to write: a file, a directory, or '-' for stdout [default: the file's name here]
    pub dest: Option<String>,

    /// Download the directory tree below SOURCE into DEST
    #[arg(short, long)]
    pub recursive: bool,

    /// Ranges (and, with -r, files) in flight at once
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256), allow_negative_numbers = true)]
    pub concurrency: u16,

    /// Bytes per ranged read: 64K to 256M (units K, M, G are powers of 1,024)
    #[arg(long, value_name = "SIZE", default_value = "4M", value_parser = parse_block_size)]
    pub block_size: u64,

    /// Only bytes START to END (inclusive), or START- to the end
    #[arg(long, value_name = "START-END", value_parser = parse_range)]
    pub range: Option<(u64, Option<u64>)>,

    /// Overwrite DEST if it exists (only once the download is complete)
    #[arg(short, long)]
    pub force: bool,

    /// Continue a partial download whose file has not changed since
    #[arg(long)]
    pub resume: bool,

    /// Skip the MD5 check of files that have one
    #[arg(long)]
    pub no_verify: bool,

    /// Flush each file to disk before it takes DEST's name, so a power loss cannot leave
    /// DEST empty (slower: the command waits for the disk)
    #[arg(long)]
    pub fsync: bool,
}

fn parse_block_size(text: &str) -> Result<u64, crate::ops::download::plan::PlanError> {
    crate::ops::download::plan::parse_block_size(text)
}

fn parse_range(text: &str) -> Result<(u64, Option<u64>), crate::ops::download::plan::PlanError> {
    crate::ops::download::plan::parse_byte_range(text)
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS], or http://HOST:PORT/ACCOUNT/SHARE[/PATH]
    pub target: String,

    /// The whole tree below TARGET (paths relative to TARGET)
    #[arg(short, long)]
    pub recursive: bool,

    /// Add type, size, last write time, attributes, file id and ETag
    #[arg(short, long)]
    pub long: bool,

    /// Only names at TARGET's level that start with P (case-insensitive)
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,

    /// Entries per List Directories and Files request (1 to 5000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    /// With -r: directories listed at once, at most (halved while the service throttles)
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256), allow_negative_numbers = true)]
    pub concurrency: u16,
}

#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub struct HandlesCloseArgs {
    /// SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS], or http://HOST:PORT/ACCOUNT/SHARE[/PATH]
    pub target: String,

    /// Also close handles on everything below TARGET
    #[arg(short, long)]
    pub recursive: bool,

    /// Close every handle on TARGET (with -r, below it too)
    #[arg(long, conflicts_with = "handle_id", help_heading = "Selection")]
    pub all: bool,

    /// Close this handle id (repeatable; '-' reads ids from stdin, one a line)
    #[arg(long = "handle-id", value_name = "ID", help_heading = "Selection")]
    pub handle_id: Vec<String>,

    /// Print what would be closed; close nothing
    #[arg(long, help_heading = "Safety")]
    pub dry_run: bool,

    /// Do not ask (needed when there is no terminal)
    #[arg(short, long, help_heading = "Safety")]
    pub yes: bool,

    /// If more than N handles are selected, close none (exit 2)
    #[arg(
        long,
        value_name = "N",
        help_heading = "Safety",
        allow_negative_numbers = true
    )]
    pub max: Option<u64>,

    /// Afterwards, watch TARGET for DUR (default 30s; the run takes that long), closing what
    /// clients reopen; exit 3 if any is open at the end
    #[arg(long, value_name = "DUR", num_args = 0..=1, require_equals = true, default_missing_value = "30s", value_parser = parse_age, help_heading = "Safety")]
    pub verify: Option<Duration>,

    /// Closes in flight at once, at most (halved while the service throttles)
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=256), allow_negative_numbers = true)]
    pub concurrency: u16,

    /// Resume an interrupted --all close from the marker it printed
    #[arg(long, value_name = "M", requires = "all")]
    pub marker: Option<String>,

    /// Handles per List Handles request while selecting (1 to 5000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args)]
pub struct HandlesLsArgs {
    /// SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS], or http://HOST:PORT/ACCOUNT/SHARE[/PATH]
    pub target: String,

    /// Also list handles on everything below TARGET
    #[arg(short, long)]
    pub recursive: bool,

    /// Handles per List Handles request (1 to 5000) [default: the service's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    /// One row per group: count, oldest open time, and paths near the handle limits
    #[arg(long, value_enum, value_name = "KEY")]
    pub group_by: Option<GroupByArg>,

    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    ClientIp,
    ClientName,
    Session,
    Path,
    /// Qumulo: the user who opened the handle
    Owner,
}

impl From<GroupByArg> for GroupKey {
    fn from(arg: GroupByArg) -> Self {
        match arg {
            GroupByArg::ClientIp => GroupKey::ClientIp,
            GroupByArg::ClientName => GroupKey::ClientName,
            GroupByArg::Session => GroupKey::Session,
            GroupByArg::Path => GroupKey::Path,
            GroupByArg::Owner => GroupKey::Owner,
        }
    }
}

/// The selection filters of `handles ls` (and, later, `handles close`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Opened before now − DUR (90m, 36h, 7d, 2w)
    #[arg(long, value_name = "DUR", value_parser = parse_age, allow_hyphen_values = true)]
    pub older_than: Option<Duration>,

    /// Opened after now − DUR
    #[arg(long, value_name = "DUR", value_parser = parse_age, allow_hyphen_values = true)]
    pub newer_than: Option<Duration>,

    /// Opened before TIME (RFC 3339, or a date)
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub opened_before: Option<time::OffsetDateTime>,

    /// Opened after TIME (RFC 3339, or a date)
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub opened_after: Option<time::OffsetDateTime>,

    /// Client address is IP or in CIDR (repeatable; IPv4 or IPv6; the port is ignored)
    #[arg(long, value_name = "IP|CIDR", value_parser = parse_ip_net)]
    pub client_ip: Vec<IpNet>,

    /// Client address is not IP and not in CIDR (repeatable)
    #[arg(long, value_name = "IP|CIDR", value_parser = parse_ip_net)]
    pub exclude_client_ip: Vec<IpNet>,

    /// Client name matches GLOB, case-insensitively (repeatable; nameless handles never match)
    #[arg(long, value_name = "GLOB", value_parser = parse_client_name_glob)]
    pub client_name: Vec<String>,

    /// Client name does not match GLOB (repeatable)
    #[arg(long, value_name = "GLOB", value_parser = parse_client_name_glob)]
    pub exclude_client_name: Vec<String>,

    /// Path matches GLOB ('*' within a segment, '**' across; case-insensitive): relative to
    /// the share, or on Qumulo to the cluster's root
    #[arg(long, value_name = "GLOB", value_parser = parse_path_glob)]
    pub path: Vec<String>,

    /// SMB session id is ID (repeatable)
    #[arg(long, value_name = "ID", value_parser = parse_session_id)]
    pub session_id: Vec<u64>,

    /// Access rights include RIGHT: read, write or delete (repeatable)
    #[arg(long, value_name = "RIGHT", value_parser = parse_access)]
    pub access: Vec<AccessRight>,

    /// Qumulo: opened by the user with this auth_id, as listed in owner (repeatable)
    #[arg(long, value_name = "ID", value_parser = parse_owner)]
    pub owner: Vec<String>,
}

impl FilterArgs {
    pub fn to_filters(&self) -> Filters {
        Filters {
            older_than: self.older_than,
            newer_than: self.newer_than,
            opened_before: self.opened_before,
            opened_after: self.opened_after,
            client_ips: self.client_ip.clone(),
            exclude_client_ips: self.exclude_client_ip.clone(),
            client_names: self.client_name.clone(),
            exclude_client_names: self.exclude_client_name.clone(),
            paths: self.path.clone(),
            session_ids: self.session_id.clone(),
            access: self.access.clone(),
            owners: self.owner.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on (loopback only)
    #[arg(long, value_name = "ADDR", default_value = crate::emulator::DEFAULT_LISTEN)]
    pub listen: SocketAddr,

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
    #[arg(long, value_name = "N", default_value_t = crate::emulator::DEFAULT_MAX_PAGE_SIZE, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_page_size: u32,

    /// Accept this OAuth bearer token (repeatable); requests must also send x-ms-file-request-intent: backup
    #[arg(long, value_name = "TOKEN")]
    pub bearer_token: Vec<String>,

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

    #[command(flatten)]
    pub faults: FaultArgs,
}

/// Faults to inject (changeable at run time: PUT /_emulator/faults).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Fault injection")]
pub struct FaultArgs {
    /// Delay every request by DUR
    #[arg(long, value_name = "DUR", value_parser = humantime::parse_duration)]
    pub latency: Option<Duration>,

    /// Answer every Nth request 503 ServerBusy
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub busy_every: u64,

    /// Retry-After seconds sent with ServerBusy
    #[arg(long, value_name = "SECS", default_value_t = 1)]
    pub retry_after: u64,

    /// Answer every Nth request 500 OperationTimedOut
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub timeout_every: u64,

    /// Drop the connection halfway through every Nth answer
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub drop_every: u64,

    /// Answer requests beyond N a second 503 ServerBusy (the account's rate limit)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub throttle: u64,

    /// Listing pages repeat the marker they were given (a server fault)
    #[arg(long)]
    pub repeat_marker: bool,

    /// Precede every listing page with an empty page that carries a marker
    #[arg(long)]
    pub empty_pages: bool,

    /// Answer every request after the Nth 503 ServerBusy (an outage)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub busy_after: u64,

    /// Close at most N handles per '*' Force Close request (more need marker rounds)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub close_batch: u64,

    /// Handles whose id is a multiple of N fail to close
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fail_close_every: u64,

    /// This handle id fails to close (repeatable)
    #[arg(long, value_name = "ID")]
    pub fail_close: Vec<u64>,

    /// Clients reopen a closed handle (as a new handle) after DUR
    #[arg(long, value_name = "DUR", value_parser = humantime::parse_duration)]
    pub reopen_after: Option<Duration>,

    /// How many times in a row a client reopens
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub reopen_times: u32,

    /// A writer changes each file after it has been read N times (its ETag changes)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub modify_after_reads: u64,

    /// Reading this share-relative path is 409 FileLockConflict (repeatable)
    #[arg(long, value_name = "PATH")]
    pub lock: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn parse_login(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => {
            Ok((user.to_owned(), password.to_owned()))
        }
        _ => Err("expected USER:PASSWORD, e.g. admin:secret".to_owned()),
    }
}

fn parse_timeout(text: &str) -> Result<Duration, selection::FilterError> {
    parse_age(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "azfh",
            "handles",
            "ls",
            "demo",
            "-r",
            "--emulator",
            "-o",
            "json",
            "--older-than",
            "7d",
        ])
        .unwrap();
        assert!(cli.global.emulator);
        assert_eq!(cli.global.output, Some(OutputArg::Json));
        let Command::Handles(HandlesCommand::Ls(args)) = cli.command else {
            panic!()
        };
        assert!(args.recursive);
        assert_eq!(
            args.filters.older_than,
            Some(Duration::from_secs(7 * 86_400))
        );
    }
}

//! The command-line grammar. Doc comments are the help text; `docs/cli.md` is the contract.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::config::AuthMode;
use crate::emulator::args::EmulatorArgs;
use crate::handles::grouping::GroupKey;
use crate::handles::selection::{self, Filters, parse_age};
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
    pub auth_mode: Option<AuthMode>,

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
    pub output: Option<Format>,

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

fn parse_block_size(text: &str) -> Result<u64, crate::files::plan::PlanError> {
    crate::files::plan::parse_block_size(text)
}

fn parse_range(text: &str) -> Result<(u64, Option<u64>), crate::files::plan::PlanError> {
    crate::files::plan::parse_byte_range(text)
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
    pub filters: Filters,
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
    pub group_by: Option<GroupKey>,

    #[command(flatten)]
    pub filters: Filters,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
        assert_eq!(cli.global.output, Some(Format::Json));
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

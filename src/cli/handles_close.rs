//! The arguments of `azfh handles close`.

use std::time::Duration;

use clap::Args;

use azfh_client::handles::selection::{Filters, parse_age};

pub(super) const EXAMPLES: &str = "\
Examples:
  Look first: what would a nightly clean-up close?
    azfh handles close demo -r --older-than 7d --dry-run

  Nightly, from cron (--yes: no terminal; --max guards against surprises):
    azfh handles close demo -r --older-than 7d --max 500 --yes >> closed.tsv

  Free a directory, then rename it (only if nothing stayed open):
    azfh handles close demo/projects/apollo -r --all --verify --yes && mv ...

  Close the handles a listing picked:
    azfh handles ls demo -r --client-name 'KIOSK-*' --no-header | cut -f1 \\
      | azfh handles close demo -r --handle-id - --yes";

#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub(crate) struct HandlesCloseArgs {
    /// SHARE[/PATH], a URL, NAME:… or qumulo://… (see --help)
    ///
    /// SHARE[/PATH], NAME:SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS],
    /// http://HOST:PORT/ACCOUNT/SHARE[/PATH], or qumulo://CLUSTER[:PORT]/PATH. Several are all
    /// listed before anything is closed; --dry-run, --max and the prompt apply to the whole
    /// selection. With --all-shares: accounts (NAME: or an account URL), or none for the
    /// connection options' account
    #[arg(value_name = "TARGET", required_unless_present = "all_shares")]
    pub targets: Vec<String>,

    /// Every SMB share of the accounts named
    #[arg(long)]
    pub all_shares: bool,

    /// With several shares: how many are listed at once, at most
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64), allow_negative_numbers = true, help_heading = "Several shares")]
    pub share_concurrency: u16,

    /// Also close handles on everything below TARGET
    #[arg(short, long)]
    pub recursive: bool,

    /// Close every handle on TARGET (with -r, below it too)
    #[arg(long, conflicts_with = "handle_id", help_heading = "Selection")]
    pub all: bool,

    /// Close this id (repeatable; '-' reads ids from stdin)
    ///
    /// Close this handle id (repeatable; '-' reads ids from stdin, one a line)
    #[arg(long = "handle-id", value_name = "ID", value_parser = parse_handle_id, help_heading = "Selection")]
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

    /// Then watch DUR (30s), closing what clients reopen
    ///
    /// Afterwards, watch TARGET for DUR (default 30s; the run takes that long), closing what
    /// clients reopen; exit 3 if any is open at the end. The duration follows '=':
    /// --verify=2m
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

/// A `--handle-id` value. az's `--handle-id '*'` (every handle) is azfh's `--all`: refused
/// here with that fix (see `error::clap_error`) rather than as an invalid id.
fn parse_handle_id(text: &str) -> Result<String, String> {
    if text.trim() == "*" {
        return Err("'*' is not a handle id".into());
    }
    Ok(text.to_owned())
}

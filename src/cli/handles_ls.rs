//! The arguments of `azfh handles ls`.

use clap::Args;

use crate::output::age::TimeStyle;
use crate::output::columns::{ColumnParser, columns_help};
use crate::output::handles::COLUMN_NAMES;
use crate::output::order::HandleOrder;

use azfh_client::handles::grouping::GroupKey;
use azfh_client::handles::selection::Filters;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator handles ls demo -r --older-than 7d
  azfh handles ls demo -r --older-than 7d --client-ip 10.20.0.0/16 -o json
  azfh handles ls demo -r --client-name 'LAPTOP-*' --path 'home/**' | cut -f1,2
  azfh handles ls demo -r --group-by path
  azfh handles ls --all-shares -r --older-than 7d -o jsonl
  azfh handles ls qumulo://nas01/home -r --owner 12884901890 --ca-cert ca.pem";

#[derive(Debug, Args)]
pub(crate) struct HandlesLsArgs {
    /// SHARE[/PATH], a URL, NAME:… or qumulo://… (see --help)
    ///
    /// SHARE[/PATH], NAME:SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS],
    /// http://HOST:PORT/ACCOUNT/SHARE[/PATH], or qumulo://CLUSTER[:PORT]/PATH; several are
    /// listed together. With --all-shares: accounts (NAME: or an account URL), or none for the
    /// connection options' account
    #[arg(value_name = "TARGET", required_unless_present = "all_shares")]
    pub targets: Vec<String>,

    /// Every SMB share of the accounts named
    #[arg(long)]
    pub all_shares: bool,

    /// With several shares: how many are listed at once, at most
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64), allow_negative_numbers = true, help_heading = "Several shares")]
    pub share_concurrency: u16,

    /// Also list handles on everything below TARGET
    #[arg(short, long)]
    pub recursive: bool,

    /// Handles per List Handles request (1 to 5000) [default: the service's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    /// One row per client-ip, client-name, session, path, owner, share or account
    ///
    /// One row per group: count, oldest open time, and paths near the handle limits. KEY:
    /// client-ip, client-name, session, path, owner, share or account (over several shares,
    /// paths are grouped on their share: ACCOUNT:SHARE/PATH)
    #[arg(long, value_enum, value_name = "KEY", hide_possible_values = true)]
    pub group_by: Option<GroupKey>,

    /// Table and tsv columns, in order (names: --help)
    #[arg(long, value_name = "FIELD,...", value_delimiter = ',', value_parser = ColumnParser(&COLUMN_NAMES), hide_possible_values = true, long_help = columns_help("by their json field names, and `client` for address:port as the table shows it", &COLUMN_NAMES), conflicts_with = "group_by", help_heading = "Output")]
    pub columns: Vec<&'static str>,

    /// relative (ages, the default) or absolute (RFC 3339 UTC)
    ///
    /// The table's OPENED and OLDEST times: relative (ages, the default), or absolute (RFC
    /// 3339 in UTC)
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = TimeStyle::Relative, hide_default_value = true, hide_possible_values = true, help_heading = "Output")]
    pub time: TimeStyle,

    /// Print in this order (buffers the listing)
    ///
    /// Print in this order; ties keep the listed order. Sorting holds the listing in memory,
    /// over several shares too (tsv and jsonl otherwise stream in constant memory); with
    /// --limit only the first N.
    #[arg(
        long,
        value_enum,
        value_name = "ORDER",
        conflicts_with = "group_by",
        help_heading = "Output"
    )]
    pub sort: Option<HandleOrder>,

    /// Print at most N handles
    ///
    /// Print at most N handles: with --sort the first N in its order; without it the first N
    /// selected, and the listing stops there (no further pages are requested).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "group_by", help_heading = "Output")]
    pub limit: Option<u64>,

    #[command(flatten)]
    pub filters: Filters,
}

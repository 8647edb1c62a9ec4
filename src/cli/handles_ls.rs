//! The arguments of `azfh handles ls`.

use clap::Args;

use crate::output::age::TimeStyle;
use crate::output::columns::ColumnParser;
use crate::output::handles::COLUMN_NAMES;
use crate::output::order::HandleOrder;

use azfh_client::handles::grouping::GroupKey;
use azfh_client::handles::selection::Filters;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator handles ls demo -r --older-than 7d
  azfh handles ls myshare/projects -r --older-than 7d --client-ip 10.20.0.0/16 -o json
  azfh handles ls myshare -r --client-name 'LAPTOP-*' --path 'home/**' -o tsv | cut -f1,2
  azfh handles ls myshare -r --group-by path
  azfh handles ls qumulo://nas01/projects -r --owner 12884901890 --ca-cert cluster.pem";

#[derive(Debug, Args)]
pub(crate) struct HandlesLsArgs {
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

    /// Table and tsv columns to show, in order: FIELD,FIELD,... (the json field names, and
    /// `client` for address:port)
    #[arg(long, value_name = "FIELDS", value_delimiter = ',', value_parser = ColumnParser(&COLUMN_NAMES), conflicts_with = "group_by", help_heading = "Output")]
    pub columns: Vec<&'static str>,

    /// How the table's OPENED and OLDEST columns show times: `relative` (8d 3h ago) or
    /// `absolute` (RFC 3339, UTC)
    #[arg(long, value_enum, value_name = "STYLE", default_value_t = TimeStyle::Relative, help_heading = "Output")]
    pub time: TimeStyle,

    /// Print in this order: open-time (oldest first), path or client; buffers the listing
    /// (tsv and jsonl otherwise stream)
    #[arg(
        long,
        value_enum,
        value_name = "ORDER",
        conflicts_with = "group_by",
        help_heading = "Output"
    )]
    pub sort: Option<HandleOrder>,

    /// Print at most N handles (with --sort, the first N in its order); without --sort the
    /// listing stops once N are printed
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "group_by", help_heading = "Output")]
    pub limit: Option<u64>,

    #[command(flatten)]
    pub filters: Filters,
}

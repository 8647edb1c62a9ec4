//! The arguments of `azfh handles ls`.

use clap::Args;

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
    /// SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS],
    /// http://HOST:PORT/ACCOUNT/SHARE[/PATH], or qumulo://CLUSTER[:PORT]/PATH
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

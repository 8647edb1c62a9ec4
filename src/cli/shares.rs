//! The arguments of `azfh shares ls`.

use clap::{Args, Subcommand};

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator shares ls
  azfh shares ls https://myaccount.file.core.windows.net -o json
  azfh shares ls --snapshots --prefix fslogix-";

#[derive(Debug, Subcommand)]
pub(crate) enum SharesCommand {
    /// List the shares of a storage account
    ///
    /// Every share of ACCOUNT through every page of List Shares: name, quota, enabled
    /// protocol (SMB or NFS; only SMB shares have handles), last modified and access tier;
    /// with --snapshots, each share's snapshots just before it.
    #[command(after_help = EXAMPLES)]
    Ls(SharesLsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SharesLsArgs {
    /// NAME: (of the config file), https://ACCOUNT.file.core.windows.net[?SAS] or
    /// http://HOST:PORT/ACCOUNT; left out: the account of --account, the connection string or
    /// --endpoint
    // Its own id: clap shares a value between arguments of one id, and the global `--account`
    // (a name, not a URL) would otherwise land here.
    #[arg(id = "shares_account", value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// Also each share's snapshots (the SNAPSHOT column names them)
    #[arg(long)]
    pub snapshots: bool,

    /// Only shares whose name starts with P
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,

    /// Shares per List Shares request (1 to 5000)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,
}

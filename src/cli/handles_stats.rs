//! The arguments of `azfh handles stats`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use azfh_client::handles::selection::parse_age;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator handles stats demo -r
  azfh handles stats demo -r --older-than 3d --top 10 -o json
  azfh handles stats demo -r -o prometheus --output-file azfh.prom
  azfh handles stats --all-shares -r -o prometheus --output-file azfh.prom
  azfh handles stats --all-shares -r --watch 30s";

/// The global `-o` as `handles stats` shows it: naming prometheus, the format that is this
/// command's alone (the global option's help leaves it out, as the other commands refuse it).
/// Given to the subcommand itself, it stands in for the global one there.
pub(super) fn output_with_prometheus(root: &clap::Command) -> Option<clap::Arg> {
    let output = root.get_arguments().find(|arg| arg.get_id() == "output")?;
    Some(
        output
            .clone()
            .help("table (on a terminal), tsv, json, jsonl, prometheus; $AZFH_OUTPUT")
            .long_help(
                "table (on a terminal), tsv, json, jsonl, prometheus; $AZFH_OUTPUT\n\n\
                 Output format: table (the default on a terminal), tsv (the default otherwise), \
                 json, jsonl, or prometheus (the text exposition format, for node_exporter's \
                 textfile collector) [env: AZFH_OUTPUT]",
            ),
    )
}

#[derive(Debug, Args)]
pub(crate) struct HandlesStatsArgs {
    /// SHARE[/PATH], a URL or NAME:SHARE[/PATH] (see --help); several are counted together
    ///
    /// SHARE[/PATH], NAME:SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS],
    /// or http://HOST:PORT/ACCOUNT/SHARE[/PATH]; several are counted together, each share once.
    /// With --all-shares: accounts (NAME: or an account URL), or none for the connection
    /// options' account
    #[arg(value_name = "TARGET", required_unless_present = "all_shares")]
    pub targets: Vec<String>,

    /// Every SMB share of the accounts named
    #[arg(long)]
    pub all_shares: bool,

    /// With several shares: how many are listed at once, at most
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64), allow_negative_numbers = true, help_heading = "Several shares")]
    pub share_concurrency: u16,

    /// Also count handles on everything below TARGET (without it: TARGET itself only)
    #[arg(short, long)]
    pub recursive: bool,

    /// Handles opened before now − DUR count as stale (90m, 36h, 7d, 2w)
    #[arg(long, value_name = "DUR", default_value = "7d", value_parser = parse_age, allow_hyphen_values = true)]
    pub older_than: Duration,

    /// Report the N paths and the N clients with the most handles
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub top: u32,

    /// Handles per List Handles request (1 to 5000) [default: the service's]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5000), allow_negative_numbers = true)]
    pub page_size: Option<u32>,

    /// Write the results to FILE, atomically, instead of stdout
    ///
    /// Write the results to FILE instead of stdout: into a new temporary file in FILE's
    /// directory, flushed to disk, then renamed over FILE, so that a reader (node_exporter's
    /// textfile collector) never sees it half-written. Failed targets (a listing that failed,
    /// an account whose shares could not be listed, a NAME whose credential is not found) are
    /// written too, as azfh_scrape_success 0; usage errors (bad flags or TARGETs, a NAME the
    /// config file lacks, FILE's directory missing) and an interrupt leave FILE as it was.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "watch",
        help_heading = "Output"
    )]
    pub output_file: Option<PathBuf>,

    /// On a terminal: count again every DUR and redraw the table, with the change since the
    /// last pass (Ctrl-C ends it)
    #[arg(long, value_name = "DUR", value_parser = parse_age, help_heading = "Output")]
    pub watch: Option<Duration>,
}

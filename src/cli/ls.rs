//! The arguments of `azfh ls`.

use clap::Args;

use crate::output::columns::{ColumnParser, columns_help};
use crate::output::entries::COLUMN_NAMES;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator ls demo
  azfh ls demo/projects -l
  azfh ls demo -r -o tsv | cut -f1          # every path in the share
  azfh ls demo/scans --prefix 'scan_' -l -o json";

#[derive(Debug, Args)]
pub(crate) struct LsArgs {
    /// SHARE[/PATH], https://ACCOUNT.file.core.windows.net/SHARE[/PATH][?SAS], or http://HOST:PORT/ACCOUNT/SHARE[/PATH]
    pub target: String,

    /// The whole tree below TARGET (paths relative to TARGET)
    #[arg(short, long)]
    pub recursive: bool,

    /// Add type, size, last write time, attributes, file id and ETag
    #[arg(short, long)]
    pub long: bool,

    /// Table and tsv columns, in order (the names are in --help)
    #[arg(long, value_name = "FIELD,...", value_delimiter = ',', value_parser = ColumnParser(&COLUMN_NAMES), hide_possible_values = true, long_help = columns_help("by their json field names; any but path and type implies -l", &COLUMN_NAMES), help_heading = "Output")]
    pub columns: Vec<&'static str>,

    /// Sizes in a table as byte counts (tsv and json always have them)
    #[arg(long, help_heading = "Output")]
    pub bytes: bool,

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

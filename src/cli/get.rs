//! The arguments of `azfh get`.

use clap::Args;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh --emulator get 'demo/projects/apollo/budget 2026.xlsx'
  azfh get demo/databases/inventory.mdb . --concurrency 16 --block-size 8M
  azfh get demo/projects/apollo/build/output.log - | tail -n 100
  azfh get demo/databases/inventory.mdb --resume   # after an interruption
  azfh get demo/projects/apollo ./apollo -r";

#[derive(Debug, Args)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "command-line flags are booleans"
)]
pub(crate) struct GetArgs {
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

fn parse_block_size(text: &str) -> Result<u64, azfh_client::ops::download::plan::PlanError> {
    azfh_client::ops::download::plan::parse_block_size(text)
}

fn parse_range(
    text: &str,
) -> Result<(u64, Option<u64>), azfh_client::ops::download::plan::PlanError> {
    azfh_client::ops::download::plan::parse_byte_range(text)
}

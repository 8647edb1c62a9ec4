//! The arguments of `azfh man`.

use clap::Args;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh man > azfh.1                     # read it with: man ./azfh.1
  azfh man handles close > azfh-handles-close.1";

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The command whose page to print, e.g. `handles close` [default: azfh's own]
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
}

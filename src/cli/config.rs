//! The arguments of `azfh config`.

use clap::Subcommand;

pub(super) const EXAMPLES: &str = "\
Examples:
  azfh config check
  azfh config check --config ./accounts.toml -o json";

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Say what each named account of the config file resolves to (secrets redacted)
    ///
    /// For every [accounts.NAME] of the config file (--config, AZFH_CONFIG, else
    /// $XDG_CONFIG_HOME/azfh/config.toml): its endpoint, where its credential comes from, and
    /// whether that credential can be read and is well-formed. Nothing is sent.
    #[command(after_help = EXAMPLES)]
    Check,
}

//! The command-line grammar. Doc comments are the help text; `docs/cli.md` is the contract.
//! One file per command's arguments; `azfh emulator`'s are the emulator's own.

mod completions;
mod config;
mod get;
mod global;
mod handles_close;
mod handles_ls;
mod handles_stats;
mod help;
mod ls;
mod man;
mod sessions;
mod shares;
mod value_hints;

use clap::{CommandFactory, Parser, Subcommand};

pub(crate) use azfh_emulator::args::EmulatorArgs;
pub(crate) use completions::CompletionsArgs;
pub(crate) use config::ConfigCommand;
pub(crate) use get::GetArgs;
pub(crate) use global::{ColorArg, GlobalArgs};
pub(crate) use handles_close::HandlesCloseArgs;
pub(crate) use handles_ls::HandlesLsArgs;
pub(crate) use handles_stats::HandlesStatsArgs;
pub(crate) use ls::LsArgs;
pub(crate) use man::ManArgs;
pub(crate) use sessions::{SessionsCloseArgs, SessionsCommand, SessionsLsArgs};
pub(crate) use shares::{SharesCommand, SharesLsArgs};

const ROOT_EXAMPLES: &str = "\
Examples:
  Try it without an Azure account (azfh runs an emulator with a demo share):
    azfh --emulator handles ls demo -r --older-than 7d

  Stale handles from one subnet, as JSON:
    azfh handles ls demo -r --older-than 7d --client-ip 10.20.0.0/16 -o json

  Who holds the most handles:
    azfh handles ls demo -r --group-by client-name";

const EMULATOR_EXAMPLES: &str = "\
Examples:
  azfh emulator --demo
  azfh emulator --demo &        # serves in the background
  conn=\"$(azfh emulator --print-connection-string)\"
  export AZURE_STORAGE_CONNECTION_STRING=\"$conn\"
  azfh emulator --generate big:100000:5000 --listen 127.0.0.1:10101
  azfh emulator --demo --busy-every 3 --retry-after 0 --drop-every 7
  azfh emulator --qumulo --demo --qumulo-login admin:secret --cert-out ca.pem";

const HANDLES_EXAMPLES: &str = "\
Examples:
  azfh handles ls demo -r --group-by client-name
  azfh handles close demo -r --older-than 7d --dry-run";

/// The grammar as the binary parses, completes and documents it: the derive's, with both
/// lengths of help and value hints on every command, so that parsing, completions and the man
/// page agree.
pub(crate) fn command() -> clap::Command {
    let root = Cli::command();
    let stats_output = handles_stats::output_with_prometheus(&root);
    every_command(root, &|command| {
        let command = match &stats_output {
            Some(output) if command.get_name() == "stats" => command.arg(output.clone()),
            _ => command,
        };
        help::with_two_lengths(command.mut_args(value_hints::with_value_hint))
    })
}

/// `change` applied to `command` and to each of its subcommands, recursively.
fn every_command(
    command: clap::Command,
    change: &dyn Fn(clap::Command) -> clap::Command,
) -> clap::Command {
    let command = change(command);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.into_iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| every_command(sub, change))
    })
}

/// Find and force-close leaked SMB handles on Azure Files shares.
///
/// A handle left open by a crashed or disconnected SMB client blocks renames and deletes and
/// counts against the service's limits (2,000 per file or directory, 10,000 on a share's root).
/// azfh lists them with filters that pick out the stale ones.
// No `Debug`: the global options hold credentials.
#[derive(Parser)]
#[command(name = "azfh", version, after_help = ROOT_EXAMPLES, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List or force-close open SMB handles
    #[command(subcommand, after_help = HANDLES_EXAMPLES)]
    Handles(HandlesCommand),
    /// List or close a Qumulo cluster's SMB sessions
    #[command(subcommand, after_help = sessions::EXAMPLES)]
    Sessions(SessionsCommand),
    /// List the shares of a storage account
    #[command(subcommand, after_help = shares::EXAMPLES)]
    Shares(SharesCommand),
    /// List directories and files
    #[command(after_help = ls::EXAMPLES)]
    Ls(LsArgs),
    /// Download a file (or, with -r, a directory tree)
    ///
    /// Parallel ranged reads are written at their offsets into a partial file beside DEST,
    /// which becomes DEST only once complete and verified: the ETag of every range must match
    /// the first (a change aborts), and a stored MD5 must match.
    #[command(after_help = get::EXAMPLES)]
    Get(GetArgs),
    /// Run a local Azure Files emulator (loopback only)
    #[command(after_help = EMULATOR_EXAMPLES)]
    Emulator(EmulatorArgs),
    /// Check the config file of named accounts
    #[command(subcommand, after_help = config::EXAMPLES)]
    Config(ConfigCommand),
    /// Print the man page of azfh or of one of its commands
    ///
    /// The pages are also in the source's man/ directory.
    #[command(after_help = man::EXAMPLES)]
    Man(ManArgs),
    /// Print a shell completion script
    ///
    /// The scripts for bash, zsh, fish, PowerShell and elvish are also in the source's
    /// completions/ directory.
    #[command(after_help = completions::EXAMPLES)]
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum HandlesCommand {
    /// List open handles under a share, directory or file
    ///
    /// Lists every handle on TARGET (with -r, also below it), through every page, and keeps
    /// those the filters select. Repeating a filter ORs its values; different filters AND.
    #[command(after_help = handles_ls::EXAMPLES)]
    Ls(HandlesLsArgs),

    /// Force-close handles: those the filters select, given ids, or all
    ///
    /// With filters or ids, TARGET is listed first, then each selected handle is closed by id
    /// on its own path, several at a time. With --all and no filter, the service closes every
    /// handle itself ('*'), in marker rounds. On a terminal azfh asks before closing; elsewhere
    /// it needs --yes. Each selected handle is reported: closed, already_closed, failed or
    /// not_attempted (never sent: Ctrl-C or SIGTERM came first; exit 130).
    #[command(after_help = handles_close::EXAMPLES)]
    Close(HandlesCloseArgs),

    /// Count handles per share, path and client, against the service's limits
    ///
    /// One listing pass per share (of each TARGET, or of --all-shares; several at a time) that
    /// counts: open handles, those older than --older-than, distinct clients, the root
    /// directory's handles (limit 10,000), the --top paths with the most handles (limit 2,000
    /// each; a directory counts only the handles open on itself) and the --top clients. `-o prometheus` writes the text exposition format for node_exporter's
    /// textfile collector.
    #[command(after_help = handles_stats::EXAMPLES)]
    Stats(HandlesStatsArgs),
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::output::Format;

    #[test]
    fn the_grammar_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "azfh",
            "handles",
            "ls",
            "demo",
            "-r",
            "--emulator",
            "-o",
            "json",
            "--older-than",
            "7d",
        ])
        .unwrap();
        assert!(cli.global.emulator);
        assert_eq!(cli.global.output, Some(Format::Json));
        let Command::Handles(HandlesCommand::Ls(args)) = cli.command else {
            panic!()
        };
        assert!(args.recursive);
        assert_eq!(
            args.filters.older_than,
            Some(Duration::from_secs(7 * 86_400))
        );
    }
}

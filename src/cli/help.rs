//! Help in two lengths, as ripgrep's: `-h` fits a screen (usage, the common options, two
//! examples, where the rest is), `--help` has everything, grouped under headings, with every
//! example and the exit statuses.
//!
//! What is the same for every command, said once: which options only `--help` shows, and the
//! footers built from each command's examples.

use clap::{Arg, Command};

/// The exit statuses of `docs/cli.md`, at the end of every `--help`.
const EXIT_STATUS: &str = "\
Exit status:
  0    success (also when nothing matched)
  1    failure: the service, the network, authentication or the local disk
  2    invalid usage or input (nothing was sent), or a safety refusal (nothing changed)
  3    partial: some closes or downloads failed, handles survived --verify, or some
       of several shares could not be listed
  130  interrupted (Ctrl-C or SIGTERM)";

/// The last line of every `-h`: where the rest is.
const MORE: &str = "More options (connection, Qumulo, output), examples, exit statuses: --help";

/// Headings whose options only `--help` shows: they are the same for every command.
const LONG_ONLY_HEADINGS: &[&str] = &["Connection", "Qumulo", "Fault injection"];

/// Options, by id, that only `--help` shows: the rarer ones, so that `-h` fits a screen.
const LONG_ONLY: &[&str] = &[
    // Several shares, but for --all-shares
    "share_concurrency",
    // Output, but for -o
    "quiet",
    "verbose",
    "no_progress",
    "color",
    "no_header",
    "pretty",
    // Filters, but for the common ones
    "newer_than",
    "opened_before",
    "opened_after",
    "exclude_client_ips",
    "exclude_client_names",
    "session_ids",
    "access",
    "owners",
    "client_ip_ambiguous",
    // Tuning
    "page_size",
    "concurrency",
    "marker",
    "block_size",
    "no_verify",
    "fsync",
    // The emulator's
    "account",
    "tree",
    "file",
    "max_page_size",
    "bearer_token",
    "request_log",
    "qumulo_login",
    "cert_out",
    "fail_close_location",
    "qumulo_withhold_privilege",
];

/// One command (not its subcommands) with both lengths of help.
pub(super) fn with_two_lengths(command: Command) -> Command {
    let command = command.mut_args(long_only);
    match command.get_after_help().map(ToString::to_string) {
        Some(examples) => command
            .after_help(short_footer(&examples))
            .after_long_help(format!("{examples}\n\n{EXIT_STATUS}")),
        None => command.after_long_help(EXIT_STATUS),
    }
}

fn long_only(arg: Arg) -> Arg {
    let by_heading = arg
        .get_help_heading()
        .is_some_and(|heading| LONG_ONLY_HEADINGS.contains(&heading));
    if by_heading || LONG_ONLY.contains(&arg.get_id().as_str()) {
        arg.hide_short_help(true)
    } else {
        arg
    }
}

/// `-h`'s footer: the first two examples of `--help`'s, and where the rest is.
fn short_footer(examples: &str) -> String {
    let two: Vec<&str> = examples
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("azfh "))
        .take(2)
        .collect();
    format!("Examples:\n  {}\n\n{MORE}", two.join("\n  "))
}

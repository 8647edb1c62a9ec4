//! `azfh man [COMMAND]`: a man page (roff) on stdout, written by clap_mangen from the same
//! grammar as `--help`. A subcommand, not only a build step: `cargo install` leaves no man page
//! behind, and a packager runs `azfh man` for each page (they are also committed in man/).

use anyhow::Result;

use crate::cli::{ManArgs, command};
use crate::error::{ExitStatus, UsageError};

pub(super) fn run(args: &ManArgs) -> Result<ExitStatus> {
    let page = page(&args.command)?;
    crate::output::stdout::print(|out| out.write_all(&page))?;
    Ok(ExitStatus::Success)
}

/// The page of the command `words` name (`[]` for azfh itself).
fn page(words: &[String]) -> Result<Vec<u8>> {
    let mut root = command().disable_help_subcommand(true);
    // Building names each subcommand `azfh-handles-ls`, the page's title.
    root.build();
    let mut current = &root;
    for word in words {
        current = current.find_subcommand(word).ok_or_else(|| {
            UsageError::new(
                format!("azfh has no command '{word}' with a man page"),
                "give a command as its help names it: `azfh man`, `azfh man handles ls`, `azfh man get`",
            )
        })?;
    }
    // A page has room for every option: those `-h` leaves out are shown too (clap_mangen
    // would print them without their text).
    let full = current.clone().mut_args(|arg| arg.hide_short_help(false));
    let mut page = Vec::new();
    clap_mangen::Man::new(full).render(&mut page)?;
    Ok(page)
}

//! `azfh completions SHELL`: the completion script on stdout.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::ExitStatus;

pub(super) fn run(args: &CompletionsArgs) -> Result<ExitStatus> {
    crate::output::stdout::print(|out| write(args.shell, out))?;
    Ok(ExitStatus::Success)
}

/// Writes the completion script for `shell`.
pub(super) fn write(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "azfh", &mut buf);
    out.write_all(&buf)?;
    out.flush()
}

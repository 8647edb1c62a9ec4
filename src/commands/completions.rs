//! `azfh completions SHELL`: the completion script on stdout.

use std::io::Write;

use anyhow::Result;

use crate::cli::{CompletionsArgs, command};
use crate::error::ExitStatus;

pub(super) fn run(args: &CompletionsArgs) -> Result<ExitStatus> {
    crate::output::stdout::print(|out| write(args.shell, out))?;
    Ok(ExitStatus::Success)
}

/// Writes the completion script for `shell`.
pub(super) fn write(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut command(), "azfh", &mut buf);
    out.write_all(&buf)?;
    out.flush()
}

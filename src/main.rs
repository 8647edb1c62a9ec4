//! azfh: find and force-close leaked SMB handles on Azure Files shares (and Qumulo clusters),
//! list directories and download files. This binary parses, resolves settings, runs a command and
//! reports; nothing else.
//!
//! The layers, each a crate, top to bottom (the compiler holds them: a crate sees only what it
//! depends on):
//! - this binary: `cli` (arguments), `settings` (the command line and the environment,
//!   resolved once), `commands` (one per command: settings → engine → renderer), `output`
//!   (tables, JSON, the report), `ui` (progress, prompts, notes on stderr) and `error` (exit
//!   statuses, one `error:` line and its hint);
//! - `azfh_client`, with no terminal in it: the engines (`ops`), what they see of a service
//!   (`backend`), TARGETs and credentials (`config`), the clients (`azure`, `qumulo`), the
//!   model, selection and grouping (`handles`, `files`) and the one HTTP stack (`net`);
//! - `azfh_protocol`: the Azure Files REST vocabulary with no I/O.
//!
//! `azfh_emulator` stands beside the client and shares only `azfh_protocol` with it; the
//! binary uses it for `azfh emulator` and `--emulator`.

mod cli;
mod commands;
mod error;
mod output;
mod settings;
mod ui;

use std::process::ExitCode;

use anstream::ColorChoice;
use clap::Parser;
use clap::error::ErrorKind;
use cli::Cli;
use error::{ExitStatus, labelled, report};
use settings::Settings;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return ExitCode::from(clap_error(&err)),
    };
    let settings = Settings::resolve(&cli.global, time::OffsetDateTime::now_utc());
    ColorChoice::write_global(settings.color);
    init_logging(&settings.log_level);
    let verbose = cli.global.verbose > 0;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            let _ = labelled(
                &mut anstream::stderr(),
                "error",
                &format!("cannot start the async runtime: {err}"),
            );
            return ExitCode::from(ExitStatus::Failure.code());
        }
    };
    let result = runtime.block_on(commands::run(cli.command, cli.global, settings));
    // Background tasks (an embedded emulator) must not hold the exit.
    runtime.shutdown_background();
    let status = match result {
        Ok(status) => status,
        Err(err) => report(&err, &mut anstream::stderr(), verbose),
    };
    ExitCode::from(status.code())
}

/// Prints a command-line error as one `error:` line and one `hint:` line; exit status 2
/// (0 for --help and --version).
fn clap_error(err: &clap::Error) -> u8 {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return 0;
    }
    let rendered = err.render().to_string();
    let mut lines = rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .peekable();
    let mut message = lines.next().map_or_else(
        || err.kind().to_string(),
        |line| line.trim_start_matches("error:").trim().to_owned(),
    );
    // "…were not provided:" lists the arguments on the following lines: keep them on one.
    if message.ends_with(':') {
        let mut items = Vec::new();
        while let Some(item) = lines.next_if(|line| !line.contains(':')) {
            items.push(item);
        }
        message = format!("{message} {}", items.join(", "));
    }
    let rest: Vec<&str> = lines.collect();
    let hint = rest
        .iter()
        .find_map(|line| line.strip_prefix("tip:").map(str::trim))
        .map(str::to_owned)
        .or_else(|| {
            rest.iter()
                .find_map(|line| line.strip_prefix("Usage:").map(str::trim))
                .map(|usage| format!("usage: {usage} (more with --help)"))
        });
    let mut stderr = anstream::stderr();
    let _ = labelled(&mut stderr, "error", &message);
    if let Some(hint) = hint {
        let _ = labelled(&mut stderr, "hint", &hint);
    }
    ExitStatus::Usage.code()
}

/// Logs go to stderr and only azfh's own, at `level` (see `settings`).
fn init_logging(level: &str) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(format!("off,azfh={level}")))
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(
            ColorChoice::global() != ColorChoice::Never
                && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        )
        .try_init();
}

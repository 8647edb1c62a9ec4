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
use clap::FromArgMatches;
use cli::Cli;
use error::{ExitStatus, labelled, report};
use settings::Settings;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = cli::command()
        .try_get_matches_from(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let words: Vec<String> = args
                .iter()
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect();
            return ExitCode::from(error::clap_error(&err, &words).code());
        }
    };
    let settings = match Settings::resolve(&cli.global, time::OffsetDateTime::now_utc()) {
        Ok(settings) => settings,
        Err(err) => {
            let status = report(&err.into(), &mut anstream::stderr(), false);
            return ExitCode::from(status.code());
        }
    };
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

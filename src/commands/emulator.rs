//! `azfh emulator`: serve the emulator in the foreground until Ctrl-C or SIGTERM.
//!
//! stdout gets one line, the connection string (the result); what it serves goes to stderr.
//! `--print-connection-string` prints that line and exits without serving: the account key
//! and the address are fixed, so `"$(azfh emulator --print-connection-string)"` returns.

use anyhow::{Context as _, Result};

use super::Context;
use crate::error::{ExitStatus, HintedFailure, UsageError};
use crate::output::plural::plural;
use crate::output::stdout;
use azfh_emulator::args::EmulatorArgs;
use azfh_emulator::load::{demo, generate, state_file};
use azfh_emulator::{Emulator, Store};

pub(super) async fn run(context: &Context, args: &EmulatorArgs) -> Result<ExitStatus> {
    if args.print_connection_string {
        return print_connection_string(args);
    }
    if args.qumulo {
        return run_qumulo(context, args).await;
    }
    let mut store = Store::default();
    if args.demo {
        demo::load(&mut store, context.now);
    }
    for path in &args.state {
        let json = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the state file {}", path.display()))?;
        state_file::load_with_notes(&mut store, &json, context.now, &|text| {
            context.ui.note(text);
        })
        .map_err(|err| {
            UsageError::new(
                format!("{}: {err}", path.display()),
                "see README.md for the state file format",
            )
        })?;
    }
    for spec in &args.generate {
        generate::generate(&mut store, spec, context.now);
    }
    for spec in &args.tree {
        generate::generate_tree(&mut store, spec, context.now);
    }
    for spec in &args.file {
        generate::generate_file(&mut store, spec, context.now, &|text| context.ui.note(text));
    }
    let shares: Vec<String> = store
        .shares
        .values()
        .map(|s| {
            let count = s.live.handle_count();
            format!("{} ({count} handle{})", s.name, plural(count))
        })
        .collect();
    let emulator = Emulator::bind(args.config(), store)
        .await
        .map_err(|err| listen_error(err, args))?;
    // Only once the address is known to be good: a refused --listen is the one line then.
    if shares.is_empty() {
        context
            .ui
            .warn("no shares loaded: add --demo, --state FILE or --generate SHARE:HANDLES");
    }
    stdout::print(|out| writeln!(out, "{}", emulator.connection_string()))?;
    context.ui.note(&format!(
        "azfh emulator: serving {} at {} (Ctrl-C to stop)",
        if shares.is_empty() {
            "no shares".to_owned()
        } else {
            shares.join(", ")
        },
        emulator.endpoint()
    ));
    let interrupt = super::interrupt::listen();
    emulator.serve_until(interrupt.raised()).await;
    Ok(ExitStatus::Success)
}

/// `--print-connection-string`: the line `azfh emulator --listen ADDR` prints, without
/// serving (nothing is bound or loaded).
fn print_connection_string(args: &EmulatorArgs) -> Result<ExitStatus> {
    if args.qumulo {
        return Err(UsageError::new(
            "--print-connection-string is for the Azure Files emulator; a Qumulo one prints its address when it starts",
            "drop --print-connection-string, or --qumulo",
        )
        .into());
    }
    if !args.listen.ip().is_loopback() || args.listen.port() == 0 {
        return Err(UsageError::new(
            format!(
                "--print-connection-string needs a fixed loopback --listen address, not {}",
                args.listen
            ),
            "use --listen 127.0.0.1:PORT, the same as the running emulator's",
        )
        .into());
    }
    stdout::print(|out| {
        writeln!(
            out,
            "{}",
            azfh_emulator::connection_string(
                args.listen,
                &args.account,
                azfh_emulator::ACCOUNT_KEY
            )
        )
    })?;
    Ok(ExitStatus::Success)
}

/// `azfh emulator --qumulo`: the emulated Qumulo cluster, until Ctrl-C.
async fn run_qumulo(context: &Context, args: &EmulatorArgs) -> Result<ExitStatus> {
    use azfh_emulator::qumulo::{ClusterState, QumuloEmulator, state};
    // The transport faults apply to the emulated cluster; the others are Azure Files' own.
    let given = &args.faults;
    let transport = azfh_emulator::Faults {
        latency_ms: given.latency_ms,
        busy_every: given.busy_every,
        retry_after_secs: given.retry_after_secs,
        timeout_every: given.timeout_every,
        drop_every: given.drop_every,
        busy_after: given.busy_after,
        reopen_times: given.reopen_times,
        ..azfh_emulator::Faults::default()
    };
    if transport != *given {
        return Err(UsageError::new(
            "--qumulo takes only the transport faults: --latency, --busy-every, --retry-after, --timeout-every, --drop-every and --busy-after",
            "drop the other fault options (a Qumulo handle fails to close with --fail-close-location)",
        )
        .into());
    }
    let mut cluster = if args.demo {
        state::demo()
    } else {
        ClusterState::default()
    };
    cluster.users.extend(args.qumulo_login.iter().cloned());
    cluster.tokens.extend(args.bearer_token.iter().cloned());
    cluster
        .fail_close
        .extend(args.fail_close_location.iter().cloned());
    cluster
        .withheld_privileges
        .extend(args.qumulo_withhold_privilege.iter().cloned());
    if cluster.users.is_empty() && cluster.tokens.is_empty() {
        context.ui.warn(
            "no credential accepted: add --qumulo-login USER:PASSWORD or --bearer-token TOKEN",
        );
    }
    let (handles, sessions) = (cluster.handles.len(), cluster.sessions.len());
    let emulator = QumuloEmulator::bind(args.qumulo_config(), cluster)
        .await
        .map_err(|err| listen_error(err, args))?;
    if let Some(path) = &args.cert_out {
        std::fs::write(path, emulator.certificate_pem())
            .with_context(|| format!("cannot write the certificate to {}", path.display()))?;
    }
    stdout::print(|out| writeln!(out, "{}", emulator.target()))?;
    context.ui.note(&format!(
        "azfh emulator: a Qumulo cluster with {handles} open handles in {sessions} SMB sessions at {}{} (Ctrl-C to stop){}",
        emulator.target(),
        if args.qumulo_api_prefix {
            ", its API under /api (give --qumulo-base /api)"
        } else {
            ""
        },
        args.cert_out.as_ref().map_or_else(
            || "; its certificate is self-signed: trust it with --cert-out FILE and --ca-cert FILE"
                .to_owned(),
            |path| format!("; trust its certificate with --ca-cert {}", path.display())
        )
    ));
    let interrupt = super::interrupt::listen();
    emulator.serve_until(interrupt.raised()).await;
    Ok(ExitStatus::Success)
}

/// A failure to listen: a non-loopback address is the user's to fix (exit 2).
fn listen_error(err: std::io::Error, args: &EmulatorArgs) -> anyhow::Error {
    if err.kind() == std::io::ErrorKind::InvalidInput {
        anyhow::Error::new(UsageError::new(
            err.to_string(),
            "use --listen 127.0.0.1:PORT or --listen [::1]:PORT",
        ))
    } else if err.kind() == std::io::ErrorKind::AddrInUse {
        anyhow::Error::new(HintedFailure::new(
            format!(
                "cannot listen on {}: another program holds that port",
                args.listen
            ),
            "stop it, or give another port: --listen 127.0.0.1:PORT (127.0.0.1:0 picks a free one)",
        ))
    } else {
        anyhow::Error::new(err).context(format!("cannot listen on {}", args.listen))
    }
}

//! `azfh sessions ls`: a Qumulo cluster's SMB sessions, every page, filtered and rendered.
//! Azure Files has no session API: its TARGETs are refused before any request.

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::SessionsLsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::stdout::{Stdout, WRITE_FAILED};
use azfh_client::config::target::Service;
use azfh_client::qumulo::preflight::SMB_SESSION_READ;
use azfh_client::qumulo::{QumuloClient, Session, SessionFilters};

pub(super) async fn run(
    context: &Context,
    args: &SessionsLsArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let (client, cluster) = connect(context, &args.target)?;
    let filters = args.filters.filters();
    let Some(sessions) = list(
        context,
        &client,
        &cluster,
        &filters,
        args.page_size,
        &[SMB_SESSION_READ],
        interrupt,
    )
    .await?
    else {
        return Ok(ExitStatus::Interrupted);
    };
    let mut out = Stdout::lock();
    let mut sink = out.sink::<Session>(context.format, context.now, context.table_style);
    for session in &sessions.selected {
        sink.write(session).context(WRITE_FAILED)?;
    }
    sink.finish().context(WRITE_FAILED)?;
    out.flush()?;
    sessions.note(context, &cluster);
    super::warn_client_notices(context, &client);
    Ok(ExitStatus::Success)
}

/// The sessions listed, and those the filters select.
pub(super) struct Listing {
    pub total: usize,
    pub selected: Vec<Session>,
    filtered: bool,
}

impl Listing {
    /// Says on stderr when nothing was there or nothing matched.
    pub(super) fn note(&self, context: &Context, cluster: &str) {
        if self.total == 0 {
            context.ui.note(&format!("no SMB sessions on {cluster}"));
        } else if self.selected.is_empty() {
            context.ui.note(&format!(
                "none of the {} SMB sessions on {cluster} matched the filters",
                self.total
            ));
        } else if self.filtered && context.format == crate::output::Format::Table {
            context.ui.note(&format!(
                "{} of {} sessions matched",
                self.selected.len(),
                self.total
            ));
        }
    }
}

/// The cluster of a `sessions` TARGET: Qumulo only, and the cluster as a whole.
pub(super) fn connect(context: &Context, target: &str) -> Result<(QumuloClient, String)> {
    if context.global.emulator {
        return Err(UsageError::new(
            "--emulator serves Azure Files, which has no SMB session API",
            "start `azfh emulator --qumulo --demo` and give the qumulo:// address it prints",
        )
        .into());
    }
    if Service::of_target(target) != Service::Qumulo {
        return Err(UsageError::new(
            format!("sessions works on Qumulo clusters only, not on '{target}': Azure Files has no SMB session API"),
            "give a qumulo://HOST TARGET; on Azure Files, close a client's handles with `azfh handles close SHARE -r --client-ip IP`",
        )
        .into());
    }
    let (client, parsed) = context.connect_qumulo(target)?;
    if parsed.path != "/" {
        return Err(UsageError::new(
            format!(
                "sessions are cluster-wide, but '{target}' names the path {}",
                parsed.path
            ),
            "give the cluster alone, e.g. qumulo://nas01/ (--share selects sessions by share)",
        )
        .into());
    }
    let cluster = parsed.base_url().replacen("https://", "qumulo://", 1);
    Ok((client, cluster))
}

/// The auth_id the cluster can filter sessions by: `--owner` given once, as an id. (A name
/// is matched here, with or without its domain, which the cluster's `identity` is not.)
fn one_auth_id(filters: &SessionFilters) -> Option<u64> {
    match filters.owners.as_slice() {
        [owner] => owner.parse().ok(),
        _ => None,
    }
}

/// Checks `privileges`, lists every session (a spinner on a terminal) and selects; `None` if
/// interrupted.
pub(super) async fn list(
    context: &Context,
    client: &QumuloClient,
    cluster: &str,
    filters: &SessionFilters,
    page_size: Option<u32>,
    privileges: &[&'static str],
    interrupt: &Interrupt,
) -> Result<Option<Listing>> {
    client.check_privileges(privileges).await?;
    let progress = context.ui.spinner();
    progress.set_message(format!("listing the SMB sessions of {cluster}"));
    let sessions = tokio::select! {
        () = interrupt.raised() => {
            progress.finish();
            context.ui.note("interrupted: nothing was listed in full");
            return Ok(None);
        }
        sessions = client.list_sessions(page_size, one_auth_id(filters)) => sessions?,
    };
    progress.finish();
    let listed = sessions.len();
    let selected = sessions
        .into_iter()
        .filter(|s| filters.matches(s))
        .collect();
    Ok(Some(Listing {
        total: listed,
        selected,
        filtered: !filters.is_empty(),
    }))
}

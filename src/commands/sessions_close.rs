//! `azfh sessions close`: list the cluster's sessions, select, then (after `--dry-run`,
//! `--max` and the confirmation, as `handles close` has them) close the selected sessions as
//! listed, 100 a request, and report each: `closed` (also when its close was retried after
//! a lost answer and the retry found it gone), `already_closed` (its close failed, but the
//! session is gone: someone else closed it) or `failed` (exit 3).

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use super::sessions_ls::{connect, list};
use crate::cli::SessionsCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::plural::plural;
use crate::output::sessions::SessionResult;
use crate::output::stdout;
use crate::ui::Answer;
use azfh_client::handles::outcome::Outcome;
use azfh_client::qumulo::client::CLOSE_BATCH;
use azfh_client::qumulo::preflight::{SMB_SESSION_READ, SMB_SESSION_WRITE};
use azfh_client::qumulo::{QumuloClient, Session};

pub(super) async fn run(
    context: &Context,
    args: &SessionsCloseArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let filters = args.filters.filters();
    if filters.is_empty() && !args.all {
        return Err(UsageError::new(
            "sessions close needs a filter, or --all to close every session",
            "select with --client-ip, --owner, --share, --idle-longer-than or --older-than (check with --dry-run first)",
        )
        .into());
    }
    if !filters.is_empty() && args.all {
        return Err(UsageError::new(
            "--all closes every session and cannot be combined with filters",
            "drop --all to close only the sessions the filters select",
        )
        .into());
    }
    let ask = !args.yes && !args.dry_run;
    if ask && !context.ui.can_ask() {
        return Err(UsageError::new(
            "nothing closed: there is no terminal to confirm on, and --yes was not given",
            "add --yes to close without asking (and --dry-run first to see what would be closed)",
        )
        .into());
    }
    let (client, cluster) = connect(context, &args.target)?;
    let privileges: &[&'static str] = if args.dry_run {
        &[SMB_SESSION_READ]
    } else {
        &[SMB_SESSION_READ, SMB_SESSION_WRITE]
    };
    let Some(listed) = list(
        context,
        &client,
        &cluster,
        &filters,
        args.page_size,
        privileges,
        interrupt,
    )
    .await?
    else {
        return Ok(ExitStatus::Interrupted);
    };
    let selected = listed.selected;
    let count = selected.len();
    if count == 0 {
        print(context, &[])?;
        context.ui.note(&format!(
            "none of the {} SMB sessions on {cluster} matched: nothing to close",
            listed.total
        ));
        return Ok(ExitStatus::Success);
    }
    let handles: u64 = selected.iter().map(|s| s.open_handles).sum();
    let what = format!(
        "{count} session{} holding {handles} open handle{} on {cluster}",
        plural(count),
        plural(usize::try_from(handles).unwrap_or(usize::MAX))
    );
    if args.dry_run {
        let mut out = stdout::Stdout::lock();
        let mut sink = out.sink::<Session>(context.format, context.now, context.table_style);
        for session in &selected {
            sink.write(session).context(stdout::WRITE_FAILED)?;
        }
        sink.finish().context(stdout::WRITE_FAILED)?;
        out.flush()?;
        context
            .ui
            .note(&format!("dry run: would close {what}; nothing was closed"));
        return Ok(ExitStatus::Success);
    }
    if let Some(max) = args.max
        && count as u64 > max
    {
        return Err(UsageError::new(
            format!("{count} sessions selected, more than --max {max}: nothing was closed"),
            "narrow the selection, or raise --max after checking it with --dry-run",
        )
        .into());
    }
    if ask {
        let question =
            format!("Close {what}? Their clients lose every open file and unsaved cached write.");
        match context
            .ui
            .confirm(&question, interrupt.raised())
            .await
            .context("cannot read the answer")?
        {
            Answer::Yes => {}
            Answer::No => {
                context.ui.note("nothing was closed");
                return Ok(ExitStatus::Usage);
            }
            Answer::Interrupted => {
                context.ui.note("interrupted: nothing was closed");
                return Ok(ExitStatus::Interrupted);
            }
        }
    }
    let results = close(&client, selected, interrupt).await?;
    print(context, &results)?;
    let failed = results.iter().filter(|r| r.outcome.is_failed()).count();
    let unsent = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::NotAttempted(_)))
        .count();
    let closed = results.len() - failed - unsent;
    context.ui.note(&format!(
        "closed {closed} of {count} session{} on {cluster}{}{}",
        plural(count),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        },
        if unsent > 0 {
            format!("; {unsent} not attempted (interrupted)")
        } else {
            String::new()
        }
    ));
    super::warn_client_notices(context, &client);
    Ok(if unsent > 0 {
        ExitStatus::Interrupted
    } else if failed > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    })
}

/// Closes `selected` in batches, one after another; an interrupt stops before the next
/// batch. A session whose close failed is looked for again: if the cluster no longer lists
/// it, it is closed (by a retried request's first attempt, whose answer was lost) or was
/// already closed.
async fn close(
    client: &QumuloClient,
    selected: Vec<Session>,
    interrupt: &Interrupt,
) -> Result<Vec<SessionResult>> {
    let mut results = Vec::with_capacity(selected.len());
    let mut ambiguous = false;
    let mut rest = selected.into_iter().peekable();
    while rest.peek().is_some() {
        let batch: Vec<Session> = rest.by_ref().take(CLOSE_BATCH).collect();
        if interrupt.is_raised() {
            results.extend(batch.into_iter().map(|session| SessionResult {
                session,
                outcome: Outcome::NotAttempted("interrupted before its close was sent".into()),
            }));
            continue;
        }
        match client.close_sessions(&batch).await {
            Ok(answer) => {
                ambiguous |= answer.ambiguous;
                results.extend(
                    batch
                        .into_iter()
                        .zip(answer.messages)
                        .map(|(session, message)| SessionResult {
                            session,
                            outcome: message.map_or(Outcome::Closed, Outcome::Failed),
                        }),
                );
            }
            Err(err) if err.is_auth() => return Err(err.into()),
            Err(err) => {
                let reason = err.to_string();
                results.extend(batch.into_iter().map(|session| SessionResult {
                    session,
                    outcome: Outcome::Failed(reason.clone()),
                }));
            }
        }
    }
    if results.iter().any(|r| r.outcome.is_failed()) {
        // One listing tells which failed sessions are in fact gone.
        if let Ok(still) = client.list_sessions(None, None).await {
            let open: std::collections::HashSet<&str> =
                still.iter().map(|s| s.location.as_str()).collect();
            for result in &mut results {
                if result.outcome.is_failed() && !open.contains(result.session.location.as_str()) {
                    // Gone: closed by an earlier attempt whose answer was lost, or by
                    // someone else before.
                    result.outcome = if ambiguous {
                        Outcome::Closed
                    } else {
                        Outcome::AlreadyClosed
                    };
                }
            }
        }
    }
    Ok(results)
}

fn print(context: &Context, results: &[SessionResult]) -> Result<()> {
    stdout::print_rows(
        context.format,
        context.now,
        context.table_style,
        results.iter(),
    )
}

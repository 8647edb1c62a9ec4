//! `handles close` over several TARGETs, or `--all-shares`: every share is listed to its end
//! first (concurrently, under `--share-concurrency`); then `--dry-run`, `--max` and the prompt
//! apply to the whole selection, and the prompt names the count on each account and share;
//! then each share's selection is closed by id, as one TARGET's is, and with `--verify` every
//! share is watched at once. A share whose listing fails is reported and nothing of it is
//! closed; the others go on (exit 3; 1 when all fail). A handle two overlapping TARGETs list
//! is selected once, so it is sent one close and gets one record.

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::super::Context;
use super::super::interrupt::Interrupt;
use super::super::places::{Once, TargetPlace};
use super::super::sweep;
use super::shown::Shown;
use super::undelivered::settle;
use super::unreachable::warn_unreachable;
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::plural::plural;
use crate::output::share_handles::{Place, ShareCloseResult, ShareHandle};
use crate::output::stdout::{self, Stdout};
use crate::output::work_report::WorkReport;
use crate::ui::Answer;
use azfh_client::backend::{Backend, Work};
use azfh_client::handles::outcome::{CloseResult, Outcome, Tally};
use azfh_client::handles::{Handle, Selection};
use azfh_client::ops::close::{Batch, CloseOptions, Closer, Reopened};
use azfh_client::ops::sweep::{Sweep, SweepItem};

/// What the listing of every share selected, by target index.
struct Selected {
    handles: Vec<Vec<Handle>>,
    /// Every id listed on each target, selected or not (for `--verify`, which tells a handle
    /// reopened after the close from one that was open before; empty without it).
    seen: Vec<HashSet<String>>,
    /// Targets whose listing failed (their handles are not closed).
    failed: usize,
}

pub(super) async fn run(
    context: &Context,
    args: &HandlesCloseArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    refuse_single_target_options(args)?;
    let selection = match (args.all, args.filters.is_empty()) {
        (true, false) => {
            return Err(UsageError::new(
                "--all closes every handle; it takes no filter",
                "drop --all to close the handles the filters select",
            )
            .into());
        }
        (false, true) => {
            return Err(UsageError::new(
                "say which handles to close: --all or a filter",
                "for example --older-than 7d; try --dry-run first to see the selection",
            )
            .into());
        }
        _ => Selection::new(&args.filters, context.now).map_err(UsageError::from)?,
    };
    let ask = !args.yes && !args.dry_run;
    if ask && !context.ui.can_ask() {
        return Err(UsageError::new(
            "nothing closed: there is no terminal to confirm on, and --yes was not given",
            "add --yes to close without asking (and --dry-run first to see what would be closed)",
        )
        .into());
    }
    let targets = sweep::targets(context, &args.targets, args.all_shares, args.recursive).await?;
    let work = if args.dry_run {
        Work::ListHandles
    } else {
        Work::CloseHandles
    };
    for target in &targets.shares {
        super::super::check_backend_can_filter(&target.backend, &args.filters, None)?;
        target.backend.preflight(work, &args.filters).await?;
    }
    let total = targets.shares.len() + targets.failed;
    let places = targets.places;
    let mut sweep = Sweep::start(
        targets.shares,
        args.recursive,
        args.page_size,
        usize::from(args.share_concurrency),
    );
    let progress = context.ui.spinner();
    let Some(listed) = list_all(
        context,
        &mut sweep,
        &places,
        &selection,
        args.verify.is_some(),
        interrupt,
        &progress,
    )
    .await
    else {
        progress.finish();
        context
            .ui
            .note("interrupted while listing: nothing was closed");
        return Ok(ExitStatus::Interrupted);
    };
    progress.finish();
    let failed_listings = listed.failed + targets.failed;
    let count: usize = listed.handles.iter().map(Vec::len).sum();
    let per_share = per_share_counts(&places, &listed.handles);
    let where_text = format!(
        "{} share{} ({per_share})",
        listed.handles.iter().filter(|h| !h.is_empty()).count(),
        plural(listed.handles.iter().filter(|h| !h.is_empty()).count())
    );
    let listing_status = || {
        if failed_listings == 0 {
            ExitStatus::Success
        } else {
            ExitStatus::Partial
        }
    };
    if failed_listings > 0 && failed_listings == total {
        anyhow::bail!("none of the {total} targets could be listed: nothing was closed");
    }

    // Before the dry run, which predicts the real run: that one would refuse.
    if let Some(max) = args.max
        && count as u64 > max
    {
        return Err(UsageError::new(
            format!(
                "{count} handle{} selected on {where_text}, more than --max {max}: nothing was closed",
                plural(count)
            ),
            if args.dry_run {
                "narrow the selection, or raise --max (without --max, --dry-run lists them)"
            } else {
                "narrow the selection, or raise --max after checking it with --dry-run"
            },
        )
        .into());
    }

    if args.dry_run {
        let rows: Vec<ShareHandle> = rows_of(&places, &listed.handles);
        stdout::print_rows(
            context.format,
            context.now,
            context.table_style,
            rows.iter(),
        )?;
        if count == 0 {
            context
                .ui
                .note("dry run: no open handle matched on any share; nothing would be closed");
        } else {
            context.ui.note(&format!(
                "dry run: would close {count} handle{} on {where_text}; nothing was closed",
                plural(count)
            ));
        }
        return Ok(listing_status());
    }
    if count == 0 {
        stdout::print_rows::<ShareCloseResult>(
            context.format,
            context.now,
            context.table_style,
            std::iter::empty(),
        )?;
        context
            .ui
            .note("no open handle matched on any share: nothing to close");
        return Ok(listing_status());
    }
    if ask {
        let question = format!("Close {count} handle{} on {where_text}?", plural(count));
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

    let verify = args.verify;
    let mut out = Stdout::lock_report();
    let mut report = WorkReport::new(out.sink::<ShareCloseResult>(
        context.format,
        context.now,
        context.table_style,
    ));
    let mut tally = Tally::default();
    let mut write = |place: &Arc<Place>, result: &CloseResult| {
        tally.add(&result.outcome);
        report.write(&ShareCloseResult {
            place: Arc::clone(place),
            result: result.clone(),
        });
    };
    let (mut interrupted, mut fatal) = (false, 0_usize);
    // With --verify, outcomes can still change (a closed handle that reappears): the records
    // of each share wait for the verdict.
    let mut batches: Vec<(usize, Batch)> = Vec::new();
    let mut shares = listed.handles.into_iter().enumerate();
    for (index, handles) in shares.by_ref() {
        if handles.is_empty() {
            continue;
        }
        let Some(backend) = sweep.backend(index) else {
            continue;
        };
        let (place, label) = (&places[index].place, &places[index].label);
        let shown = Shown::new(&context.ui, label, args.recursive);
        let closer = closer_for(args, &backend, interrupt, &shown);
        let mut streamed = |result: &CloseResult| {
            if verify.is_none() {
                write(place, result);
            }
        };
        let batch = closer.close_each(handles, &mut streamed).await;
        if let Some(err) = &batch.fatal {
            fatal += 1;
            context
                .ui
                .warn(&format!("closing on {label} stopped: {err:#}"));
        }
        warn_unreachable(context.ui, label, &batch);
        let stop = batch.interrupted;
        batches.push((index, batch));
        if stop {
            interrupted = true;
            break;
        }
    }
    // Interrupted: the shares not reached still give each selected handle its record.
    for (index, handles) in shares {
        for handle in handles {
            write(
                &places[index].place,
                &CloseResult {
                    handle,
                    outcome: Outcome::NotAttempted("interrupted before its close was sent".into()),
                },
            );
        }
    }
    let mut reopened = None;
    if let Some(window) = verify
        && !interrupted
    {
        let found = verify_each(
            context,
            args,
            &sweep,
            &places,
            &mut batches,
            &listed.seen,
            selection_of(&selection),
            window,
            interrupt,
        )
        .await;
        interrupted = !found.finished;
        reopened = Some(found);
    }
    if verify.is_some() {
        for (index, batch) in &batches {
            for result in &batch.results {
                write(&places[*index].place, result);
            }
        }
    }
    drop(sweep);
    let delivery = report.finish();
    let verified = reopened.map_or_else(String::new, |found| {
        format!(
            "; --verify closed {} of {} reopened handle{}{}",
            found.closed,
            found.found,
            plural(found.found),
            if found.finished {
                ""
            } else {
                "; --verify did not watch to the end: handles may be open again"
            }
        )
    });
    context.ui.note(&format!(
        "{} closed, {} already closed, {} failed, {} not attempted, on {where_text}{verified}",
        tally.closed, tally.already_closed, tally.failed, tally.not_attempted
    ));
    let unwritten = settle(context.ui, delivery);
    if interrupted {
        context.ui.note(
            "interrupted: handles reported not_attempted were never sent, and failed ones may still be open",
        );
        return Ok(ExitStatus::Interrupted);
    }
    if failed_listings > 0 {
        context.ui.warn(&format!(
            "{failed_listings} of {total} target{} could not be listed: nothing was closed there",
            plural(total)
        ));
    }
    Ok(if unwritten {
        ExitStatus::Failure
    } else if tally.failed > 0 || tally.not_attempted > 0 || fatal > 0 || failed_listings > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    })
}

/// The close engine for one share's backend.
fn closer_for<'a>(
    args: &HandlesCloseArgs,
    backend: &'a Backend,
    interrupt: &'a Interrupt,
    shown: &'a Shown<'a>,
) -> Closer<'a> {
    Closer {
        backend,
        options: CloseOptions {
            recursive: args.recursive,
            page_size: args.page_size,
            concurrency: usize::from(args.concurrency),
        },
        interrupt,
        observer: shown,
    }
}

/// What `--verify` selects again: the selection (a reopened handle is added by the engine).
fn selection_of(selection: &Selection) -> impl Fn(&Handle) -> bool + '_ {
    |h| selection.matches(h)
}

/// `--verify` over several shares: every share whose closes went through (no stopping error,
/// its endpoint reachable) is watched for the whole window at once (not one after another,
/// which would take the window once per share), each as one TARGET's is. The counts of
/// reopened handles are summed; the watch finished only if every share's did.
#[allow(clippy::too_many_arguments, reason = "the run's parts, passed once")]
async fn verify_each(
    context: &Context,
    args: &HandlesCloseArgs,
    sweep: &Sweep,
    places: &[TargetPlace],
    closed: &mut [(usize, Batch)],
    seen: &[HashSet<String>],
    select: impl Fn(&Handle) -> bool,
    window: std::time::Duration,
    interrupt: &Interrupt,
) -> Reopened {
    let mut backends: Vec<(Arc<Backend>, &str)> = Vec::new();
    let mut watched: Vec<(&mut Batch, &HashSet<String>)> = Vec::new();
    for (index, batch) in closed.iter_mut() {
        if let (None, None, Some(backend), Some(first_seen)) = (
            &batch.fatal,
            &batch.unreachable,
            sweep.backend(*index),
            seen.get(*index),
        ) {
            backends.push((backend, &places[*index].label));
            watched.push((batch, first_seen));
        }
    }
    let shown: Vec<Shown<'_>> = backends
        .iter()
        .map(|(_, label)| Shown::new(&context.ui, label, args.recursive))
        .collect();
    let closers: Vec<Closer<'_>> = backends
        .iter()
        .zip(&shown)
        .map(|((backend, _), shown)| closer_for(args, backend, interrupt, shown))
        .collect();
    let select: &dyn Fn(&Handle) -> bool = &select;
    let verdicts = watched
        .into_iter()
        .zip(&closers)
        .map(|((batch, first_seen), closer)| closer.verify(select, first_seen, window, batch));
    let mut total = Reopened {
        finished: true,
        ..Reopened::default()
    };
    for found in futures_util::future::join_all(verdicts).await {
        total.found += found.found;
        total.closed += found.closed;
        total.finished &= found.finished;
    }
    total
}

/// `--handle-id` and `--marker` name one TARGET's handles or close; a duration among the
/// TARGETs is `--verify`'s, written without its '='.
fn refuse_single_target_options(args: &HandlesCloseArgs) -> Result<()> {
    if args.verify.is_some()
        && let Some(word) = args
            .targets
            .iter()
            .find(|t| azfh_client::handles::selection::parse_age(t).is_ok())
    {
        return Err(UsageError::new(
            format!("'{word}' is not a TARGET"),
            format!("write the duration after '=': --verify={word}"),
        )
        .into());
    }
    let given = [
        (
            !args.handle_id.is_empty(),
            "--handle-id",
            "a handle id is one share's (another share may give the same id to another handle)",
        ),
        (
            args.marker.is_some(),
            "--marker",
            "a marker resumes one share's '*' close",
        ),
    ];
    if let Some((_, flag, why)) = given.iter().find(|(on, _, _)| *on) {
        return Err(UsageError::new(
            format!("{flag} works on one TARGET, not on several shares: {why}"),
            format!("close one share at a time with {flag} (azfh handles close TARGET {flag} ...)"),
        )
        .into());
    }
    Ok(())
}

/// Lists every target to its end, keeping what `selection` selects; failures are reported on
/// stderr as they come. `None` when interrupted.
async fn list_all(
    context: &Context,
    sweep: &mut Sweep,
    places: &[TargetPlace],
    selection: &Selection,
    keep_seen: bool,
    interrupt: &Interrupt,
    progress: &crate::ui::Progress,
) -> Option<Selected> {
    let mut listed = Selected {
        handles: (0..sweep.len()).map(|_| Vec::new()).collect(),
        seen: (0..sweep.len()).map(|_| HashSet::new()).collect(),
        failed: 0,
    };
    let (mut seen, mut chosen) = (0_u64, 0_u64);
    // A handle two overlapping TARGETs list is selected, and so closed and reported, once.
    let mut once = Once::new(places);
    let mut hinted = HashSet::new();
    loop {
        let item = tokio::select! {
            () = interrupt.raised() => return None,
            item = sweep.next() => item,
        };
        let Some(item) = item else {
            return Some(listed);
        };
        match item {
            SweepItem::Page { target, handles } => {
                for handle in handles {
                    if !once.first(target, &handle.id) {
                        continue;
                    }
                    seen += 1;
                    if keep_seen {
                        listed.seen[target].insert(handle.id.clone());
                    }
                    if selection.matches(&handle) {
                        chosen += 1;
                        listed.handles[target].push(handle);
                    }
                }
            }
            SweepItem::Failed { target, error } => {
                listed.failed += 1;
                listed.handles[target].clear();
                sweep::warn_cannot_list(context, &places[target].label, &error, &mut hinted);
            }
            SweepItem::Finished { .. } => {}
        }
        progress.set_message(format!(
            "listing {} share{}: {seen} handle{}, {chosen} selected",
            sweep.len(),
            plural(sweep.len()),
            plural(seen)
        ));
    }
}

/// `one:demo 12, two:demo 3`: the count on each share that has any, by its TARGET's label.
fn per_share_counts(places: &[TargetPlace], handles: &[Vec<Handle>]) -> String {
    handles
        .iter()
        .zip(places)
        .filter(|(h, _)| !h.is_empty())
        .map(|(h, place)| format!("{} {}", place.label, h.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rows_of(places: &[TargetPlace], handles: &[Vec<Handle>]) -> Vec<ShareHandle> {
    handles
        .iter()
        .zip(places)
        .flat_map(|(hs, place)| {
            hs.iter().map(move |handle| ShareHandle {
                place: Arc::clone(&place.place),
                handle: handle.clone(),
            })
        })
        .collect()
}

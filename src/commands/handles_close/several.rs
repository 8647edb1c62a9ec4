//! `handles close` over several TARGETs, or `--all-shares`: every share is listed to its end
//! first (concurrently, under `--share-concurrency`); then `--dry-run`, `--max` and the prompt
//! apply to the whole selection, and the prompt names the count on each account and share;
//! then each share's selection is closed by id, as one TARGET's is. A share whose listing
//! fails is reported and nothing of it is closed; the others go on (exit 3; 1 when all fail).

use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::super::Context;
use super::super::interrupt::Interrupt;
use super::super::places::{Once, TargetPlace};
use super::super::sweep;
use super::shown::Shown;
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::plural::plural;
use crate::output::share_handles::{ShareCloseResult, ShareHandle};
use crate::output::stdout::{self, Stdout, WRITE_FAILED};
use crate::ui::Answer;
use azfh_client::backend::Work;
use azfh_client::handles::outcome::Tally;
use azfh_client::handles::{Handle, Selection};
use azfh_client::ops::close::{CloseOptions, Closer};
use azfh_client::ops::sweep::{Sweep, SweepItem};

/// What the listing of every share selected, by target index.
struct Selected {
    handles: Vec<Vec<Handle>>,
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
        context, &mut sweep, &places, &selection, interrupt, &progress,
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
    if let Some(max) = args.max
        && count as u64 > max
    {
        return Err(UsageError::new(
            format!(
                "{count} handle{} selected on {where_text}, more than --max {max}: nothing was closed",
                plural(count)
            ),
            "narrow the selection, or raise --max after checking it with --dry-run",
        )
        .into());
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

    let mut out = Stdout::lock_report();
    let mut sink = out.sink::<ShareCloseResult>(context.format, context.now, context.table_style);
    let mut tally = Tally::default();
    let (mut interrupted, mut fatal) = (false, 0_usize);
    for (index, handles) in listed.handles.into_iter().enumerate() {
        if handles.is_empty() {
            continue;
        }
        let Some(backend) = sweep.backend(index) else {
            continue;
        };
        let (place, label) = (&places[index].place, &places[index].label);
        let shown = Shown::new(&context.ui, &backend, args.recursive);
        let closer = Closer {
            backend: &backend,
            options: CloseOptions {
                recursive: args.recursive,
                page_size: args.page_size,
                concurrency: usize::from(args.concurrency),
            },
            interrupt,
            observer: &shown,
        };
        let mut write = |result: &azfh_client::handles::outcome::CloseResult| {
            sink.write(&ShareCloseResult {
                place: Arc::clone(place),
                result: result.clone(),
            })
        };
        let batch = closer.close_each(handles, &mut write).await;
        for result in &batch.results {
            tally.add(&result.outcome);
        }
        if let Some(err) = batch.fatal {
            fatal += 1;
            context
                .ui
                .warn(&format!("closing on {label} stopped: {err:#}"));
        }
        if batch.interrupted {
            interrupted = true;
            break;
        }
    }
    drop(sweep);
    sink.finish().context(WRITE_FAILED)?;
    out.flush()?;
    context.ui.note(&format!(
        "{} closed, {} already closed, {} failed, {} not attempted, on {where_text}",
        tally.closed, tally.already_closed, tally.failed, tally.not_attempted
    ));
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
    Ok(
        if tally.failed > 0 || tally.not_attempted > 0 || fatal > 0 || failed_listings > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        },
    )
}

/// `--handle-id`, `--verify` and `--marker` name one TARGET's handles or close; a duration
/// among the TARGETs is `--verify`'s, written without its '='.
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
            args.verify.is_some(),
            "--verify",
            "its watch lists and closes again on one TARGET",
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
    interrupt: &Interrupt,
    progress: &crate::ui::Progress,
) -> Option<Selected> {
    let mut listed = Selected {
        handles: (0..sweep.len()).map(|_| Vec::new()).collect(),
        failed: 0,
    };
    let (mut seen, mut chosen) = (0_u64, 0_u64);
    // A handle two overlapping TARGETs list is selected, and so closed and reported, once.
    let mut once = Once::new(places);
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
                    if selection.matches(&handle) {
                        chosen += 1;
                        listed.handles[target].push(handle);
                    }
                }
            }
            SweepItem::Failed { target, error } => {
                listed.failed += 1;
                listed.handles[target].clear();
                context
                    .ui
                    .warn(&format!("cannot list {}: {error:#}", places[target].label));
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

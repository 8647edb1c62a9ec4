//! `azfh handles stats`: one listing pass (the listing `handles ls` makes) per share, over one
//! or several TARGETs or `--all-shares`, the shares listed at once under `--share-concurrency`
//! by the sweep `handles ls` uses; counted per share, rendered in a format or written
//! atomically to `--output-file`; `--watch` repeats the pass on a terminal and redraws every
//! share's block with the change since the last one.
//!
//! A share whose listing fails is still in the results, as failed and with its error
//! (`azfh_scrape_success 0` and no counts in prometheus: a partial count would mislead an
//! alert), and the others are counted: exit 3 when some failed, 1 when all did (one TARGET:
//! its own error). Each NAME TARGET is resolved on its own: one whose credential cannot be
//! found is such a failed target, so that one unset key neither blanks the other accounts
//! nor leaves a stale `--output-file` saying 1. A usage error (bad flags, a NAME the config
//! file lacks) sends nothing and writes nothing.

mod known_targets;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::HandlesStatsArgs;
use crate::error::{ExitStatus, HintedFailure, UsageError};
use crate::output::escape::for_terminal;
use crate::output::plural::plural;
use crate::output::stats::{SharePass, StatsHeading};
use crate::output::stdout::WRITE_FAILED;
use crate::output::{self, Format};
use azfh_client::azure::{AzureFiles, Location};
use azfh_client::backend::Backend;
use azfh_client::config;
use azfh_client::config::target::{self, TargetSpec};
use azfh_client::handles::stats::{ShareKey, ShareStats};
use azfh_client::ops::sweep::{Sweep, SweepItem, SweepTarget};

/// One share to count, resolved.
struct Planned {
    key: ShareKey,
    /// The TARGET as messages name it (`NAME:SHARE/PATH`).
    label: String,
    /// TARGET is the share itself: the root's count is known.
    covers_root: bool,
    /// `share[/path]`, as the sweep names it.
    place: String,
    client: AzureFiles,
    location: Location,
}

/// What a run counts: its shares, the accounts whose shares could not be listed, the TARGETs
/// whose credential could not be found, and how many other targets failed before any listing
/// (a share name no service may send).
struct Plan {
    /// What each TARGET names (with `--all-shares`, its account with an empty share), in the
    /// TARGETs' order: the order of the results.
    targets: Vec<ShareKey>,
    shares: Vec<Planned>,
    unlisted: Vec<(String, String)>,
    unresolved: Unresolved,
    skipped: usize,
}

impl Plan {
    /// The position of the TARGET whose result `key` is: the TARGET naming its share, or
    /// (`--all-shares`) its account; after every TARGET if none does.
    fn position(&self, key: &ShareKey) -> usize {
        self.targets
            .iter()
            .position(|target| {
                target.account == key.account
                    && (target.share.is_empty() || target.share == key.share)
            })
            .unwrap_or(usize::MAX)
    }

    /// The TARGET of the share `key`, as messages name it.
    fn label(&self, key: &ShareKey) -> Option<&str> {
        self.shares
            .iter()
            .find(|share| share.key == *key)
            .map(|share| share.label.as_str())
    }

    /// Targets in all: each counted or failed.
    fn total(&self) -> usize {
        self.shares.len() + self.unlisted.len() + self.unresolved.passes.len() + self.skipped
    }
}

/// The NAME TARGETs whose credential could not be found: each a failed result, and the
/// first one's error (the run's own error when it is the only TARGET).
#[derive(Default)]
struct Unresolved {
    passes: Vec<SharePass>,
    first_error: Option<anyhow::Error>,
}

/// One pass over every share: each share's result, and the error of the last that failed.
struct Counted {
    passes: Vec<SharePass>,
    last_error: Option<anyhow::Error>,
}

pub(super) async fn run(
    context: &Context,
    args: &HandlesStatsArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    if let Some(every) = args.watch {
        check_watch(context, every)?;
    }
    if let Some(file) = &args.output_file {
        output::atomic_file::check(file)?;
        output::atomic_file::check_directory(file)?;
    }
    // Bad TARGETs are refused here, before any request, and leave --output-file as it was.
    let known = known_targets::check(context, &args.targets, args.all_shares)?;
    let (resolvable, unresolved) = resolve_each(context, args, &known);
    let targets = if resolvable.is_empty() && !args.targets.is_empty() {
        super::sweep::Targets {
            shares: Vec::new(),
            places: Vec::new(),
            failed: 0,
            unlisted: Vec::new(),
            accounts: 0,
            hinted: std::collections::HashSet::new(),
        }
    } else {
        super::sweep::targets(context, &resolvable, args.all_shares, args.recursive).await?
    };
    let plan = plan(known, targets, unresolved)?;
    note_partial_counts(context, args, &plan);
    let heading = StatsHeading {
        older_than: args.older_than,
        recursive: args.recursive,
    };
    if let Some(every) = args.watch {
        return watch(context, args, &plan, heading, every, interrupt).await;
    }

    let Some(counted) = count(context, args, &plan, context.now, interrupt).await else {
        context
            .ui
            .note("interrupted: nothing was written (the counts were incomplete)");
        return Ok(ExitStatus::Interrupted);
    };
    let style = if args.output_file.is_some() {
        // A file is no terminal: no colors, and a table as wide as its rows.
        output::TableStyle {
            color: false,
            width: None,
            ..context.table_style
        }
    } else {
        context.table_style
    };
    let mut bytes = Vec::new();
    output::stats::write(
        &mut bytes,
        context.format,
        &style,
        heading,
        &counted.passes,
        None,
    )
    .context(WRITE_FAILED)?;
    if let Some(file) = &args.output_file {
        output::atomic_file::replace(file, &bytes)?;
    } else {
        output::stdout::print(|out| out.write_all(&bytes))?;
    }
    outcome(context, plan, counted)
}

/// The resolved targets as shares to count: Azure Files only, each share once.
fn plan(
    known: Vec<ShareKey>,
    targets: super::sweep::Targets,
    unresolved: Unresolved,
) -> Result<Plan> {
    let mut shares: Vec<Planned> = Vec::with_capacity(targets.shares.len());
    for (target, place) in targets.shares.into_iter().zip(targets.places) {
        let Backend::Azure { client, location } = target.backend else {
            // The TARGETs were checked: none is a Qumulo cluster.
            continue;
        };
        let key = ShareKey {
            account: target.account,
            share: location.share.clone(),
        };
        if shares.iter().any(|s| s.key == key) {
            return Err(known_targets::twice(&key).into());
        }
        shares.push(Planned {
            key,
            label: place.label,
            covers_root: location.path.is_empty(),
            place: target.share,
            client,
            location,
        });
    }
    Ok(Plan {
        targets: known,
        skipped: targets.failed - targets.unlisted.len(),
        unlisted: targets.unlisted,
        unresolved,
        shares,
    })
}

/// Resolves each NAME TARGET's credential on its own (`known` names their shares, in the
/// TARGETs' order): one that cannot be found (its `key_env` unset, its `key_file` unreadable,
/// its SAS expired) is a failed target, warned about by its TARGET as written; the TARGETs
/// left are resolved together, where any error is a usage error.
fn resolve_each(
    context: &Context,
    args: &HandlesStatsArgs,
    known: &[ShareKey],
) -> (Vec<String>, Unresolved) {
    let mut resolvable = Vec::with_capacity(args.targets.len());
    let mut unresolved = Unresolved::default();
    for (text, key) in args.targets.iter().zip(known) {
        let named = matches!(target::parse(text), Ok(TargetSpec::Named { .. }));
        let resolved = if !named {
            Ok(())
        } else if args.all_shares {
            config::resolve_account(&context.access, Some(text), context.now).map(drop)
        } else {
            config::resolve(&context.access, text, context.now).map(drop)
        };
        let Err(err) = resolved else {
            resolvable.push(text.clone());
            continue;
        };
        let target = if args.all_shares {
            format!("the shares of {}", text.trim().trim_end_matches(':'))
        } else {
            text.trim().to_owned()
        };
        if args.targets.len() > 1 {
            // One TARGET alone fails with this error as the run's own.
            context
                .ui
                .warn(&format!("cannot count {target}: {}", err.message));
        }
        unresolved.passes.push(SharePass {
            key: key.clone(),
            summary: None,
            duration: None,
            error: Some(err.message.clone()),
        });
        if unresolved.first_error.is_none() {
            // A failed target, not a usage error: the others are counted.
            unresolved.first_error =
                Some(HintedFailure::new(err.message, err.hint.unwrap_or_default()).into());
        }
    }
    (resolvable, unresolved)
}

/// Says on stderr when the counts are not a whole share's: without `-r` they are of the
/// handles on each TARGET itself, and a directory TARGET counts only its part of the share.
fn note_partial_counts(context: &Context, args: &HandlesStatsArgs, plan: &Plan) {
    if plan.shares.is_empty() {
        return;
    }
    if !args.recursive {
        context.ui.note(
            "note: without -r only the handles on each TARGET itself are counted, not the share's whole: add -r to count everything below",
        );
        return;
    }
    for share in plan.shares.iter().filter(|s| !s.covers_root) {
        context.ui.note(&format!(
            "note: {} is a directory: its counts are of it and below, not of the share's whole (give the share, {}, to count all of it)",
            share.label, share.key.share
        ));
    }
}

/// The exit status of a pass: success; one TARGET's own error; 3 when some shares failed; 1
/// when all did.
fn outcome(context: &Context, mut plan: Plan, counted: Counted) -> Result<ExitStatus> {
    let total = plan.total();
    let failed = counted
        .passes
        .iter()
        .filter(|p| p.summary.is_none())
        .count()
        + plan.skipped;
    if total == 0 {
        context.ui.note("no SMB shares to count");
    }
    if failed == 0 {
        return Ok(ExitStatus::Success);
    }
    if total == 1
        && let Some(err) = counted.last_error.or(plan.unresolved.first_error.take())
    {
        return Err(err);
    }
    // Accounts whose shares could not be listed, and TARGETs whose credential could not be
    // found, were warned about as it happened; the shares' failures are warned about here.
    for pass in &counted.passes {
        if let (Some(error), Some(label)) = (&pass.error, plan.label(&pass.key)) {
            context.ui.warn(&format!("cannot count {label}: {error}"));
        }
    }
    let summary = format!(
        "{failed} of {total} target{} could not be counted (see the warnings above)",
        plural(total as u64)
    );
    if failed == total {
        anyhow::bail!(summary);
    }
    context.ui.warn(&summary);
    Ok(ExitStatus::Partial)
}

/// `--watch` redraws a table on a terminal: anywhere else it is refused before any request.
fn check_watch(context: &Context, every: Duration) -> Result<(), UsageError> {
    if !context.stdout_is_terminal {
        return Err(UsageError::new(
            "--watch redraws a table on a terminal, and stdout is not one",
            "for monitoring, run `azfh handles stats TARGET -r -o prometheus --output-file FILE` from cron every few minutes",
        ));
    }
    if context.format != Format::Table {
        return Err(UsageError::new(
            "--watch redraws a table; it cannot be used with -o json, jsonl, tsv or prometheus",
            "drop -o, or drop --watch to print the counts once",
        ));
    }
    if every < Duration::from_secs(1) {
        return Err(UsageError::new(
            "--watch needs an interval of at least 1s",
            "try --watch 30s",
        ));
    }
    Ok(())
}

/// One listing pass over every share of `plan`, at most `--share-concurrency` at once, each
/// counted as its pages arrive. Handles opened before `now` − `--older-than` are stale.
/// `None` when Ctrl-C or SIGTERM came first.
async fn count(
    context: &Context,
    args: &HandlesStatsArgs,
    plan: &Plan,
    now: OffsetDateTime,
    interrupt: &Interrupt,
) -> Option<Counted> {
    let stale_before = now - args.older_than;
    let mut stats: Vec<Option<ShareStats>> = plan
        .shares
        .iter()
        .map(|s| Some(ShareStats::new(s.key.clone(), stale_before, s.covers_root)))
        .collect();
    let mut passes: Vec<Option<SharePass>> = vec![None; plan.shares.len()];
    let targets = plan
        .shares
        .iter()
        .map(|s| SweepTarget {
            account: s.key.account.clone(),
            share: s.place.clone(),
            backend: Backend::Azure {
                client: s.client.clone(),
                location: s.location.clone(),
            },
        })
        .collect();
    let mut sweep = Sweep::start(
        targets,
        args.recursive,
        args.page_size,
        usize::from(args.share_concurrency),
    );
    let took = |sweep: &Sweep, target: usize| {
        Some(
            sweep
                .started_at(target)
                .map_or(Duration::ZERO, |at| at.elapsed()),
        )
    };
    let progress = context.ui.spinner();
    let (mut listed, mut ended) = (0_u64, 0_usize);
    let mut last_error = None;
    loop {
        let item = tokio::select! {
            () = interrupt.raised() => return None,
            item = sweep.next() => item,
        };
        let Some(item) = item else { break };
        match item {
            SweepItem::Page { target, handles } => {
                listed += handles.len() as u64;
                if let Some(Some(share)) = stats.get_mut(target) {
                    share.add_page(&handles);
                }
            }
            SweepItem::Failed { target, error } => {
                ended += 1;
                if let (Some(slot), Some(share)) = (passes.get_mut(target), plan.shares.get(target))
                {
                    *slot = Some(SharePass {
                        key: share.key.clone(),
                        summary: None,
                        duration: took(&sweep, target),
                        error: Some(format!("{error:#}")),
                    });
                }
                if let Some(share) = stats.get_mut(target) {
                    *share = None;
                }
                last_error = Some(error);
            }
            SweepItem::Finished { target } => {
                ended += 1;
                let summary = stats
                    .get_mut(target)
                    .and_then(Option::take)
                    .map(|share| share.finish(args.top as usize));
                if let (Some(slot), Some(share)) = (passes.get_mut(target), plan.shares.get(target))
                {
                    *slot = Some(SharePass {
                        key: share.key.clone(),
                        summary,
                        duration: took(&sweep, target),
                        error: None,
                    });
                }
            }
        }
        progress.set_message(format!(
            "counting: {ended} of {} share{} listed, {listed} handle{}",
            sweep.len(),
            plural(sweep.len() as u64),
            plural(listed)
        ));
    }
    progress.finish();
    let mut results: Vec<SharePass> = passes
        .into_iter()
        .zip(&plan.shares)
        .map(|(pass, share)| {
            pass.unwrap_or_else(|| SharePass {
                key: share.key.clone(),
                summary: None,
                duration: None,
                error: Some("the listing ended without a result".to_owned()),
            })
        })
        .collect();
    results.extend(plan.unlisted.iter().map(|(account, error)| SharePass {
        key: ShareKey {
            account: account.clone(),
            share: String::new(),
        },
        summary: None,
        duration: None,
        error: Some(format!("cannot list the account's shares: {error}")),
    }));
    results.extend(plan.unresolved.passes.iter().cloned());
    // In TARGET order, whatever failed and when: each result at its TARGET's position (a
    // stable sort: an account's shares keep the service's order).
    results.sort_by_key(|pass| plan.position(&pass.key));
    Some(Counted {
        passes: results,
        last_error,
    })
}

/// Counts every `every` until Ctrl-C, redrawing every share's block with the change since
/// that share's last complete pass. A failed pass is shown as failed and the watch goes on.
async fn watch(
    context: &Context,
    args: &HandlesStatsArgs,
    plan: &Plan,
    heading: StatsHeading,
    every: Duration,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let title = match plan.shares.as_slice() {
        [one] if plan.total() == 1 => one.place.clone(),
        _ => format!("{} share{}", plan.total(), plural(plan.total() as u64)),
    };
    let mut previous: HashMap<ShareKey, SharePass> = HashMap::new();
    loop {
        let now = OffsetDateTime::now_utc();
        let started = Instant::now();
        let Some(counted) = count(context, args, plan, now, interrupt).await else {
            return Ok(ExitStatus::Interrupted);
        };
        let before: Vec<SharePass> = previous.values().cloned().collect();
        let mut screen = Vec::new();
        // Home the cursor and clear the screen, then the title and the tables.
        screen.extend_from_slice(b"\x1b[H\x1b[2J");
        screen.extend_from_slice(
            format!(
                "{}: counted at {:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC, every {}; Ctrl-C ends\n\n",
                for_terminal(&title),
                now.year(),
                u8::from(now.month()),
                now.day(),
                now.hour(),
                now.minute(),
                now.second(),
                humantime::format_duration(every)
            )
            .as_bytes(),
        );
        output::stats::write(
            &mut screen,
            Format::Table,
            &context.table_style,
            heading,
            &counted.passes,
            (!before.is_empty()).then_some(before.as_slice()),
        )
        .context(WRITE_FAILED)?;
        output::stdout::print(|out| out.write_all(&screen))?;
        for pass in counted.passes {
            if let Some(error) = &pass.error {
                // A share's TARGET, or an account that failed as a whole.
                let label = plan.label(&pass.key).map_or_else(
                    || format!("the shares of {}", pass.key.account),
                    str::to_owned,
                );
                context
                    .ui
                    .warn(&format!("this pass failed on {label}: {error}"));
            } else {
                previous.insert(pass.key.clone(), pass);
            }
        }
        tracing::debug!("pass took {:?}", started.elapsed());
        tokio::select! {
            () = interrupt.raised() => return Ok(ExitStatus::Interrupted),
            () = tokio::time::sleep(every) => {}
        }
    }
}

//! `azfh handles ls` over several TARGETs, or `--all-shares`: the shares are listed at once
//! (at most `--share-concurrency`), each handle printed with its `account` and `share` as its
//! page arrives. A share that fails is reported on one stderr line and the others go on: exit
//! 3 when some failed, 1 when all did.

use std::collections::BTreeSet;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use super::places::{self, TargetPlace};
use crate::cli::HandlesLsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::groups::GroupRow;
use crate::output::order::Sorted;
use crate::output::plural::plural;
use crate::output::share_handles::{Place, ShareHandle};
use crate::output::stdout::{Stdout, WRITE_FAILED};
use crate::output::{self, TableStyle};
use azfh_client::azure::{ListSharesOptions, Location};
use azfh_client::backend::{Backend, Work};
use azfh_client::config::target::validate_share;
use azfh_client::handles::grouping::{Group, GroupKey, Grouping};
use azfh_client::handles::{Handle, Selection};
use azfh_client::ops::sweep::{Sweep, SweepItem, SweepTarget};

/// The shares to list, each with its place, and how many targets failed before any handle
/// was listed (an account whose shares could not be listed, a share name no service may
/// send).
pub(super) struct Targets {
    pub(super) shares: Vec<SweepTarget>,
    /// By the index of `shares` (and of the sweep's targets).
    pub(super) places: Vec<TargetPlace>,
    pub(super) failed: usize,
    /// The accounts whose shares could not be listed (the storage account's name, as results
    /// name it; the warning named it as given), with why.
    pub(super) unlisted: Vec<(String, String)>,
}

/// The shares that TARGETs (or, with `all_shares`, the accounts they name) stand for, each
/// once: a TARGET that another one covers (given twice, or below one listed with
/// `recursive`) is left out with a note.
pub(super) async fn targets(
    context: &Context,
    given: &[String],
    all_shares: bool,
    recursive: bool,
) -> Result<Targets> {
    let (found, failed, unlisted) = if all_shares {
        every_share(context, given).await?
    } else {
        (given_targets(context, given)?, 0, Vec::new())
    };
    let kept = places::without_overlaps(found, recursive, |note| context.ui.note(&note));
    let (shares, places) = kept.into_iter().unzip();
    Ok(Targets {
        shares,
        places,
        failed,
        unlisted,
    })
}

/// The account a TARGET names, as messages show it: a config file's name (`prod:` → `prod`),
/// else the account of its endpoint.
fn account_label(target: &str, backend: &Backend) -> String {
    if !target.contains("://")
        && let Some((name, _)) = target.split_once(':')
    {
        return name.to_owned();
    }
    match backend {
        Backend::Azure { client, .. } => client.transport().endpoint().account().to_owned(),
        Backend::Qumulo { cluster, .. } => cluster.clone(),
    }
}

/// The record names and message label of a share listed from `backend`.
fn sweep_target(backend: Backend, label: String) -> (SweepTarget, TargetPlace) {
    let place = places::target_place(&backend, label);
    (
        SweepTarget {
            account: place.place.account.clone(),
            share: place.place.share.clone(),
            backend,
        },
        place,
    )
}

/// TARGETs as given: each one share (or a directory or file of it).
fn given_targets(context: &Context, targets: &[String]) -> Result<Vec<(SweepTarget, TargetPlace)>> {
    let mut shares = Vec::with_capacity(targets.len());
    for target in targets {
        let backend = context.connect_backend(target)?;
        let label = match &backend {
            Backend::Azure { location, .. } => {
                format!("{}:{}", account_label(target, &backend), location.display())
            }
            Backend::Qumulo { .. } => backend.display(),
        };
        shares.push(sweep_target(backend, label));
    }
    Ok(shares)
}

/// `--all-shares`: every SMB share of each account given (none given: the connection
/// options' account), each account once. NFS shares are skipped with a note: they have no
/// SMB handles. Also gives how many accounts could not be listed or gave a share name no
/// service may send.
async fn every_share(
    context: &Context,
    accounts: &[String],
) -> Result<(
    Vec<(SweepTarget, TargetPlace)>,
    usize,
    Vec<(String, String)>,
)> {
    if context.access.snapshot.is_some() {
        return Err(UsageError::new(
            "--snapshot names one share's snapshot and cannot be used with --all-shares",
            "list the snapshot's share on its own: azfh handles ls SHARE --snapshot TIME",
        )
        .into());
    }
    let given: Vec<Option<&str>> = if accounts.is_empty() {
        vec![None]
    } else {
        accounts.iter().map(|a| Some(a.as_str())).collect()
    };
    // Every account is resolved before any request: a usage error sends nothing.
    let mut clients = Vec::with_capacity(given.len());
    let mut endpoints: Vec<String> = Vec::with_capacity(given.len());
    for account in given {
        let client = context.connect_account(account).map_err(|err| {
            match (account, err.downcast_ref::<UsageError>()) {
                (Some(text), Some(_)) if !text.contains("://") && !text.trim().ends_with(':') => {
                    UsageError::new(
                        format!("with --all-shares, TARGET '{text}' must name an account"),
                        "write NAME: (an account of the config file) or an account URL; to list one share, drop --all-shares",
                    )
                    .into()
                }
                _ => err,
            }
        })?;
        let label = match account {
            Some(text) if !text.contains("://") => text.trim().trim_end_matches(':').to_owned(),
            _ => client.transport().endpoint().account().to_owned(),
        };
        let endpoint = client.transport().endpoint().url("", &[]).to_lowercase();
        if endpoints.contains(&endpoint) {
            context.ui.note(&format!(
                "{label}: is given twice: its shares are listed once"
            ));
            continue;
        }
        endpoints.push(endpoint);
        clients.push((label, client));
    }
    let mut targets = Vec::new();
    let mut failed = 0;
    let mut unlisted = Vec::new();
    for (label, client) in clients {
        let shares = match client
            .list_shares(ListSharesOptions::default())
            .collect_all()
            .await
        {
            Ok(shares) => shares,
            Err(err) => {
                context
                    .ui
                    .warn(&format!("cannot list the shares of {label}: {err}"));
                failed += 1;
                let account = client.transport().endpoint().account().to_owned();
                unlisted.push((account, format!("{err:#}")));
                continue;
            }
        };
        for share in shares.into_iter().filter(|s| s.snapshot.is_none()) {
            if !share.has_handles() {
                context.ui.note(&format!(
                    "skipped {label}:{}: an NFS share has no SMB handles",
                    share.name
                ));
                continue;
            }
            if validate_share(&share.name).is_err() {
                context.ui.warn(&format!(
                    "skipped a share of {label} named '{}': not a share name the service may send",
                    share.name
                ));
                failed += 1;
                continue;
            }
            let share_label = format!("{label}:{}", share.name);
            targets.push(sweep_target(
                Backend::Azure {
                    client: client.clone(),
                    location: Location {
                        share: share.name,
                        path: String::new(),
                        snapshot: None,
                    },
                },
                share_label,
            ));
        }
    }
    Ok((targets, failed, unlisted))
}

/// Lists the shares, streaming their records as pages arrive; `--sort` and `--group-by`
/// buffer (the selection, or the groups) and print at the end.
pub(super) async fn list(
    context: &Context,
    args: &HandlesLsArgs,
    selection: &Selection,
    style: TableStyle,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let targets = targets(context, &args.targets, args.all_shares, args.recursive).await?;
    for target in &targets.shares {
        super::check_backend_can_filter(&target.backend, &args.filters, args.group_by)?;
        target
            .backend
            .preflight(Work::ListHandles, &args.filters)
            .await?;
    }
    let Targets {
        shares,
        places,
        failed: failed_before,
        unlisted: _,
    } = targets;
    let total = shares.len() + failed_before;
    let mut failed = failed_before;
    let open_times = shares.iter().all(|t| t.backend.capabilities().open_time);
    let mut limits: Vec<Option<Grouping>> = shares
        .iter()
        .map(|t| {
            (args.group_by.is_some() && t.backend.capabilities().handle_limits)
                .then(|| Grouping::new(GroupKey::Path))
        })
        .collect();
    let mut once = places::Once::new(&places);
    let progress = context.ui.spinner();
    let mut sweep = Sweep::start(
        shares,
        args.recursive,
        args.page_size,
        usize::from(args.share_concurrency),
    );
    let mut grouping = args.group_by.map(Grouping::without_limits);
    let mut sorted = args.sort.map(|order| {
        Sorted::<ShareHandle>::new(
            order,
            args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        )
    });
    let mut out = Stdout::lock();
    // A sink writes nothing before its first record or its end: a sweep that fails before
    // any record ends without either, and prints nothing on stdout.
    let mut sink = out.sink::<ShareHandle>(context.format, context.now, style);
    let mut failed_targets = Vec::new();
    let (mut listed, mut selected, mut finished) = (0_u64, 0_u64, 0_usize);
    let mut stopped_at_limit = false;
    'sweep: loop {
        let item = tokio::select! {
            () = interrupt.raised() => break,
            item = sweep.next() => item,
        };
        let Some(item) = item else { break };
        match item {
            SweepItem::Page { target, handles } => {
                let place = &places[target].place;
                for handle in handles {
                    if !once.first(target, &handle.id) {
                        continue;
                    }
                    listed += 1;
                    if let Some(Some(limit)) = limits.get_mut(target) {
                        limit.observe(&handle);
                    }
                    if !selection.matches(&handle) {
                        continue;
                    }
                    selected += 1;
                    if let (Some(grouping), Some(key)) = (&mut grouping, args.group_by) {
                        match group_key(key, place, &handle) {
                            Some(group) => grouping.add_keyed(Some(group), &handle),
                            None => grouping.add(&handle),
                        }
                        continue;
                    }
                    let row = ShareHandle {
                        place: Arc::clone(place),
                        handle,
                    };
                    if let Some(sorted) = &mut sorted {
                        sorted.add(row);
                        continue;
                    }
                    sink.write(&row).context(WRITE_FAILED)?;
                    if args.limit.is_some_and(|n| selected >= n) {
                        stopped_at_limit = true;
                        break 'sweep;
                    }
                }
            }
            SweepItem::Failed { target, error } => {
                failed += 1;
                failed_targets.push(target);
                context
                    .ui
                    .warn(&format!("cannot list {}: {error:#}", places[target].label));
            }
            SweepItem::Finished { .. } => finished += 1,
        }
        progress.set_message(format!(
            "{finished} of {} share{} listed: {listed} handle{}, {selected} selected",
            sweep.len(),
            plural(sweep.len() as u64),
            plural(listed)
        ));
    }
    progress.finish();
    // Everything failed before a record: nothing on stdout (not even a header or `[]`).
    let silent = failed > 0 && failed == total && selected == 0;
    if let (Some(grouping), Some(key)) = (grouping, args.group_by) {
        drop(sink);
        let report = grouping.finish();
        let failed_places: Vec<&Place> =
            failed_targets.iter().map(|&t| &*places[t].place).collect();
        let groups = complete_groups(key, report.groups, &failed_places, failed > 0);
        if !silent {
            let mut rows = out.sink::<GroupRow<'_>>(context.format, context.now, style);
            for (group, complete) in &groups {
                rows.write(&GroupRow {
                    key,
                    group,
                    open_times,
                    complete: *complete,
                })
                .context(WRITE_FAILED)?;
            }
            rows.finish().context(WRITE_FAILED)?;
        }
        for (index, limit) in limits.into_iter().enumerate() {
            let Some(limit) = limit else { continue };
            for status in &limit.finish().near_limit {
                context.ui.warn(&format!(
                    "{}: {}",
                    places[index].label,
                    output::groups::limit_warning(status)
                ));
            }
        }
    } else {
        if let Some(sorted) = sorted {
            for row in sorted.finish() {
                sink.write(&row).context(WRITE_FAILED)?;
            }
        }
        if silent {
            drop(sink);
        } else {
            sink.finish().context(WRITE_FAILED)?;
        }
    }
    drop(sweep);
    out.flush()?;
    if interrupt.is_raised() {
        context.ui.note(&format!(
            "interrupted: the listing is incomplete ({listed} handle{} listed, {selected} selected)",
            plural(listed)
        ));
        return Ok(ExitStatus::Interrupted);
    }
    if stopped_at_limit {
        context.ui.note(&format!(
            "stopped at --limit: the first {selected} matching handle{}, after {listed} listed",
            plural(selected)
        ));
    } else if let Some(limit) = args.limit.filter(|n| selected > *n) {
        context.ui.note(&format!(
            "--limit {limit}: {limit} of the {selected} matching handles shown"
        ));
    } else if total == 0 {
        context.ui.note("no SMB shares to list");
    } else if failed == 0 && selected == 0 {
        context.ui.note(&format!(
            "no matching handles on {total} share{} ({listed} open)",
            plural(total as u64)
        ));
    }
    if failed == 0 {
        return Ok(ExitStatus::Success);
    }
    let summary = format!(
        "{failed} of {total} target{} could not be listed (see the warnings above)",
        plural(total as u64)
    );
    if failed == total {
        anyhow::bail!(summary);
    }
    context.ui.warn(&summary);
    Ok(ExitStatus::Partial)
}

/// The group a handle listed on `place` counts in, where the place decides it: its share or
/// account (as its records name them), or its path on its share (`ACCOUNT:SHARE/PATH`: paths
/// of different shares are different paths). `None`: the handle's own key (a client, session
/// or owner, across shares).
fn group_key(key: GroupKey, place: &Place, handle: &Handle) -> Option<String> {
    match key {
        GroupKey::Path if handle.path.starts_with('/') => {
            Some(format!("{}:{}", place.account, handle.path))
        }
        GroupKey::Path => Some(format!("{}:{}/{}", place.account, place.share, handle.path)),
        _ => place_key(key, place),
    }
}

/// The share (`ACCOUNT:SHARE`) or account group of `place`; `None` for the other keys.
fn place_key(key: GroupKey, place: &Place) -> Option<String> {
    match key {
        GroupKey::Share => Some(format!("{}:{}", place.account, place.share)),
        GroupKey::Account => Some(place.account.clone()),
        _ => None,
    }
}

/// The groups to print, each with whether its count is complete: a share or account group of
/// a share whose listing failed is partial (and printed with 0 when that share gave nothing),
/// and with any failure, so is every group of the other keys (each may miss handles). Share
/// and account groups are sorted by key; the others keep the grouping's order (most first).
fn complete_groups(
    key: GroupKey,
    mut groups: Vec<Group>,
    failed: &[&Place],
    any_failed: bool,
) -> Vec<(Group, bool)> {
    let by_place = matches!(key, GroupKey::Share | GroupKey::Account);
    if !by_place {
        return groups.into_iter().map(|g| (g, !any_failed)).collect();
    }
    let partial: BTreeSet<String> = failed
        .iter()
        .filter_map(|place| place_key(key, place))
        .collect();
    for key in &partial {
        if !groups.iter().any(|g| g.key.as_ref() == Some(key)) {
            groups.push(Group {
                key: Some(key.clone()),
                handles: 0,
                oldest_open_time: None,
                limit: None,
            });
        }
    }
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    groups
        .into_iter()
        .map(|g| {
            let complete = !g.key.as_ref().is_some_and(|k| partial.contains(k));
            (g, complete)
        })
        .collect()
}

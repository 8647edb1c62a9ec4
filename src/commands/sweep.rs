//! `azfh handles ls` over several TARGETs, or `--all-shares`: the shares are listed at once
//! (at most `--share-concurrency`), each handle printed with its `account` and `share` as its
//! page arrives. A share that fails is reported on one stderr line and the others go on: exit
//! 3 when some failed, 1 when all did.

use std::collections::{BTreeSet, HashMap, HashSet};
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
use azfh_client::handles::grouping::{Group, GroupKey, Grouping, LimitStatus};
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
    /// `--all-shares`: how many accounts were listed (each once); 0 for TARGETs given.
    pub(super) accounts: usize,
    /// The hints already given (for the accounts whose shares could not be listed): the
    /// sweep gives each hint once, so not these again.
    pub(super) hinted: HashSet<String>,
}

/// What `--all-shares` found: the shares, how many targets failed, the accounts whose shares
/// could not be listed, how many accounts there were, and the hints given.
struct EveryShare {
    found: Vec<(SweepTarget, TargetPlace)>,
    failed: usize,
    unlisted: Vec<(String, String)>,
    accounts: usize,
    hinted: HashSet<String>,
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
    let EveryShare {
        found,
        failed,
        unlisted,
        accounts,
        hinted,
    } = if all_shares {
        every_share(context, given).await?
    } else {
        EveryShare {
            found: given_targets(context, given)?,
            failed: 0,
            unlisted: Vec::new(),
            accounts: 0,
            hinted: HashSet::new(),
        }
    };
    let kept = places::without_overlaps(found, recursive, |note| context.ui.note(&note));
    let (shares, places) = kept.into_iter().unzip();
    Ok(Targets {
        shares,
        places,
        failed,
        unlisted,
        accounts,
        hinted,
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

/// TARGET as messages and the prompt name it, as it was written: `NAME:SHARE/PATH` with the
/// config file's name, else the share and path (Azure Files) or the cluster and path.
pub(super) fn target_label(target: &str, backend: &Backend) -> String {
    match backend {
        Backend::Azure { location, .. } if !target.contains("://") && target.contains(':') => {
            format!("{}:{}", account_label(target, backend), location.display())
        }
        _ => backend.display(),
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
/// SMB handles. An account whose shares cannot be listed is warned about with the hint one
/// TARGET would get (each hint once). Also gives how many accounts could not be listed or
/// gave a share name no service may send, and those accounts (by label, with why; and by
/// their service name).
async fn every_share(context: &Context, accounts: &[String]) -> Result<EveryShare> {
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
    // Each account's name, with its label: storage account names are unique, so two
    // endpoints of one name (a private endpoint beside the public one) are one account.
    let mut names: Vec<(String, String)> = Vec::with_capacity(given.len());
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
        let name = client.transport().endpoint().account().to_lowercase();
        if let Some((_, first)) = names.iter().find(|(n, _)| *n == name) {
            context.ui.note(&if *first == label {
                format!("{label}: is given twice: its shares are listed once")
            } else {
                format!(
                    "{label}: names the same account as {first}: ({name}): its shares are listed once, as {first}:"
                )
            });
            continue;
        }
        names.push((name, label.clone()));
        clients.push((label, client));
    }
    let mut targets = Vec::new();
    let mut failed = 0;
    let mut unlisted = Vec::new();
    let mut hinted = HashSet::new();
    let listed_accounts = clients.len();
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
                let err = anyhow::Error::from(err);
                if let Some(hint) = crate::error::hint_for(&err)
                    && hinted.insert(hint.clone())
                {
                    context.ui.hint(&hint);
                }
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
    Ok(EveryShare {
        found: targets,
        failed,
        unlisted,
        accounts: listed_accounts,
        hinted,
    })
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
        unlisted,
        accounts,
        hinted: hinted_before,
    } = targets;
    // The accounts whose shares could not be listed, as groups name them.
    let unlisted_accounts: Vec<String> = unlisted.into_iter().map(|(account, _)| account).collect();
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
    let mut hinted = hinted_before;
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
                warn_cannot_list(context, &places[target].label, &error, &mut hinted);
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
        // Each share's paths at or near their limit, by their group key (each path is on one
        // share), and the warnings for them.
        let mut near_limit: HashMap<String, LimitStatus> = HashMap::new();
        for (index, limit) in limits.into_iter().enumerate() {
            let Some(limit) = limit else { continue };
            for status in limit.finish().near_limit {
                context.ui.warn(&format!(
                    "{}: {}",
                    places[index].label,
                    output::groups::limit_warning(&status)
                ));
                near_limit.insert(path_key(&places[index].place, &status.path), status);
            }
        }
        let failed_places: Vec<&Place> =
            failed_targets.iter().map(|&t| &*places[t].place).collect();
        let listed_places: Vec<&Place> = places.iter().map(|p| &*p.place).collect();
        let mut groups = complete_groups(
            key,
            report.groups,
            &Places {
                listed: &listed_places,
                failed: &failed_places,
                unlisted_accounts: &unlisted_accounts,
            },
            failed > 0,
        );
        if key == GroupKey::Path {
            for (group, _) in &mut groups {
                if let Some(status) = group.key.as_ref().and_then(|k| near_limit.get(k)) {
                    group.limit = Some(status.clone());
                }
            }
        }
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
    let summary = failed_summary(failed, total, unlisted_accounts.len(), accounts);
    if failed == total {
        anyhow::bail!(summary);
    }
    context.ui.warn(&summary);
    Ok(ExitStatus::Partial)
}

/// How many targets could not be listed, in the user's terms: TARGETs given; with
/// `--all-shares` (`accounts` listed), shares and accounts apart (`unlisted` of `failed` are
/// accounts whose shares could not be listed, each one of `total`).
fn failed_summary(failed: usize, total: usize, unlisted: usize, accounts: usize) -> String {
    let see = "(see the warnings above)";
    if accounts == 0 {
        return format!(
            "{failed} of {total} target{} could not be listed {see}",
            plural(total as u64)
        );
    }
    let (failed_shares, shares) = (failed - unlisted, total - unlisted);
    let of_accounts = format!(
        "the shares of {unlisted} of {accounts} account{} could not be listed",
        plural(accounts as u64)
    );
    match (failed_shares, unlisted) {
        (_, 0) => format!(
            "{failed_shares} of {shares} share{} could not be listed {see}",
            plural(shares as u64)
        ),
        (0, _) => format!("{of_accounts} {see}"),
        _ => format!(
            "{failed_shares} of {shares} share{} could not be listed, and {of_accounts} {see}",
            plural(shares as u64)
        ),
    }
}

/// Warns that the share `label` could not be listed, and, as for one TARGET, what to do about
/// it: each hint once (`hinted`: those already given), not once per share of a sweep.
pub(super) fn warn_cannot_list(
    context: &Context,
    label: &str,
    error: &anyhow::Error,
    hinted: &mut HashSet<String>,
) {
    context.ui.warn(&format!("cannot list {label}: {error:#}"));
    if let Some(hint) = crate::error::hint_for(error)
        && hinted.insert(hint.clone())
    {
        context.ui.hint(&hint);
    }
}

/// The group a handle listed on `place` counts in, where the place decides it: its share or
/// account (as its records name them), or its path on its share (`ACCOUNT:SHARE/PATH`: paths
/// of different shares are different paths). `None`: the handle's own key (a client, session
/// or owner, across shares).
fn group_key(key: GroupKey, place: &Place, handle: &Handle) -> Option<String> {
    match key {
        GroupKey::Path => Some(path_key(place, &handle.path)),
        _ => place_key(key, place),
    }
}

/// The path group of `path` on `place`: `ACCOUNT:SHARE/PATH` (Qumulo: `HOST:/PATH`).
fn path_key(place: &Place, path: &str) -> String {
    if path.starts_with('/') {
        format!("{}:{path}", place.account)
    } else {
        format!("{}:{}/{path}", place.account, place.share)
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

/// The places a grouped sweep covered, for the share and account groups.
struct Places<'a> {
    /// Every share listed (its listing may have failed).
    listed: &'a [&'a Place],
    /// The shares whose listing failed.
    failed: &'a [&'a Place],
    /// The accounts whose shares could not be listed (`--all-shares`), by the service's name.
    unlisted_accounts: &'a [String],
}

/// The groups to print, each with whether its count is complete. Share and account groups
/// have one row each, a share or account without a selected handle too (with 0): one of a
/// share whose listing failed, or of an account whose shares could not be listed, is partial
/// (by share, such an account's row is `ACCOUNT:`, its share unknown).
/// With any failure, every group of the other keys is partial (each may miss handles). Share
/// and account groups are sorted by key; the others keep the grouping's order (most first).
fn complete_groups(
    key: GroupKey,
    mut groups: Vec<Group>,
    places: &Places<'_>,
    any_failed: bool,
) -> Vec<(Group, bool)> {
    let by_place = matches!(key, GroupKey::Share | GroupKey::Account);
    if !by_place {
        return groups.into_iter().map(|g| (g, !any_failed)).collect();
    }
    let mut partial: BTreeSet<String> = places
        .failed
        .iter()
        .filter_map(|place| place_key(key, place))
        .collect();
    // An account whose shares could not be listed has one row either way: its name, or (by
    // share) `ACCOUNT:` with no share, as no share of it is known.
    partial.extend(places.unlisted_accounts.iter().map(|account| match key {
        GroupKey::Share => format!("{account}:"),
        _ => account.clone(),
    }));
    let every: BTreeSet<String> = places
        .listed
        .iter()
        .filter_map(|place| place_key(key, place))
        .chain(partial.iter().cloned())
        .collect();
    for key in &every {
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

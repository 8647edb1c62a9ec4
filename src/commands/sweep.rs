//! `azfh handles ls` over several TARGETs, or `--all-shares`: the shares are listed at once
//! (at most `--share-concurrency`), each handle printed with its `account` and `share` as its
//! page arrives. A share that fails is reported on one stderr line and the others go on: exit
//! 3 when some failed, 1 when all did.

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::HandlesLsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::groups::GroupRow;
use crate::output::plural::plural;
use crate::output::share_handles::ShareHandle;
use crate::output::stdout::{Stdout, WRITE_FAILED};
use crate::output::{self, TableStyle};
use azfh_client::azure::{ListSharesOptions, Location};
use azfh_client::backend::Backend;
use azfh_client::config::target::validate_share;
use azfh_client::handles::Selection;
use azfh_client::handles::grouping::{GroupKey, Grouping};
use azfh_client::ops::sweep::{Sweep, SweepItem, SweepTarget};

/// The shares to list, and how many targets failed before any handle was listed (an account
/// whose shares could not be listed, a share name no service may send).
pub(super) struct Targets {
    pub(super) shares: Vec<SweepTarget>,
    pub(super) failed: usize,
    /// The accounts (as labelled) whose shares could not be listed, with why.
    pub(super) unlisted: Vec<(String, String)>,
}

/// The shares that TARGETs (or, with `all_shares`, the accounts they name) stand for.
pub(super) async fn targets(
    context: &Context,
    given: &[String],
    all_shares: bool,
) -> Result<Targets> {
    if all_shares {
        every_share(context, given).await
    } else {
        given_targets(context, given)
    }
}

/// The account a TARGET names, as messages and records show it: a config file's name
/// (`prod:` → `prod`), else the account of its endpoint (or the Qumulo cluster).
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

/// TARGETs as given: each one share (or a directory or file of it).
fn given_targets(context: &Context, targets: &[String]) -> Result<Targets> {
    let mut shares = Vec::with_capacity(targets.len());
    for target in targets {
        let backend = context.connect_backend(target)?;
        let share = match &backend {
            Backend::Azure { location, .. } => location.display(),
            Backend::Qumulo { path, .. } => path.clone(),
        };
        shares.push(SweepTarget {
            account: account_label(target, &backend),
            share,
            backend,
        });
    }
    Ok(Targets {
        shares,
        failed: 0,
        unlisted: Vec::new(),
    })
}

/// `--all-shares`: every SMB share of each account given (none given: the connection
/// options' account). NFS shares are skipped with a note: they have no SMB handles.
async fn every_share(context: &Context, accounts: &[String]) -> Result<Targets> {
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
        clients.push((label, client));
    }
    let mut targets = Targets {
        shares: Vec::new(),
        failed: 0,
        unlisted: Vec::new(),
    };
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
                targets.failed += 1;
                targets.unlisted.push((label, format!("{err:#}")));
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
                targets.failed += 1;
                continue;
            }
            targets.shares.push(SweepTarget {
                account: label.clone(),
                share: share.name.clone(),
                backend: Backend::Azure {
                    client: client.clone(),
                    location: Location {
                        share: share.name,
                        path: String::new(),
                        snapshot: None,
                    },
                },
            });
        }
    }
    Ok(targets)
}

pub(super) async fn list(
    context: &Context,
    args: &HandlesLsArgs,
    selection: &Selection,
    style: TableStyle,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let by_place = match args.group_by {
        None => None,
        Some(key @ (GroupKey::Share | GroupKey::Account)) => Some(key),
        Some(key) => {
            return Err(UsageError::new(
                format!(
                    "--group-by {} works on one TARGET; several shares group by share or account",
                    key.name()
                ),
                "use --group-by share or --group-by account, or list one share at a time",
            )
            .into());
        }
    };
    if args.sort.is_some() {
        return Err(UsageError::new(
            "--sort works on one TARGET, not on several shares",
            "list one share at a time, or sort the -o jsonl output (it has account and share) with jq",
        )
        .into());
    }
    let targets = targets(context, &args.targets, args.all_shares).await?;
    for target in &targets.shares {
        super::check_backend_can_filter(&target.backend, &args.filters, None)?;
    }
    let total = targets.shares.len() + targets.failed;
    let mut failed = targets.failed;
    let progress = context.ui.spinner();
    let mut sweep = Sweep::start(
        targets.shares,
        args.recursive,
        args.page_size,
        usize::from(args.share_concurrency),
    );
    // --group-by share|account: the groups, and each share's open handles per path (the
    // service's limits are per share).
    let mut grouping = by_place.map(Grouping::without_limits);
    let mut limits: Vec<Grouping> = Vec::new();
    if by_place.is_some() {
        limits = (0..sweep.len())
            .map(|_| Grouping::new(GroupKey::Path))
            .collect();
    }
    let mut out = Stdout::lock();
    let mut sink = out.sink::<ShareHandle>(context.format, context.now, style);
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
                let (account, share) = sweep.names_of(target);
                for handle in handles {
                    listed += 1;
                    if let Some(limit) = limits.get_mut(target) {
                        limit.observe(&handle);
                    }
                    if !selection.matches(&handle) {
                        continue;
                    }
                    selected += 1;
                    if let Some(grouping) = &mut grouping {
                        let key = match by_place {
                            Some(GroupKey::Account) => account.to_string(),
                            _ => format!("{account}:{share}"),
                        };
                        grouping.add_keyed(Some(key), &handle);
                        continue;
                    }
                    sink.write(&ShareHandle {
                        account: account.clone(),
                        share: share.clone(),
                        handle,
                    })
                    .context(WRITE_FAILED)?;
                    if args.limit.is_some_and(|n| selected >= n) {
                        stopped_at_limit = true;
                        break 'sweep;
                    }
                }
            }
            SweepItem::Failed { target, error } => {
                let (account, share) = sweep.names_of(target);
                failed += 1;
                context
                    .ui
                    .warn(&format!("cannot list {account}:{share}: {error:#}"));
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
    if let (Some(grouping), Some(key)) = (grouping, by_place) {
        drop(sink);
        let mut report = grouping.finish();
        report.groups.sort_by(|a, b| a.key.cmp(&b.key));
        let mut groups = out.sink::<GroupRow<'_>>(context.format, context.now, style);
        for group in &report.groups {
            groups
                .write(&GroupRow {
                    key,
                    group,
                    // Every share of a sweep is an Azure Files share: its handles carry times.
                    open_times: true,
                })
                .context(WRITE_FAILED)?;
        }
        groups.finish().context(WRITE_FAILED)?;
        for (index, limit) in limits.into_iter().enumerate() {
            let (account, share) = sweep.names_of(index);
            for status in &limit.finish().near_limit {
                context.ui.warn(&format!(
                    "{account}:{share}: {}",
                    output::groups::limit_warning(status)
                ));
            }
        }
    } else {
        sink.finish().context(WRITE_FAILED)?;
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

//! `azfh handles ls`: list, filter, render; pages stream through, so jsonl, json and tsv run
//! in constant memory however many handles there are. An interrupt (Ctrl-C, SIGTERM) ends the
//! listing between pages: what was printed is completed (a JSON array is closed) and flushed,
//! and the exit status is 130.

use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::HandlesLsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::groups::GroupRow;
use crate::output::order::Sorted;
use crate::output::plural::plural;
use crate::output::share_handles::{ShareHandle, one_share_sink};
use crate::output::stdout::{Stdout, WRITE_FAILED};
use crate::output::{self, Format, TableStyle};
use azfh_client::backend::Work;
use azfh_client::handles::Selection;
use azfh_client::handles::grouping::{GroupKey, Grouping};

pub(super) async fn run(
    context: &Context,
    args: &HandlesLsArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let filters = &args.filters;
    let style = TableStyle {
        time: args.time,
        columns: super::chosen_columns(context.format, &args.columns)?,
        ..context.table_style
    };
    let selection = Selection::new(filters, context.now).map_err(UsageError::from)?;
    let [target] = args.targets.as_slice() else {
        return super::sweep::list(context, args, &selection, style, interrupt).await;
    };
    let by_place = matches!(args.group_by, Some(GroupKey::Share | GroupKey::Account));
    if args.all_shares || by_place {
        return super::sweep::list(context, args, &selection, style, interrupt).await;
    }
    let backend = context.connect_backend(target)?;
    super::check_backend_can_filter(&backend, filters, args.group_by)?;
    backend.preflight(Work::ListHandles, filters).await?;
    let mut pager = backend.list(args.recursive, args.page_size);
    let target = backend.display();
    let progress = context.ui.spinner();
    let mut out = Stdout::lock();
    let (mut listed, mut selected) = (0_u64, 0_u64);
    // `--limit` without `--sort` ended the listing once enough were printed.
    let mut stopped_at_limit = false;
    let mut path_note = super::path_note::DirectoryPathNote::new(&filters.paths);
    // The next page, or `None` once the listing ends or is interrupted.
    let next_page = async |pager: &mut azfh_client::backend::Pager| -> Result<Option<Vec<_>>> {
        tokio::select! {
            () = interrupt.raised() => Ok(None),
            page = pager.next_page() => page,
        }
    };
    let report_progress = |pages: u64, listed: u64, selected: u64| {
        progress.set_message(format!(
            "listing {target}: {pages} page{}, {listed} handle{}, {selected} selected",
            plural(pages),
            plural(listed)
        ));
    };

    if let Some(key) = args.group_by {
        let mut grouping = if backend.capabilities().handle_limits {
            Grouping::new(key)
        } else {
            Grouping::without_limits(key)
        };
        while let Some(page) = next_page(&mut pager).await? {
            for handle in &page {
                listed += 1;
                grouping.observe(handle);
                if selection.matches(handle) {
                    selected += 1;
                    grouping.add(handle);
                } else {
                    path_note.unselected(handle);
                }
            }
            report_progress(pager.pages(), listed, selected);
        }
        progress.finish();
        let report = grouping.finish();
        let open_times = backend.capabilities().open_time;
        let mut sink = out.sink::<GroupRow<'_>>(context.format, context.now, style);
        for group in &report.groups {
            sink.write(&GroupRow {
                key,
                group,
                open_times,
                complete: true,
            })
            .context(WRITE_FAILED)?;
        }
        sink.finish().context(WRITE_FAILED)?;
        for status in &report.near_limit {
            context.ui.warn(&output::groups::limit_warning(status));
        }
    } else {
        let limit = args.limit;
        let mut sorted = args.sort.map(|order| {
            Sorted::new(
                order,
                limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            )
        });
        // Every record names its account and share, as over several shares.
        let place = super::places::place_of(&backend, false);
        let mut sink = one_share_sink::<ShareHandle>(&mut out, context.format, context.now, style);
        let mut printed = 0_u64;
        'listing: while let Some(page) = next_page(&mut pager).await? {
            for handle in page {
                listed += 1;
                if !selection.matches(&handle) {
                    path_note.unselected(&handle);
                    continue;
                }
                selected += 1;
                let row = ShareHandle {
                    place: Arc::clone(&place),
                    handle,
                };
                if let Some(sorted) = &mut sorted {
                    sorted.add(row);
                    continue;
                }
                sink.write(&row).context(WRITE_FAILED)?;
                printed += 1;
                if limit.is_some_and(|n| printed >= n) {
                    // Enough: no more pages are asked for.
                    stopped_at_limit = true;
                    break 'listing;
                }
            }
            report_progress(pager.pages(), listed, selected);
        }
        progress.finish();
        if let Some(sorted) = sorted {
            for handle in sorted.finish() {
                sink.write(&handle).context(WRITE_FAILED)?;
            }
        }
        sink.finish().context(WRITE_FAILED)?;
    }
    out.flush()?;
    super::warn_backend_notices(context, &backend);

    if interrupt.is_raised() {
        context.ui.note(&format!(
            "interrupted: the listing is incomplete ({listed} handle{} listed, {selected} selected)",
            plural(listed)
        ));
        return Ok(ExitStatus::Interrupted);
    }
    let pages_listed = pager.pages();
    drop(pager);
    if stopped_at_limit {
        context.ui.note(&format!(
            "stopped at --limit: the first {selected} matching handle{} of {target}, after {listed} listed",
            plural(selected)
        ));
    } else if let Some(limit) = args.limit.filter(|n| selected > *n) {
        context.ui.note(&format!(
            "--limit {limit}: {limit} of the {selected} matching handles shown"
        ));
    } else if listed == 0 {
        context.ui.note(&format!(
            "no open handles on {target}{}",
            if args.recursive { " or below it" } else { "" }
        ));
    } else if selected == 0 {
        context.ui.note(&format!(
            "none of the {listed} open handle{} on {target} matched the filters",
            plural(listed)
        ));
    } else if context.format == Format::Table && !selection.selects_everything() {
        context.ui.note(&format!(
            "{selected} of {listed} open handle{} matched",
            plural(listed)
        ));
    }
    if let Some(note) = path_note.note() {
        context.ui.note(&note);
    }
    tracing::info!("{pages_listed} pages, {listed} handles listed, {selected} selected");
    Ok(ExitStatus::Success)
}

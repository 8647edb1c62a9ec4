//! `azfh handles stats`: one listing pass (the listing `handles ls` makes) counted per share,
//! rendered in a format or written atomically to `--output-file`; `--watch` repeats the pass
//! on a terminal and redraws the table with the change since the last one.
//!
//! A failed listing still yields its share's result (`azfh_scrape_success 0` in prometheus,
//! `"success": false` in json), which is written, and the command then exits with the
//! listing's error.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::HandlesStatsArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::escape::for_terminal;
use crate::output::plural::plural;
use crate::output::stats::{SharePass, StatsHeading};
use crate::output::stdout::WRITE_FAILED;
use crate::output::{self, Format};
use azfh_client::backend::Backend;
use azfh_client::handles::stats::{ShareKey, ShareStats};

/// How a pass over one share ended.
enum PassEnd {
    /// The listing ended, completely or with the error it failed with.
    Done(Box<SharePass>, Option<anyhow::Error>),
    /// Ctrl-C or SIGTERM came first.
    Interrupted,
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
    }
    let backend = context.connect_backend(&args.target)?;
    let Backend::Azure { client, location } = &backend else {
        return Err(UsageError::new(
            "handles stats counts Azure Files handles; Qumulo reports no clients, open times or per-path limits",
            "count a Qumulo cluster's handles per path with `azfh handles ls qumulo://CLUSTER/PATH -r --group-by path`",
        )
        .into());
    };
    let key = ShareKey {
        account: client.transport().endpoint().account().to_owned(),
        share: location.share.clone(),
    };
    let heading = StatsHeading {
        older_than: args.older_than,
    };
    if let Some(every) = args.watch {
        return watch(context, args, &backend, &key, heading, every, interrupt).await;
    }

    let PassEnd::Done(pass, failure) =
        count(context, args, &backend, &key, context.now, interrupt).await
    else {
        context
            .ui
            .note("interrupted: nothing was written (the counts were incomplete)");
        return Ok(ExitStatus::Interrupted);
    };
    // Only a prometheus result says a failure in a way its reader acts on (scrape_success
    // 0); in the other formats the error alone is the result.
    if failure.is_none() || context.format == Format::Prometheus {
        let mut bytes = Vec::new();
        // A file is no terminal: no colors, and a table as wide as its rows.
        let style = if args.output_file.is_some() {
            output::TableStyle {
                color: false,
                width: None,
                ..context.table_style
            }
        } else {
            context.table_style
        };
        output::stats::write(
            &mut bytes,
            context.format,
            &style,
            heading,
            std::slice::from_ref(&*pass),
            None,
        )
        .context(WRITE_FAILED)?;
        if let Some(file) = &args.output_file {
            output::atomic_file::replace(file, &bytes)?;
        } else {
            output::stdout::print(|out| out.write_all(&bytes))?;
        }
    }
    if let Some(failure) = failure {
        return Err(failure);
    }
    Ok(ExitStatus::Success)
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

/// One listing pass over TARGET, counted. Handles opened before `now` − `--older-than` are
/// stale.
async fn count(
    context: &Context,
    args: &HandlesStatsArgs,
    backend: &Backend,
    key: &ShareKey,
    now: OffsetDateTime,
    interrupt: &Interrupt,
) -> PassEnd {
    let started = Instant::now();
    let stale_before = now - args.older_than;
    let covers_root = match backend {
        Backend::Azure { location, .. } => location.path.is_empty(),
        Backend::Qumulo { .. } => false,
    };
    let mut stats = ShareStats::new(key.clone(), stale_before, covers_root);
    let mut pager = backend.list(args.recursive, args.page_size);
    let target = backend.display();
    let progress = context.ui.spinner();
    let mut listed = 0_u64;
    let failure = loop {
        let page = tokio::select! {
            () = interrupt.raised() => return PassEnd::Interrupted,
            page = pager.next_page() => page,
        };
        match page {
            Ok(Some(page)) => {
                listed += page.len() as u64;
                stats.add_page(&page);
                progress.set_message(format!(
                    "counting {target}: {} page{}, {listed} handle{}",
                    pager.pages(),
                    plural(pager.pages()),
                    plural(listed)
                ));
            }
            Ok(None) => break None,
            Err(err) => break Some(err),
        }
    };
    progress.finish();
    let summary = failure.is_none().then(|| stats.finish(args.top as usize));
    PassEnd::Done(
        Box::new(SharePass {
            key: key.clone(),
            summary,
            duration: started.elapsed(),
        }),
        failure,
    )
}

/// Counts every `every` until Ctrl-C, redrawing the table with the change since the last
/// complete pass. A failed pass is shown as failed and the watch goes on.
async fn watch(
    context: &Context,
    args: &HandlesStatsArgs,
    backend: &Backend,
    key: &ShareKey,
    heading: StatsHeading,
    every: Duration,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let mut previous: Option<SharePass> = None;
    loop {
        let now = OffsetDateTime::now_utc();
        let PassEnd::Done(pass, failure) = count(context, args, backend, key, now, interrupt).await
        else {
            return Ok(ExitStatus::Interrupted);
        };
        let mut screen = Vec::new();
        // Home the cursor and clear the screen, then the title and the tables.
        screen.extend_from_slice(b"\x1b[H\x1b[2J");
        screen.extend_from_slice(
            format!(
                "{}: counted at {:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC, every {}; Ctrl-C ends\n\n",
                for_terminal(&backend.display()),
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
            std::slice::from_ref(&*pass),
            previous.as_ref().map(std::slice::from_ref),
        )
        .context(WRITE_FAILED)?;
        output::stdout::print(|out| out.write_all(&screen))?;
        if let Some(failure) = failure {
            context.ui.warn(&format!(
                "this pass failed: {}",
                for_terminal(&format!("{failure:#}"))
            ));
        } else {
            previous = Some(*pass);
        }
        tokio::select! {
            () = interrupt.raised() => return Ok(ExitStatus::Interrupted),
            () = tokio::time::sleep(every) => {}
        }
    }
}

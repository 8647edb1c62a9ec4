//! `get -r`: the tree below SOURCE into DEST, files concurrently; a file that fails is
//! reported and the others go on (exit 3). Ctrl-C stops the files in flight (their partials
//! are kept for `--resume`) and reports the files not started as `not_attempted` (exit 130).

use std::time::Instant;

use anyhow::{Context as _, Result};

use super::super::Context;
use super::super::interrupt::Interrupt;
use super::dest::tree_root;
use super::options;
use super::shown::record;
use super::summary::tree_summary;
use crate::cli::GetArgs;
use crate::error::ExitStatus;
use crate::output::entries::DownloadResult;
use crate::output::plural::plural;
use crate::output::stdout::{Stdout, WRITE_FAILED};
use azfh_client::azure::{AzureFiles, Location};
use azfh_client::ops::download::{self, Listed};

/// Lists the tree, makes its directories, downloads its files with one report row each, and
/// sums up; the exit status says whether every file arrived.
pub(super) async fn get_tree(
    context: &Context,
    args: &GetArgs,
    client: &AzureFiles,
    location: &Location,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let root = tree_root(args, location)?;
    let listing = context.ui.spinner();
    let listed = download::list_tree(
        client,
        location,
        root.clone(),
        usize::from(args.concurrency),
        interrupt,
        |files| {
            listing.set_message(format!(
                "listing {}: {files} file{}",
                location.display(),
                plural(files)
            ));
        },
    )
    .await?;
    let mut tree = match listed {
        Listed::Tree(tree) => tree,
        Listed::Interrupted => {
            listing.finish();
            context.ui.note(
                "interrupted while listing: nothing was downloaded; run the same command again",
            );
            return Ok(ExitStatus::Interrupted);
        }
    };
    listing.finish();
    tree.make_directories()
        .with_context(|| format!("cannot create {}", root.display()))?;

    // The bar counts the whole tree; each file adds what it fetches.
    let progress = context.ui.bytes_bar(tree.total_bytes(), "downloading");
    let mut out = Stdout::lock_report();
    let mut report = out.sink::<DownloadResult>(context.format, context.now, context.table_style);
    let started = Instant::now();
    let options = options(args);
    let done = tree
        .download(
            client,
            location,
            &options,
            &progress,
            interrupt,
            |outcome| {
                let record = record(context.ui, outcome);
                report.write(&record).context(WRITE_FAILED)
            },
        )
        .await?;
    progress.finish();
    report.finish().context(WRITE_FAILED)?;
    out.flush()?;
    let seconds = started.elapsed().as_secs_f64();
    let interrupted = interrupt.is_raised() || done.interrupted > 0;
    context
        .ui
        .note(&tree_summary(&done, &root, seconds, interrupted));
    if interrupted {
        context
            .ui
            .note("interrupted: run the same command with --resume to continue");
        return Ok(ExitStatus::Interrupted);
    }
    Ok(if done.failed > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    })
}

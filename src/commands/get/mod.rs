//! `azfh get`: download a file in parallel ranges, or a directory tree, safely. The engine is
//! `ops::download`; here is the wiring. [`run`] downloads one file and [`tree`] a tree;
//! [`dest`] holds the DEST checks that come before any request, [`shown`] the progress bar and
//! the tree's report rows, [`explain`](mod@explain) the hint each failure gets and [`summary`] the notes
//! that end a download.

mod binary_guard;
mod dest;
mod explain;
mod shown;
mod summary;
mod tree;

use std::time::Instant;

use anyhow::Result;

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::GetArgs;
use crate::error::{ExitStatus, HintedFailure, UsageError};
use azfh_client::ops::download::{
    Destination, DownloadError, Options, download_file, holds_progress, is_directory,
};
use binary_guard::BinaryGuard;
use dest::{Dest, single_dest};
use explain::explain;

/// The engine's options, from the command line.
fn options(args: &GetArgs) -> Options {
    Options {
        block_size: args.block_size,
        concurrency: usize::from(args.concurrency),
        verify: !args.no_verify,
        resume: args.resume,
        fsync: args.fsync,
        replace: args.force,
    }
}

/// `azfh get`: one file to DEST or stdout, or with `-r` the tree below SOURCE.
pub(super) async fn run(
    context: &Context,
    args: &GetArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let (client, location) = context.connect(&args.source)?;
    if args.recursive {
        return tree::get_tree(context, args, &client, &location, interrupt).await;
    }
    if location.path.is_empty() {
        return Err(UsageError::new(
            format!("{} is a share, not a file", location.share),
            "give SHARE/PATH of a file, or -r to download the whole share",
        )
        .into());
    }
    let dest = single_dest(args, &location)?;
    if args.resume && matches!(dest, Dest::Stdout) {
        return Err(UsageError::new(
            "--resume cannot be used with '-' (stdout)",
            "give DEST a file name",
        )
        .into());
    }
    let options = options(args);
    let started = Instant::now();
    let progress = context.ui.bytes_bar(0, "downloading");
    // Stdout stays locked for the whole download: its bytes go out in one piece. They are the
    // file's own bytes, not report rows: the engine writes and names errors ("stdout") itself.
    let mut stdout = None;
    let mut guarded = None;
    let to = match &dest {
        Dest::Stdout if context.stdout_is_terminal => Destination::Stream {
            name: "stdout",
            out: guarded.insert(BinaryGuard::new(std::io::stdout().lock())),
        },
        Dest::Stdout => Destination::Stream {
            name: "stdout",
            out: stdout.insert(std::io::stdout().lock()),
        },
        Dest::File(path) => Destination::File(path),
    };
    let result = download_file(
        &client, &location, args.range, to, &options, &progress, interrupt,
    )
    .await;
    drop(stdout);
    drop(guarded);
    progress.finish();
    match result {
        Ok(done) => {
            let seconds = started.elapsed().as_secs_f64();
            context.ui.note(&summary::file_note(done, &dest, seconds));
            Ok(ExitStatus::Success)
        }
        Err(DownloadError::Interrupted) => {
            match &dest {
                Dest::File(path) if holds_progress(path) => context
                    .ui
                    .note("interrupted: run the same command with --resume to continue"),
                Dest::File(_) => context
                    .ui
                    .note("interrupted before anything was kept: run the same command again"),
                Dest::Stdout => {}
            }
            Ok(ExitStatus::Interrupted)
        }
        Err(DownloadError::Azure(err))
            if err.is_not_found() && is_directory(&client, &location).await =>
        {
            Err(HintedFailure::new(
                format!("{} is a directory", location.display()),
                "add -r to download the directory tree",
            )
            .into())
        }
        Err(err) if binary_guard::is_refusal(&err) => Err(UsageError::new(
            format!(
                "{} is binary: not written to the terminal",
                location.display()
            ),
            "redirect stdout (`> FILE`, `| xxd`) or give DEST a file name",
        )
        .into()),
        Err(err) => {
            let kept = matches!(&dest, Dest::File(path) if holds_progress(path));
            Err(explain(err, kept))
        }
    }
}

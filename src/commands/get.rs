//! `azfh get`: download a file in parallel ranges, or a directory tree, safely. The engine is
//! `ops::download`; here are the DEST checks that come before any request, the progress bars,
//! the hint each failure gets, the report of a tree's files and the exit status.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::GetArgs;
use crate::error::{ExitStatus, HintedFailure, UsageError, hint_for};
use crate::output::bytes::{human_bytes, rate};
use crate::output::entries::DownloadResult;
use crate::output::stdout::{Stdout, WRITE_FAILED};
use crate::ui::Progress;
use azfh_client::azure::{AzureFiles, Location};
use azfh_client::ops::download::{
    self, Destination, DownloadError, FileError, FileOutcome, FileResult, Listed, Options,
    download_file, holds_progress, is_directory,
};

/// Where the bytes go.
enum Dest {
    Stdout,
    File(PathBuf),
}

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

/// The engine's bytes drive the progress bar.
impl download::Progress for Progress {
    fn set_total(&self, bytes: u64) {
        self.set_length(bytes);
    }

    fn advance(&self, bytes: u64) {
        self.inc(bytes);
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
        return get_tree(context, args, &client, &location, interrupt).await;
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
    // Stdout stays locked for the whole download: its bytes go out in one piece.
    let mut stdout = None;
    let to = match &dest {
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
    progress.finish();
    match result {
        Ok(done) => {
            let seconds = started.elapsed().as_secs_f64();
            let shown = match &dest {
                Dest::Stdout => "stdout".to_owned(),
                Dest::File(path) => path.display().to_string(),
            };
            let resumed = if done.resumed_bytes > 0 {
                format!(" ({} were already there)", human_bytes(done.resumed_bytes))
            } else {
                String::new()
            };
            context.ui.note(&format!(
                "downloaded {} to {} in {seconds:.1}s ({}/s){resumed}",
                human_bytes(done.bytes),
                shown,
                human_bytes(rate(done.bytes - done.resumed_bytes, seconds)),
            ));
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
        Err(err) => {
            let kept = matches!(&dest, Dest::File(path) if holds_progress(path));
            Err(explain(err, kept))
        }
    }
}

/// A download error with the hint that fits it. `--resume` is offered only when a partial
/// that claims fetched blocks is really there: a download that stopped before its first block
/// (every read refused, the first answer cut short) kept nothing.
fn explain(err: DownloadError, kept: bool) -> anyhow::Error {
    match err {
        DownloadError::Azure(azure) => {
            let passing = azure.is_resumable();
            let anyhow = anyhow::Error::new(azure);
            if !passing {
                anyhow
            } else if kept {
                anyhow.context(
                    "the download stopped; what was fetched is kept: add --resume to continue",
                )
            } else if hint_for(&anyhow).is_some() {
                anyhow
            } else {
                // A passing failure the service did not name (a bare 503): say what helps.
                anyhow::Error::new(HintedFailure::new(
                    anyhow.to_string(),
                    "nothing was kept: run the same command again",
                ))
            }
        }
        DownloadError::RangePastEnd { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "check --range against the file's size (azfh ls -l)",
        )),
        DownloadError::Modified { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "an SMB client wrote to the file while it was read: try again when the writer has finished",
        )),
        DownloadError::Md5Mismatch { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "the stored MD5 no longer matches: SMB writes do not update it; --no-verify keeps the content as it is",
        )),
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::StorageFull => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: the disk is full"),
                if kept {
                    "free space on the disk, then run the same command with --resume: what was fetched is kept"
                } else {
                    "free space on the disk, then run the same command again"
                },
            ))
        }
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::ResourceBusy => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: {source}"),
                "wait until the other azfh has finished, or give another DEST",
            ))
        }
        other => anyhow::Error::new(other),
    }
}

/// DEST for one file: `-`, a file name, or a directory to put the file in; checked before
/// any request.
fn single_dest(args: &GetArgs, location: &Location) -> Result<Dest> {
    let name = location.path.rsplit('/').next().unwrap_or_default();
    let dest = match args.dest.as_deref() {
        Some("-") => return Ok(Dest::Stdout),
        Some(dest) if Path::new(dest).is_dir() => Path::new(dest).join(name),
        // A trailing slash names a directory: one that does not exist is refused, never read
        // as a file of that name in the directory above.
        Some(dest) if dest.ends_with(std::path::MAIN_SEPARATOR) || dest.ends_with('/') => {
            return Err(UsageError::new(
                format!("the directory {dest} does not exist"),
                "create it first (mkdir -p), or drop the trailing / to name the file to write",
            )
            .into());
        }
        Some(dest) => PathBuf::from(dest),
        None => PathBuf::from(name),
    };
    // --resume continues a partial download; DEST itself exists only once one is complete.
    check_dest(
        &dest,
        args.force,
        "add --force to overwrite it (it is replaced only once the download is complete)",
    )?;
    Ok(Dest::File(dest))
}

/// DEST's directory must exist, and DEST must not, unless it may be replaced; `hint` says how.
fn check_dest(dest: &Path, replace: bool, hint: &str) -> Result<()> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(UsageError::new(
            format!("the directory {} does not exist", parent.display()),
            "create it first, or give DEST in an existing directory",
        )
        .into());
    }
    // symlink_metadata: a dangling symlink exists too, and is not ours to replace.
    if dest.symlink_metadata().is_ok() && !replace {
        return Err(UsageError::new(format!("{} already exists", dest.display()), hint).into());
    }
    Ok(())
}

/// `get -r`: the tree below SOURCE into DEST, files concurrently; a file that fails is
/// reported and the others go on (exit 3). Ctrl-C stops the files in flight (their partials
/// are kept for `--resume`) and reports the files not started as `not_attempted` (exit 130).
async fn get_tree(
    context: &Context,
    args: &GetArgs,
    client: &AzureFiles,
    location: &Location,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let name = location
        .path
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(&location.share);
    let root = match args.dest.as_deref() {
        Some("-") => {
            return Err(UsageError::new(
                "-r cannot write to stdout",
                "give DEST, the directory to download into",
            )
            .into());
        }
        Some(dest) => PathBuf::from(dest),
        None => PathBuf::from(name),
    };
    if args.range.is_some() {
        return Err(UsageError::new(
            "--range applies to one file, not to -r",
            "drop --range, or download one file",
        )
        .into());
    }
    check_dest(
        &root,
        args.force || args.resume,
        "add --resume to continue an interrupted download into it (complete files are skipped), or --force to download into it anyway (each file is replaced only once complete)",
    )?;

    let listing = context.ui.spinner();
    let listed = download::list_tree(
        client,
        location,
        root.clone(),
        usize::from(args.concurrency),
        interrupt,
        |files| listing.set_message(format!("listing {}: {files} files", location.display())),
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
                let record = record(context, outcome);
                report.write(&record).context(WRITE_FAILED)
            },
        )
        .await?;
    progress.finish();
    report.finish().context(WRITE_FAILED)?;
    out.flush()?;
    let seconds = started.elapsed().as_secs_f64();
    let mut summary = format!(
        "downloaded {} file{} ({}) to {} in {seconds:.1}s ({}/s); failed {}",
        done.downloaded,
        if done.downloaded == 1 { "" } else { "s" },
        human_bytes(done.bytes),
        root.display(),
        human_bytes(rate(done.bytes, seconds)),
        done.failed,
    );
    if done.already_downloaded > 0 {
        let _ = write!(summary, "; already downloaded {}", done.already_downloaded);
    }
    let interrupted = interrupt.is_raised() || done.interrupted > 0;
    if interrupted {
        let _ = write!(
            summary,
            "; interrupted {}, not attempted {}",
            done.interrupted, done.not_attempted
        );
    }
    context.ui.note(&summary);
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

/// One file's report line; a failure is also warned about, with its hint.
fn record(context: &Context, outcome: FileOutcome) -> DownloadResult {
    let FileOutcome {
        path,
        dest,
        size,
        result,
    } = outcome;
    let (outcome, error) = match result {
        FileResult::Downloaded => ("downloaded", None),
        FileResult::AlreadyDownloaded => ("already_downloaded", None),
        FileResult::NotAttempted => ("not_attempted", None),
        FileResult::Interrupted { kept } => {
            let error = if kept {
                "interrupted: what was fetched is kept for --resume"
            } else {
                "interrupted before anything was kept"
            };
            ("interrupted", Some(error.to_owned()))
        }
        FileResult::LeftOut(error) => {
            context.ui.warn(&format!("{path}: {error}"));
            ("failed", Some(error))
        }
        FileResult::Failed(failure) => {
            let err = match failure {
                FileError::UnsafeName => {
                    anyhow::anyhow!("the name cannot be written here safely")
                }
                FileError::Exists => UsageError::new(
                    format!("{dest} already exists"),
                    "add --force to replace it",
                )
                .into(),
                FileError::Download { error, kept } => explain(error, kept),
            };
            let error = format!("{err:#}");
            let hint = hint_for(&err)
                .map(|hint| format!(" (hint: {hint})"))
                .unwrap_or_default();
            context.ui.warn(&format!("{path}: {error}{hint}"));
            ("failed", Some(error))
        }
    };
    DownloadResult {
        path,
        dest,
        size,
        outcome,
        error,
    }
}

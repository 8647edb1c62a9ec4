//! `azfh handles close`: close exactly the selected handles, fast and safely.
//!
//! Two ways, as `docs/cli.md` says. With filters or ids, TARGET is listed to the end first, then
//! each selected handle is closed by id on its own path, several at a time under an adaptive
//! limit. With `--all` and no filter, a backend whose service can close everything itself
//! (Azure Files' `*`) in marker rounds. Safety comes before any request: no terminal and no
//! `--yes` is a refusal, and `--max` and the confirmation count the selection before anything
//! is closed. An interrupt (see `interrupt.rs`) sends nothing new, awaits what is in flight for
//! the grace, and still gives every selected handle exactly one record.
//!
//! The closing itself is the engine's (`ops::close`); here is the wiring. [`run`] turns the
//! arguments into a choice of handles ([`selection_input`]) and [`CloseOptions`], and hands
//! the job to [`selected`] or [`everything`]; [`confirm`] holds the dry run, `--max` and the
//! prompt, [`shown`] the engine's progress on the terminal, [`summary`] the reports and
//! [`resume_hint`] the command that resumes a stopped `--all` close.

mod confirm;
mod everything;
mod resume_hint;
mod selected;
mod selection_input;
mod several;
mod shown;
mod summary;
mod undelivered;
mod unreachable;

use std::sync::Arc;

use anyhow::Result;

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::share_handles::{Place, ShareCloseResult, ShareHandle, print_one_share_rows};
use crate::output::sink::Row;
use crate::output::stdout::Stdout;
use crate::output::work_report::{Delivery, WorkReport};
use azfh_client::backend::Work;
use azfh_client::handles::Handle;
use azfh_client::handles::outcome::CloseResult;
use azfh_client::ops::close::{CloseOptions, Closer};
use selection_input::{Mode, choose_mode, read_handle_ids, read_stdin_lines};
use shown::Shown;

pub(super) async fn run(
    context: &Context,
    args: &HandlesCloseArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let filters = args.filters.clone();
    let target = match args.targets.as_slice() {
        [target] if !args.all_shares => target,
        _ => return several::run(context, args, interrupt).await,
    };
    let backend = context.connect_backend(target)?;
    super::check_backend_can_filter(&backend, &filters, None)?;
    if args.marker.is_some() && !backend.capabilities().close_all {
        return Err(UsageError::new(
            format!(
                "--marker resumes an Azure Files '*' close; {} has none",
                backend.capabilities().name
            ),
            "run the same --all close again: it lists what is still open",
        )
        .into());
    }
    let stdin_lines = if args.handle_id.iter().any(|value| value == "-") {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            context
                .ui
                .note("reading handle ids from the terminal, one a line; end with Ctrl-D");
        }
        let Some(lines) = read_stdin_lines(interrupt).await? else {
            context
                .ui
                .note("interrupted while reading handle ids: nothing was closed");
            return Ok(ExitStatus::Interrupted);
        };
        lines
    } else {
        Vec::new()
    };
    let ids = read_handle_ids(&args.handle_id, &stdin_lines, &backend)?;
    let mode = choose_mode(args, &filters, ids, context)?;
    backend
        .preflight(
            if args.dry_run {
                Work::ListHandles
            } else {
                Work::CloseHandles
            },
            &filters,
        )
        .await?;
    if let Mode::Ids(ids) = &mode
        && ids.is_empty()
    {
        // `handles ls … | cut -f1 | handles close --handle-id -` when nothing matched.
        print_one_share_rows::<ShareCloseResult>(
            context.format,
            context.now,
            context.table_style,
            std::iter::empty(),
        )?;
        context.ui.note("no handle ids on stdin: nothing to close");
        return Ok(ExitStatus::Success);
    }
    let ask = !args.yes && !args.dry_run;
    if ask && !context.ui.can_ask() {
        return Err(UsageError::new(
            "nothing closed: there is no terminal to confirm on, and --yes was not given",
            "add --yes to close without asking (and --dry-run first to see what would be closed)",
        )
        .into());
    }
    let shown = Shown::new(
        &context.ui,
        &super::sweep::target_label(target, &backend),
        args.recursive,
    );
    let job = Job {
        context,
        args,
        place: super::places::place_of(&backend, false),
        closer: Closer {
            backend: &backend,
            options: CloseOptions {
                recursive: args.recursive,
                page_size: args.page_size,
                concurrency: usize::from(args.concurrency),
            },
            interrupt,
            observer: &shown,
        },
        shown: &shown,
        ask,
    };
    let everything = match mode {
        Mode::Everything => backend.close_everything(args.recursive, args.marker.clone()),
        _ => None,
    };
    let status = match everything {
        Some(closer) => job.close_everything(closer).await,
        None => job.close_selected(&mode).await,
    };
    super::warn_backend_notices(context, &backend);
    status
}

/// One `handles close` run: what every step after the choice of handles needs.
struct Job<'a> {
    context: &'a Context,
    args: &'a HandlesCloseArgs,
    /// The account and share every record names.
    place: Arc<Place>,
    closer: Closer<'a>,
    shown: &'a Shown<'a>,
    /// Whether to confirm on the terminal before closing (no `--yes`, no `--dry-run`).
    ask: bool,
}

impl Job<'_> {
    /// TARGET and whether below it, as the prompt and the notes name it.
    fn target_text(&self) -> &str {
        &self.shown.target_text
    }

    /// A selected handle as the dry run prints it.
    fn handle_row(&self, handle: &Handle) -> ShareHandle {
        ShareHandle {
            place: Arc::clone(&self.place),
            handle: handle.clone(),
        }
    }

    /// A close result as the report prints it.
    fn result_row(&self, result: &CloseResult) -> ShareCloseResult {
        ShareCloseResult {
            place: Arc::clone(&self.place),
            result: result.clone(),
        }
    }
}

/// Prints the rows of a report of closes to stdout in the chosen format; a failure to write
/// them is returned as the [`Delivery`] for [`undelivered::settle`], after the summary.
fn report_rows<'r, R: Row + 'r>(context: &Context, rows: impl Iterator<Item = &'r R>) -> Delivery {
    let mut out = Stdout::lock_report();
    let mut report =
        WorkReport::new(out.sink::<R>(context.format, context.now, context.table_style));
    for row in rows {
        report.write(row);
    }
    report.finish()
}

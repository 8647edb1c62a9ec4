//! `azfh handles close`: close exactly the selected handles, fast and safely.
//!
//! Two ways, as `docs/cli.md` says. With filters or ids, TARGET is listed to the end first, then
//! each selected handle is closed by id on its own path, several at a time under an adaptive
//! limit. With `--all` and no filter, a backend whose service can closes everything itself
//! (Azure Files' `*`) in marker rounds. Safety comes before any request: no terminal and no
//! `--yes` is a refusal, and `--max` and the confirmation count the selection before anything
//! is closed. An interrupt (see `interrupt.rs`) sends nothing new, awaits what is in flight for
//! the grace, and still gives every selected handle exactly one record.
//!
//! The closing itself is the engine's (`ops::close`); this file is the wiring: the arguments
//! into a choice of handles and [`CloseOptions`], handle ids from stdin, the dry run and the
//! confirmation, the engine's progress on the terminal, the report and the exit status.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::io::BufRead;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::{GRACE, Interrupt};
use super::resume_hint::resume_command;
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::output::report::CloseAllSummary;
use crate::output::sink::Row;
use crate::output::stdout::{self, Stdout, WRITE_FAILED};
use crate::ui::{Answer, Progress, Ui};
use azfh_client::backend::{Backend, CloseEverything, CloseTotals};
use azfh_client::handles::outcome::{CloseResult, Tally};
use azfh_client::handles::{Filters, Handle, Selection};
use azfh_client::ops::close::{
    Batch, CloseObserver, CloseOptions, Closer, EverythingEnded, Listing, Reopened,
};

/// How the handles to close are chosen.
enum Mode {
    /// `--all` without filters: every handle, closed by the service itself where the backend
    /// can (Azure Files' `*`), else from a listing.
    Everything,
    /// Filters: the listing's handles the selection matches.
    Filters(Box<Selection>),
    /// `--handle-id`: the listing's handles with these ids.
    Ids(BTreeSet<String>),
}

impl Mode {
    fn select(&self, handle: &Handle) -> bool {
        match self {
            Mode::Everything => true,
            Mode::Filters(selection) => selection.matches(handle),
            Mode::Ids(ids) => ids.contains(&handle.id),
        }
    }
}

pub(super) async fn run(
    context: &Context,
    args: &HandlesCloseArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let filters = args.filters.clone();
    let backend = context.connect_backend(&args.target)?;
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
    if let Mode::Ids(ids) = &mode
        && ids.is_empty()
    {
        // `handles ls … | cut -f1 | handles close --handle-id -` when nothing matched.
        print_rows::<CloseResult>(context, std::iter::empty())?;
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
    let shown = Shown {
        ui: &context.ui,
        target: backend.display(),
        target_text: target_text(&backend, args.recursive),
        spinner: RefCell::new(Progress::none()),
        bar: RefCell::new(Progress::none()),
    };
    let job = Job {
        context,
        args,
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
    match everything {
        Some(closer) => job.close_everything(closer).await,
        None => job.close_selected(&mode).await,
    }
}

/// Stdin's lines, for `--handle-id -`; `None` when interrupted first. They are read on a
/// blocking thread raced against the interrupt: a terminal read cannot be cancelled, and
/// Ctrl-C must still end a run waiting for ids typed by hand.
async fn read_stdin_lines(interrupt: &Interrupt) -> Result<Option<Vec<String>>> {
    let read = tokio::task::spawn_blocking(|| {
        std::io::stdin()
            .lock()
            .lines()
            .collect::<std::io::Result<Vec<String>>>()
    });
    tokio::select! {
        biased;
        () = interrupt.raised() => Ok(None),
        lines = read => Ok(Some(
            lines
                .context("cannot read handle ids from stdin")?
                .context("cannot read handle ids from stdin")?,
        )),
    }
}

/// `--handle-id` values, with `-` standing for `stdin_lines`; each must be an id of the
/// backend (an unsigned 64-bit decimal on Azure Files, a location on Qumulo). Stdin may hold
/// none (a pipeline whose listing matched nothing): the set is then empty.
fn read_handle_ids(
    values: &[String],
    stdin_lines: &[String],
    backend: &Backend,
) -> Result<Option<BTreeSet<String>>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut ids = BTreeSet::new();
    let check = |id: &str, source: String| -> Result<String, UsageError> {
        if backend.is_handle_id(id) {
            Ok(id.to_owned())
        } else {
            Err(UsageError::new(
                format!("invalid handle id '{}' ({source})", id.escape_debug()),
                "handle ids are the handle_id values that `azfh handles ls` prints",
            ))
        }
    };
    for value in values {
        if value == "-" {
            for (number, line) in stdin_lines.iter().enumerate() {
                let id = line.trim();
                if !id.is_empty() && !id.starts_with('#') {
                    ids.insert(check(id, format!("stdin line {}", number + 1))?);
                }
            }
        } else {
            ids.insert(check(value.trim(), "--handle-id".to_owned())?);
        }
    }
    Ok(Some(ids))
}

fn choose_mode(
    args: &HandlesCloseArgs,
    filters: &Filters,
    ids: Option<BTreeSet<String>>,
    context: &Context,
) -> Result<Mode> {
    let has_filters = !filters.is_empty();
    let mode = match (args.all, ids, has_filters) {
        (true, _, true) => {
            return Err(UsageError::new(
                "--all closes every handle; it takes no filter",
                "drop --all to close the handles the filters select",
            )
            .into());
        }
        (true, _, false) => Mode::Everything,
        (false, Some(_), true) => {
            return Err(UsageError::new(
                "--handle-id and filters cannot be combined",
                "give either the ids to close or the filters that select them",
            )
            .into());
        }
        (false, Some(ids), false) => Mode::Ids(ids),
        (false, None, true) => Mode::Filters(Box::new(
            Selection::new(filters, context.now).map_err(UsageError::from)?,
        )),
        (false, None, false) => {
            return Err(UsageError::new(
                "say which handles to close: --all, --handle-id ID, or a filter",
                "for example --older-than 7d; try --dry-run first to see the selection",
            )
            .into());
        }
    };
    Ok(mode)
}

/// TARGET as the prompt and the notes name it.
fn target_text(backend: &Backend, recursive: bool) -> String {
    format!(
        "{}{}",
        backend.display(),
        if recursive { " and below it" } else { "" }
    )
}

/// What the engine reports, shown on the terminal: a spinner while listing or closing
/// everything, a bar while closing a selection, and notes.
struct Shown<'a> {
    ui: &'a Ui,
    /// TARGET, for the listing spinner.
    target: String,
    /// TARGET and whether below it, for notes.
    target_text: String,
    spinner: RefCell<Progress>,
    bar: RefCell<Progress>,
}

impl CloseObserver for Shown<'_> {
    fn listing_started(&self) {
        *self.spinner.borrow_mut() = self.ui.spinner();
    }

    fn listed(&self, pages: u64, seen: usize, selected: usize) {
        self.spinner.borrow().set_message(format!(
            "listing {}: {pages} pages, {seen} handles, {selected} selected",
            self.target
        ));
    }

    fn listing_ended(&self) {
        *self.spinner.borrow_mut() = Progress::none();
    }

    fn handle_recorded(&self) {
        self.bar.borrow().inc(1);
    }

    fn awaiting_in_flight(&self, requests: usize) {
        self.ui.note(&format!(
            "interrupted: waiting up to {}s for the {requests} close request{} in flight (interrupt again to stop now)",
            GRACE.as_secs(),
            plural(requests)
        ));
    }

    fn verify_started(&self, window: Duration) {
        self.ui.note(&format!(
            "--verify: watching {} for {}s for clients that reopen handles (Ctrl-C stops)",
            self.target_text,
            window.as_secs()
        ));
    }

    fn verify_closing_again(&self, handles: usize) {
        self.ui.note(&format!(
            "--verify: {handles} handle{} open again; closing",
            plural(handles)
        ));
    }

    fn round_closed(&self, totals: &CloseTotals) {
        self.spinner.borrow().set_message(format!(
            "closing every handle on {}: {} closed in {} rounds",
            self.target_text, totals.closed, totals.rounds
        ));
    }

    fn awaiting_round(&self) {
        // The round in flight may close handles: its answer is awaited (bounded) so that the
        // summary counts them.
        self.ui.note(&format!(
            "interrupted: waiting up to {}s for the round in flight (interrupt again to stop now)",
            GRACE.as_secs()
        ));
    }
}

/// One `handles close` run.
struct Job<'a> {
    context: &'a Context,
    args: &'a HandlesCloseArgs,
    closer: Closer<'a>,
    shown: &'a Shown<'a>,
    ask: bool,
}

impl Job<'_> {
    fn target_text(&self) -> &str {
        &self.shown.target_text
    }

    /// `--dry-run`, `--max` and the confirmation, in that order. `Some(status)` ends the run.
    async fn gate(&self, selected: &[Handle]) -> Result<Option<ExitStatus>> {
        let whose = Whose::of(selected);
        let count = selected.len();
        if self.args.dry_run {
            print_rows(self.context, selected.iter())?;
            self.context.ui.note(&format!(
                "dry run: would close {count} handle{} of {whose} on {}; nothing was closed",
                plural(count),
                self.target_text()
            ));
            return Ok(Some(ExitStatus::Success));
        }
        if let Some(max) = self.args.max
            && count as u64 > max
        {
            return Err(UsageError::new(
                format!("{count} handles selected, more than --max {max}: nothing was closed"),
                "narrow the selection, or raise --max after checking it with --dry-run",
            )
            .into());
        }
        if self.ask && count > 0 {
            let question = format!(
                "Close {count} handle{} of {whose} on {}?",
                plural(count),
                self.target_text()
            );
            let answer = self
                .context
                .ui
                .confirm(&question, self.closer.interrupt.raised())
                .await
                .context("cannot read the answer")?;
            match answer {
                Answer::Yes => {}
                Answer::No => {
                    self.context.ui.note("nothing was closed");
                    return Ok(Some(ExitStatus::Usage));
                }
                Answer::Interrupted => {
                    self.context.ui.note("interrupted: nothing was closed");
                    return Ok(Some(ExitStatus::Interrupted));
                }
            }
        }
        Ok(None)
    }

    /// Filters or ids: list, check, close each by id, verify, report.
    async fn close_selected(&self, mode: &Mode) -> Result<ExitStatus> {
        let Some(listing) = self.closer.list(&|h| mode.select(h)).await? else {
            self.context
                .ui
                .note("interrupted while listing: nothing was closed");
            return Ok(ExitStatus::Interrupted);
        };
        let Listing {
            selected,
            seen: first_seen,
        } = listing;
        if let Mode::Ids(ids) = mode {
            let found: HashSet<&str> = selected.iter().map(|h| h.id.as_str()).collect();
            let missing: Vec<&str> = ids
                .iter()
                .map(String::as_str)
                .filter(|id| !found.contains(id))
                .collect();
            if !missing.is_empty() {
                self.context.ui.note(&format!(
                    "{} of the given ids {} not open on {} (already closed, or open elsewhere): {}",
                    missing.len(),
                    if missing.len() == 1 { "is" } else { "are" },
                    self.target_text(),
                    missing.join(", ")
                ));
            }
        }
        if let Some(status) = self.gate(&selected).await? {
            return Ok(status);
        }
        if selected.is_empty() {
            print_rows::<CloseResult>(self.context, std::iter::empty())?;
            self.context.ui.note(&format!(
                "no open handle on {} matched: nothing to close",
                self.target_text()
            ));
            return Ok(ExitStatus::Success);
        }

        let started = Instant::now();
        let verify = self.args.verify;
        let mut out = Stdout::lock_report();
        let mut sink = out.sink::<CloseResult>(
            self.context.format,
            self.context.now,
            self.context.table_style,
        );
        // Without --verify, each result is reported as it comes; with it, outcomes can still
        // change (a closed handle that reappears), so the report waits for the verdict.
        let mut stream = |result: &CloseResult| -> std::io::Result<()> {
            if verify.is_none() {
                sink.write(result)
            } else {
                Ok(())
            }
        };
        *self.shown.bar.borrow_mut() = self
            .context
            .ui
            .progress_bar(selected.len() as u64, "closing");
        let mut batch = self.closer.close_each(selected, &mut stream).await;
        *self.shown.bar.borrow_mut() = Progress::none();
        let mut reopened = Reopened::default();
        if let Some(window) = verify
            && !batch.interrupted
            && batch.fatal.is_none()
        {
            // The selection again, and what its closed handles' clients reopened.
            reopened = self
                .closer
                .verify(&|h| mode.select(h), &first_seen, window, &mut batch)
                .await;
        }
        if verify.is_some() {
            for result in &batch.results {
                sink.write(result).context(WRITE_FAILED)?;
            }
        }
        sink.finish().context(WRITE_FAILED)?;
        out.flush()?;

        // The summary's counts are the selection's, as `--all`'s are its rounds': handles
        // that clients reopened (not in the first listing) have their own part below. Every
        // record, reopened ones too, decides the exit status.
        let tally = Tally::of(batch.results.iter().map(|r| &r.outcome));
        let selection = Tally::of(
            batch
                .results
                .iter()
                .filter(|r| first_seen.contains(&r.handle.id))
                .map(|r| &r.outcome),
        );
        let mut summary = format!(
            "closed {}, already closed {}, failed {}, not attempted {}, in {:.1}s",
            selection.closed,
            selection.already_closed,
            selection.failed,
            selection.not_attempted,
            started.elapsed().as_secs_f64()
        );
        if verify.is_some() {
            summary.push_str(&verify_summary(reopened));
            if !reopened.finished {
                summary.push_str("; --verify did not watch to the end: handles may be open again");
            }
        }
        self.context.ui.note(&summary);
        if let Some(err) = batch.fatal {
            return Err(err);
        }
        if batch.interrupted {
            self.context.ui.note(
                "interrupted: handles reported not_attempted were never sent, and failed ones may still be open",
            );
            return Ok(ExitStatus::Interrupted);
        }
        Ok(if tally.failed > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }

    /// The command that resumes this `--all` close from `marker`, quoted for a shell.
    fn resume_hint(&self, marker: &str) -> String {
        format!(
            "to resume: {}",
            resume_command(&self.context.global, self.args, marker)
        )
    }

    /// `--all` without filters on a backend whose service closes everything itself: its
    /// rounds, after the listing the dry run, `--max`, the confirmation or `--verify` need.
    async fn close_everything(&self, mut closer: CloseEverything) -> Result<ExitStatus> {
        // --verify needs the handles open before the close, to tell those a client reopened
        // (new ids) from those the service failed to close.
        let needs_listing =
            self.args.dry_run || self.args.max.is_some() || self.ask || self.args.verify.is_some();
        let mut first_seen = HashSet::new();
        if needs_listing {
            let Some(listing) = self.closer.list(&|_| true).await? else {
                self.context
                    .ui
                    .note("interrupted while listing: nothing was closed");
                return Ok(ExitStatus::Interrupted);
            };
            if let Some(status) = self.gate(&listing.selected).await? {
                return Ok(status);
            }
            if listing.selected.is_empty() {
                self.context.ui.note(&format!(
                    "no open handle on {}: nothing to close",
                    self.target_text()
                ));
            }
            first_seen = listing.seen;
        }
        let started = Instant::now();
        *self.shown.spinner.borrow_mut() = self.context.ui.spinner();
        let ended = self.closer.close_everything(&mut closer).await;
        *self.shown.spinner.borrow_mut() = Progress::none();
        match ended {
            EverythingEnded::Finished => {}
            EverythingEnded::Interrupted { uncounted } => {
                self.report_stopped_everything(&closer, true, uncounted)?;
                return Ok(ExitStatus::Interrupted);
            }
            EverythingEnded::Failed {
                error,
                interrupted,
                uncounted,
            } => {
                self.report_stopped_everything(&closer, interrupted, uncounted)?;
                return Err(error);
            }
        }
        let mut survivors = None;
        let mut reopened = None;
        if let Some(window) = self.args.verify {
            let mut batch = Batch::default();
            let found = self
                .closer
                .verify(&|_| true, &first_seen, window, &mut batch)
                .await;
            reopened = Some(found);
            let still_open: Vec<&CloseResult> = batch
                .results
                .iter()
                .filter(|r| r.outcome.is_failed())
                .collect();
            for result in &still_open {
                self.context.ui.warn(&format!(
                    "still open: handle {} on {} ({}): {}",
                    result.handle.id,
                    if result.handle.path.is_empty() {
                        "/"
                    } else {
                        &result.handle.path
                    },
                    result
                        .handle
                        .client
                        .map_or_else(|| "-".to_owned(), |c| c.to_string()),
                    result.outcome.error().unwrap_or_default()
                ));
            }
            // "Nothing survived" is a finding only when the window was watched to its end.
            survivors = found.finished.then_some(still_open.len() as u64);
            if !found.finished {
                let summary = self.summary(&closer, survivors, reopened);
                print_rows(self.context, std::iter::once(&summary))?;
                self.context.ui.note(&format!(
                    "closed {}{} in {} round{}{}; --verify did not watch to the end: handles may be open again",
                    if summary.closed_uncertain { "at least " } else { "" },
                    summary.closed,
                    summary.rounds,
                    plural_u64(summary.rounds),
                    verify_summary(found)
                ));
                if let Some(err) = batch.fatal {
                    return Err(err);
                }
                return Ok(ExitStatus::Interrupted);
            }
        }
        let summary = self.summary(&closer, survivors, reopened);
        print_rows(self.context, std::iter::once(&summary))?;
        self.context.ui.note(&format!(
            "closed {}{}, failed {}, in {} round{}, {:.1}s{}",
            if summary.closed_uncertain {
                "at least "
            } else {
                ""
            },
            summary.closed,
            summary.failed,
            summary.rounds,
            plural_u64(summary.rounds),
            started.elapsed().as_secs_f64(),
            reopened.map(verify_summary).unwrap_or_default()
        ));
        Ok(if summary.failed > 0 || survivors.unwrap_or(0) > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }

    /// Reports an `--all` loop that an interrupt or an error stopped: what it closed, the
    /// summary row, and the command that resumes it. `uncounted`: a round was sent whose
    /// answer was not counted (abandoned after the grace, or unreadable); it counts as a
    /// round, and as the service may have closed handles in it, `closed` is a lower bound.
    fn report_stopped_everything(
        &self,
        closer: &CloseEverything,
        interrupted: bool,
        uncounted: bool,
    ) -> Result<()> {
        let mut summary = self.summary(closer, None, None);
        if uncounted {
            summary.rounds += 1;
            summary.closed_uncertain = true;
        }
        if !interrupted && summary.closed_uncertain {
            self.context.ui.note(&format!(
                "stopped after closing at least {} handle{} in {} round{}",
                summary.closed,
                plural_u64(summary.closed),
                summary.rounds,
                plural_u64(summary.rounds)
            ));
        }
        if interrupted {
            self.context.ui.note(&format!(
                "interrupted after closing {}{} handle{}",
                if summary.closed_uncertain {
                    "at least "
                } else {
                    ""
                },
                summary.closed,
                plural_u64(summary.closed)
            ));
        }
        if let Some(marker) = summary.marker.as_deref() {
            self.context.ui.warn(&self.resume_hint(marker));
        }
        print_rows(self.context, std::iter::once(&summary))
    }

    fn summary(
        &self,
        closer: &CloseEverything,
        survivors: Option<u64>,
        reopened: Option<Reopened>,
    ) -> CloseAllSummary {
        let totals = closer.totals();
        CloseAllSummary {
            target: self.closer.backend.display(),
            recursive: self.args.recursive,
            closed: totals.closed,
            closed_uncertain: totals.ambiguous,
            failed: totals.failed,
            rounds: totals.rounds,
            survivors,
            reopened: reopened.map(|r| r.found),
            reopened_closed: reopened.map(|r| r.closed),
            marker: closer.resume_marker().map(str::to_owned),
        }
    }
}

/// The summary line's `--verify` part.
fn verify_summary(reopened: Reopened) -> String {
    format!(
        "; --verify closed {} of {} reopened handle{}",
        reopened.closed,
        reopened.found,
        plural_u64(reopened.found)
    )
}

/// Prints report rows to stdout in the chosen format, an empty report included.
fn print_rows<'r, R: Row + 'r>(context: &Context, rows: impl Iterator<Item = &'r R>) -> Result<()> {
    stdout::print_rows(context.format, context.now, context.table_style, rows)
}

/// Whose handles a selection holds, for the prompt and the dry run: "3 clients" where the
/// backend reports clients, "2 owners" where it reports owners.
struct Whose {
    count: usize,
    what: &'static str,
}

impl Whose {
    fn of(handles: &[Handle]) -> Self {
        let clients: HashSet<_> = handles
            .iter()
            .filter_map(|h| h.client.map(|c| c.ip))
            .collect();
        if !clients.is_empty() || handles.iter().all(|h| h.owner.is_none()) {
            return Self {
                count: clients.len(),
                what: "client",
            };
        }
        let owners: HashSet<_> = handles.iter().filter_map(|h| h.owner.as_deref()).collect();
        Self {
            count: owners.len(),
            what: "owner",
        }
    }
}

impl std::fmt::Display for Whose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}{}", self.count, self.what, plural(self.count))
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn plural_u64(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

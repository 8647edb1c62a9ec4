//! `azfh handles close`: close exactly the selected handles, fast and safely.
//!
//! Two ways, as `cli.md` says. With filters or ids, TARGET is listed to the end first, then
//! each selected handle is closed by id on its own path, several at a time under an adaptive
//! limit. With `--all` and no filter, the service closes everything itself (`*`) in marker
//! rounds. Safety comes before any request: no terminal and no `--yes` is a refusal, and
//! `--max` and the confirmation count the selection before anything is closed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::Context;
use super::interrupt::Interrupt;
use crate::azure::CloseTarget;
use crate::backend::{Backend, BatchOutcome};
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::handles::outcome::{CloseResult, Outcome, Tally};
use crate::handles::{Filters, Handle, Selection};
use crate::net::pacer::{Pacer, Permit};
use crate::output::report::CloseAllSummary;
use crate::output::sink::{Row, Sink, sink};

/// How the handles to close are chosen.
enum Mode {
    /// `--all` without filters: the service's `*`.
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

/// The first wait before `--verify` lists again: time for clients to reconnect.
const VERIFY_SETTLE: Duration = Duration::from_secs(1);
/// The longest wait between two `--verify` rounds.
const VERIFY_MAX_WAIT: Duration = Duration::from_secs(8);

pub async fn run(
    context: &Context,
    args: &HandlesCloseArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let filters = args.filters.to_filters();
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
    let ids = read_handle_ids(&args.handle_id, &backend)?;
    let mode = choose_mode(args, &filters, ids, context)?;
    let ask = !args.yes && !args.dry_run;
    if ask && !context.ui.can_ask() {
        return Err(UsageError::new(
            "nothing closed: there is no terminal to confirm on, and --yes was not given",
            "add --yes to close without asking (and --dry-run first to see what would be closed)",
        )
        .into());
    }
    let job = Job {
        context,
        args,
        backend,
        interrupt,
        ask,
    };
    match mode {
        Mode::Everything if job.backend.capabilities().close_all => job.close_everything().await,
        mode => job.close_selected(&mode).await,
    }
}

/// `--handle-id` values, with `-` read from stdin; each must be an id of the backend (an
/// unsigned 64-bit decimal on Azure Files, a location on Qumulo).
fn read_handle_ids(values: &[String], backend: &Backend) -> Result<Option<BTreeSet<String>>> {
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
            for (number, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.context("cannot read handle ids from stdin")?;
                let id = line.trim();
                if !id.is_empty() && !id.starts_with('#') {
                    ids.insert(check(id, format!("stdin line {}", number + 1))?);
                }
            }
        } else {
            ids.insert(check(value.trim(), "--handle-id".to_owned())?);
        }
    }
    if ids.is_empty() {
        return Err(UsageError::new(
            "--handle-id - read no ids from stdin",
            "give one handle id a line",
        )
        .into());
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

/// One `handles close` run.
struct Job<'a> {
    context: &'a Context,
    args: &'a HandlesCloseArgs,
    backend: Backend,
    interrupt: &'a Interrupt,
    ask: bool,
}

/// How closing a batch of handles ended.
struct Batch {
    results: Vec<CloseResult>,
    interrupted: bool,
    /// An error that stopped the batch (authorization): the rest were not attempted.
    fatal: Option<anyhow::Error>,
}

impl Job<'_> {
    fn target_text(&self) -> String {
        format!(
            "{}{}",
            self.backend.display(),
            if self.args.recursive {
                " and below it"
            } else {
                ""
            }
        )
    }

    /// Lists TARGET to the end and keeps what `mode` selects; `None` when interrupted.
    async fn list(&self, mode: &Mode) -> Result<Option<Vec<Handle>>> {
        let mut pager = self.backend.list(self.args.recursive, self.args.page_size);
        let progress = self.context.ui.spinner();
        let mut selected = Vec::new();
        let mut listed = 0_u64;
        loop {
            let page = tokio::select! {
                () = self.interrupt.raised() => return Ok(None),
                page = pager.next_page() => page?,
            };
            let Some(page) = page else { break };
            listed += page.len() as u64;
            selected.extend(page.into_iter().filter(|h| mode.select(h)));
            progress.set_message(format!(
                "listing {}: {} pages, {listed} handles, {} selected",
                self.backend.display(),
                pager.pages(),
                selected.len()
            ));
        }
        Ok(Some(selected))
    }

    /// `--dry-run`, `--max` and the confirmation, in that order. `Some(status)` ends the run.
    fn gate(&self, selected: &[Handle]) -> Result<Option<ExitStatus>> {
        let whose = Whose::of(selected);
        let count = selected.len();
        if self.args.dry_run {
            self.print_rows(selected.iter())?;
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
            if !self
                .context
                .ui
                .confirm(&question)
                .context("cannot read the answer")?
            {
                self.context.ui.note("nothing was closed");
                return Ok(Some(ExitStatus::Usage));
            }
        }
        Ok(None)
    }

    fn print_rows<'r, R: Row + 'r>(&self, rows: impl Iterator<Item = &'r R>) -> Result<()> {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let mut sink = sink::<R>(
            self.context.format,
            Box::new(&mut out),
            self.context.now,
            self.context.table_style,
        );
        for row in rows {
            sink.write(row).context("cannot write to stdout")?;
        }
        sink.finish().context("cannot write to stdout")?;
        out.flush().context("cannot write to stdout")?;
        Ok(())
    }

    /// Filters or ids: list, check, close each by id, verify, report.
    async fn close_selected(&self, mode: &Mode) -> Result<ExitStatus> {
        let Some(selected) = self.list(mode).await? else {
            self.context
                .ui
                .note("interrupted while listing: nothing was closed");
            return Ok(ExitStatus::Interrupted);
        };
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
        if let Some(status) = self.gate(&selected)? {
            return Ok(status);
        }
        if selected.is_empty() {
            self.print_rows::<CloseResult>(std::iter::empty())?;
            self.context.ui.note(&format!(
                "no open handle on {} matched: nothing to close",
                self.target_text()
            ));
            return Ok(ExitStatus::Success);
        }

        let started = Instant::now();
        let verify = self.args.verify;
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        let mut sink: Box<dyn Sink<CloseResult>> = sink(
            self.context.format,
            Box::new(&mut out),
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
        let progress = self
            .context
            .ui
            .progress_bar(selected.len() as u64, "closing");
        let mut batch = self.close_each(selected, &progress, &mut stream).await;
        progress.finish();
        let mut reclosed = 0_usize;
        if let Some(budget) = verify
            && !batch.interrupted
            && batch.fatal.is_none()
        {
            reclosed = self.verify(mode, budget, &mut batch).await?;
        }
        if verify.is_some() {
            for result in &batch.results {
                sink.write(result).context("cannot write to stdout")?;
            }
        }
        sink.finish().context("cannot write to stdout")?;
        out.flush().context("cannot write to stdout")?;

        let tally = Tally::of(batch.results.iter().map(|r| &r.outcome));
        let mut summary = format!(
            "closed {}, already closed {}, failed {}, in {:.1}s",
            tally.closed,
            tally.already_closed,
            tally.failed,
            started.elapsed().as_secs_f64()
        );
        if reclosed > 0 {
            let _ = write!(
                summary,
                "; --verify closed {reclosed} reopened handle{}",
                plural(reclosed)
            );
        }
        self.context.ui.note(&summary);
        if let Some(err) = batch.fatal {
            return Err(err);
        }
        if batch.interrupted {
            self.context
                .ui
                .note("interrupted: handles not reported as closed may still be open");
            return Ok(ExitStatus::Interrupted);
        }
        Ok(if tally.failed > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }

    /// Closes the handles in batches of the backend's size (one handle a request on Azure
    /// Files, each by id on its own path; a hundred on Qumulo), at most the pacer's limit of
    /// requests at a time. Every handle gets a result, in completion order, also handed to
    /// `on_result` as it comes.
    async fn close_each(
        &self,
        handles: Vec<Handle>,
        progress: &crate::ui::Progress,
        on_result: &mut dyn FnMut(&CloseResult) -> std::io::Result<()>,
    ) -> Batch {
        let pacer = Pacer::new(usize::from(self.args.concurrency));
        let size = self.backend.capabilities().close_batch.max(1);
        let mut queue = handles.into_iter();
        let mut next_batch = || {
            let batch: Vec<Handle> = queue.by_ref().take(size).collect();
            (!batch.is_empty()).then_some(batch)
        };
        let mut in_flight = FuturesUnordered::new();
        let mut batch = Batch {
            results: Vec::new(),
            interrupted: false,
            fatal: None,
        };
        let mut next = next_batch();
        let mut write_failed = false;
        loop {
            let launch = next.is_some() && batch.fatal.is_none();
            if !launch && in_flight.is_empty() {
                break;
            }
            tokio::select! {
                biased;
                () = self.interrupt.raised() => {
                    batch.interrupted = true;
                    break;
                }
                Some(answer) = in_flight.next() => {
                    let answer: BatchOutcome = answer;
                    pacer.record(answer.throttled);
                    if batch.fatal.is_none() {
                        batch.fatal = answer.fatal;
                    }
                    for (handle, outcome) in answer.results {
                        let result = CloseResult { handle, outcome };
                        if !write_failed && on_result(&result).is_err() {
                            write_failed = true;
                        }
                        batch.results.push(result);
                        progress.inc(1);
                    }
                }
                permit = pacer.acquire(), if launch => {
                    let handles = next.take().expect("launch means a batch is queued");
                    next = next_batch();
                    in_flight.push(self.close_batch(handles, permit));
                }
            }
        }
        // What was never closed still gets its line in the report.
        let reason = if batch.interrupted {
            "interrupted before it was closed".to_owned()
        } else {
            batch
                .fatal
                .as_ref()
                .map(|err| format!("not attempted after: {err}"))
                .unwrap_or_default()
        };
        let mut unfinished: Vec<Handle> = next.into_iter().flatten().collect();
        while let Some(rest) = next_batch() {
            unfinished.extend(rest);
        }
        for handle in unfinished {
            let result = CloseResult {
                handle,
                outcome: Outcome::Failed(reason.clone()),
            };
            let _ = on_result(&result);
            batch.results.push(result);
        }
        batch
    }

    async fn close_batch(&self, handles: Vec<Handle>, permit: Permit) -> BatchOutcome {
        let answer = self.backend.close(handles).await;
        drop(permit);
        answer
    }

    /// `--verify`: waits for clients to reconnect, lists the selection again, and closes what
    /// is open, with growing waits, until a listing shows none or `budget` has passed. Marks
    /// what is still open as failed; returns how many reopened handles it closed.
    async fn verify(&self, mode: &Mode, budget: Duration, batch: &mut Batch) -> Result<usize> {
        let started = Instant::now();
        let mut wait = VERIFY_SETTLE.min(budget);
        let mut reclosed = 0;
        let survivors = loop {
            tokio::select! {
                () = self.interrupt.raised() => {
                    batch.interrupted = true;
                    return Ok(reclosed);
                }
                () = tokio::time::sleep(wait) => {}
            }
            let Some(open) = self.list(mode).await? else {
                batch.interrupted = true;
                return Ok(reclosed);
            };
            if open.is_empty() || started.elapsed() >= budget {
                break open;
            }
            self.context.ui.note(&format!(
                "--verify: {} handle{} open again; closing",
                open.len(),
                plural(open.len())
            ));
            let progress = crate::ui::Progress::none();
            let again = self.close_each(open, &progress, &mut |_| Ok(())).await;
            for result in again.results {
                if result.outcome == Outcome::Closed {
                    reclosed += 1;
                }
                match batch
                    .results
                    .iter_mut()
                    .find(|r| r.handle.id == result.handle.id)
                {
                    Some(existing) if result.outcome.is_failed() => {
                        existing.outcome = result.outcome;
                    }
                    Some(_) => {}
                    None => batch.results.push(result),
                }
            }
            if again.interrupted || again.fatal.is_some() {
                batch.interrupted |= again.interrupted;
                batch.fatal = batch.fatal.take().or(again.fatal);
                return Ok(reclosed);
            }
            let left = budget.saturating_sub(started.elapsed());
            wait = (wait * 2).min(VERIFY_MAX_WAIT).min(left);
        };
        let reason = format!(
            "still open after --verify={}s: its client keeps reopening it",
            budget.as_secs()
        );
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        for (index, result) in batch.results.iter().enumerate() {
            by_id.insert(result.handle.id.clone(), index);
        }
        for handle in survivors {
            match by_id.get(&handle.id) {
                Some(&index) => batch.results[index].outcome = Outcome::Failed(reason.clone()),
                None => batch.results.push(CloseResult {
                    handle,
                    outcome: Outcome::Failed(reason.clone()),
                }),
            }
        }
        Ok(reclosed)
    }

    /// `--all` without filters: the service's `*`, in marker rounds.
    async fn close_everything(&self) -> Result<ExitStatus> {
        let needs_listing = self.args.dry_run || self.args.max.is_some() || self.ask;
        if needs_listing {
            let Some(open) = self.list(&Mode::Everything).await? else {
                self.context
                    .ui
                    .note("interrupted while listing: nothing was closed");
                return Ok(ExitStatus::Interrupted);
            };
            if let Some(status) = self.gate(&open)? {
                return Ok(status);
            }
            if open.is_empty() {
                self.context.ui.note(&format!(
                    "no open handle on {}: nothing to close",
                    self.target_text()
                ));
            }
        }
        let started = Instant::now();
        let (client, location) = self
            .backend
            .azure()
            .expect("only Azure Files closes everything itself");
        let mut closer = client.close_loop(
            location,
            CloseTarget::All,
            self.args.recursive,
            self.args.marker.clone(),
        );
        let progress = self.context.ui.spinner();
        let resume_hint = |marker: &str| {
            format!(
                "to resume: azfh handles close {} --all{} --marker '{marker}'",
                shell_quote(&self.args.target),
                if self.args.recursive { " -r" } else { "" }
            )
        };
        loop {
            let round = tokio::select! {
                () = self.interrupt.raised() => {
                    progress.finish();
                    let totals = closer.totals();
                    self.context.ui.note(&format!("interrupted after closing {} handle{}", totals.closed, plural_u64(totals.closed)));
                    if let Some(marker) = closer.resume_marker() {
                        self.context.ui.warn(&resume_hint(marker));
                    }
                    self.print_rows(std::iter::once(&self.summary(&closer, None)))?;
                    return Ok(ExitStatus::Interrupted);
                }
                round = closer.next_round() => round,
            };
            match round {
                Ok(Some(_)) => {
                    let totals = closer.totals();
                    progress.set_message(format!(
                        "closing every handle on {}: {} closed in {} rounds",
                        self.target_text(),
                        totals.closed,
                        totals.rounds
                    ));
                }
                Ok(None) => break,
                Err(err) => {
                    progress.finish();
                    if let Some(marker) = closer.resume_marker() {
                        self.context.ui.warn(&resume_hint(marker));
                    }
                    self.print_rows(std::iter::once(&self.summary(&closer, None)))?;
                    return Err(err.into());
                }
            }
        }
        progress.finish();
        let mut survivors = None;
        if let Some(budget) = self.args.verify {
            let mut batch = Batch {
                results: Vec::new(),
                interrupted: false,
                fatal: None,
            };
            self.verify(&Mode::Everything, budget, &mut batch).await?;
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
            survivors = Some(still_open.len() as u64);
            if batch.interrupted {
                self.print_rows(std::iter::once(&self.summary(&closer, survivors)))?;
                return Ok(ExitStatus::Interrupted);
            }
            if let Some(err) = batch.fatal {
                return Err(err);
            }
        }
        let summary = self.summary(&closer, survivors);
        self.print_rows(std::iter::once(&summary))?;
        self.context.ui.note(&format!(
            "closed {}{}, failed {}, in {} round{}, {:.1}s",
            if summary.closed_uncertain {
                "at least "
            } else {
                ""
            },
            summary.closed,
            summary.failed,
            summary.rounds,
            plural_u64(summary.rounds),
            started.elapsed().as_secs_f64()
        ));
        Ok(if summary.failed > 0 || survivors.unwrap_or(0) > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }

    fn summary(&self, closer: &crate::azure::CloseLoop, survivors: Option<u64>) -> CloseAllSummary {
        let totals = closer.totals();
        CloseAllSummary {
            target: self.backend.display(),
            recursive: self.args.recursive,
            closed: totals.closed,
            closed_uncertain: totals.ambiguous,
            failed: totals.failed,
            rounds: totals.rounds,
            survivors,
            marker: if closer.is_finished() {
                None
            } else {
                closer.resume_marker().map(str::to_owned)
            },
        }
    }
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

/// Quotes a TARGET for the resume hint when it holds characters a shell would interpret.
fn shell_quote(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-_.:".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

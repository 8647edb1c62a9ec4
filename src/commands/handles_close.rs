//! `azfh handles close`: close exactly the selected handles, fast and safely.
//!
//! Two ways, as `docs/cli.md` says. With filters or ids, TARGET is listed to the end first, then
//! each selected handle is closed by id on its own path, several at a time under an adaptive
//! limit. With `--all` and no filter, the service closes everything itself (`*`) in marker
//! rounds. Safety comes before any request: no terminal and no `--yes` is a refusal, and
//! `--max` and the confirmation count the selection before anything is closed. An interrupt
//! (see `interrupt.rs`) sends nothing new, awaits what is in flight for the grace, and still
//! gives every selected handle exactly one record.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::Context;
use super::interrupt::{GRACE, Interrupt};
use super::resume_hint::resume_command;
use crate::azure::{AzureError, CloseTarget};
use crate::backend::{Backend, BatchOutcome};
use crate::cli::HandlesCloseArgs;
use crate::error::{ExitStatus, UsageError};
use crate::handles::outcome::{CloseResult, Outcome, Tally};
use crate::handles::reopened::ClosedIdentities;
use crate::handles::{Filters, Handle, Selection};
use crate::net::pacer::{Pacer, Permit};
use crate::output::report::CloseAllSummary;
use crate::output::sink::{Row, Sink, sink};
use crate::ui::Answer;

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
/// The longest wait between two `--verify` listings: a client that reconnects late is
/// closed again within this.
const VERIFY_MAX_WAIT: Duration = Duration::from_secs(8);

pub async fn run(
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

/// One `handles close` run.
struct Job<'a> {
    context: &'a Context,
    args: &'a HandlesCloseArgs,
    backend: Backend,
    interrupt: &'a Interrupt,
    ask: bool,
}

/// How closing a batch of handles ended.
#[derive(Default)]
struct Batch {
    results: Vec<CloseResult>,
    interrupted: bool,
    /// An error that stopped the batch (authorization): the rest were not attempted.
    fatal: Option<anyhow::Error>,
}

/// What a listing selected, and the id of every handle it saw (selected or not).
struct Listing {
    selected: Vec<Handle>,
    seen: HashSet<String>,
}

/// What `--verify` found and did.
#[derive(Debug, Default, Clone, Copy)]
struct Reopened {
    /// Handles open again after the close (not in the first listing), each counted once.
    found: u64,
    /// Of those, the ones `--verify` closed.
    closed: u64,
    /// Whether the window was watched to its end: only then is "nothing is open" a finding.
    finished: bool,
}

/// The reason given for a handle whose close was sent but not answered within the grace.
const UNCONFIRMED: &str =
    "interrupted while its close was in flight: not confirmed (it may be closed; list it to see)";

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

    /// Lists TARGET to the end and keeps what `select` selects; `None` when interrupted.
    async fn list(&self, select: &dyn Fn(&Handle) -> bool) -> Result<Option<Listing>> {
        let mut pager = self.backend.list(self.args.recursive, self.args.page_size);
        let progress = self.context.ui.spinner();
        let mut listing = Listing {
            selected: Vec::new(),
            seen: HashSet::new(),
        };
        loop {
            let page = tokio::select! {
                () = self.interrupt.raised() => return Ok(None),
                page = pager.next_page() => page?,
            };
            let Some(page) = page else { break };
            for handle in page {
                listing.seen.insert(handle.id.clone());
                if select(&handle) {
                    listing.selected.push(handle);
                }
            }
            progress.set_message(format!(
                "listing {}: {} pages, {} handles, {} selected",
                self.backend.display(),
                pager.pages(),
                listing.seen.len(),
                listing.selected.len()
            ));
        }
        Ok(Some(listing))
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
                .confirm(&question, self.interrupt.raised())
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
        let Some(listing) = self.list(&|h| mode.select(h)).await? else {
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
        let mut reopened = Reopened::default();
        if let Some(window) = verify
            && !batch.interrupted
            && batch.fatal.is_none()
        {
            let mut closed = ClosedIdentities::default();
            for result in &batch.results {
                if result.outcome == Outcome::Closed {
                    closed.remember(&result.handle);
                }
            }
            // The selection again, and what its closed handles' clients reopened: a reopened
            // handle is new (not in the first listing) and has a fresh open time, which a
            // time filter would never select.
            let select =
                |h: &Handle| mode.select(h) || (!first_seen.contains(&h.id) && closed.reopens(h));
            reopened = self
                .verify(&select, &first_seen, window, &mut batch)
                .await?;
        }
        if verify.is_some() {
            for result in &batch.results {
                sink.write(result).context("cannot write to stdout")?;
            }
        }
        sink.finish().context("cannot write to stdout")?;
        out.flush().context("cannot write to stdout")?;

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
            summary.push_str(&reopened.summary());
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

    /// Closes the handles in batches of the backend's size (one handle a request on Azure
    /// Files, each by id on its own path; a hundred on Qumulo), at most the pacer's limit of
    /// requests at a time. Every handle gets exactly one result, in completion order, also
    /// handed to `on_result` as it comes.
    ///
    /// An interrupt stops new requests; those in flight are awaited for the interrupt's
    /// grace and keep their real outcome. A close still unanswered then is `failed` (sent, not
    /// confirmed); a handle never sent is `not_attempted`. An error that stops the run
    /// (authorization) does the same, without the grace: what is in flight is awaited.
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
        // The handles of each request in flight, so a request abandoned after the grace still
        // reports its handles.
        let mut sent: HashMap<u64, Vec<Handle>> = HashMap::new();
        let mut requests = 0_u64;
        let mut batch = Batch::default();
        let mut next = next_batch();
        let mut write_failed = false;
        let mut record = |batch: &mut Batch, result: CloseResult| {
            if !write_failed && on_result(&result).is_err() {
                write_failed = true;
            }
            batch.results.push(result);
            progress.inc(1);
        };
        let grace = self.interrupt.grace_over();
        tokio::pin!(grace);
        loop {
            let launch = next.is_some() && batch.fatal.is_none() && !batch.interrupted;
            if !launch && in_flight.is_empty() {
                break;
            }
            tokio::select! {
                biased;
                () = self.interrupt.raised(), if !batch.interrupted => {
                    batch.interrupted = true;
                    if !in_flight.is_empty() {
                        self.context.ui.note(&format!(
                            "interrupted: waiting up to {}s for the {} close request{} in flight (interrupt again to stop now)",
                            GRACE.as_secs(),
                            in_flight.len(),
                            plural(in_flight.len())
                        ));
                    }
                }
                () = &mut grace, if batch.interrupted => break,
                Some((request, answer)) = in_flight.next() => {
                    let answer: BatchOutcome = answer;
                    sent.remove(&request);
                    pacer.record(answer.throttled);
                    if batch.fatal.is_none() {
                        batch.fatal = answer.fatal;
                    }
                    for (handle, outcome) in answer.results {
                        record(&mut batch, CloseResult { handle, outcome });
                    }
                }
                permit = pacer.acquire(), if launch => {
                    let handles = next.take().expect("launch means a batch is queued");
                    next = next_batch();
                    requests += 1;
                    sent.insert(requests, handles.clone());
                    let request = requests;
                    in_flight.push(async move { (request, self.close_batch(handles, permit).await) });
                }
            }
        }
        drop(in_flight);
        for handle in sent.into_values().flatten() {
            let outcome = Outcome::Failed(UNCONFIRMED.to_owned());
            record(&mut batch, CloseResult { handle, outcome });
        }
        // What was never sent still gets its line in the report.
        let reason = if batch.interrupted {
            "interrupted before its close was sent".to_owned()
        } else {
            batch
                .fatal
                .as_ref()
                .map(|err| format!("not sent after: {err}"))
                .unwrap_or_default()
        };
        let mut unsent: Vec<Handle> = next.into_iter().flatten().collect();
        while let Some(rest) = next_batch() {
            unsent.extend(rest);
        }
        for handle in unsent {
            let outcome = Outcome::NotAttempted(reason.clone());
            let result = CloseResult { handle, outcome };
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

    /// `--verify`: watches what `select` picks for the whole `window` after the closes,
    /// since a client may reconnect at any time, not just in the first second: lists at
    /// growing intervals (1 s, 2 s, 4 s, 8 s, then every 8 s), closes what is open again, and
    /// lists a last time at the end of the window. What that last listing shows is still open
    /// and marked failed. Adds a record for each reopened handle (one not in `first_seen`, the
    /// first listing), and counts them. An interrupt ends the watch at once.
    async fn verify(
        &self,
        select: &dyn Fn(&Handle) -> bool,
        first_seen: &HashSet<String>,
        window: Duration,
        batch: &mut Batch,
    ) -> Result<Reopened> {
        let end = Instant::now() + window;
        self.context.ui.note(&format!(
            "--verify: watching {} for {}s for clients that reopen handles (Ctrl-C stops)",
            self.target_text(),
            window.as_secs()
        ));
        let mut wait = VERIFY_SETTLE;
        let mut reopened_ids: HashSet<String> = HashSet::new();
        let mut index: HashMap<String, usize> = batch
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| (r.handle.id.clone(), i))
            .collect();
        let survivors = loop {
            let left = end.saturating_duration_since(Instant::now());
            let last = wait >= left;
            tokio::select! {
                () = self.interrupt.raised() => {
                    batch.interrupted = true;
                    break Vec::new();
                }
                () = tokio::time::sleep(wait.min(left)) => {}
            }
            // A listing that fails ends the watch, but not the report: the closes already
            // made still get their records.
            let listing = match self.list(select).await {
                Ok(Some(listing)) => listing,
                Ok(None) => {
                    batch.interrupted = true;
                    break Vec::new();
                }
                Err(err) => {
                    batch.fatal = Some(err.context(
                        "--verify could not list TARGET again: handles may be open again",
                    ));
                    break Vec::new();
                }
            };
            let open = listing.selected;
            reopened_ids.extend(
                open.iter()
                    .filter(|h| !first_seen.contains(&h.id))
                    .map(|h| h.id.clone()),
            );
            if last {
                break open;
            }
            wait = (wait * 2).min(VERIFY_MAX_WAIT);
            if open.is_empty() {
                continue;
            }
            self.context.ui.note(&format!(
                "--verify: {} handle{} open again; closing",
                open.len(),
                plural(open.len())
            ));
            let progress = crate::ui::Progress::none();
            let again = self.close_each(open, &progress, &mut |_| Ok(())).await;
            for result in again.results {
                if let Some(&i) = index.get(&result.handle.id) {
                    let existing = &mut batch.results[i].outcome;
                    if result.outcome.supersedes(existing) {
                        *existing = result.outcome;
                    }
                } else {
                    index.insert(result.handle.id.clone(), batch.results.len());
                    batch.results.push(result);
                }
            }
            if again.interrupted || again.fatal.is_some() {
                batch.interrupted |= again.interrupted;
                batch.fatal = batch.fatal.take().or(again.fatal);
                break Vec::new();
            }
        };
        let reason = format!(
            "still open at the end of --verify={}s: its client keeps reopening it",
            window.as_secs()
        );
        for handle in survivors {
            let outcome = Outcome::Failed(reason.clone());
            if let Some(&i) = index.get(&handle.id) {
                batch.results[i].outcome = outcome;
            } else {
                index.insert(handle.id.clone(), batch.results.len());
                batch.results.push(CloseResult { handle, outcome });
            }
        }
        let closed = batch
            .results
            .iter()
            .filter(|r| reopened_ids.contains(&r.handle.id) && r.outcome == Outcome::Closed)
            .count();
        Ok(Reopened {
            found: reopened_ids.len() as u64,
            closed: closed as u64,
            finished: !batch.interrupted && batch.fatal.is_none(),
        })
    }

    /// The command that resumes this `--all` close from `marker`, quoted for a shell.
    fn resume_hint(&self, marker: &str) -> String {
        format!(
            "to resume: {}",
            resume_command(&self.context.global, self.args, marker)
        )
    }

    /// `--all` without filters: the service's `*`, in marker rounds.
    async fn close_everything(&self) -> Result<ExitStatus> {
        // --verify needs the handles open before the close, to tell those a client reopened
        // (new ids) from those the service failed to close.
        let needs_listing =
            self.args.dry_run || self.args.max.is_some() || self.ask || self.args.verify.is_some();
        let mut first_seen = HashSet::new();
        if needs_listing {
            let Some(listing) = self.list(&|_| true).await? else {
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
        loop {
            if self.interrupt.is_raised() {
                progress.finish();
                self.report_stopped_everything(&closer, true, false)?;
                return Ok(ExitStatus::Interrupted);
            }
            let (round, interrupted) = {
                let round = closer.next_round();
                tokio::pin!(round);
                tokio::select! {
                    biased;
                    round = &mut round => (Some(round), false),
                    () = self.interrupt.raised() => {
                        // The round in flight may close handles: await its answer (bounded)
                        // so that the summary counts them.
                        self.context.ui.note(&format!(
                            "interrupted: waiting up to {}s for the round in flight (interrupt again to stop now)",
                            GRACE.as_secs()
                        ));
                        tokio::select! {
                            round = &mut round => (Some(round), true),
                            () = self.interrupt.grace_over() => (None, true),
                        }
                    }
                }
            };
            match round {
                Some(Err(err)) => {
                    progress.finish();
                    // An answer that came but could not be counted (a count that is not a
                    // number, an oversized answer) is a round the service acted on: it may
                    // have closed any number. (A repeated marker's round is counted.)
                    let unread =
                        matches!(err, AzureError::Decode { .. } | AzureError::TooLarge { .. });
                    self.report_stopped_everything(&closer, interrupted, unread)?;
                    return Err(err.into());
                }
                // A round abandoned after the grace may have closed handles nobody counted.
                round if interrupted => {
                    progress.finish();
                    self.report_stopped_everything(&closer, true, round.is_none())?;
                    return Ok(ExitStatus::Interrupted);
                }
                Some(Ok(Some(_))) => {
                    let totals = closer.totals();
                    progress.set_message(format!(
                        "closing every handle on {}: {} closed in {} rounds",
                        self.target_text(),
                        totals.closed,
                        totals.rounds
                    ));
                }
                Some(Ok(None)) | None => break,
            }
        }
        progress.finish();
        let mut survivors = None;
        let mut reopened = None;
        if let Some(window) = self.args.verify {
            let mut batch = Batch::default();
            let found = self
                .verify(&|_| true, &first_seen, window, &mut batch)
                .await?;
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
                    found.summary()
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
            reopened.map(Reopened::summary).unwrap_or_default()
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
        closer: &crate::azure::CloseLoop,
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
        closer: &crate::azure::CloseLoop,
        survivors: Option<u64>,
        reopened: Option<Reopened>,
    ) -> CloseAllSummary {
        let totals = closer.totals();
        CloseAllSummary {
            target: self.backend.display(),
            recursive: self.args.recursive,
            closed: totals.closed,
            closed_uncertain: totals.ambiguous,
            failed: totals.failed,
            rounds: totals.rounds,
            survivors,
            reopened: reopened.map(|r| r.found),
            reopened_closed: reopened.map(|r| r.closed),
            marker: if closer.is_finished() {
                None
            } else {
                closer.resume_marker().map(str::to_owned)
            },
        }
    }
}

impl Reopened {
    /// The summary line's `--verify` part.
    fn summary(self) -> String {
        format!(
            "; --verify closed {} of {} reopened handle{}",
            self.closed,
            self.found,
            plural_u64(self.found)
        )
    }
}

/// Prints report rows to stdout in the chosen format, an empty report included.
fn print_rows<'r, R: Row + 'r>(context: &Context, rows: impl Iterator<Item = &'r R>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = sink::<R>(
        context.format,
        Box::new(&mut out),
        context.now,
        context.table_style,
    );
    for row in rows {
        sink.write(row).context("cannot write to stdout")?;
    }
    sink.finish().context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")?;
    Ok(())
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

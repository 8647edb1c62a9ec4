//! What a close says when it ends: the summary line of a selection's close, the one-row report
//! and the notes of an `--all` close (with the command that resumes it), and `--verify`'s part
//! of both.

use std::time::Duration;

use super::resume_hint::resume_command;
use super::undelivered::settle;
use super::{Job, report_rows};
use crate::output::plural::plural;
use crate::output::report::CloseAllSummary;
use azfh_client::backend::CloseEverything;
use azfh_client::handles::outcome::{CloseResult, Tally};
use azfh_client::ops::close::Reopened;

/// The summary line of a selection's close. Its counts are the records' (handles that clients
/// reopened during `--verify` too), as several shares' are; those reopened handles also have
/// their own part, `verified`, which is there when `--verify` was asked for.
pub(super) fn selection_summary(
    results: &[CloseResult],
    elapsed: Duration,
    verified: Option<Reopened>,
) -> String {
    let selection = Tally::of(results.iter().map(|r| &r.outcome));
    let mut summary = format!(
        "closed {}, already closed {}, failed {}, not attempted {}, in {:.1}s",
        selection.closed,
        selection.already_closed,
        selection.failed,
        selection.not_attempted,
        elapsed.as_secs_f64()
    );
    if let Some(reopened) = verified {
        summary.push_str(&verify_summary(reopened));
        if !reopened.finished {
            summary.push_str("; --verify did not watch to the end: handles may be open again");
        }
    }
    summary
}

/// The warning for a handle `--verify` found still open after an `--all` close.
pub(super) fn still_open_warning(result: &CloseResult) -> String {
    format!(
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
    )
}

/// The note of an `--all` close whose `--verify` window was not watched to its end.
pub(super) fn everything_unwatched_note(summary: &CloseAllSummary, found: Reopened) -> String {
    format!(
        "closed {}{} in {} round{}{}; --verify did not watch to the end: handles may be open again",
        at_least(summary.closed_uncertain),
        summary.closed,
        summary.rounds,
        plural(summary.rounds),
        verify_summary(found)
    )
}

/// The note of an `--all` close that ran to its end; `reopened` is `--verify`'s finding.
pub(super) fn everything_note(
    summary: &CloseAllSummary,
    elapsed: Duration,
    reopened: Option<Reopened>,
) -> String {
    format!(
        "closed {}{}, failed {}, in {} round{}, {:.1}s{}",
        at_least(summary.closed_uncertain),
        summary.closed,
        summary.failed,
        summary.rounds,
        plural(summary.rounds),
        elapsed.as_secs_f64(),
        reopened.map(verify_summary).unwrap_or_default()
    )
}

/// A count the service may have exceeded (a round whose answer was not counted) is a lower
/// bound, and says so.
fn at_least(uncertain: bool) -> &'static str {
    if uncertain { "at least " } else { "" }
}

/// The summary line's `--verify` part.
fn verify_summary(reopened: Reopened) -> String {
    format!(
        "; --verify closed {} of {} reopened handle{}",
        reopened.closed,
        reopened.found,
        plural(reopened.found)
    )
}

impl Job<'_> {
    /// Reports an `--all` loop that an interrupt or an error stopped: what it closed, the
    /// summary row, and the command that resumes it. `uncounted`: a round was sent whose
    /// answer was not counted (abandoned after the grace, or unreadable); it counts as a
    /// round, and as the service may have closed handles in it, `closed` is a lower bound.
    /// The exit status is the interrupt's or the error's, whatever became of the row.
    pub(super) fn report_stopped_everything(
        &self,
        closer: &CloseEverything,
        interrupted: bool,
        uncounted: bool,
    ) {
        let mut summary = self.summary(closer, None, None);
        if uncounted {
            summary.rounds += 1;
            summary.closed_uncertain = true;
        }
        // A first round that failed for sure closed nothing: the error says it all, and a
        // `closed 0` row printed before it would read as a result.
        if !interrupted && summary.rounds == 0 && !summary.closed_uncertain {
            return;
        }
        if !interrupted && summary.closed_uncertain {
            self.context.ui.note(&format!(
                "stopped after closing at least {} handle{} in {} round{}",
                summary.closed,
                plural(summary.closed),
                summary.rounds,
                plural(summary.rounds)
            ));
        }
        if interrupted {
            self.context.ui.note(&format!(
                "interrupted after closing {}{} handle{}",
                at_least(summary.closed_uncertain),
                summary.closed,
                plural(summary.closed)
            ));
        }
        if let Some(marker) = summary.marker.as_deref() {
            self.context.ui.warn(&self.resume_hint(marker));
        }
        let delivery = report_rows(self.context, std::iter::once(&summary));
        settle(self.context.ui, delivery);
    }

    /// The one-row report of an `--all` close, from the closer's totals.
    pub(super) fn summary(
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

    /// The command that resumes this `--all` close from `marker`, quoted for a shell.
    fn resume_hint(&self, marker: &str) -> String {
        format!(
            "to resume: {}",
            resume_command(&self.context.global, self.args, marker)
        )
    }
}

//! Closing a selection (filters or ids): list TARGET to the end, check, close each selected
//! handle by id, verify, report each handle and sum up.

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Result;

use super::Job;
use super::selection_input::Mode;
use super::summary::selection_summary;
use super::undelivered::settle;
use super::unreachable::warn_unreachable;
use crate::error::ExitStatus;
use crate::output::share_handles::{ShareCloseResult, one_share_sink, print_one_share_rows};
use crate::output::stdout::Stdout;
use crate::output::work_report::WorkReport;
use crate::ui::Progress;
use azfh_client::handles::outcome::{CloseResult, Tally};
use azfh_client::ops::close::{Listing, Reopened};

impl Job<'_> {
    /// Filters or ids: list, check, close each by id, verify, report.
    pub(super) async fn close_selected(&self, mode: &Mode) -> Result<ExitStatus> {
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
                // Without -r only TARGET's own handles are listed: ids open below it are missed.
                let below = if self.args.recursive {
                    ""
                } else {
                    "; for handles below TARGET, add -r"
                };
                self.context.ui.note(&format!(
                    "{} of the given ids {} not open on {} (already closed, or open elsewhere): {}{below}",
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
            print_one_share_rows::<ShareCloseResult>(
                self.context.format,
                self.context.now,
                self.context.table_style,
                std::iter::empty(),
            )?;
            self.context.ui.note(&format!(
                "no open handle on {} matched: nothing to close",
                self.target_text()
            ));
            return Ok(ExitStatus::Success);
        }

        let started = Instant::now();
        let verify = self.args.verify;
        let mut out = Stdout::lock_report();
        let mut report = WorkReport::new(one_share_sink::<ShareCloseResult>(
            &mut out,
            self.context.format,
            self.context.now,
            self.context.table_style,
        ));
        // Without --verify, each result is reported as it comes; with it, outcomes can still
        // change (a closed handle that reappears), so the report waits for the verdict.
        let mut stream = |result: &CloseResult| {
            if verify.is_none() {
                report.write(&self.result_row(result));
            }
        };
        *self.shown.bar.borrow_mut() = self
            .context
            .ui
            .progress_bar(selected.len() as u64, "closing");
        let mut batch = self.closer.close_each(selected, &mut stream).await;
        *self.shown.bar.borrow_mut() = Progress::none();
        warn_unreachable(self.context.ui, &self.shown.target, &batch);
        let mut reopened = Reopened::default();
        // An endpoint that cannot be reached is not watched: its listing would only wait out
        // the same retries to fail.
        if let Some(window) = verify
            && !batch.interrupted
            && batch.fatal.is_none()
            && batch.unreachable.is_none()
        {
            // The selection again, and what its closed handles' clients reopened.
            reopened = self
                .closer
                .verify(&|h| mode.select(h), &first_seen, window, &mut batch)
                .await;
        }
        if verify.is_some() {
            for result in &batch.results {
                report.write(&self.result_row(result));
            }
        }
        let delivery = report.finish();

        // Every record, reopened ones too, decides the exit status.
        let tally = Tally::of(batch.results.iter().map(|r| &r.outcome));
        self.context.ui.note(&selection_summary(
            &batch.results,
            started.elapsed(),
            verify.map(|_| reopened),
        ));
        let unwritten = settle(self.context.ui, delivery);
        if let Some(err) = batch.fatal {
            return Err(err);
        }
        if batch.interrupted {
            self.context.ui.note(
                "interrupted: handles reported not_attempted were never sent, and failed ones may still be open",
            );
            return Ok(ExitStatus::Interrupted);
        }
        Ok(if unwritten {
            ExitStatus::Failure
        } else if tally.failed > 0 || tally.not_attempted > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }
}

//! `--all` without filters on a backend whose service closes everything itself (Azure Files'
//! `*`): its rounds, after the listing that the dry run, `--max`, the confirmation or
//! `--verify` need.

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Result;

use super::summary::{everything_note, everything_unwatched_note, still_open_warning};
use super::undelivered::settle;
use super::{Job, report_rows};
use crate::error::ExitStatus;
use crate::ui::Progress;
use azfh_client::backend::CloseEverything;
use azfh_client::handles::outcome::CloseResult;
use azfh_client::ops::close::{Batch, EverythingEnded};

impl Job<'_> {
    /// Lists first when a check needs the handles, then closes everything in rounds, verifies
    /// and reports; a stopped loop is reported with the command that resumes it.
    pub(super) async fn close_everything(&self, mut closer: CloseEverything) -> Result<ExitStatus> {
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
                self.report_stopped_everything(&closer, true, uncounted);
                return Ok(ExitStatus::Interrupted);
            }
            EverythingEnded::Failed {
                error,
                interrupted,
                uncounted,
            } => {
                self.report_stopped_everything(&closer, interrupted, uncounted);
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
                self.context.ui.warn(&still_open_warning(result));
            }
            // "Nothing survived" is a finding only when the window was watched to its end.
            survivors = found.finished.then_some(still_open.len() as u64);
            if !found.finished {
                let summary = self.summary(&closer, survivors, reopened);
                let delivery = report_rows(self.context, std::iter::once(&summary));
                self.context
                    .ui
                    .note(&everything_unwatched_note(&summary, found));
                settle(self.context.ui, delivery);
                if let Some(err) = batch.fatal {
                    return Err(err);
                }
                return Ok(ExitStatus::Interrupted);
            }
        }
        let summary = self.summary(&closer, survivors, reopened);
        let delivery = report_rows(self.context, std::iter::once(&summary));
        self.context
            .ui
            .note(&everything_note(&summary, started.elapsed(), reopened));
        Ok(if settle(self.context.ui, delivery) {
            ExitStatus::Failure
        } else if summary.failed > 0 || survivors.unwrap_or(0) > 0 {
            ExitStatus::Partial
        } else {
            ExitStatus::Success
        })
    }
}

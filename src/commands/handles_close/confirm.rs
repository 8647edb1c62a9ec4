//! The checks between the listing and the first close, in this order: `--max` refuses a
//! selection larger than it (a dry run too, as the real run would), `--dry-run` prints the
//! selection and stops, and without `--yes` the user confirms on the terminal. Each counts the selection the close would act on.

use std::collections::HashSet;

use anyhow::{Context as _, Result};

use super::Job;
use crate::error::{ExitStatus, UsageError};
use crate::output::plural::plural;
use crate::output::share_handles::print_one_share_rows;
use crate::ui::Answer;
use azfh_client::handles::Handle;

impl Job<'_> {
    /// `--max`, `--dry-run` and the confirmation, in that order. `Some(status)` ends the run.
    pub(super) async fn gate(&self, selected: &[Handle]) -> Result<Option<ExitStatus>> {
        let whose = Whose::of(selected);
        let count = selected.len();
        // Before the dry run, which predicts the real run: that one would refuse.
        if let Some(max) = self.args.max
            && count as u64 > max
        {
            return Err(UsageError::new(
                format!(
                    "{count} handle{} selected, more than --max {max}: nothing was closed",
                    plural(count)
                ),
                if self.args.dry_run {
                    "narrow the selection, or raise --max (without --max, --dry-run lists them)"
                } else {
                    "narrow the selection, or raise --max after checking it with --dry-run"
                },
            )
            .into());
        }
        if self.args.dry_run {
            let rows: Vec<_> = selected.iter().map(|h| self.handle_row(h)).collect();
            print_one_share_rows(
                self.context.format,
                self.context.now,
                self.context.table_style,
                rows.iter(),
            )?;
            self.context.ui.note(&format!(
                "dry run: would close {count} handle{} of {whose} on {}; nothing was closed",
                plural(count),
                self.target_text()
            ));
            return Ok(Some(ExitStatus::Success));
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
        if !clients.is_empty() || handles.iter().all(|h| h.owner().is_none()) {
            return Self {
                count: clients.len(),
                what: "client",
            };
        }
        let owners: HashSet<_> = handles.iter().filter_map(Handle::owner).collect();
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

//! The close engine's progress, shown on the terminal through [`Ui`]: a spinner while listing
//! or closing everything, a bar while closing a selection, and notes for the interrupt's grace
//! and `--verify`.

use std::cell::RefCell;
use std::time::Duration;

use super::super::interrupt::GRACE;
use crate::output::plural::plural;
use crate::ui::{Progress, Ui};
use azfh_client::backend::CloseTotals;
use azfh_client::ops::close::CloseObserver;

/// What the engine reports, shown on the terminal. The spinner and the bar are set by the run
/// around the engine's calls and emptied after them; the engine only updates them.
pub(super) struct Shown<'a> {
    pub(super) ui: &'a Ui,
    /// TARGET as it was written (`NAME:SHARE/PATH`), for the listing spinner.
    pub(super) target: String,
    /// TARGET and whether below it, for notes.
    pub(super) target_text: String,
    pub(super) spinner: RefCell<Progress>,
    pub(super) bar: RefCell<Progress>,
}

impl<'a> Shown<'a> {
    /// `label`: TARGET as it was written, so that a message names the account too.
    pub(super) fn new(ui: &'a Ui, label: &str, recursive: bool) -> Self {
        Self {
            ui,
            target: label.to_owned(),
            target_text: target_text(label, recursive),
            spinner: RefCell::new(Progress::none()),
            bar: RefCell::new(Progress::none()),
        }
    }
}

/// TARGET as the prompt and the notes name it.
fn target_text(label: &str, recursive: bool) -> String {
    format!("{label}{}", if recursive { " and below it" } else { "" })
}

impl CloseObserver for Shown<'_> {
    fn listing_started(&self) {
        *self.spinner.borrow_mut() = self.ui.spinner();
    }

    fn listed(&self, pages: u64, seen: usize, selected: usize) {
        self.spinner.borrow().set_message(format!(
            "listing {}: {pages} page{}, {seen} handle{}, {selected} selected",
            self.target,
            plural(pages),
            plural(seen)
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
            "--verify: {handles} handle{} open again on {}; closing",
            plural(handles),
            self.target_text
        ));
    }

    fn round_closed(&self, totals: &CloseTotals) {
        self.spinner.borrow().set_message(format!(
            "closing every handle on {}: {} closed in {} round{}",
            self.target_text,
            totals.closed,
            totals.rounds,
            plural(totals.rounds)
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

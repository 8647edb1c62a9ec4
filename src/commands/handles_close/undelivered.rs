//! What a close run says when its report did not all reach stdout. The closes went on (see
//! [`WorkReport`](crate::output::work_report::WorkReport)) and the summary on stderr counts
//! them all; this says, after that summary, how much of the report is missing.

use crate::output::plural::plural;
use crate::output::stdout::WRITE_FAILED;
use crate::output::work_report::Delivery;
use crate::ui::Ui;

/// Warns when records are missing from stdout; true when that makes the run a failure.
///
/// A reader that went away is not a failure: the exit status stays the closes' own, so a
/// pipeline that reads one line (`| head -1`) still learns from it whether any close failed.
/// Any other failure to write is (exit status 1, unless an interrupt or an error that stopped
/// the run says more): a redirection into a full disk has lost records a script meant to read.
pub(super) fn settle(ui: Ui, delivery: Delivery) -> bool {
    match delivery {
        Delivery::Whole => false,
        Delivery::ReaderGone { records } => {
            ui.warn(&format!(
                "stdout's reader went away before the end of the report ({records} record{}): the closes went on, and the summary counts them all",
                plural(records)
            ));
            false
        }
        Delivery::Failed { error, records } => {
            ui.warn(&format!(
                "{WRITE_FAILED} ({error}): the report ({records} record{}) is incomplete; the closes went on, and the summary counts them all",
                plural(records)
            ));
            true
        }
    }
}

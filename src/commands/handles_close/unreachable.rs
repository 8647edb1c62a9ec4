//! The warning for a share whose endpoint could not be reached mid-close: the engine stopped
//! sending it closes, and the operator learns once why its remaining handles were not sent.

use crate::output::plural::plural;
use crate::ui::Ui;
use azfh_client::handles::outcome::Outcome;
use azfh_client::ops::close::Batch;

/// Warns once, naming `label` (TARGET as written), the error, and how many of the share's
/// handles were not sent; nothing if its endpoint stayed reachable.
pub(super) fn warn_unreachable(ui: Ui, label: &str, batch: &Batch) {
    let Some(unreachable) = &batch.unreachable else {
        return;
    };
    let unsent = batch
        .results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::NotAttempted(_)))
        .count();
    ui.warn(&format!(
        "{label}: {}; its {unsent} remaining handle{} {} not sent",
        unreachable.error,
        plural(unsent),
        if unsent == 1 { "was" } else { "were" }
    ));
}

//! The download engine's progress and outcomes, shown: its bytes drive the progress bar, and
//! each file of a tree becomes a report row (a failure is also warned about, with its hint).

use super::explain::explain;
use crate::error::{UsageError, hint_for};
use crate::output::entries::DownloadResult;
use crate::ui::{Progress, Ui};
use azfh_client::ops::download::{self, FileError, FileOutcome, FileResult};

/// The engine's bytes drive the progress bar.
impl download::Progress for Progress {
    fn set_total(&self, bytes: u64) {
        self.set_length(bytes);
    }

    fn advance(&self, bytes: u64) {
        self.inc(bytes);
    }
}

/// One file's report row; a failure is also warned about on `ui`, with its hint.
pub(super) fn record(ui: Ui, outcome: FileOutcome) -> DownloadResult {
    let FileOutcome {
        path,
        dest,
        size,
        result,
    } = outcome;
    let (outcome, error) = match result {
        FileResult::Downloaded => ("downloaded", None),
        FileResult::AlreadyDownloaded => ("already_downloaded", None),
        FileResult::NotAttempted => ("not_attempted", None),
        FileResult::Interrupted { kept } => {
            let error = if kept {
                "interrupted: what was fetched is kept for --resume"
            } else {
                "interrupted before anything was kept"
            };
            ("interrupted", Some(error.to_owned()))
        }
        FileResult::LeftOut(error) => {
            ui.warn(&format!("{path}: {error}"));
            ("failed", Some(error))
        }
        FileResult::Failed(failure) => {
            let err = match failure {
                FileError::UnsafeName => {
                    anyhow::anyhow!("the name cannot be written here safely")
                }
                FileError::Exists => UsageError::new(
                    format!("{dest} already exists"),
                    "add --force to replace it",
                )
                .into(),
                FileError::Download { error, kept } => explain(error, kept),
            };
            let error = format!("{err:#}");
            let hint = hint_for(&err)
                .map(|hint| format!(" (hint: {hint})"))
                .unwrap_or_default();
            ui.warn(&format!("{path}: {error}{hint}"));
            ("failed", Some(error))
        }
    };
    DownloadResult {
        path,
        dest,
        size,
        outcome,
        error,
    }
}

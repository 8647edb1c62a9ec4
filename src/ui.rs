//! The human side of stderr: notes, warnings and progress. Results never go here, and
//! progress is drawn only on a terminal (never in cron logs or pipes).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::labelled;

/// What stderr may show, decided once from the global options.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    quiet: u8,
    progress: bool,
}

impl Ui {
    pub fn new(quiet: u8, no_progress: bool) -> Self {
        Self {
            quiet,
            progress: !no_progress && quiet == 0 && std::io::stderr().is_terminal(),
        }
    }

    /// An informational line (summaries, "nothing matched"); `-q` silences it.
    pub fn note(&self, text: &str) {
        if self.quiet == 0 {
            let _ = writeln!(anstream::stderr(), "{text}");
        }
    }

    /// A warning; `-qq` silences it.
    pub fn warn(&self, text: &str) {
        if self.quiet < 2 {
            let _ = labelled(&mut anstream::stderr(), "warning", text);
        }
    }

    /// A spinner for work of unknown length; inert unless stderr is a terminal.
    pub fn spinner(&self) -> Progress {
        if !self.progress {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(bar))
    }
}

/// A progress indicator that may be absent.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn set_message(&self, message: String) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

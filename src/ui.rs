//! The human side of stderr: notes, warnings and progress. Results never go here, and
//! progress is drawn only on a terminal (never in cron logs or pipes).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::labelled;
use crate::output::bytes::human_rate;
use crate::output::escape::for_terminal;

/// What stderr may show, decided once from the global options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ui {
    quiet: u8,
    progress: bool,
    /// A person can answer a question: stdin and stderr are both terminals.
    askable: bool,
}

impl Ui {
    pub(crate) fn new(quiet: u8, no_progress: bool) -> Self {
        Self {
            quiet,
            progress: !no_progress && quiet == 0 && std::io::stderr().is_terminal(),
            askable: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    /// An informational line (summaries, "nothing matched"); `-q` silences it. Like every
    /// line on stderr it is escaped here, where it is printed: it may carry service text.
    pub(crate) fn note(self, text: &str) {
        if self.quiet == 0 {
            let _ = writeln!(anstream::stderr(), "{}", for_terminal(text));
        }
    }

    /// A warning; `-qq` silences it.
    pub(crate) fn warn(self, text: &str) {
        if self.quiet < 2 {
            let _ = labelled(&mut anstream::stderr(), "warning", text);
        }
    }

    /// The hint under a warning (what to do about it); silenced with it by `-qq`.
    pub(crate) fn hint(self, text: &str) {
        if self.quiet < 2 {
            let _ = labelled(&mut anstream::stderr(), "hint", text);
        }
    }

    /// Whether a person can answer a question: stdin and stderr are both terminals.
    pub(crate) fn can_ask(self) -> bool {
        self.askable
    }

    /// Asks a yes/no question on stderr and reads the answer from stdin; only `y` or `yes`
    /// (any case) is yes. `interrupted` aborts the question at once: the answer is read on a
    /// blocking thread (a terminal read cannot be cancelled), raced against it, and left
    /// behind, so Ctrl-C at the prompt is never taken for an answer typed later.
    pub(crate) async fn confirm(
        &self,
        question: &str,
        interrupted: impl std::future::Future<Output = ()>,
    ) -> std::io::Result<Answer> {
        let mut stderr = anstream::stderr();
        write!(stderr, "{question} [y/N] ")?;
        stderr.flush()?;
        let read = tokio::task::spawn_blocking(|| {
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer).map(|_| answer)
        });
        tokio::select! {
            biased;
            () = interrupted => {
                // End the prompt's line: the terminal echoed only `^C`.
                let _ = writeln!(stderr);
                Ok(Answer::Interrupted)
            }
            answer = read => {
                let answer = answer.map_err(std::io::Error::other)??;
                let answer = answer.trim();
                Ok(if answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes") {
                    Answer::Yes
                } else {
                    Answer::No
                })
            }
        }
    }

    /// A progress bar of `len` steps with rate and ETA; inert unless stderr is a terminal.
    pub(crate) fn progress_bar(self, len: u64, what: &str) -> Progress {
        if !self.progress {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let template = format!("{what} {{bar:30}} {{pos}}/{{len}} {{rate}} ETA {{eta}} {{msg}}");
        bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&human_rate(state.per_sec()));
                    },
                ),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// A progress bar in bytes, with rate and ETA; inert unless stderr is a terminal.
    pub(crate) fn bytes_bar(self, len: u64, what: &str) -> Progress {
        if !self.progress {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        let template =
            format!("{what} {{bar:30}} {{bytes}}/{{total_bytes}} {{bytes_per_sec}} ETA {{eta}}");
        bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// A spinner for work of unknown length; inert unless stderr is a terminal.
    pub(crate) fn spinner(self) -> Progress {
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

/// How a question was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    Yes,
    No,
    /// Interrupted (Ctrl-C, SIGTERM) before an answer came.
    Interrupted,
}

/// A progress indicator that may be absent.
pub(crate) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A progress indicator that draws nothing.
    pub(crate) fn none() -> Self {
        Progress(None)
    }

    pub(crate) fn set_message(&self, message: String) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    pub(crate) fn set_length(&self, len: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(len);
        }
    }

    pub(crate) fn inc(&self, steps: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(steps);
        }
    }

    pub(crate) fn finish(&self) {
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

//! The command's results on stdout: locked once, buffered, flushed at the end, and one message
//! for a failure to write (a closed pipe is the common one).

use std::io::{self, BufWriter, StdoutLock, Write};

use anyhow::{Context as _, Result};
use time::OffsetDateTime;

use super::sink::{Row, Sink, sink};
use super::{Format, TableStyle};

/// What a failure to write a result says; the error it wraps tells why.
pub(crate) const WRITE_FAILED: &str = "cannot write to stdout";

/// A listing may be millions of rows: this many bytes go to the terminal or pipe at once.
const BUFFER_BYTES: usize = 64 * 1024;

/// A report of work done (closes, downloads) has rows that each wait on requests: they go out
/// in smaller pieces (std's default buffer), so that a reader sees rows while the work goes on.
const REPORT_BUFFER_BYTES: usize = 8 * 1024;

/// stdout, locked for the command's results and buffered. What is buffered is written by
/// [`Stdout::flush`]; a command that returns early on an error prints no partial rows beyond
/// what the buffer had already written.
pub(crate) struct Stdout {
    out: BufWriter<StdoutLock<'static>>,
}

impl Stdout {
    /// stdout for a listing, in large pieces.
    pub(crate) fn lock() -> Self {
        Self {
            out: BufWriter::with_capacity(BUFFER_BYTES, io::stdout().lock()),
        }
    }

    /// stdout for a report of work done, whose rows come as the work does: smaller pieces.
    pub(crate) fn lock_report() -> Self {
        Self {
            out: BufWriter::with_capacity(REPORT_BUFFER_BYTES, io::stdout().lock()),
        }
    }

    /// A sink that writes rows of `R` here in `format`; `now` gives tables their ages.
    pub(crate) fn sink<'s, R: Row + ?Sized + 's>(
        &'s mut self,
        format: Format,
        now: OffsetDateTime,
        style: TableStyle,
    ) -> Box<dyn Sink<R> + 's> {
        sink::<R>(format, Box::new(&mut self.out), now, style)
    }

    /// Writes out what is buffered.
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.out.flush().context(WRITE_FAILED)
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Prints a whole report of rows in `format` and flushes it. An empty report is printed too:
/// the format decides what none looks like (a JSON `[]`, for one).
pub(crate) fn print_rows<'r, R: Row + 'r>(
    format: Format,
    now: OffsetDateTime,
    style: TableStyle,
    rows: impl IntoIterator<Item = &'r R>,
) -> Result<()> {
    let mut stdout = Stdout::lock_report();
    let mut sink = stdout.sink::<R>(format, now, style);
    for row in rows {
        sink.write(row).context(WRITE_FAILED)?;
    }
    sink.finish().context(WRITE_FAILED)?;
    stdout.flush()
}

/// Prints one result (a line, a script) with `write` and flushes it.
pub(crate) fn print(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let mut stdout = Stdout::lock();
    write(&mut stdout).context(WRITE_FAILED)?;
    stdout.flush()
}

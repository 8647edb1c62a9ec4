//! The report of work that does not stop when its report cannot be written.
//!
//! A listing whose reader goes away (`azfh handles ls … | head`) may stop: nothing is lost but
//! rows nobody reads. Closes are different: once sent they happen, and a close run stopped
//! half-way by a closed pipe would leave handles neither closed nor reported. So a close report
//! goes on past a failed write, writes nothing more, and says so after the summary, which goes
//! to stderr and counts every record.

use std::io;

use super::sink::Sink;

/// A sink whose first failed write (or finish) is remembered instead of returned: the rows
/// after it are counted, not written.
pub(crate) struct WorkReport<'s, R: ?Sized> {
    sink: Box<dyn Sink<R> + 's>,
    records: u64,
    failure: Option<io::Error>,
}

/// How much of a report reached stdout. Which records did is not known: rows go out through a
/// buffer, and those in it when a write fails are lost with it.
#[derive(Debug)]
pub(crate) enum Delivery {
    /// Every record, and the end of the output (a JSON array's `]`, a table's last section).
    Whole,
    /// stdout's reader went away (a closed pipe) before the end of a report of `records`.
    ReaderGone { records: u64 },
    /// Writing failed otherwise (a full disk under a redirection, say).
    Failed { error: io::Error, records: u64 },
}

impl<'s, R: ?Sized> WorkReport<'s, R> {
    pub(crate) fn new(sink: Box<dyn Sink<R> + 's>) -> Self {
        Self {
            sink,
            records: 0,
            failure: None,
        }
    }

    /// Writes `row`, or only counts it when an earlier write failed.
    pub(crate) fn write(&mut self, row: &R) {
        self.records += 1;
        if self.failure.is_none()
            && let Err(error) = self.sink.write(row)
        {
            self.failure = Some(error);
        }
    }

    /// Completes the output (a table's last section, a JSON array's end) and flushes it.
    pub(crate) fn finish(self) -> Delivery {
        let Self {
            sink,
            records,
            failure,
        } = self;
        let failure = match failure {
            Some(error) => Some(error),
            None => sink.finish().err(),
        };
        match failure {
            None => Delivery::Whole,
            Some(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                Delivery::ReaderGone { records }
            }
            Some(error) => Delivery::Failed { error, records },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink whose writes fail from the `fail_at`th on (counting from 0), with `kind`, and
    /// that counts them; its finish fails after a failed write, or always with `finish_fails`.
    struct Failing {
        writes: std::rc::Rc<std::cell::Cell<u64>>,
        fail_at: u64,
        kind: io::ErrorKind,
        finish_fails: bool,
    }

    impl Sink<u32> for Failing {
        fn write(&mut self, _row: &u32) -> io::Result<()> {
            self.writes.set(self.writes.get() + 1);
            if self.writes.get() > self.fail_at {
                Err(io::Error::from(self.kind))
            } else {
                Ok(())
            }
        }

        fn finish(self: Box<Self>) -> io::Result<()> {
            if self.finish_fails || self.writes.get() > self.fail_at {
                Err(io::Error::from(self.kind))
            } else {
                Ok(())
            }
        }
    }

    /// `rows` rows through a report over [`Failing`]: the delivery, and the writes tried.
    fn report(fail_at: u64, kind: io::ErrorKind, rows: u32, finish_fails: bool) -> (Delivery, u64) {
        let writes = std::rc::Rc::default();
        let mut report = WorkReport::new(Box::new(Failing {
            writes: std::rc::Rc::clone(&writes),
            fail_at,
            kind,
            finish_fails,
        }));
        for row in 0..rows {
            report.write(&row);
        }
        (report.finish(), writes.get())
    }

    #[test]
    fn every_row_written_is_whole() {
        let (delivery, writes) = report(10, io::ErrorKind::BrokenPipe, 10, false);
        assert!(matches!(delivery, Delivery::Whole), "{delivery:?}");
        assert_eq!(writes, 10);
    }

    #[test]
    fn a_closed_pipe_is_written_to_once_and_every_row_is_counted() {
        let (delivery, writes) = report(3, io::ErrorKind::BrokenPipe, 10, false);
        assert!(
            matches!(delivery, Delivery::ReaderGone { records: 10 }),
            "{delivery:?}"
        );
        assert_eq!(writes, 4, "nothing is written after the write that failed");
    }

    #[test]
    fn another_failure_is_kept_with_the_count() {
        let (delivery, _) = report(0, io::ErrorKind::StorageFull, 4, false);
        let Delivery::Failed { error, records } = delivery else {
            panic!("a full disk is a failure: {delivery:?}");
        };
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(records, 4);
    }

    #[test]
    fn an_end_that_cannot_be_written_is_not_whole() {
        // Every row went into the sink; the flush at the end (or a JSON array's `]`) failed.
        let (delivery, _) = report(10, io::ErrorKind::BrokenPipe, 2, true);
        assert!(
            matches!(delivery, Delivery::ReaderGone { records: 2 }),
            "{delivery:?}"
        );
    }
}

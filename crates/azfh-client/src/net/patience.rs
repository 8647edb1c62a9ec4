//! How long one attempt waits for a server, and what the server had done when the wait ran
//! out. Two limits apply at once: the longest silence (`--timeout`: before the answer's head,
//! and between two pieces of its body, so a large answer on a slow link is fine as long as it
//! keeps coming) and the request's deadline (`--deadline`: across every attempt and the waits
//! between them, so a server that trickles its answer cannot hold a command forever either).

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// The limits one attempt waits under.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// The longest the server may stay silent.
    pub silence: Duration,
    /// When the request (every attempt of it) must be over.
    pub deadline: Instant,
}

/// Which limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfPatience {
    /// The server sent nothing for the longest silence allowed.
    Silence,
    /// The request's deadline passed.
    Deadline,
}

/// How far an answer had come when azfh stopped waiting for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing of it: not even its status line.
    Nothing,
    /// Its head and `bytes` bytes of its body.
    Body { bytes: u64 },
    /// Short of a whole answer, how far unknown: the attempt was cut off from outside its
    /// exchange (it was signing in, say).
    Unfinished,
}

/// `by` after `from`, or a century after it when `by` is longer (`--timeout 99999999999w` must
/// not overflow the clock).
pub(crate) fn later(from: Instant, by: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    from.checked_add(by.min(CENTURY)).unwrap_or(from)
}

impl Patience {
    /// Waits for `future` no longer than the silence allowed, nor past the deadline.
    pub async fn wait<F: Future>(&self, future: F) -> Result<F::Output, OutOfPatience> {
        let silence_ends = later(Instant::now(), self.silence);
        let (until, out) = if self.deadline <= silence_ends {
            (self.deadline, OutOfPatience::Deadline)
        } else {
            (silence_ends, OutOfPatience::Silence)
        };
        tokio::time::timeout_at(until, future)
            .await
            .map_err(|_| out)
    }
}

/// What a server did, for an error line: `sent nothing for 30s`, `sent its answer's headers
/// and 512 bytes, then nothing for 30s`.
pub fn went_silent(progress: Progress, silence: Duration) -> String {
    let silence = humantime::format_duration(silence);
    match progress {
        Progress::Nothing => format!("sent nothing for {silence}"),
        Progress::Body { bytes } => {
            format!("sent its answer's headers and {bytes} bytes, then nothing for {silence}")
        }
        Progress::Unfinished => format!("did not finish its answer within {silence}"),
    }
}

/// What a server was doing when the deadline passed, `waited` into the attempt (to a tenth of
/// a second): `sent nothing in 2s`, `was still sending its answer (3 bytes of its body in 3s)`;
/// then what the attempt `before` it met, if one did: `sent nothing in 300ms (the attempt
/// before: sent nothing for 1s)`.
pub fn at_the_deadline(progress: Progress, waited: Duration, before: Option<&str>) -> String {
    let last = last_attempt(progress, waited);
    match before {
        Some(before) => format!("{last} (the attempt before: {before})"),
        None => last,
    }
}

fn last_attempt(progress: Progress, waited: Duration) -> String {
    let tenths = u64::try_from(waited.as_millis() / 100).unwrap_or(u64::MAX);
    let waited = humantime::format_duration(Duration::from_millis(tenths.max(1) * 100));
    match progress {
        Progress::Nothing => format!("sent nothing in {waited}"),
        Progress::Body { bytes } => {
            format!("was still sending its answer ({bytes} bytes of its body in {waited})")
        }
        Progress::Unfinished => format!("had not finished its answer in {waited}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_nearer_limit_is_the_one_that_runs_out() {
        let never = std::future::pending::<()>;
        let patience = Patience {
            silence: Duration::from_millis(10),
            deadline: Instant::now() + Duration::from_secs(10),
        };
        assert_eq!(patience.wait(never()).await, Err(OutOfPatience::Silence));
        let patience = Patience {
            silence: Duration::from_secs(30),
            deadline: Instant::now() + Duration::from_millis(10),
        };
        assert_eq!(patience.wait(never()).await, Err(OutOfPatience::Deadline));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(
            patience.wait(never()).await,
            Err(OutOfPatience::Deadline),
            "a deadline already past"
        );
        assert_eq!(patience.wait(async { 7 }).await, Ok(7), "ready at once");
    }

    #[test]
    fn what_the_server_did_reads_as_a_sentence() {
        let second = Duration::from_secs(1);
        assert_eq!(
            went_silent(Progress::Nothing, second),
            "sent nothing for 1s"
        );
        assert_eq!(
            went_silent(Progress::Body { bytes: 5 }, second),
            "sent its answer's headers and 5 bytes, then nothing for 1s"
        );
        assert_eq!(
            at_the_deadline(
                Progress::Body { bytes: 2 },
                Duration::from_millis(3_004),
                None
            ),
            "was still sending its answer (2 bytes of its body in 3s)"
        );
        assert_eq!(
            at_the_deadline(
                Progress::Nothing,
                Duration::from_millis(640),
                Some("sent nothing for 1s")
            ),
            "sent nothing in 600ms (the attempt before: sent nothing for 1s)"
        );
    }
}

//! An interrupt the engines poll and wait on, so that interrupted work still finishes what is in
//! flight for a moment and reports what it did. The binary raises it on SIGINT (Ctrl-C) and
//! SIGTERM (what cron, systemd and `timeout` send); a library user raises it when it likes.
//!
//! The model every command follows: once raised, start nothing new; let what is in flight
//! finish for at most [`GRACE`] (a second signal ends the grace at once, if it comes at least
//! [`SAME_MOMENT`] after the first); then report, and
//! exit 130 (`ExitStatus::Interrupted`) whichever of the two signals it was, so that one
//! documented status means "interrupted".

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// How long work in flight may go on after an interrupt before it is abandoned and reported
/// as not confirmed: long enough for a request that was answered to be counted, short enough
/// that a stuck server cannot hold an interrupted run.
pub const GRACE: Duration = Duration::from_secs(5);

/// Signals this close together are one: `timeout` sends its SIGTERM both to azfh and to its
/// own process group, so azfh may receive it twice at once, and that must not cut the grace
/// short as a person's second Ctrl-C does.
pub const SAME_MOMENT: Duration = Duration::from_millis(500);

#[derive(Debug, Default)]
struct Inner {
    /// Signals received so far (those within `SAME_MOMENT` of the first count once).
    count: AtomicU32,
    /// When the first signal arrived.
    first: Mutex<Option<Instant>>,
    notify: Notify,
}

/// Raised once the work should stop: on SIGINT or SIGTERM in the binary.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<Inner>);

impl Interrupt {
    /// Raises the interrupt; a second raise at least [`SAME_MOMENT`] later ends the grace.
    pub fn raise(&self) {
        {
            let mut first = self
                .0
                .first
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match *first {
                Some(at) if at.elapsed() < SAME_MOMENT => return,
                Some(_) => {}
                None => *first = Some(Instant::now()),
            }
        }
        self.0.count.fetch_add(1, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_raised(&self) -> bool {
        self.0.count.load(Ordering::SeqCst) > 0
    }

    /// Completes once a signal has arrived.
    pub async fn raised(&self) {
        self.raised_times(1).await;
    }

    /// Completes when the grace for work in flight is over: [`GRACE`] after `raised`, or at
    /// once on a second signal.
    pub async fn grace_over(&self) {
        tokio::select! {
            () = tokio::time::sleep(GRACE) => {}
            () = self.raised_times(2) => {}
        }
    }

    async fn raised_times(&self, times: u32) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.0.count.load(Ordering::SeqCst) >= times {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_signal_ends_the_grace() {
        let interrupt = Interrupt::default();
        assert!(!interrupt.is_raised());
        interrupt.raise();
        interrupt.raised().await;
        assert!(interrupt.is_raised());
        let grace = interrupt.grace_over();
        tokio::pin!(grace);
        assert!(
            futures_util::FutureExt::now_or_never(grace.as_mut()).is_none(),
            "one signal: the grace runs"
        );
        std::thread::sleep(SAME_MOMENT);
        interrupt.raise();
        grace.await;
    }

    #[tokio::test]
    async fn two_signals_at_once_are_one() {
        let interrupt = Interrupt::default();
        interrupt.raise();
        interrupt.raise();
        let grace = interrupt.grace_over();
        tokio::pin!(grace);
        assert!(
            futures_util::FutureExt::now_or_never(grace.as_mut()).is_none(),
            "the grace still runs"
        );
    }
}

//! Ctrl-C as a signal the work can poll and wait on, so that an interrupted close still
//! reports what it did and prints where to resume.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

#[derive(Debug, Default)]
struct Inner {
    raised: AtomicBool,
    notify: Notify,
}

/// Set once Ctrl-C is pressed.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<Inner>);

impl Interrupt {
    /// Starts listening for Ctrl-C.
    pub fn listen() -> Self {
        let interrupt = Self::default();
        let raised = interrupt.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                raised.raise();
            }
        });
        interrupt
    }

    pub fn raise(&self) {
        self.0.raised.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_raised(&self) -> bool {
        self.0.raised.load(Ordering::SeqCst)
    }

    /// Completes once Ctrl-C has been pressed.
    pub async fn raised(&self) {
        loop {
            let notified = self.0.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_raised() {
                return;
            }
            notified.await;
        }
    }
}

//! SIGINT (Ctrl-C) and SIGTERM (what cron, systemd and `timeout` send) raise one
//! [`Interrupt`]: the commands hand it to the engines, which stop starting work, let what is in
//! flight finish for a grace, and report what they did (exit status 130).

pub(super) use azfh_client::ops::interrupt::{GRACE, Interrupt};

/// Starts listening for SIGINT and SIGTERM (on Windows, Ctrl-C).
pub(super) fn listen() -> Interrupt {
    let interrupt = Interrupt::default();
    let raised = interrupt.clone();
    tokio::spawn(async move {
        let mut signals = Signals::new();
        while signals.next().await {
            raised.raise();
        }
    });
    interrupt
}

/// The signals that interrupt: SIGINT and SIGTERM on Unix.
#[cfg(unix)]
struct Signals {
    interrupt: Option<tokio::signal::unix::Signal>,
    terminate: Option<tokio::signal::unix::Signal>,
}

#[cfg(unix)]
impl Signals {
    fn new() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        Self {
            interrupt: signal(SignalKind::interrupt()).ok(),
            terminate: signal(SignalKind::terminate()).ok(),
        }
    }

    /// Waits for the next signal; `false` when no signal can arrive any more.
    async fn next(&mut self) -> bool {
        async fn on(signal: Option<&mut tokio::signal::unix::Signal>) -> Option<()> {
            match signal {
                Some(signal) => signal.recv().await,
                None => std::future::pending().await,
            }
        }
        if self.interrupt.is_none() && self.terminate.is_none() {
            return false;
        }
        tokio::select! {
            got = on(self.interrupt.as_mut()) => got.is_some(),
            got = on(self.terminate.as_mut()) => got.is_some(),
        }
    }
}

/// The signals that interrupt: Ctrl-C elsewhere.
#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> Self {
        Self
    }

    async fn next(&mut self) -> bool {
        tokio::signal::ctrl_c().await.is_ok()
    }
}

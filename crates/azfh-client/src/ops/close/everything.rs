//! Closing everything under TARGET where the backend's service does it itself (`--all`):
//! one round after the other until the service says there is nothing more, an interrupt
//! comes, or a round fails.

use super::Closer;
use crate::backend::{CloseEverything, RoundFailed};

/// Why a close of everything stopped; what it closed is in its totals, and where it would
/// resume in its marker.
#[derive(Debug)]
pub enum EverythingEnded {
    /// The service said there is nothing more to close.
    Finished,
    /// An interrupt stopped it. `uncounted`: a round was sent whose answer did not come
    /// within the grace; it may have closed handles the totals do not count.
    Interrupted { uncounted: bool },
    /// A round failed; `interrupted`: an interrupt had come while it was in flight.
    /// `uncounted`: the round's answer came but could not be counted.
    Failed {
        error: anyhow::Error,
        interrupted: bool,
        uncounted: bool,
    },
}

impl Closer<'_> {
    /// Sends `closer`'s rounds until it finishes. An interrupt sends no new round; the round
    /// in flight is awaited for the interrupt's grace, so that what it closed is counted.
    pub async fn close_everything(&self, closer: &mut CloseEverything) -> EverythingEnded {
        loop {
            if self.interrupt.is_raised() {
                return EverythingEnded::Interrupted { uncounted: false };
            }
            let (round, interrupted) = {
                let round = closer.next_round();
                tokio::pin!(round);
                tokio::select! {
                    biased;
                    round = &mut round => (Some(round), false),
                    () = self.interrupt.raised() => {
                        self.observer.awaiting_round();
                        tokio::select! {
                            round = &mut round => (Some(round), true),
                            () = self.interrupt.grace_over() => (None, true),
                        }
                    }
                }
            };
            match round {
                Some(Err(RoundFailed { error, uncounted })) => {
                    return EverythingEnded::Failed {
                        error,
                        interrupted,
                        uncounted,
                    };
                }
                // A round abandoned after the grace may have closed handles nobody counted.
                round if interrupted => {
                    return EverythingEnded::Interrupted {
                        uncounted: round.is_none(),
                    };
                }
                Some(Ok(true)) => self.observer.round_closed(&closer.totals()),
                Some(Ok(false)) | None => return EverythingEnded::Finished,
            }
        }
    }
}

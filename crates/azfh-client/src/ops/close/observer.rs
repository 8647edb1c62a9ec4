//! What the close engine reports while it works, for a caller to show: it prints nothing
//! itself. Every method does nothing unless the caller says otherwise.

use std::time::Duration;

use crate::backend::CloseTotals;

/// Told of a close's progress as it happens.
pub trait CloseObserver {
    /// A listing of TARGET starts.
    fn listing_started(&self) {}

    /// The listing has read `pages` pages holding `seen` handles, `selected` of them
    /// selected.
    fn listed(&self, _pages: u64, _seen: usize, _selected: usize) {}

    /// The listing is over (finished, failed or interrupted).
    fn listing_ended(&self) {}

    /// One more handle given to [`Closer::close_each`](super::Closer::close_each) has its
    /// outcome (the closes `--verify` makes again are not counted here).
    fn handle_recorded(&self) {}

    /// An interrupt came with `requests` close requests in flight: they are awaited for at
    /// most the interrupt's grace.
    fn awaiting_in_flight(&self, _requests: usize) {}

    /// `--verify` starts watching TARGET for `window`.
    fn verify_started(&self, _window: Duration) {}

    /// `--verify` found `handles` handles open again and closes them.
    fn verify_closing_again(&self, _handles: usize) {}

    /// A round of a close of everything was answered: the totals so far.
    fn round_closed(&self, _totals: &CloseTotals) {}

    /// An interrupt came with a round of a close of everything in flight: it is awaited for
    /// at most the interrupt's grace.
    fn awaiting_round(&self) {}
}

//! What closing one batch of listed handles gives back, on every backend.

use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;

/// How closing one batch went.
pub struct BatchOutcome {
    pub results: Vec<(Handle, Outcome)>,
    /// The service pushed back (429, 503) on the way: the pacer slows down.
    pub throttled: bool,
    /// An error that should stop every further close (authorization).
    pub fatal: Option<anyhow::Error>,
}

//! Closing every handle under TARGET in one call: an optional capability of a backend (Azure
//! Files' `x-ms-handle-id: *`), which the service carries out itself in rounds that it chains
//! with markers. A backend without it gives none, and its `--all` closes what a listing
//! found, each by id.

use crate::azure::{AzureError, CloseLoop};

pub use crate::azure::CloseTotals;

/// A close of everything under TARGET in progress, one request a round.
pub enum CloseEverything {
    Azure(CloseLoop),
}

/// A round that failed.
#[derive(Debug)]
pub struct RoundFailed {
    pub error: anyhow::Error,
    /// An answer came but could not be counted (a count that is not a number, an oversized
    /// answer): the service acted on the round and may have closed any number of handles.
    pub uncounted: bool,
}

impl CloseEverything {
    /// Sends the next round and counts what it closed; `false` once the service has said
    /// there is nothing more (no round is then sent).
    pub async fn next_round(&mut self) -> Result<bool, RoundFailed> {
        match self {
            CloseEverything::Azure(rounds) => match rounds.next_round().await {
                Ok(round) => Ok(round.is_some()),
                Err(err) => {
                    // A repeated marker's round is counted: only an unreadable answer is not.
                    let uncounted =
                        matches!(err, AzureError::Decode { .. } | AzureError::TooLarge { .. });
                    Err(RoundFailed {
                        error: err.into(),
                        uncounted,
                    })
                }
            },
        }
    }

    /// What the rounds counted so far.
    pub fn totals(&self) -> CloseTotals {
        match self {
            CloseEverything::Azure(rounds) => rounds.totals(),
        }
    }

    /// Where `--marker` resumes the close if it stops now: until a round is answered, the
    /// marker it was started from (if any); `None` once the service has said there is nothing
    /// more.
    pub fn resume_marker(&self) -> Option<&str> {
        match self {
            CloseEverything::Azure(rounds) if rounds.is_finished() => None,
            CloseEverything::Azure(rounds) => rounds.resume_marker(),
        }
    }
}

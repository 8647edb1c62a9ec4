//! What happened to each handle a close selected.

use std::fmt;

use super::model::Handle;

/// The fate of one selected handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// This run closed it.
    Closed,
    /// The service closed nothing: the handle was already gone.
    AlreadyClosed,
    /// It is still open, or its close was sent and never confirmed (its answer had not come
    /// when the grace after an interrupt ran out: it may be closed); the reason says which.
    Failed(String),
    /// No close was ever sent for it (an interrupt or a stopping error came first): it is as
    /// open as it was. The reason says what stopped the run.
    NotAttempted(String),
}

impl Outcome {
    /// Turns the service's counts for one handle into its outcome.
    ///
    /// `ambiguous`: an earlier attempt of the request failed after the service may have acted
    /// on it (its answer was lost). Then "0 closed" means that attempt closed the handle.
    pub fn from_counts(closed: u64, failed: u64, ambiguous: bool) -> Self {
        if failed > 0 {
            Outcome::Failed("the service could not close it".into())
        } else if closed > 0 || ambiguous {
            Outcome::Closed
        } else {
            Outcome::AlreadyClosed
        }
    }

    /// `closed`, `already_closed`, `failed` or `not_attempted`: the `outcome` field of
    /// reports.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Closed => "closed",
            Outcome::AlreadyClosed => "already_closed",
            Outcome::Failed(_) => "failed",
            Outcome::NotAttempted(_) => "not_attempted",
        }
    }

    /// Why a handle was not closed: the `error` field of reports.
    pub fn error(&self) -> Option<&str> {
        match self {
            Outcome::Failed(reason) | Outcome::NotAttempted(reason) => Some(reason),
            Outcome::Closed | Outcome::AlreadyClosed => None,
        }
    }

    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed(_))
    }

    /// Whether this outcome of a later attempt on the same handle (`--verify` closing it
    /// again) replaces `earlier` in the report: a failure does, a close of a handle not
    /// already reported closed does, and a close never sent says nothing new.
    pub fn supersedes(&self, earlier: &Outcome) -> bool {
        match self {
            Outcome::NotAttempted(_) => false,
            Outcome::Failed(_) => true,
            Outcome::Closed | Outcome::AlreadyClosed => *earlier != Outcome::Closed,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A selected handle and its outcome: one row of a close report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseResult {
    pub handle: Handle,
    pub outcome: Outcome,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub closed: u64,
    pub already_closed: u64,
    pub failed: u64,
    pub not_attempted: u64,
}

impl Tally {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Closed => self.closed += 1,
            Outcome::AlreadyClosed => self.already_closed += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::NotAttempted(_) => self.not_attempted += 1,
        }
    }

    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Self {
        let mut tally = Self::default();
        for outcome in outcomes {
            tally.add(outcome);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_become_outcomes() {
        assert_eq!(Outcome::from_counts(1, 0, false), Outcome::Closed);
        assert_eq!(Outcome::from_counts(0, 0, false), Outcome::AlreadyClosed);
        assert_eq!(
            Outcome::from_counts(0, 0, true),
            Outcome::Closed,
            "a lost answer closed it"
        );
        assert!(Outcome::from_counts(0, 1, false).is_failed());
        assert!(
            Outcome::from_counts(1, 1, true).is_failed(),
            "a failure is never hidden"
        );
        let tally = Tally::of(&[
            Outcome::Closed,
            Outcome::Closed,
            Outcome::AlreadyClosed,
            Outcome::Failed("x".into()),
            Outcome::NotAttempted("interrupted".into()),
        ]);
        assert_eq!(
            tally,
            Tally {
                closed: 2,
                already_closed: 1,
                failed: 1,
                not_attempted: 1,
            }
        );
        assert!(
            !Outcome::NotAttempted("x".into()).is_failed(),
            "never sent is not a failure"
        );
        assert_eq!(Outcome::NotAttempted("x".into()).error(), Some("x"));
    }

    #[test]
    fn a_later_attempt_replaces_only_what_it_knows_better() {
        let failed = Outcome::Failed("x".into());
        let unsent = Outcome::NotAttempted("interrupted".into());
        assert!(Outcome::Closed.supersedes(&failed), "closed on a retry");
        assert!(
            failed.supersedes(&Outcome::Closed),
            "a failure is never hidden"
        );
        assert!(!Outcome::AlreadyClosed.supersedes(&Outcome::Closed));
        assert!(
            !unsent.supersedes(&failed),
            "an attempt interrupted before it was sent keeps the earlier record"
        );
    }
}

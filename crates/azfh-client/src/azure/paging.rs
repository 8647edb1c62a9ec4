//! The marker loop, written once: List Handles, List Directories and Files and Force Close
//! Handles all continue with an opaque marker until the service stops returning one.
//!
//! Facts it encodes: a page with no entries but a marker is not the end; only an absent or
//! empty marker is. A marker the service already sent is a server fault: the loop stops with
//! an error rather than spin.

use std::collections::HashSet;

use super::error::AzureError;

/// Where a marker-driven loop stands.
#[derive(Debug, Clone, Default)]
pub struct MarkerLoop {
    next: Option<String>,
    seen: HashSet<String>,
    finished: bool,
    rounds: u64,
}

impl MarkerLoop {
    /// Starts a loop, optionally resuming from a marker.
    pub fn new(resume_from: Option<String>) -> Self {
        let mut seen = HashSet::new();
        if let Some(marker) = &resume_from {
            seen.insert(marker.clone());
        }
        Self {
            next: resume_from,
            seen,
            finished: false,
            rounds: 0,
        }
    }

    /// The marker to send with the next request; `None` for the first one.
    pub fn marker(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// True once the service has answered without a marker.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Requests answered so far.
    pub fn rounds(&self) -> u64 {
        self.rounds
    }

    /// Records the marker an answer carried (`None` or empty: the end).
    pub fn advance(&mut self, returned: Option<&str>) -> Result<(), AzureError> {
        self.rounds += 1;
        match returned.filter(|marker| !marker.is_empty()) {
            None => {
                self.finished = true;
                self.next = None;
                Ok(())
            }
            Some(marker) => {
                if !self.seen.insert(marker.to_owned()) {
                    self.finished = true;
                    return Err(AzureError::RepeatedMarker {
                        marker: marker.to_owned(),
                    });
                }
                self.next = Some(marker.to_owned());
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_markers_to_the_end() {
        let mut markers = MarkerLoop::new(None);
        assert_eq!(markers.marker(), None);
        markers.advance(Some("1!4!YQ==")).unwrap();
        assert_eq!(markers.marker(), Some("1!4!YQ=="));
        markers.advance(Some("1!4!Yg==")).unwrap();
        assert!(!markers.is_finished());
        markers.advance(Some("")).unwrap();
        assert!(markers.is_finished());
        assert_eq!(markers.rounds(), 3);
    }

    #[test]
    fn repeated_or_cycling_markers_stop_with_an_error() {
        let mut markers = MarkerLoop::new(None);
        markers.advance(Some("a")).unwrap();
        assert!(matches!(
            markers.advance(Some("a")),
            Err(AzureError::RepeatedMarker { .. })
        ));
        assert!(markers.is_finished());

        let mut cycling = MarkerLoop::new(None);
        cycling.advance(Some("a")).unwrap();
        cycling.advance(Some("b")).unwrap();
        assert!(cycling.advance(Some("a")).is_err());

        let mut resumed = MarkerLoop::new(Some("m".into()));
        assert_eq!(resumed.marker(), Some("m"));
        assert!(resumed.advance(Some("m")).is_err());
    }
}

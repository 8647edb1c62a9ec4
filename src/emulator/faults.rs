//! Fault injection: what the emulator does wrong on purpose, changeable while it runs
//! (`azfh emulator` options, or `PUT /_emulator/faults` with a JSON body).

use serde::{Deserialize, Serialize};

/// Faults to inject. "Every Nth" counts the service requests the emulator receives
/// (1-based), so retries are counted too. Zero turns a fault off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Delay added to every request.
    pub latency_ms: u64,
    /// Every Nth request is answered 503 `ServerBusy`.
    pub busy_every: u64,
    /// The `Retry-After` seconds sent with `ServerBusy`.
    pub retry_after_secs: u64,
    /// Every Nth request is answered 500 `OperationTimedOut`.
    pub timeout_every: u64,
    /// Every Nth request has its connection dropped halfway through the answer.
    pub drop_every: u64,
    /// List answers return the marker they were given (a server fault clients must catch).
    pub repeat_marker: bool,
    /// Each listing page is preceded by an empty page that carries a marker.
    pub empty_pages: bool,
}

/// What to do with request number `sequence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injection {
    None,
    Busy,
    TimedOut,
    Drop,
}

impl Faults {
    /// The fault for request number `sequence` (1-based); a drop wins over error answers.
    pub fn injection(&self, sequence: u64) -> Injection {
        let hits = |every: u64| every > 0 && sequence.is_multiple_of(every);
        if hits(self.drop_every) {
            Injection::Drop
        } else if hits(self.busy_every) {
            Injection::Busy
        } else if hits(self.timeout_every) {
            Injection::TimedOut
        } else {
            Injection::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nth_request() {
        let faults = Faults {
            busy_every: 3,
            timeout_every: 5,
            drop_every: 15,
            ..Faults::default()
        };
        let seen: Vec<Injection> = (1..=15).map(|n| faults.injection(n)).collect();
        assert_eq!(seen[2], Injection::Busy);
        assert_eq!(seen[4], Injection::TimedOut);
        assert_eq!(seen[14], Injection::Drop);
        assert_eq!(seen[0], Injection::None);
        assert_eq!(Faults::default().injection(7), Injection::None);
        let parsed: Faults = serde_json::from_str(r#"{"busy_every":2}"#).unwrap();
        assert_eq!(parsed.busy_every, 2);
        assert!(serde_json::from_str::<Faults>(r#"{"bogus":1}"#).is_err());
    }
}

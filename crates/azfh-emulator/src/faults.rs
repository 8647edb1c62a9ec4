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
    /// Requests beyond N in one second are answered 503 `ServerBusy` (the account's rate
    /// limit); 0 is no limit.
    pub throttle_per_sec: u64,
    /// List answers return the marker they were given (a server fault clients must catch).
    pub repeat_marker: bool,
    /// Each listing page is preceded by an empty page that carries a marker.
    pub empty_pages: bool,
    /// Every request after the Nth is answered 503 `ServerBusy`: an outage.
    pub busy_after: u64,
    /// Handles closed by one `*` Force Close request at most (0: all), so that closing
    /// everything takes several marker rounds.
    pub close_batch: u64,
    /// Handles whose id is a multiple of N fail to close.
    pub fail_close_every: u64,
    /// These handle ids fail to close.
    pub fail_close_ids: Vec<u64>,
    /// A client reopens a closed handle after this many milliseconds (as a new handle).
    pub reopen_after_ms: u64,
    /// How many times in a row a client reopens (1 when `reopen_after_ms` is set and this is 0).
    pub reopen_times: u32,
    /// These handle ids are closed by someone else right after a listing shows them.
    pub vanish_ids: Vec<u64>,
    /// A writer changes each file after it has been read N times (its ETag changes).
    pub modify_after_reads: u64,
    /// Reading these share-relative paths is 409 `FileLockConflict` (an SMB byte-range lock).
    pub locked_paths: Vec<String>,
}

/// What to do with request number `sequence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injection {
    None,
    Busy,
    /// Over the `throttle_per_sec` rate (decided by the server, which keeps the time).
    Throttled,
    TimedOut,
    Drop,
}

impl Faults {
    /// Whether handle `id` refuses to close.
    pub fn fails_to_close(&self, id: u64) -> bool {
        (self.fail_close_every > 0 && id.is_multiple_of(self.fail_close_every))
            || self.fail_close_ids.contains(&id)
    }

    /// How many times a client reopens a closed handle.
    pub fn reopens(&self) -> u32 {
        if self.reopen_after_ms == 0 {
            0
        } else {
            self.reopen_times.max(1)
        }
    }

    /// The fault for request number `sequence` (1-based); a drop wins over error answers.
    pub fn injection(&self, sequence: u64) -> Injection {
        let hits = |every: u64| every > 0 && sequence.is_multiple_of(every);
        if self.busy_after > 0 && sequence > self.busy_after {
            Injection::Busy
        } else if hits(self.drop_every) {
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
        let outage = Faults {
            busy_after: 2,
            ..Faults::default()
        };
        assert_eq!(outage.injection(2), Injection::None);
        assert_eq!(outage.injection(3), Injection::Busy);
        let sticky = Faults {
            fail_close_every: 5,
            fail_close_ids: vec![7],
            ..Faults::default()
        };
        assert!(sticky.fails_to_close(10) && sticky.fails_to_close(7) && !sticky.fails_to_close(8));
        assert_eq!(
            Faults {
                reopen_after_ms: 10,
                ..Faults::default()
            }
            .reopens(),
            1
        );
        assert_eq!(Faults::default().reopens(), 0);
    }
}

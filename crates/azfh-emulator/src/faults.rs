//! Fault injection: what the emulator does wrong on purpose, changeable while it runs
//! (`azfh emulator` options, or `PUT /_emulator/faults` with a JSON body).

use serde::{Deserialize, Serialize};

/// Faults to inject. "Every Nth" counts the service requests the emulator receives
/// (1-based), so retries are counted too. Zero turns a fault off.
///
/// One declaration serves both ways in: the `azfh emulator` options (the help text below,
/// in the "Fault injection" section) and the JSON body of `PUT /_emulator/faults` (the field
/// names). Durations are given as `DUR` on the command line and in milliseconds in JSON; a
/// field JSON leaves out is zero (`Default`), an option not given takes the default its help
/// shows (`--retry-after 1`, `--reopen-times 1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, clap::Args)]
#[serde(default, deny_unknown_fields)]
#[command(next_help_heading = "Fault injection")]
pub struct Faults {
    /// Delay every request by DUR
    #[arg(long = "latency", value_name = "DUR", value_parser = parse_millis, default_value = "0", hide_default_value = true)]
    pub latency_ms: u64,

    /// Answer every Nth request 503 ServerBusy
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub busy_every: u64,

    /// Retry-After seconds sent with ServerBusy
    #[arg(long = "retry-after", value_name = "SECS", default_value_t = 1)]
    pub retry_after_secs: u64,

    /// Answer every Nth request 500 OperationTimedOut
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub timeout_every: u64,

    /// Drop the connection halfway through every Nth answer
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub drop_every: u64,

    /// Answer requests beyond N a second 503 ServerBusy (the account's rate limit)
    #[arg(long = "throttle", value_name = "N", default_value_t = 0)]
    pub throttle_per_sec: u64,

    /// Listing pages repeat the marker they were given (a server fault)
    #[arg(long)]
    pub repeat_marker: bool,

    /// Precede every listing page with an empty page that carries a marker
    #[arg(long)]
    pub empty_pages: bool,

    /// Answer every request after the Nth 503 ServerBusy (an outage)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub busy_after: u64,

    /// Close at most N handles per '*' Force Close request (more need marker rounds)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub close_batch: u64,

    /// Handles whose id is a multiple of N fail to close
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fail_close_every: u64,

    /// This handle id fails to close (repeatable)
    #[arg(long = "fail-close", value_name = "ID")]
    pub fail_close_ids: Vec<u64>,

    /// Clients reopen a closed handle (as a new handle) after DUR
    #[arg(long = "reopen-after", value_name = "DUR", value_parser = parse_millis, default_value = "0", hide_default_value = true)]
    pub reopen_after_ms: u64,

    /// How many times in a row a client reopens
    // 0 in JSON counts as 1 once `reopen_after_ms` is set: see `reopens`.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub reopen_times: u32,

    /// These handle ids are closed by someone else right after a listing shows them (JSON only).
    #[arg(skip)]
    pub vanish_ids: Vec<u64>,

    /// A writer changes each file after it has been read N times (its ETag changes)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub modify_after_reads: u64,

    /// Reading this share-relative path is 409 FileLockConflict (repeatable)
    #[arg(long = "lock", value_name = "PATH")]
    pub locked_paths: Vec<String>,
}

/// A `DUR` option (`250ms`, `2s`) in whole milliseconds, saturating.
fn parse_millis(text: &str) -> Result<u64, humantime::DurationError> {
    let duration = humantime::parse_duration(text)?;
    Ok(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
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

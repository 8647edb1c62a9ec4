//! When to retry a request, and how long to wait: a pure policy.
//!
//! Retried: 408, 429, 500, 502, 503 and 504 answers, and connection-level failures (refused,
//! reset, a body cut short, a timeout). Waits grow exponentially with jitter ("equal jitter":
//! half fixed, half random, so synchronized clients spread out), a `Retry-After` from the
//! service replaces the computed wait, and both the number of retries and the total time are
//! bounded. The transport re-signs every attempt (a fresh `x-ms-date`).

use std::time::Duration;

/// The retry budget of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Wait before the first retry (before jitter).
    pub base_delay: Duration,
    /// Longest computed wait between two attempts.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(20),
            deadline: Duration::from_secs(120),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    RetryAfter(Duration),
    GiveUp(GiveUpReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiveUpReason {
    /// The failure is not transient.
    NotRetryable,
    /// `max_retries` retries were made.
    RetriesExhausted,
    /// Waiting would pass the deadline.
    Deadline,
}

/// Whether an HTTP status is worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// Decides after attempt number `retries_done + 1` failed.
    ///
    /// `retryable`: whether the failure is transient; `elapsed`: time since the first attempt;
    /// `retry_after`: the service's hint; `jitter`: a random number in `[0, 1)`.
    pub fn decide(
        &self,
        retryable: bool,
        retries_done: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Decision {
        if !retryable {
            return Decision::GiveUp(GiveUpReason::NotRetryable);
        }
        if retries_done >= self.max_retries {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted);
        }
        let wait = retry_after.unwrap_or_else(|| self.backoff(retries_done, jitter));
        if elapsed + wait > self.deadline {
            return Decision::GiveUp(GiveUpReason::Deadline);
        }
        Decision::RetryAfter(wait)
    }

    /// `base · 2^n`, capped, then half of it randomized.
    fn backoff(&self, retries_done: u32, jitter: f64) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retries_done.min(20)))
            .min(self.max_delay);
        let half = exponential / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// Parses a `Retry-After` value: delay seconds, or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>()
        && seconds.is_finite()
        && seconds >= 0.0
    {
        return Some(Duration::from_secs_f64(seconds));
    }
    httpdate::parse_http_date(value)
        .ok()
        .map(|at| at.duration_since(now).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            deadline: Duration::from_secs(2),
        }
    }

    #[test]
    fn backoff_doubles_with_equal_jitter_and_caps() {
        let p = policy();
        let wait = |n, jitter| match p.decide(true, n, Duration::ZERO, None, jitter) {
            Decision::RetryAfter(wait) => wait,
            Decision::GiveUp(reason) => panic!("{reason:?}"),
        };
        assert_eq!(wait(0, 0.0), Duration::from_millis(50));
        let top = wait(0, 0.999_999);
        assert!(
            top > Duration::from_micros(99_990) && top < Duration::from_millis(100),
            "{top:?}"
        );
        assert_eq!(wait(1, 0.0), Duration::from_millis(100));
        assert_eq!(wait(2, 1.0), Duration::from_millis(300));
    }

    #[test]
    fn gives_up_for_the_right_reasons() {
        let p = policy();
        assert_eq!(
            p.decide(false, 0, Duration::ZERO, None, 0.5),
            Decision::GiveUp(GiveUpReason::NotRetryable)
        );
        assert_eq!(
            p.decide(true, 3, Duration::ZERO, None, 0.5),
            Decision::GiveUp(GiveUpReason::RetriesExhausted)
        );
        assert_eq!(
            p.decide(true, 0, Duration::from_millis(1_990), None, 0.5),
            Decision::GiveUp(GiveUpReason::Deadline)
        );
    }

    #[test]
    fn retry_after_replaces_the_backoff() {
        let p = policy();
        assert_eq!(
            p.decide(true, 0, Duration::ZERO, Some(Duration::from_secs(1)), 0.0),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            p.decide(true, 0, Duration::ZERO, Some(Duration::from_secs(5)), 0.0),
            Decision::GiveUp(GiveUpReason::Deadline)
        );
    }

    #[test]
    fn retryable_statuses() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(status));
        }
        for status in [400, 401, 403, 404, 409, 412, 416, 501] {
            assert!(!is_retryable_status(status));
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("0.5", now),
            Some(Duration::from_millis(500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}

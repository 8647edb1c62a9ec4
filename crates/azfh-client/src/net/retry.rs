//! When to retry a request, and how long to wait: a pure policy.
//!
//! Retried: 408, 429, 500, 502, 503 and 504 answers, and connection-level failures (refused,
//! reset, a body cut short, a timeout). Waits grow exponentially with jitter ("equal jitter":
//! half fixed, half random, so synchronized clients spread out), a `Retry-After` from the
//! service replaces the computed wait, and both the number of retries and the total time are
//! bounded. The transport re-signs every attempt (a fresh `x-ms-date`).
//!
//! No wait is ever longer than [`MAX_WAIT`] (60 s): a service that asks for more (`Retry-After:
//! 1e300`, a date next year) is not waited for at all; the request gives up at once with an
//! error that says so. Every computation here saturates: nothing a server sends can overflow.

use std::time::{Duration, SystemTime};

/// The longest azfh waits between two attempts, whatever the service asks for.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// A `Retry-After` header, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this long (at most [`MAX_WAIT`]).
    Wait(Duration),
    /// The service asked for a wait longer than [`MAX_WAIT`].
    TooLong,
}

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
    /// The service asked for a wait longer than [`MAX_WAIT`].
    WaitTooLong,
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
        retry_after: Option<RetryAfter>,
        jitter: f64,
    ) -> Decision {
        if !retryable {
            return Decision::GiveUp(GiveUpReason::NotRetryable);
        }
        if retries_done >= self.max_retries {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted);
        }
        let wait = match retry_after {
            Some(RetryAfter::Wait(wait)) => wait,
            Some(RetryAfter::TooLong) => return Decision::GiveUp(GiveUpReason::WaitTooLong),
            None => self.backoff(retries_done, jitter),
        }
        .min(MAX_WAIT);
        if elapsed.saturating_add(wait) > self.deadline {
            return Decision::GiveUp(GiveUpReason::Deadline);
        }
        Decision::RetryAfter(wait)
    }

    /// `base · 2^n`, capped, then half of it randomized.
    fn backoff(&self, retries_done: u32, jitter: f64) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retries_done.min(20)))
            .min(self.max_delay)
            .min(MAX_WAIT);
        let half = exponential / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// Parses a `Retry-After` value: delay seconds (RFC 9110; fractional seconds, which some
/// gateways send, are accepted too), or an HTTP date (relative to `now`; a past date means no
/// wait). Anything else (negative, not a number, NaN) is `None`: the computed backoff applies.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<RetryAfter> {
    let value = value.trim();
    let wait = if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() {
        // Too many digits for a u64 is still a number of seconds: a very long one.
        value
            .parse::<u64>()
            .map_or(Duration::MAX, Duration::from_secs)
    } else if let Ok(seconds) = value.parse::<f64>() {
        if seconds.is_nan() || seconds < 0.0 {
            return None;
        }
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or_default()
    };
    Some(if wait > MAX_WAIT {
        RetryAfter::TooLong
    } else {
        RetryAfter::Wait(wait)
    })
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
        let wait = |secs| Some(RetryAfter::Wait(Duration::from_secs(secs)));
        assert_eq!(
            p.decide(true, 0, Duration::ZERO, wait(1), 0.0),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            p.decide(true, 0, Duration::ZERO, wait(5), 0.0),
            Decision::GiveUp(GiveUpReason::Deadline)
        );
        assert_eq!(
            p.decide(true, 0, Duration::ZERO, Some(RetryAfter::TooLong), 0.0),
            Decision::GiveUp(GiveUpReason::WaitTooLong)
        );
    }

    #[test]
    fn no_elapsed_time_or_wait_overflows_the_deadline_check() {
        let p = RetryPolicy {
            deadline: Duration::MAX,
            ..policy()
        };
        assert_eq!(
            p.decide(
                true,
                0,
                Duration::MAX,
                Some(RetryAfter::Wait(MAX_WAIT)),
                0.5
            ),
            Decision::RetryAfter(MAX_WAIT)
        );
        let generous = RetryPolicy {
            max_delay: Duration::MAX,
            base_delay: Duration::MAX,
            deadline: Duration::MAX,
            max_retries: u32::MAX,
        };
        assert_eq!(
            generous.decide(true, u32::MAX - 1, Duration::ZERO, None, 1.0),
            Decision::RetryAfter(MAX_WAIT),
            "no computed wait exceeds the ceiling either"
        );
    }

    #[test]
    fn hostile_retry_after_values_never_panic_and_never_exceed_the_ceiling() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        for value in [
            "1e300",
            "18446744073709551616",
            "99999999999999999999999999999999",
            "1.8446744073709552e19",
            "inf",
            "61",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            assert_eq!(
                parse_retry_after(value, now),
                Some(RetryAfter::TooLong),
                "{value}"
            );
        }
        for value in ["-1", "-0.5", "NaN", "", " ", "+", "-inf", "soon"] {
            assert_eq!(parse_retry_after(value, now), None, "{value}");
        }
        assert_eq!(
            parse_retry_after("0.0000000001", now),
            Some(RetryAfter::Wait(Duration::ZERO))
        );
        assert_eq!(
            parse_retry_after("60", now),
            Some(RetryAfter::Wait(MAX_WAIT))
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now),
            Some(RetryAfter::Wait(Duration::ZERO)),
            "a date in the past: no wait"
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
        let wait = |d| Some(RetryAfter::Wait(d));
        assert_eq!(parse_retry_after("3", now), wait(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("0.5", now),
            wait(Duration::from_millis(500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            parse_retry_after(&later, now),
            wait(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}

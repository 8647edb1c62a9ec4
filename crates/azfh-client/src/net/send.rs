//! The one retry loop: attempt, classify the failure, wait as the [`RetryPolicy`] (or the
//! service's `Retry-After`) says, or give up. Each backend supplies its attempt (building,
//! authorizing and classifying one request) and what giving up means in its own errors.
//!
//! The policy's deadline bounds the whole request: no wait runs past it, each attempt is told
//! it (its exchange stops there, saying how far the answer had come), and an attempt still
//! running a moment after it is cut off here, whatever it was waiting for.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;
use tracing::debug;

use super::failure::{Failure, Rejection};
use super::patience::{Progress, later};
use super::retry::{Decision, GiveUpReason, RetryPolicy};

/// How long after the deadline an attempt that did not stop by itself is cut off: its
/// exchange stops at the deadline, and reports better than this cut can.
const DEADLINE_GRACE: Duration = Duration::from_millis(250);

/// A successful answer, and what the failed attempts before it say.
#[derive(Debug)]
pub(crate) struct Delivered<T> {
    pub(crate) value: T,
    /// An earlier attempt failed after the service may have acted on it (its answer was lost,
    /// or a gateway failed): for a close, "0 closed" may mean this request closed it.
    pub(crate) ambiguous: bool,
    /// An earlier attempt was throttled (429 or 503): the caller may want to slow down.
    pub(crate) throttled: bool,
}

/// The last failure, when the policy said to stop.
#[derive(Debug)]
pub(crate) struct GaveUp<R> {
    pub(crate) failure: Failure<R>,
    /// Attempts made, the last one included.
    pub(crate) attempts: u32,
    pub(crate) reason: GiveUpReason,
}

/// Runs `attempt` (given its number, from 1, and the request's deadline) until it succeeds or
/// `policy` says to stop; then `give_up` turns the last failure into the backend's error. An
/// `Err` from `attempt` is fatal (no credential, say) and returned at once.
pub(crate) async fn send_with_retry<T, R, E, Attempt, Fut>(
    operation: &str,
    policy: RetryPolicy,
    mut attempt: Attempt,
    give_up: impl FnOnce(GaveUp<R>) -> E,
) -> Result<Delivered<T>, E>
where
    R: Rejection,
    Attempt: FnMut(u32, Instant) -> Fut,
    Fut: Future<Output = Result<Result<T, Failure<R>>, E>>,
{
    let started = Instant::now();
    let deadline = later(started, policy.deadline);
    let mut retries = 0;
    let (mut ambiguous, mut throttled) = (false, false);
    let mut previous: Option<String> = None;
    loop {
        let number = retries + 1;
        let attempt_started = Instant::now();
        let outcome =
            tokio::time::timeout_at(later(deadline, DEADLINE_GRACE), attempt(number, deadline))
                .await;
        let outcome = outcome.unwrap_or_else(|_| {
            Ok(Err(Failure::Deadline {
                waited: attempt_started.elapsed(),
                progress: Progress::Unfinished,
                before: None,
            }))
        });
        let mut failure = match outcome? {
            Ok(value) => {
                return Ok(Delivered {
                    value,
                    ambiguous,
                    throttled,
                });
            }
            Err(failure) => failure,
        };
        if let Failure::Deadline { before, .. } = &mut failure {
            *before = previous.take();
        }
        ambiguous |= failure.maybe_processed();
        throttled |= failure.throttled();
        let policy = RetryPolicy {
            max_retries: failure
                .retry_cap()
                .map_or(policy.max_retries, |cap| cap.min(policy.max_retries)),
            ..policy
        };
        match policy.decide(
            failure.retryable(),
            retries,
            started.elapsed(),
            failure.retry_after(),
            fastrand::f64(),
        ) {
            Decision::RetryAfter(wait) => {
                debug!(
                    target: "azfh::http",
                    "{operation} attempt {number} failed ({}); retrying in {} ms",
                    failure.summary(),
                    wait.as_millis()
                );
                tokio::time::sleep(wait).await;
                retries += 1;
                previous = Some(failure.summary());
            }
            Decision::GiveUp(reason) => {
                return Err(give_up(GaveUp {
                    failure,
                    attempts: number,
                    reason,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    struct Status(u16);

    impl Rejection for Status {
        fn status(&self) -> u16 {
            self.0
        }

        fn summary(&self) -> String {
            self.0.to_string()
        }
    }

    fn quick(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            deadline: Duration::from_secs(60),
        }
    }

    fn busy() -> Failure<Status> {
        Failure::Service {
            rejection: Status(503),
            retry_after: None,
        }
    }

    #[tokio::test]
    async fn retries_until_an_answer_and_says_what_came_before() {
        let numbers = std::sync::Mutex::new(Vec::new());
        let delivered = send_with_retry(
            "op",
            quick(5),
            |number, _| {
                numbers.lock().unwrap().push(number);
                async move {
                    Ok::<_, String>(match number {
                        1 => Err(busy()),
                        2 => Err(Failure::Timeout {
                            silence: Duration::from_secs(1),
                            progress: Progress::Nothing,
                        }),
                        _ => Ok("answer"),
                    })
                }
            },
            |_| "gave up".to_owned(),
        )
        .await
        .unwrap();
        assert_eq!(delivered.value, "answer");
        assert!(delivered.throttled, "the 503");
        assert!(delivered.ambiguous, "the timeout");
        assert_eq!(*numbers.lock().unwrap(), [1, 2, 3]);
    }

    #[tokio::test]
    async fn gives_up_with_the_last_failure_and_the_attempts_made() {
        let result = send_with_retry(
            "op",
            quick(2),
            |_, _| async { Ok::<Result<(), _>, String>(Err(busy())) },
            |gave_up| {
                assert!(matches!(gave_up.failure, Failure::Service { .. }));
                assert_eq!(gave_up.reason, GiveUpReason::RetriesExhausted);
                format!("{} attempts", gave_up.attempts)
            },
        )
        .await;
        assert_eq!(result.unwrap_err(), "3 attempts");

        let result = send_with_retry(
            "op",
            quick(2),
            |_, _| async {
                Ok::<Result<(), _>, String>(Err(Failure::Service {
                    rejection: Status(404),
                    retry_after: None,
                }))
            },
            |gave_up| format!("{:?} after {}", gave_up.reason, gave_up.attempts),
        )
        .await;
        assert_eq!(result.unwrap_err(), "NotRetryable after 1");
    }

    #[tokio::test]
    async fn a_fatal_error_stops_at_once() {
        let calls = AtomicU32::new(0);
        let result = send_with_retry(
            "op",
            quick(5),
            |_, _| {
                calls.fetch_add(1, Ordering::Relaxed);
                async { Err::<Result<(), Failure<Status>>, _>("no token".to_owned()) }
            },
            |_| "gave up".to_owned(),
        )
        .await;
        assert_eq!(result.unwrap_err(), "no token");
        assert_eq!(calls.load(Ordering::Relaxed), 1);
    }
}

#[cfg(test)]
mod deadline_tests {
    use std::time::Duration;

    use super::*;

    struct Status(u16);

    impl Rejection for Status {
        fn status(&self) -> u16 {
            self.0
        }

        fn summary(&self) -> String {
            self.0.to_string()
        }
    }

    #[tokio::test]
    async fn an_attempt_that_outlives_the_deadline_is_cut_off() {
        let policy = RetryPolicy {
            max_retries: 5,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            deadline: Duration::from_millis(50),
        };
        let started = std::time::Instant::now();
        let result = send_with_retry(
            "op",
            policy,
            |_, _| std::future::pending::<Result<Result<(), Failure<Status>>, String>>(),
            |gave_up| {
                assert!(matches!(
                    gave_up.failure,
                    Failure::Deadline {
                        progress: Progress::Unfinished,
                        ..
                    }
                ));
                format!("{:?} after {}", gave_up.reason, gave_up.attempts)
            },
        )
        .await;
        assert_eq!(result.unwrap_err(), "NotRetryable after 1");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn an_answer_that_is_not_http_is_retried_once() {
        let policy = RetryPolicy {
            max_retries: 6,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            deadline: Duration::from_secs(60),
        };
        let result = send_with_retry(
            "op",
            policy,
            |_, _| async {
                Ok::<Result<(), _>, String>(Err(Failure::<Status>::Network {
                    message: String::new(),
                    sent: true,
                    certificate: None,
                    unresolved: false,
                    not_http: true,
                }))
            },
            |gave_up| format!("{:?} after {}", gave_up.reason, gave_up.attempts),
        )
        .await;
        assert_eq!(result.unwrap_err(), "RetriesExhausted after 2");
    }
}

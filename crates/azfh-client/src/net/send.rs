//! The one retry loop: attempt, classify the failure, wait as the [`RetryPolicy`] (or the
//! service's `Retry-After`) says, or give up. Each backend supplies its attempt (building,
//! authorizing and classifying one request) and what giving up means in its own errors.

use std::future::Future;
use std::time::Instant;

use tracing::debug;

use super::failure::{Failure, Rejection};
use super::retry::{Decision, GiveUpReason, RetryPolicy};

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

/// Runs `attempt` (given its number, from 1) until it succeeds or `policy` says to stop; then
/// `give_up` turns the last failure into the backend's error. An `Err` from `attempt` is fatal
/// (no credential, say) and returned at once.
pub(crate) async fn send_with_retry<T, R, E, Attempt, Fut>(
    operation: &str,
    policy: RetryPolicy,
    mut attempt: Attempt,
    give_up: impl FnOnce(GaveUp<R>) -> E,
) -> Result<Delivered<T>, E>
where
    R: Rejection,
    Attempt: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<Result<T, Failure<R>>, E>>,
{
    let started = Instant::now();
    let mut retries = 0;
    let (mut ambiguous, mut throttled) = (false, false);
    loop {
        let number = retries + 1;
        let failure = match attempt(number).await? {
            Ok(value) => {
                return Ok(Delivered {
                    value,
                    ambiguous,
                    throttled,
                });
            }
            Err(failure) => failure,
        };
        ambiguous |= failure.maybe_processed();
        throttled |= failure.throttled();
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
            |number| {
                numbers.lock().unwrap().push(number);
                async move {
                    Ok::<_, String>(match number {
                        1 => Err(busy()),
                        2 => Err(Failure::Timeout),
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
            |_| async { Ok::<Result<(), _>, String>(Err(busy())) },
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
            |_| async {
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
            |_| {
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

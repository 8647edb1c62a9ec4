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

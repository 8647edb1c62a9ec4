//! One request and its answer, bounded: in time (the attempt's [`Patience`]: no silence longer
//! than the timeout, before the head or within the body, and nothing past the request's
//! deadline) and in size (a successful answer up to the request's limit, an error answer's
//! first bytes).

use std::time::SystemTime;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::body::{BodyError, ERROR_BODY_LIMIT, read_at_most, read_prefix};
use super::body_sink::{BodySink, stream_at_most};
use super::failure::Failure;
use super::patience::{OutOfPatience, Patience, Progress};
use super::retry::{RetryAfter, parse_retry_after};

/// An answer, body read (in full for a 2xx, its first [`ERROR_BODY_LIMIT`] bytes otherwise).
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Header `name` as text; `None` when it is absent or not visible ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The wait the `Retry-After` header asks for.
    pub(crate) fn retry_after(&self) -> Option<RetryAfter> {
        self.header("retry-after")
            .and_then(|value| parse_retry_after(value, SystemTime::now()))
    }
}

/// Sends `request` and reads its answer under `patience`, a successful body of at most
/// `body_limit` bytes. `scrub` removes secrets from the text of a failure.
pub(crate) async fn exchange<R>(
    request: reqwest::RequestBuilder,
    patience: Patience,
    body_limit: u64,
    scrub: &(dyn Fn(&str) -> String + Sync),
) -> Result<Answer, Failure<R>> {
    exchange_with(request, patience, body_limit, scrub, None).await
}

/// [`exchange`], with a successful body given to `sink` as it arrives instead of collected:
/// the answer's `body` is then empty (`sink` says how much it took).
pub(crate) async fn exchange_into<R>(
    request: reqwest::RequestBuilder,
    patience: Patience,
    body_limit: u64,
    scrub: &(dyn Fn(&str) -> String + Sync),
    sink: &dyn BodySink,
) -> Result<Answer, Failure<R>> {
    exchange_with(request, patience, body_limit, scrub, Some(sink)).await
}

/// The one exchange: a successful body collected, or given to `sink` when there is one.
async fn exchange_with<R>(
    request: reqwest::RequestBuilder,
    patience: Patience,
    body_limit: u64,
    scrub: &(dyn Fn(&str) -> String + Sync),
    sink: Option<&dyn BodySink>,
) -> Result<Answer, Failure<R>> {
    let started = tokio::time::Instant::now();
    let exchange = async {
        let response = patience
            .wait(request.send())
            .await
            .map_err(|out| BodyError::Stalled {
                out,
                progress: Progress::Nothing,
            })?
            .map_err(BodyError::Read)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match (response.status().is_success(), sink) {
            (true, Some(sink)) => {
                stream_at_most(response, body_limit, sink, &patience).await?;
                Bytes::new()
            }
            (true, None) => read_at_most(response, body_limit, &patience).await?,
            (false, _) => read_prefix(response, ERROR_BODY_LIMIT, &patience).await?,
        };
        Ok::<_, BodyError>(Answer {
            status,
            headers,
            body,
        })
    };
    match exchange.await {
        Err(BodyError::Stalled {
            out: OutOfPatience::Silence,
            progress,
        }) => Err(Failure::Timeout {
            silence: patience.silence,
            progress,
        }),
        Err(BodyError::Stalled {
            out: OutOfPatience::Deadline,
            progress,
        }) => Err(Failure::Deadline {
            waited: started.elapsed(),
            progress,
            before: None,
        }),
        Err(BodyError::TooLarge { limit }) => Err(Failure::TooLarge { limit }),
        Err(BodyError::Read(err)) => Err(Failure::network(&err, scrub)),
        Ok(answer) => Ok(answer),
    }
}

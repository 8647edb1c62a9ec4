//! One request and its answer, bounded: in time (the attempt's timeout covers the body too)
//! and in size (a successful answer up to the request's limit, an error answer's first bytes).

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::body::{BodyError, ERROR_BODY_LIMIT, read_at_most, read_prefix};
use super::body_sink::{BodySink, stream_at_most};
use super::failure::Failure;
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

/// Sends `request` and reads its answer within `timeout`, a successful body of at most
/// `body_limit` bytes. `scrub` removes secrets from the text of a failure.
pub(crate) async fn exchange<R>(
    request: reqwest::RequestBuilder,
    timeout: Duration,
    body_limit: u64,
    scrub: &(dyn Fn(&str) -> String + Sync),
) -> Result<Answer, Failure<R>> {
    let exchange = async {
        let response = request.send().await.map_err(BodyError::Read)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = if response.status().is_success() {
            read_at_most(response, body_limit).await?
        } else {
            read_prefix(response, ERROR_BODY_LIMIT)
                .await
                .map_err(BodyError::Read)?
        };
        Ok::<_, BodyError>(Answer {
            status,
            headers,
            body,
        })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Err(_) => Err(Failure::Timeout),
        Ok(Err(BodyError::TooLarge { limit })) => Err(Failure::TooLarge { limit }),
        Ok(Err(BodyError::Read(err))) => Err(Failure::network(&err, scrub)),
        Ok(Ok(answer)) => Ok(answer),
    }
}

/// [`exchange`], with a successful body given to `sink` as it arrives instead of collected:
/// the answer's `body` is then empty (`sink` says how much it took).
pub(crate) async fn exchange_into<R>(
    request: reqwest::RequestBuilder,
    timeout: Duration,
    body_limit: u64,
    scrub: &(dyn Fn(&str) -> String + Sync),
    sink: &dyn BodySink,
) -> Result<Answer, Failure<R>> {
    let exchange = async {
        let response = request.send().await.map_err(BodyError::Read)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = if response.status().is_success() {
            stream_at_most(response, body_limit, sink).await?;
            Bytes::new()
        } else {
            read_prefix(response, ERROR_BODY_LIMIT)
                .await
                .map_err(BodyError::Read)?
        };
        Ok::<_, BodyError>(Answer {
            status,
            headers,
            body,
        })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Err(_) => Err(Failure::Timeout),
        Ok(Err(BodyError::TooLarge { limit })) => Err(Failure::TooLarge { limit }),
        Ok(Err(BodyError::Read(err))) => Err(Failure::network(&err, scrub)),
        Ok(Ok(answer)) => Ok(answer),
    }
}

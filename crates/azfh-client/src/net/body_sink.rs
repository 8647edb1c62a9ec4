//! A successful answer's body written where it belongs as it arrives, instead of collected in
//! memory first.
//!
//! A ranged read of a download collected whole (4 MiB) and then written costs a copy of every
//! byte and puts the write after the last byte's arrival, on the path of the next read. Given a
//! sink, each piece hyper hands over is written at once, so the network and the page cache
//! work side by side. The body stays bounded: no byte past the request's limit is ever given
//! to the sink.

use std::ops::ControlFlow;
use std::sync::Arc;

use super::body::{BodyError, next_chunk};
use super::patience::Patience;

/// Where a successful body goes: a sink is given the bytes of one attempt's body, in order,
/// from offset 0. A retried request starts again from 0 (with [`BodySink::begin`]).
pub(crate) trait BodySink: Send + Sync {
    /// An attempt's body starts: what an earlier attempt gave is to be overwritten.
    fn begin(&self);

    /// Takes `data`, the body's bytes from `offset`. `Break` stops reading: the sink could not
    /// take them (a local write failed) and keeps its own error for its owner, since a failed
    /// local write is no network failure to retry.
    fn take(&self, offset: u64, data: &[u8]) -> ControlFlow<()>;

    /// How many bytes of the current attempt's body were taken.
    fn taken(&self) -> u64;
}

/// A sink shared by a request and its owner.
#[derive(Clone)]
pub(crate) struct SharedSink(pub(crate) Arc<dyn BodySink>);

impl std::fmt::Debug for SharedSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedSink")
    }
}

/// Gives the whole body to `sink`, refusing one longer than `limit` bytes before the first
/// byte past it reaches the sink.
pub(crate) async fn stream_at_most(
    mut response: reqwest::Response,
    limit: u64,
    sink: &dyn BodySink,
    patience: &Patience,
) -> Result<(), BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(BodyError::TooLarge { limit });
    }
    sink.begin();
    let mut offset = 0_u64;
    while let Some(chunk) = next_chunk(&mut response, patience, offset).await? {
        let end = offset + chunk.len() as u64;
        if end > limit {
            return Err(BodyError::TooLarge { limit });
        }
        if sink.take(offset, &chunk).is_break() {
            break;
        }
        offset = end;
    }
    Ok(())
}

//! Reading an answer's body with a bound: nothing a server sends can make azfh hold more than
//! the operation needs. Each operation names its limit (a listing page: a few MiB; a ranged
//! read: the length it asked for); a `Content-Length` above it is refused before a byte is
//! read, and a body without one (chunked, or delimited by the connection closing) is read
//! chunk by chunk and stopped at the limit. Each chunk is awaited under the attempt's
//! [`Patience`]: a body that stops (or trickles past the deadline) ends the read.

use bytes::{Bytes, BytesMut};

use super::buffer_pool::SPARE_BUFFERS;
use super::patience::{OutOfPatience, Patience, Progress};

/// The most a listing page (List Handles, List Directories and Files, a Qumulo page) may hold.
/// A page of 5,000 entries with every detail is under 4 MiB.
pub const LISTING_LIMIT: u64 = 16 << 20;

/// The most of an error answer that is read: its code and message are in the first bytes.
pub const ERROR_BODY_LIMIT: u64 = 64 << 10;

/// A body longer than its limit.
#[derive(Debug)]
pub enum BodyError {
    /// More than `limit` bytes were announced or sent; reading stopped.
    TooLarge { limit: u64 },
    /// The connection failed while reading.
    Read(reqwest::Error),
    /// The server stopped sending (or the deadline passed) this far into its answer.
    Stalled {
        out: OutOfPatience,
        progress: Progress,
    },
}

/// The body's next chunk, awaited no longer than `patience` allows; `received` is what came
/// before it.
pub async fn next_chunk(
    response: &mut reqwest::Response,
    patience: &Patience,
    received: u64,
) -> Result<Option<Bytes>, BodyError> {
    patience
        .wait(response.chunk())
        .await
        .map_err(|out| BodyError::Stalled {
            out,
            progress: Progress::Body { bytes: received },
        })?
        .map_err(BodyError::Read)
}

/// Reads the whole body, refusing one longer than `limit` bytes.
pub async fn read_at_most(
    mut response: reqwest::Response,
    limit: u64,
    patience: &Patience,
) -> Result<Bytes, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = SPARE_BUFFERS.take(initial_capacity(&response, limit));
    while let Some(chunk) = next_chunk(&mut response, patience, body.len() as u64).await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads at most `limit` bytes and drops the rest: for error answers, whose first bytes say
/// all that is used.
pub async fn read_prefix(
    mut response: reqwest::Response,
    limit: u64,
    patience: &Patience,
) -> Result<Bytes, BodyError> {
    let mut body = BytesMut::with_capacity(initial_capacity(&response, limit));
    while let Some(chunk) = next_chunk(&mut response, patience, body.len() as u64).await? {
        let room = usize::try_from(limit).unwrap_or(usize::MAX) - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The announced length, if any, within the limit (never a server-chosen allocation beyond it).
fn initial_capacity(response: &reqwest::Response, limit: u64) -> usize {
    let length = response.content_length().unwrap_or(0).min(limit);
    usize::try_from(length).unwrap_or(0)
}

/// A limit for messages: `16 MiB`, `4096 bytes`.
pub fn describe_limit(limit: u64) -> String {
    if limit >= 1 << 20 && limit.is_multiple_of(1 << 20) {
        format!("{} MiB", limit >> 20)
    } else {
        format!("{limit} bytes")
    }
}

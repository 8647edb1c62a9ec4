//! Request bodies: the operations the emulator serves take none (Force Close Handles sends
//! `Content-Length: 0`), so a body is read only up to a small cap, and only for as long as a
//! client keeps sending. A larger one is refused with the service's 413
//! `RequestBodyTooLarge` and the connection closed, without reading the rest: memory stays
//! bounded whatever a client sends.

use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::StatusCode;
use hyper::body::Incoming;

use crate::azure::response::ErrorReply;

/// The largest body read: far above what any served operation sends.
pub(crate) const MAX_REQUEST_BODY: usize = 64 * 1024;

/// Reads and drops a request's body so the connection stays usable; the refusal to answer
/// instead when it is too large or stalls.
pub(crate) async fn drain(
    declared_length: Option<u64>,
    body: Incoming,
    timeout: Duration,
) -> Result<(), ErrorReply> {
    if declared_length.is_some_and(|len| len > MAX_REQUEST_BODY as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, Limited::new(body, MAX_REQUEST_BODY).collect()).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(_)) => Err(ErrorReply::new(
            StatusCode::BAD_REQUEST,
            "InvalidInput",
            "The request body could not be read.",
        )
        .with_header("connection", "close")),
        Err(_) => Err(ErrorReply::new(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeout",
            "The request body did not arrive in time.",
        )
        .with_header("connection", "close")),
    }
}

fn too_large() -> ErrorReply {
    ErrorReply::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestBodyTooLarge",
        format!(
            "The request body is too large and exceeds the maximum permissible limit ({MAX_REQUEST_BODY} bytes in the azfh emulator)."
        ),
    )
    .with_header("connection", "close")
}

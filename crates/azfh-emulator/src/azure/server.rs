//! HTTP plumbing: one hyper connection per client, each request decoded, checked (version,
//! account, authorization), routed to its operation, and answered with the service's common
//! headers. Injected faults happen here, before any operation runs.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Response, StatusCode};
use time::OffsetDateTime;

use super::shared::Shared;
use crate::azure::addressing;
use crate::azure::auth;
use crate::azure::directory_properties::get_directory_properties;
use crate::azure::force_close::force_close;
use crate::azure::get_file::get_file;
use crate::azure::list_directory::list_directory;
use crate::azure::list_handles::list_handles;
use crate::azure::list_shares::list_shares;
use crate::azure::operation::{Operation, route};
use crate::azure::request::ServiceRequest;
use crate::azure::response::{Body, ErrorReply, Reply, ReplyBody};
use crate::azure::share_properties::get_share_properties;
use crate::faults::Injection;
use crate::load::content;
use crate::request_log::LogEntry;

/// The `Server` header the service sends.
const SERVER: &str = "Windows-Azure-File/1.0 Microsoft-HTTPAPI/2.0";

/// Answers one request. An error closes the connection without an answer: how a dropped
/// connection looks when the answer has no body to cut short (Force Close Handles), so the
/// client cannot know whether the service acted.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
    peer: SocketAddr,
) -> Result<Response<Body>, std::io::Error> {
    if request.uri().path().starts_with("/_emulator/") {
        return Ok(crate::azure::admin::handle(&shared, request).await);
    }
    let faults = shared.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let sequence = shared.stats.next_sequence();
    let now = (shared.clock)();
    let request_id = uuid::Uuid::new_v4().to_string();
    let method = request.method().as_str().to_owned();
    let raw_path = request.uri().path().to_owned();
    let raw_query = request.uri().query().map(str::to_owned);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let declared_length = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let client_request_id = headers
        .iter()
        .find(|(name, _)| name == "x-ms-client-request-id")
        .map(|(_, value)| value.clone())
        .filter(|value| value.len() <= 1024);
    let parsed = ServiceRequest::parse(&method, &raw_path, raw_query.as_deref(), headers, peer);
    // An operation the emulator does not implement is answered 501 whatever its body (a 4 MiB
    // Put Range is no "body too large"), without reading the body: the connection closes.
    let unimplemented = parsed
        .as_ref()
        .ok()
        .and_then(|request| route(request).err())
        .map(|error| error.with_header("connection", "close"));
    let body_refused = match unimplemented {
        Some(error) => Some(error),
        None => crate::azure::request_body::drain(
            declared_length,
            request.into_body(),
            shared.idle_timeout,
        )
        .await
        .err(),
    };

    shared.apply_due_reopens();
    let injection = match faults.injection(sequence) {
        Injection::None
            if !shared
                .throttle
                .admit(faults.throttle_per_sec, Instant::now()) =>
        {
            Injection::Throttled
        }
        other => other,
    };
    let mut trace = Trace::default();
    let mut version = None;
    let outcome = match injection {
        _ if body_refused.is_some() => Err(body_refused.expect("checked")),
        Injection::Busy => Err(ErrorReply::server_busy()
            .with_header("retry-after", faults.retry_after_secs.to_string())),
        Injection::Throttled => Err(ErrorReply::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServerBusy",
            "Operations per second is over the account limit.",
        )
        .with_header("retry-after", faults.retry_after_secs.to_string())),
        Injection::TimedOut => Err(ErrorReply::operation_timed_out()),
        Injection::None | Injection::Drop => match parsed {
            Err(error) => Err(error),
            Ok(parsed) => {
                version = parsed.version().ok().map(|v| v.0);
                process(&shared, &parsed, now, &mut trace)
            }
        },
    };
    let (status, code) = match &outcome {
        Ok(reply) => (reply.status, None),
        Err(error) => (error.status, Some(error.code)),
    };
    shared.stats.count(trace.operation);
    if let Some(log) = &shared.log {
        log.write(&LogEntry {
            sequence,
            method: &method,
            path: &percent_encoding::percent_decode_str(&raw_path).decode_utf8_lossy(),
            operation: trace.operation,
            status: status.as_u16(),
            code,
            injected: match injection {
                Injection::None => None,
                Injection::Busy => Some("busy"),
                Injection::Throttled => Some("throttled"),
                Injection::TimedOut => Some("timeout"),
                Injection::Drop => Some("drop"),
            },
            request_id: &request_id,
            client_request_id: client_request_id.as_deref(),
            handle_id: trace.handle_id.as_deref(),
            closed: trace.closed.as_deref(),
            failed: trace.failed.as_deref(),
        });
    }
    let bodiless = matches!(&outcome, Ok(reply) if match &reply.body {
        ReplyBody::Empty => true,
        ReplyBody::Full(bytes) => bytes.is_empty(),
        ReplyBody::Generated { len, .. } => *len == 0,
    });
    if injection == Injection::Drop && bodiless {
        return Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: connection dropped before the answer",
        ));
    }
    Ok(respond(
        outcome,
        &request_id,
        client_request_id,
        version,
        now,
        injection == Injection::Drop,
    ))
}

/// What the request log records of an operation beyond its status.
#[derive(Debug, Default)]
struct Trace {
    operation: &'static str,
    handle_id: Option<String>,
    closed: Option<Vec<u64>>,
    failed: Option<Vec<u64>>,
}

/// Version, account, authorization, then the operation.
fn process(
    shared: &Shared,
    request: &ServiceRequest,
    now: OffsetDateTime,
    trace: &mut Trace,
) -> Result<Reply, ErrorReply> {
    let operation = route(request)?;
    trace.operation = operation.name();
    let version = request.version()?;
    if request.account != shared.authority.account {
        return Err(ErrorReply::invalid_uri(&format!(
            "unknown account; the emulator serves {}",
            shared.authority.account
        )));
    }
    auth::authorize(request, &version, &shared.authority, operation, now)?;
    let faults = shared.faults();
    if matches!(
        operation,
        Operation::ListHandles | Operation::ForceCloseHandles
    ) {
        let store = shared.store.lock().expect("store lock");
        addressing::smb_share(&store, request)?;
    }
    match operation {
        Operation::ListShares => {
            let store = shared.store.lock().expect("store lock");
            list_shares(&store, request, &version)
        }
        Operation::GetShareProperties => {
            let store = shared.store.lock().expect("store lock");
            get_share_properties(&store, request, &version)
        }
        Operation::GetDirectoryProperties => {
            let store = shared.store.lock().expect("store lock");
            get_directory_properties(&store, request)
        }
        Operation::ListHandles => {
            // The rows are copied under the lock; formatting them is not done under it.
            let page = {
                let mut store = shared.store.lock().expect("store lock");
                list_handles(&mut store, request, &version, shared.max_page_size, &faults)?
            };
            Ok(page.reply(request, &version))
        }
        Operation::ForceCloseHandles => {
            trace.handle_id = request.header("x-ms-handle-id").map(str::to_owned);
            let closed = {
                let mut store = shared.store.lock().expect("store lock");
                force_close(&mut store, request, &version, &faults)?
            };
            trace.closed = Some(closed.handles.iter().map(|(_, h)| h.id).collect());
            trace.failed = Some(closed.failed.clone());
            shared.schedule_reopens(request, &closed.handles, &faults);
            Ok(closed.reply)
        }
        Operation::ListDirectory => {
            let store = shared.store.lock().expect("store lock");
            list_directory(&store, request, &version, shared.max_page_size)
        }
        Operation::GetFile | Operation::GetFileProperties => {
            let mut store = shared.store.lock().expect("store lock");
            get_file(
                &mut store,
                request,
                &faults,
                operation == Operation::GetFileProperties,
                now,
            )
        }
    }
}

fn respond(
    outcome: Result<Reply, ErrorReply>,
    request_id: &str,
    client_request_id: Option<String>,
    version: Option<String>,
    now: OffsetDateTime,
    drop_midway: bool,
) -> Response<Body> {
    let mut metadata = Vec::new();
    let (status, mut headers, body) = match outcome {
        Ok(reply) => {
            metadata = reply.metadata;
            (reply.status, reply.headers, reply.body)
        }
        Err(error) => {
            let mut headers = error.extra_headers.clone();
            headers.push(("x-ms-error-code", error.code.to_owned()));
            headers.push(("content-type", "application/xml".to_owned()));
            let body = ReplyBody::Full(Bytes::from(error.body(request_id, now)));
            (error.status, headers, body)
        }
    };
    headers.push(("x-ms-request-id", request_id.to_owned()));
    if let Some(version) = version {
        headers.push(("x-ms-version", version));
    }
    if let Some(id) = client_request_id {
        headers.push(("x-ms-client-request-id", id));
    }
    headers.push(("date", httpdate::fmt_http_date(now.into())));
    headers.push(("server", SERVER.to_owned()));
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    for (name, value) in metadata {
        builder = builder.header(format!("x-ms-meta-{name}"), value);
    }
    let body: Body = match body {
        ReplyBody::Empty => Full::new(Bytes::new())
            .map_err(|never: Infallible| match never {})
            .boxed(),
        ReplyBody::Full(bytes) if !drop_midway => Full::new(bytes)
            .map_err(|never: Infallible| match never {})
            .boxed(),
        ReplyBody::Full(bytes) => {
            // Announce the full length, send half, then fail: the client sees a body cut short.
            builder = builder.header("content-length", bytes.len().to_string());
            let half = bytes.len() as u64 / 2;
            cut_short(
                Box::pin(futures_util::stream::iter(vec![Ok(Frame::data(
                    bytes.slice(..bytes.len() / 2),
                ))])),
                half,
            )
        }
        ReplyBody::Generated { seed, offset, len } => {
            let chunks = generated(seed, offset, len);
            if drop_midway {
                cut_short(Box::pin(chunks), len / 2)
            } else {
                StreamBody::new(chunks).boxed()
            }
        }
    };
    builder.body(body).unwrap_or_else(|_| {
        let mut response = Response::new(
            Full::new(Bytes::new())
                .map_err(|never: Infallible| match never {})
                .boxed(),
        );
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

type Frames = std::pin::Pin<
    Box<dyn futures_util::Stream<Item = Result<Frame<Bytes>, std::io::Error>> + Send + Sync>,
>;

/// File bytes generated chunk by chunk as the client reads them.
fn generated(
    seed: u64,
    offset: u64,
    len: u64,
) -> impl futures_util::Stream<Item = Result<Frame<Bytes>, std::io::Error>> + Send + Sync {
    const CHUNK: u64 = 256 * 1024;
    futures_util::stream::unfold(0_u64, move |sent| async move {
        if sent >= len {
            return None;
        }
        let take = CHUNK.min(len - sent);
        let chunk = content::bytes(
            seed,
            offset + sent,
            usize::try_from(take).expect("a chunk fits"),
        );
        Some((Ok(Frame::data(Bytes::from(chunk))), sent + take))
    })
}

/// Sends `frames` up to `limit` bytes, then fails the connection. The pause lets hyper flush
/// the headers and what was sent before the failure.
fn cut_short(frames: Frames, limit: u64) -> Body {
    use futures_util::StreamExt;
    let mut sent = 0_u64;
    let truncated = frames
        .map(move |frame| {
            let frame = frame?;
            let Ok(data) = frame.into_data() else {
                return Ok(Frame::data(Bytes::new()));
            };
            let take = usize::try_from(limit.saturating_sub(sent))
                .unwrap_or(usize::MAX)
                .min(data.len());
            sent += take as u64;
            Ok(Frame::data(data.slice(..take)))
        })
        .take_while(|frame| {
            let keep = frame
                .as_ref()
                .ok()
                .and_then(|f| f.data_ref())
                .is_some_and(|d| !d.is_empty());
            async move { keep }
        });
    let failure = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(5)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected fault: connection dropped",
        ))
    });
    BodyExt::boxed(StreamBody::new(truncated.chain(failure)))
}

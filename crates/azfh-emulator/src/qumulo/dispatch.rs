//! Routes a request: counts and logs it, injects the transport faults the Azure side has
//! (latency, 503 with `Retry-After`, 500, answers dropped after the work is done), checks
//! the bearer token, strips the `/api` prefix a web-port cluster serves under, and hands it
//! to the endpoint's file.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Method, Request, StatusCode};

use super::Shared;
use super::response::{Answer, error};
use super::{grants, handles, identity, login, sessions};
use crate::faults::Injection;

/// An answer, or a connection dropped instead of it (`Err`: hyper closes the connection
/// without a response, so the client cannot know whether the cluster acted).
pub(super) async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Answer, std::io::Error> {
    let sequence = shared.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let faults = shared.faults.lock().expect("faults").clone();
    if faults.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(faults.latency_ms)).await;
    }
    let method = request.method().clone();
    let full_path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    // A web-port cluster serves the API under /api only.
    let path = if shared.api_prefix {
        match full_path.strip_prefix("/api") {
            Some(rest) if rest.starts_with('/') => rest.to_owned(),
            _ => String::new(),
        }
    } else {
        full_path.clone()
    };
    shared.log.lock().expect("log").push(if query.is_empty() {
        format!("{method} {path}")
    } else {
        format!("{method} {path}?{query}")
    });
    let bearer = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let Ok(body) = request
        .into_body()
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
    else {
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "unreadable body",
        ));
    };
    let injection = faults.injection(sequence);
    match injection {
        Injection::Busy => {
            let mut answer = error(
                StatusCode::SERVICE_UNAVAILABLE,
                "http_service_unavailable_error",
                "the cluster is busy: try again later",
            );
            answer.headers_mut().insert(
                hyper::header::RETRY_AFTER,
                hyper::header::HeaderValue::from(faults.retry_after_secs),
            );
            return Ok(answer);
        }
        Injection::TimedOut => {
            return Ok(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "http_internal_server_error",
                "the operation timed out",
            ));
        }
        Injection::None | Injection::Throttled | Injection::Drop => {}
    }
    if path.is_empty() {
        return Ok(error(
            StatusCode::NOT_FOUND,
            "http_not_found_error",
            "the API is served under /api on this port",
        ));
    }
    if method == Method::POST && path == "/v1/session/login" {
        let answer = login::login(&shared, &body);
        return if injection == Injection::Drop {
            Err(dropped())
        } else {
            Ok(answer)
        };
    }
    let authorized =
        bearer.is_some_and(|token| shared.state.lock().expect("state").tokens.contains(&token));
    if !authorized {
        return Ok(error(
            StatusCode::UNAUTHORIZED,
            "http_unauthorized_error",
            "Need to log in first to establish credentials.",
        ));
    }
    let is_close = method == Method::POST && path.ends_with("/close");
    let answer = match (method, path.as_str()) {
        (Method::GET, "/v1/session/who-am-i") => login::who_am_i(&shared),
        (Method::POST, "/v1/identity/find") => identity::find(&shared, &body),
        (Method::GET, "/v1/smb/sessions/") => sessions::list(&shared, &query),
        (Method::GET, "/v1/files/locks/smb/share-mode/") => grants::list(&shared, None, &query),
        (Method::GET, p)
            if p.starts_with("/v1/files/") && p.ends_with("/locks/smb/share-mode/") =>
        {
            grants::list(
                &shared,
                Some(&p["/v1/files/".len()..p.len() - "/locks/smb/share-mode/".len()]),
                &query,
            )
        }
        (Method::POST, "/v1/smb/sessions/close") => sessions::close(&shared, &body),
        (Method::GET, "/v1/smb/files/") => handles::list(&shared, &query),
        (Method::POST, "/v1/smb/files/close") => handles::close(&shared, &body),
        (Method::GET, p) if p.starts_with("/v1/files/") && p.ends_with("/info/attributes") => {
            handles::attributes(
                &shared,
                &p["/v1/files/".len()..p.len() - "/info/attributes".len()],
            )
        }
        _ => error(
            StatusCode::NOT_FOUND,
            "http_not_found_error",
            "no such endpoint",
        ),
    };
    // A dropped answer: the request was carried out, the client never hears of it.
    let drop_close = is_close && {
        let mut state = shared.state.lock().expect("state");
        let drop = state.drop_close_answers > 0;
        state.drop_close_answers = state.drop_close_answers.saturating_sub(1);
        drop
    };
    if injection == Injection::Drop || drop_close {
        return Err(dropped());
    }
    Ok(answer)
}

/// The error that makes hyper close the connection instead of answering.
fn dropped() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "injected fault: connection dropped before the answer",
    )
}

//! Answers in Qumulo's shapes: JSON bodies, and errors with `error_class` and `description`.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, StatusCode};

pub(super) type Answer = Response<Full<Bytes>>;

pub(super) fn json(status: StatusCode, body: &serde_json::Value) -> Answer {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a valid response")
}

pub(super) fn error(status: StatusCode, class: &str, description: &str) -> Answer {
    json(
        status,
        &serde_json::json!({
            "module": "qfsd.emulated",
            "error_class": class,
            "description": description,
            "stack": [],
            "user_visible": true,
        }),
    )
}

/// The value of `name` in a query string, as sent.
pub(super) fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

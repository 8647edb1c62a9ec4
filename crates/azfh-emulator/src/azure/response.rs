//! What the emulator answers: successful replies and service errors, in the service's shape.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::{Response, StatusCode};

use azfh_protocol::wire::{self, ErrorXml};

/// A successful answer before the common headers are added.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub status: StatusCode,
    /// With the body's `content-length` when it is not a whole buffer.
    pub headers: Vec<(&'static str, String)>,
    /// `x-ms-meta-NAME: VALUE` headers (their names are the metadata's).
    pub metadata: Vec<(String, String)>,
    pub body: ReplyBody,
}

/// What a reply sends after its headers.
#[derive(Debug, Clone)]
pub(crate) enum ReplyBody {
    Empty,
    Full(Bytes),
    /// File content, generated while it is sent (see `content`).
    Generated {
        seed: u64,
        offset: u64,
        len: u64,
    },
}

impl Reply {
    pub(crate) fn xml(body: Vec<u8>) -> Self {
        Self {
            status: StatusCode::OK,
            headers: vec![("content-type", "application/xml".into())],
            metadata: Vec::new(),
            body: ReplyBody::Full(Bytes::from(body)),
        }
    }
}

/// A service error: status, code, message, and the detail elements that apply. Boxed, so
/// that `Result<Reply, ErrorReply>` stays small on the success path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorReply(Box<ErrorReplyDetails>);

/// What an [`ErrorReply`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorReplyDetails {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub authentication_detail: Option<String>,
    pub header: Option<(String, String)>,
    pub query_parameter: Option<(String, String)>,
    pub extra_headers: Vec<(&'static str, String)>,
}

impl std::ops::Deref for ErrorReply {
    type Target = ErrorReplyDetails;

    fn deref(&self) -> &ErrorReplyDetails {
        &self.0
    }
}

impl std::ops::DerefMut for ErrorReply {
    fn deref_mut(&mut self) -> &mut ErrorReplyDetails {
        &mut self.0
    }
}

impl ErrorReply {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self(Box::new(ErrorReplyDetails {
            status,
            code,
            message: message.into(),
            authentication_detail: None,
            header: None,
            query_parameter: None,
            extra_headers: Vec::new(),
        }))
    }

    #[must_use]
    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.extra_headers.push((name, value.into()));
        self
    }

    pub(crate) fn authentication_failed(detail: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
        );
        error.authentication_detail = Some(detail.into());
        error
    }

    pub(crate) fn missing_header(name: &str) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "MissingRequiredHeader",
            "An HTTP header that's mandatory for this request is not specified.",
        );
        error.header = Some((name.to_owned(), String::new()));
        error
    }

    pub(crate) fn invalid_header(name: &str, value: &str) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidHeaderValue",
            "The value for one of the HTTP headers is not in the correct format.",
        );
        error.header = Some((name.to_owned(), value.to_owned()));
        error
    }

    pub(crate) fn invalid_query(name: &str, value: &str) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidQueryParameterValue",
            "Value for one of the query parameters specified in the request URI is invalid.",
        );
        error.query_parameter = Some((name.to_owned(), value.to_owned()));
        error
    }

    pub(crate) fn out_of_range_query(name: &str, value: &str) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            "OutOfRangeQueryParameterValue",
            "One of the query parameters specified in the request URI is outside the permissible range.",
        );
        error.query_parameter = Some((name.to_owned(), value.to_owned()));
        error
    }

    pub(crate) fn invalid_uri(message: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidUri",
            format!("The requested URI does not represent any resource on the server. ({message})"),
        )
    }

    pub(crate) fn share_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ShareNotFound",
            "The specified share does not exist.",
        )
    }

    pub(crate) fn snapshot_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ShareSnapshotNotFound",
            "The specified share snapshot does not exist.",
        )
    }

    pub(crate) fn resource_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            "The specified resource does not exist.",
        )
    }

    pub(crate) fn parent_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ParentNotFound",
            "The specified parent path does not exist.",
        )
    }

    pub(crate) fn server_busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServerBusy",
            "The server is currently unable to receive requests. Please retry your request.",
        )
    }

    pub(crate) fn operation_timed_out() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "OperationTimedOut",
            "The operation could not be completed within the permitted time.",
        )
    }

    /// The `<Error>` body, with the service's `RequestId`/`Time` lines in the message.
    pub(crate) fn body(&self, request_id: &str, now: time::OffsetDateTime) -> Vec<u8> {
        let time = now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let (header_name, header_value) = self.header.clone().unzip();
        let (query_name, query_value) = self.query_parameter.clone().unzip();
        wire::encode_body(&ErrorXml {
            code: Some(self.code.to_owned()),
            message: Some(format!(
                "{}\nRequestId:{request_id}\nTime:{time}",
                self.message
            )),
            authentication_error_detail: self.authentication_detail.clone(),
            header_name,
            header_value: header_value.filter(|v| !v.is_empty()),
            query_parameter_name: query_name,
            query_parameter_value: query_value,
            reason: None,
        })
    }
}

/// The body type of every answer: whole, or cut short on purpose.
pub(crate) type Body = BoxBody<Bytes, std::io::Error>;

/// A small JSON answer (admin endpoints).
pub(crate) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    let body = Bytes::from(serde_json::to_vec_pretty(value).unwrap_or_default());
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(
            Full::new(body)
                .map_err(|never: Infallible| match never {})
                .boxed(),
        )
        .expect("static headers are valid")
}

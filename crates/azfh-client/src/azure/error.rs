//! Errors of the Azure Files client, typed so the top level can pick hints and exit statuses.

use std::fmt;
use std::time::Duration;

use crate::net::retry::is_retryable_status;
use azfh_protocol::wire;

/// The answer of the service to a request that failed, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub status: u16,
    /// The error code, from `x-ms-error-code` or, on old front-end answers, from the body.
    pub code: Option<String>,
    /// The first line of `<Message>` (the service appends `RequestId:` and `Time:` lines).
    pub message: Option<String>,
    pub authentication_detail: Option<String>,
    /// `<HeaderName>`/`<HeaderValue>` or `<QueryParameterName>`/`<QueryParameterValue>`.
    pub offending: Option<(String, String)>,
    pub request_id: Option<String>,
    /// The operation that failed, e.g. "List Handles".
    pub operation: &'static str,
    /// What it was sent to: `share/path`.
    pub target: String,
    /// The credential kind used: "key", "sas" or "login".
    pub auth_kind: &'static str,
    /// Attempts made, retries included.
    pub attempts: u32,
}

impl ServiceError {
    /// Decodes an error answer. `scrub` removes secrets the service may echo (a MAC signature
    /// inside `AuthenticationErrorDetail`, for instance) from every text field.
    pub fn decode(
        status: u16,
        header_code: Option<&str>,
        request_id: Option<&str>,
        body: &[u8],
        scrub: &dyn Fn(&str) -> String,
    ) -> Self {
        // Everything here is service text: secrets it echoes are scrubbed here. Control
        // characters are escaped where text is printed (every stderr line, every table and TSV
        // cell), so the message is kept as the service wrote it.
        let xml = wire::decode_error(body).unwrap_or_default();
        let message = xml.message.as_deref().map(|text| {
            let first = text
                .lines()
                .take_while(|line| !line.starts_with("RequestId:") && !line.starts_with("Time:"))
                .collect::<Vec<_>>()
                .join(" ");
            scrub(first.trim())
        });
        let offending = match (xml.header_name, xml.query_parameter_name) {
            (Some(name), _) => Some((name, xml.header_value.unwrap_or_default())),
            (None, Some(name)) => Some((name, xml.query_parameter_value.unwrap_or_default())),
            (None, None) => None,
        }
        .map(|(name, value)| (scrub(&name), scrub(&value)));
        Self {
            status,
            code: header_code
                .map(str::to_owned)
                .or(xml.code)
                .map(|code| scrub(&code))
                .filter(|code| !code.is_empty()),
            message: message.filter(|message| !message.is_empty()),
            authentication_detail: xml.authentication_error_detail.map(|detail| scrub(&detail)),
            offending,
            request_id: request_id.map(scrub),
            operation: "",
            target: String::new(),
            auth_kind: "",
            attempts: 1,
        }
    }

    pub fn code(&self) -> &str {
        self.code.as_deref().unwrap_or_default()
    }
}

impl crate::net::failure::Rejection for ServiceError {
    fn status(&self) -> u16 {
        self.status
    }

    fn summary(&self) -> String {
        format!("{} {}", self.status, self.code())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.operation.is_empty(), self.target.is_empty()) {
            (false, false) => write!(f, "{} on {} failed: ", self.operation, self.target)?,
            (false, true) => write!(f, "{} failed: ", self.operation)?,
            _ => {}
        }
        write!(f, "{}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some((name, value)) = &self.offending {
            write!(f, " ({name}: {value})")?;
        }
        // In parentheses: the service's message before it ends with its own full stop.
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [x-ms-request-id: {id}]")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong talking to Azure Files.
#[derive(Debug, thiserror::Error)]
pub enum AzureError {
    #[error("{0}")]
    Service(Box<ServiceError>),
    #[error("cannot reach {endpoint}: {message}{}", attempts_suffix(*attempts))]
    Network {
        endpoint: String,
        message: String,
        attempts: u32,
        /// Why the server's certificate was refused, if it was.
        certificate: Option<crate::net::tls::CertificateProblem>,
        /// `--ca-cert` was given (the hint must not ask for it again).
        ca_cert_given: bool,
        /// The last attempt connected and sent its request (the answer was then lost): the
        /// endpoint can be reached, unlike a connection refused, unresolved or timed out.
        connected: bool,
    },
    /// The server went silent for `--timeout` on the last attempt.
    #[error("{operation} timed out{}: {host} {what} (--timeout)", attempts_after(*attempts))]
    Timeout {
        operation: &'static str,
        /// The endpoint's `host:port`.
        host: String,
        /// What the server did, e.g. `sent nothing for 30s`.
        what: String,
        after: Duration,
        attempts: u32,
    },
    /// The request's deadline (`--deadline`) passed.
    #[error("{operation} gave up at its {} deadline (--deadline){}: {last}", humantime::format_duration(*deadline), attempts_after(*attempts))]
    Deadline {
        operation: &'static str,
        deadline: Duration,
        attempts: u32,
        /// What the last attempt met, e.g. `127.0.0.1:10100 sent nothing in 2s`.
        last: String,
    },
    /// The server answered something that is not HTTP.
    #[error("{operation} failed{}: {host} {} ({detail})", attempts_after(*attempts), crate::net::NOT_HTTP)]
    NotHttp {
        operation: &'static str,
        host: String,
        /// What the HTTP parser said of it.
        detail: String,
        attempts: u32,
    },
    #[error(
        "{operation} gave up: the service answered {status} and asked to wait more than {}s (Retry-After) before a retry{}",
        crate::net::retry::MAX_WAIT.as_secs(),
        attempts_suffix(*attempts)
    )]
    WaitTooLong {
        operation: &'static str,
        status: u16,
        attempts: u32,
    },
    #[error(
        "the {operation} answer is longer than the {} azfh reads for it; stopped reading",
        crate::net::body::describe_limit(*limit)
    )]
    TooLarge { operation: &'static str, limit: u64 },
    // `problem` is in the message, not a `source`: a chain would print it twice.
    #[error(
        "the {operation} answer{} cut short: {detail}",
        if *attempts > 1 { format!("s of {attempts} attempts were") } else { " was".to_owned() }
    )]
    Incomplete {
        operation: &'static str,
        detail: String,
        attempts: u32,
    },
    #[error("the {operation} answer cannot be read: {problem}")]
    Decode {
        operation: &'static str,
        problem: wire::DecodeError,
    },
    #[error(
        "the service returned the marker it had already sent ({marker}); stopping instead of looping forever"
    )]
    RepeatedMarker { marker: String },
    #[error("cannot sign in: {0}")]
    Login(String),
}

fn attempts_after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

fn attempts_suffix(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

impl AzureError {
    /// An answer to `operation` that could not be read.
    pub fn decode(operation: &'static str, source: wire::DecodeError) -> Self {
        AzureError::Decode {
            operation,
            problem: source,
        }
    }

    /// The service error inside, if this is one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            AzureError::Service(err) => Some(err.as_ref()),
            _ => None,
        }
    }

    /// The file or directory named does not exist (`ResourceNotFound`). A directory above it
    /// that does not exist is another code; [`is_path_gone`](Self::is_path_gone) takes both.
    pub fn is_not_found(&self) -> bool {
        self.service()
            .is_some_and(|service| service.code() == "ResourceNotFound")
    }

    /// The path is gone: a 404 whose code says the file or directory (`ResourceNotFound`) or
    /// a directory above it (`ParentNotFound`) does not exist. Handles on it went with it.
    pub fn is_path_gone(&self) -> bool {
        self.service().is_some_and(|service| {
            service.status == 404 && matches!(service.code(), "ResourceNotFound" | "ParentNotFound")
        })
    }

    /// The service pushed back (429 Too Many Requests, 503 Server Busy): slow down.
    pub fn is_throttled(&self) -> bool {
        self.service()
            .is_some_and(|service| matches!(service.status, 429 | 503))
    }

    /// The endpoint named, when it could not be reached at all (no connection, after the
    /// retries): not an answer of the service, and not about one request.
    pub fn unreachable_endpoint(&self) -> Option<&str> {
        match self {
            AzureError::Network {
                endpoint,
                connected: false,
                ..
            } => Some(endpoint),
            _ => None,
        }
    }

    /// The credential was refused, or does not allow the operation (401, 403): every further
    /// request with it would fail the same way.
    pub fn is_auth(&self) -> bool {
        self.service()
            .is_some_and(|service| matches!(service.status, 401 | 403))
    }

    /// A passing failure (the network, a busy or slow service, an answer cut short): running
    /// the same download again with `--resume` continues from what was fetched. A refused
    /// certificate, a malformed, oversized or not-HTTP answer, a looping marker or a failed sign-in is
    /// not something running again mends.
    pub fn is_resumable(&self) -> bool {
        match self {
            AzureError::Service(service) => is_retryable_status(service.status),
            AzureError::Network { certificate, .. } => certificate.is_none(),
            AzureError::Timeout { .. }
            | AzureError::Deadline { .. }
            | AzureError::WaitTooLong { .. }
            | AzureError::Incomplete { .. } => true,
            AzureError::Decode { problem, .. } => {
                matches!(problem, wire::DecodeError::Truncated(_))
            }
            AzureError::TooLarge { .. }
            | AzureError::NotHttp { .. }
            | AzureError::RepeatedMarker { .. }
            | AzureError::Login(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_message_first_line_and_code_from_body_when_header_is_missing() {
        let body = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InvalidHeaderValue</Code><Message>The value for one of the HTTP headers is not in the correct format.\nRequestId:34dc\nTime:2019-12-11T23:09:24.4955761Z</Message><HeaderName>x-ms-version</HeaderName><HeaderValue>2019-07-07</HeaderValue></Error>";
        let err = ServiceError::decode(400, None, Some("34dc"), body.as_bytes(), &|s| s.to_owned());
        assert_eq!(err.code(), "InvalidHeaderValue");
        assert_eq!(
            err.message.as_deref(),
            Some("The value for one of the HTTP headers is not in the correct format.")
        );
        assert_eq!(
            err.to_string(),
            "400 InvalidHeaderValue: The value for one of the HTTP headers is not in the correct format. (x-ms-version: 2019-07-07) [x-ms-request-id: 34dc]"
        );
    }

    #[test]
    fn scrubs_echoed_secrets() {
        let body = "<Error><Code>AuthenticationFailed</Code><Message>Server failed</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP request 'SECRETSIG' is not the same</AuthenticationErrorDetail></Error>";
        let err = ServiceError::decode(
            403,
            Some("AuthenticationFailed"),
            None,
            body.as_bytes(),
            &|s| s.replace("SECRETSIG", "[REDACTED]"),
        );
        assert!(!err.authentication_detail.unwrap().contains("SECRETSIG"));
    }

    fn answered(status: u16, code: &str) -> AzureError {
        AzureError::Service(Box::new(ServiceError::decode(
            status,
            Some(code),
            None,
            b"",
            &|s| s.to_owned(),
        )))
    }

    fn network(certificate: Option<crate::net::tls::CertificateProblem>) -> AzureError {
        AzureError::Network {
            endpoint: "https://127.0.0.1:1".into(),
            message: "connection failed".into(),
            attempts: 1,
            certificate,
            ca_cert_given: false,
            connected: false,
        }
    }

    #[test]
    fn not_found_is_the_named_resource_and_gone_includes_its_parent() {
        assert!(answered(404, "ResourceNotFound").is_not_found());
        assert!(!answered(404, "ParentNotFound").is_not_found());
        assert!(!answered(404, "ShareNotFound").is_not_found());
        assert!(!network(None).is_not_found());

        assert!(answered(404, "ResourceNotFound").is_path_gone());
        assert!(answered(404, "ParentNotFound").is_path_gone());
        assert!(
            !answered(400, "ResourceNotFound").is_path_gone(),
            "only a 404"
        );
        assert!(!answered(404, "ShareNotFound").is_path_gone());
    }

    #[test]
    fn throttled_and_auth_are_by_status() {
        for status in [429, 503] {
            assert!(answered(status, "ServerBusy").is_throttled(), "{status}");
        }
        for status in [500, 502, 504, 408, 403] {
            assert!(!answered(status, "X").is_throttled(), "{status}");
        }
        for status in [401, 403] {
            assert!(
                answered(status, "AuthenticationFailed").is_auth(),
                "{status}"
            );
        }
        for status in [400, 404, 429] {
            assert!(!answered(status, "X").is_auth(), "{status}");
        }
        assert!(!network(None).is_throttled() && !network(None).is_auth());
    }

    #[test]
    fn resumable_failures_are_the_passing_ones() {
        let operation = "Get File";
        let resumable = [
            answered(503, "ServerBusy"),
            answered(500, "InternalError"),
            answered(408, "OperationTimedOut"),
            network(None),
            AzureError::Timeout {
                operation,
                host: "127.0.0.1:1".into(),
                what: "sent nothing for 1s".into(),
                after: Duration::from_secs(1),
                attempts: 2,
            },
            AzureError::Deadline {
                operation,
                deadline: Duration::from_secs(1),
                attempts: 2,
                last: "127.0.0.1:1 sent nothing in 1s".into(),
            },
            AzureError::WaitTooLong {
                operation,
                status: 429,
                attempts: 1,
            },
            AzureError::Incomplete {
                operation,
                detail: "0 bytes".into(),
                attempts: 2,
            },
            AzureError::decode(operation, wire::DecodeError::Truncated("the page")),
        ];
        for err in &resumable {
            assert!(err.is_resumable(), "{err}");
        }
        let final_ = [
            answered(404, "ResourceNotFound"),
            answered(403, "AuthenticationFailed"),
            answered(416, "InvalidRange"),
            network(Some(crate::net::tls::CertificateProblem::Expired)),
            AzureError::TooLarge {
                operation,
                limit: 1,
            },
            AzureError::decode(operation, wire::DecodeError::NotXml),
            AzureError::RepeatedMarker { marker: "m".into() },
            AzureError::Login("no token".into()),
        ];
        for err in &final_ {
            assert!(!err.is_resumable(), "{err}");
        }
    }

    #[test]
    fn empty_body_keeps_status_and_header_code() {
        let err = ServiceError::decode(503, Some("ServerBusy"), None, b"", &|s| s.to_owned());
        assert_eq!(err.to_string(), "503 ServerBusy");
    }
}

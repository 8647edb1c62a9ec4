//! Errors of the Azure Files client, typed so the top level can pick hints and exit statuses.

use std::fmt;
use std::time::Duration;

use crate::protocol::wire;

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
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
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
    },
    #[error("{operation} timed out after {}s{}", after.as_secs(), attempts_suffix(*attempts))]
    Timeout {
        operation: &'static str,
        after: Duration,
        attempts: u32,
    },
    #[error("{operation} gave up: the retry deadline of {}s passed{}", deadline.as_secs(), attempts_suffix(*attempts))]
    Deadline {
        operation: &'static str,
        deadline: Duration,
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

    #[test]
    fn empty_body_keeps_status_and_header_code() {
        let err = ServiceError::decode(503, Some("ServerBusy"), None, b"", &|s| s.to_owned());
        assert_eq!(err.to_string(), "503 ServerBusy");
    }
}

//! The only user of reqwest: builds each attempt, authorizes it, sends it, retries transient
//! failures under the retry policy, and decodes service errors.
//!
//! Every attempt is rebuilt and re-signed (a fresh `x-ms-date`); one `x-ms-client-request-id`
//! follows a request through its retries so the service's logs can correlate them. At `-vv`
//! each attempt is logged with its secrets redacted: the SAS `sig`, the Shared Key signature
//! and the bearer token never reach a log line or an error message.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::{debug, trace};

use super::credential::{Credential, REDACTED};
use super::endpoint::ServiceEndpoint;
use super::error::{AzureError, ServiceError};
use crate::net::body::{BodyError, ERROR_BODY_LIMIT, LISTING_LIMIT, read_at_most, read_prefix};
use crate::net::redact::scrub_secrets;
use crate::net::retry::{
    Decision, GiveUpReason, RetryAfter, RetryPolicy, is_retryable_status, parse_retry_after,
};
use crate::net::tls::CertificateProblem;
use azfh_protocol::API_VERSION;
use azfh_protocol::signing::{SigningInput, authorization};

/// How the transport behaves; set once from the global options.
#[derive(Debug, Clone)]
pub struct TransportOptions {
    /// Limit for one attempt, body included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// `--ca-cert`, `--insecure`.
    pub tls: crate::net::tls::TlsSettings,
}

impl Default for TransportOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            tls: crate::net::tls::TlsSettings::default(),
        }
    }
}

/// One logical request to a share path.
#[derive(Debug, Clone)]
pub struct Request {
    pub operation: &'static str,
    pub method: Method,
    pub share: String,
    /// Share-relative path with `/` separators; empty for the root.
    pub path: String,
    /// Query parameters, not yet encoded.
    pub query: Vec<(String, String)>,
    /// Operation headers (`x-ms-recursive`, `x-ms-handle-id`, …).
    pub headers: Vec<(String, String)>,
    /// The longest successful answer body read; a longer one is refused.
    pub body_limit: u64,
    /// Whether a successful answer's body is complete; one that is not was cut short on the
    /// way (a connection closed early with a matching `Content-Length`) and is retried.
    pub complete: Option<fn(&[u8]) -> bool>,
}

impl Request {
    /// `operation` on the share and path `location` names (its snapshot travels in `query`).
    pub fn at(
        operation: &'static str,
        method: Method,
        location: &super::Location,
        query: Vec<(String, String)>,
        headers: Vec<(String, String)>,
    ) -> Self {
        Self {
            operation,
            method,
            share: location.share.clone(),
            path: location.path.clone(),
            query,
            headers,
            body_limit: LISTING_LIMIT,
            complete: None,
        }
    }

    /// The same request, retried when `complete` says a successful answer's body is not.
    #[must_use]
    pub fn expecting(mut self, complete: fn(&[u8]) -> bool) -> Self {
        self.complete = Some(complete);
        self
    }

    /// The same request, reading at most `limit` bytes of a successful answer.
    #[must_use]
    pub fn with_body_limit(mut self, limit: u64) -> Self {
        self.body_limit = limit;
        self
    }
}

/// A successful answer, body read in full.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// An earlier attempt failed after the service may have acted on it (its answer was lost,
    /// or a gateway failed): for a close, "0 closed" may mean this request closed it.
    pub ambiguous: bool,
    /// An earlier attempt was throttled (429 or 503): the caller may want to slow down.
    pub throttled: bool,
}

impl Response {
    /// The text of header `name` of `operation`'s answer, `None` when it is absent. A header
    /// that is present but not visible ASCII is an error, never "absent": an unreadable
    /// `x-ms-marker` taken for a missing one would end a close loop as if it had finished.
    pub fn header(
        &self,
        operation: &'static str,
        name: &'static str,
    ) -> Result<Option<&str>, AzureError> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        value.to_str().map(Some).map_err(|_| {
            AzureError::decode(
                operation,
                azfh_protocol::wire::DecodeError::Header {
                    name,
                    value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    problem: "it is not plain ASCII text",
                },
            )
        })
    }
}

/// Sends requests to one account's file service.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    endpoint: Arc<ServiceEndpoint>,
    credential: Credential,
    options: TransportOptions,
}

/// What one failed attempt left behind.
enum Failure {
    Service(ServiceError, Option<RetryAfter>),
    /// `sent`: the request left this machine (the connection was made).
    Network {
        message: String,
        sent: bool,
        /// The server's certificate was refused: not worth another attempt.
        certificate: Option<CertificateProblem>,
    },
    Timeout,
    /// The answer was longer than the request's body limit.
    TooLarge {
        limit: u64,
    },
    /// A 2xx answer that ends before it is whole (an empty body, a page whose root element
    /// never closes): the service was reached, and another attempt may get all of it.
    Incomplete {
        detail: String,
    },
}

impl Failure {
    /// Whether the service may have carried out the request although it failed here.
    fn maybe_processed(&self) -> bool {
        match self {
            Failure::Service(err, _) => matches!(err.status, 500 | 502 | 504),
            Failure::Network { sent, .. } => *sent,
            Failure::Timeout | Failure::Incomplete { .. } => true,
            Failure::TooLarge { .. } => false,
        }
    }

    fn throttled(&self) -> bool {
        matches!(self, Failure::Service(err, _) if matches!(err.status, 429 | 503))
    }
}

impl Transport {
    pub fn new(
        endpoint: ServiceEndpoint,
        credential: Credential,
        options: TransportOptions,
    ) -> Result<Self, AzureError> {
        let builder = reqwest::Client::builder()
            .user_agent(concat!("azfh/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(64)
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        let http = options
            .tls
            .apply(builder)
            .build()
            .map_err(|err| AzureError::Network {
                endpoint: endpoint.to_string(),
                message: format!("cannot start the HTTP client: {err}"),
                attempts: 0,
                certificate: None,
                ca_cert_given: false,
            })?;
        Ok(Self {
            http,
            endpoint: Arc::new(endpoint),
            credential,
            options,
        })
    }

    pub fn endpoint(&self) -> &ServiceEndpoint {
        &self.endpoint
    }

    fn auth_kind(&self) -> &'static str {
        match self.credential {
            Credential::SharedKey { .. } => "key",
            Credential::Sas(_) => "sas",
            Credential::Bearer(_) => "login",
        }
    }

    /// Sends a request, retrying transient failures; returns the first 2xx answer.
    pub async fn send(&self, request: &Request) -> Result<Response, AzureError> {
        let client_request_id = uuid::Uuid::new_v4().to_string();
        let started = Instant::now();
        let policy = self.options.retry;
        let mut retries = 0;
        let (mut ambiguous, mut throttled) = (false, false);
        loop {
            let attempt = retries + 1;
            let failure = match self.attempt(request, &client_request_id, attempt).await? {
                Ok(mut response) => {
                    response.ambiguous = ambiguous;
                    response.throttled = throttled;
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            ambiguous |= failure.maybe_processed();
            throttled |= failure.throttled();
            let (retryable, retry_after) = match &failure {
                Failure::Service(err, retry_after) => {
                    (is_retryable_status(err.status), *retry_after)
                }
                Failure::Network { certificate, .. } => (certificate.is_none(), None),
                Failure::Timeout | Failure::Incomplete { .. } => (true, None),
                Failure::TooLarge { .. } => (false, None),
            };
            match policy.decide(
                retryable,
                retries,
                started.elapsed(),
                retry_after,
                fastrand::f64(),
            ) {
                Decision::RetryAfter(wait) => {
                    debug!(
                        target: "azfh::http",
                        "{} attempt {attempt} failed ({}); retrying in {} ms",
                        request.operation,
                        failure_summary(&failure),
                        wait.as_millis()
                    );
                    tokio::time::sleep(wait).await;
                    retries += 1;
                }
                Decision::GiveUp(reason) => {
                    return Err(self.give_up(request, failure, attempt, reason));
                }
            }
        }
    }

    fn give_up(
        &self,
        request: &Request,
        failure: Failure,
        attempts: u32,
        reason: GiveUpReason,
    ) -> AzureError {
        match (failure, reason) {
            (Failure::Service(err, _), GiveUpReason::WaitTooLong) => AzureError::WaitTooLong {
                operation: request.operation,
                status: err.status,
                attempts,
            },
            (Failure::Service(mut err, _), _) => {
                err.operation = request.operation;
                err.target = if request.path.is_empty() {
                    request.share.clone()
                } else {
                    format!("{}/{}", request.share, request.path)
                };
                err.auth_kind = self.auth_kind();
                err.attempts = attempts;
                AzureError::Service(Box::new(err))
            }
            (Failure::TooLarge { limit }, _) => AzureError::TooLarge {
                operation: request.operation,
                limit,
            },
            (Failure::Incomplete { detail }, _) => AzureError::Incomplete {
                operation: request.operation,
                detail,
                attempts,
            },
            (_, GiveUpReason::Deadline) => AzureError::Deadline {
                operation: request.operation,
                deadline: self.options.retry.deadline,
                attempts,
            },
            (
                Failure::Network {
                    message,
                    certificate,
                    ..
                },
                _,
            ) => AzureError::Network {
                endpoint: self.endpoint.to_string(),
                message,
                attempts,
                certificate,
                ca_cert_given: self.options.tls.has_ca_cert(),
            },
            (Failure::Timeout, _) => AzureError::Timeout {
                operation: request.operation,
                after: self.options.timeout,
                attempts,
            },
        }
    }

    /// One attempt. The outer error is fatal (no token); the inner one may be retried.
    async fn attempt(
        &self,
        request: &Request,
        client_request_id: &str,
        attempt: u32,
    ) -> Result<Result<Response, Failure>, AzureError> {
        let path = self.endpoint.resource_path(&request.share, &request.path);
        let mut query = request.query.clone();
        let mut secrets: Vec<String> = Vec::new();
        if let Credential::Sas(token) = &self.credential {
            query.extend(token.pairs().iter().cloned());
            secrets.push(token.signature().to_owned());
            secrets.push(azfh_protocol::percent::encode_component(token.signature()));
        }
        let mut headers: Vec<(String, String)> = vec![
            ("x-ms-version".into(), API_VERSION.into()),
            (
                "x-ms-date".into(),
                httpdate::fmt_http_date(SystemTime::now()),
            ),
            ("x-ms-client-request-id".into(), client_request_id.into()),
        ];
        headers.extend(request.headers.iter().cloned());
        if request.method == Method::PUT
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        {
            headers.push(("content-length".into(), "0".into()));
        }
        let authorization_value = match &self.credential {
            Credential::SharedKey { account, key } => {
                let value = authorization(
                    account,
                    key.bytes(),
                    &SigningInput {
                        method: request.method.as_str(),
                        path: &path,
                        query: &query,
                        headers: &headers,
                    },
                );
                if let Some((_, signature)) = value.rsplit_once(':') {
                    secrets.push(signature.to_owned());
                }
                Some(value)
            }
            Credential::Bearer(source) => {
                let token = source.token().await?;
                secrets.push(token.expose().to_owned());
                headers.push(("x-ms-file-request-intent".into(), "backup".into()));
                Some(format!("Bearer {}", token.expose()))
            }
            Credential::Sas(_) => None,
        };
        let url = self.endpoint.url(&path, &query);
        let scrub = |text: &str| scrub_secrets(text, &secrets);
        debug!(target: "azfh::http", "{} {} {} (attempt {attempt})", request.operation, request.method, scrub(&url));

        let mut builder = self.http.request(request.method.clone(), &url);
        let mut header_map = HeaderMap::with_capacity(headers.len() + 1);
        for (name, value) in &headers {
            let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) else {
                continue;
            };
            header_map.append(name, value);
        }
        if let Some(value) = &authorization_value
            && let Ok(mut value) = HeaderValue::from_str(value)
        {
            value.set_sensitive(true);
            header_map.insert(reqwest::header::AUTHORIZATION, value);
        }
        for (name, value) in &header_map {
            let shown = if name == reqwest::header::AUTHORIZATION {
                redact_authorization(value.to_str().unwrap_or_default())
            } else {
                value.to_str().unwrap_or_default().to_owned()
            };
            trace!(target: "azfh::http", "  {name}: {shown}");
        }
        builder = builder.headers(header_map);
        if request.method == Method::PUT {
            builder = builder.body(Bytes::new());
        }

        let started = Instant::now();
        let exchange = async {
            let response = builder.send().await.map_err(BodyError::Read)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = if response.status().is_success() {
                read_at_most(response, request.body_limit).await?
            } else {
                read_prefix(response, ERROR_BODY_LIMIT)
                    .await
                    .map_err(BodyError::Read)?
            };
            Ok::<_, BodyError>((status, headers, body))
        };
        let (status, headers, body) =
            match tokio::time::timeout(self.options.timeout, exchange).await {
                Err(_) => return Ok(Err(Failure::Timeout)),
                Ok(Err(BodyError::TooLarge { limit })) => {
                    return Ok(Err(Failure::TooLarge { limit }));
                }
                Ok(Err(BodyError::Read(err))) => {
                    return Ok(Err(Failure::Network {
                        message: describe_reqwest_error(&err, &scrub),
                        sent: !err.is_connect(),
                        certificate: CertificateProblem::of(&err),
                    }));
                }
                Ok(Ok(parts)) => parts,
            };
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        debug!(
            target: "azfh::http",
            "{} -> {status} in {} ms, {} bytes, x-ms-request-id: {}",
            request.operation,
            started.elapsed().as_millis(),
            body.len(),
            header("x-ms-request-id").unwrap_or("-")
        );
        if (200..300).contains(&status) {
            // Only what could be the start of the page is taken for a cut-off one; anything
            // else (text, HTML from a proxy) is left to the decoder, which refuses it at once.
            if request.complete.is_some_and(|complete| !complete(&body))
                && could_be_cut_short(&body)
            {
                return Ok(Err(Failure::Incomplete {
                    detail: format!(
                        "{} bytes, where a whole answer ends with its root element closed",
                        body.len()
                    ),
                }));
            }
            return Ok(Ok(Response {
                status,
                headers,
                body,
                ambiguous: false,
                throttled: false,
            }));
        }
        let err = ServiceError::decode(
            status,
            header("x-ms-error-code"),
            header("x-ms-request-id"),
            &body,
            &scrub,
        );
        let retry_after = header("retry-after")
            .or_else(|| header("x-ms-retry-after"))
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        Ok(Err(Failure::Service(err, retry_after)))
    }
}

fn failure_summary(failure: &Failure) -> String {
    match failure {
        Failure::Service(err, _) => format!("{} {}", err.status, err.code()),
        Failure::Network { message, .. } => message.clone(),
        Failure::Timeout => "timed out".into(),
        Failure::TooLarge { limit } => format!("answer longer than {limit} bytes"),
        Failure::Incomplete { detail } => format!("answer cut short: {detail}"),
    }
}

/// Whether `body` could be the start of a listing answer cut short on the way: empty, or (after
/// a byte-order mark and white space) the start of `<?xml` or `<EnumerationResults`. A body that
/// is something else (a proxy's HTML page, plain text) is complete but wrong, and retrying it
/// would only repeat it.
fn could_be_cut_short(body: &[u8]) -> bool {
    let body = body.strip_prefix(azfh_protocol::wire::BOM).unwrap_or(body);
    let body = body.trim_ascii_start();
    body.is_empty()
        || [&b"<?xml"[..], b"<EnumerationResults"]
            .iter()
            .any(|start| body.starts_with(start) || start.starts_with(body))
}

/// A reqwest error in one line: the innermost cause says the most ("connection refused").
fn describe_reqwest_error(err: &reqwest::Error, scrub: &dyn Fn(&str) -> String) -> String {
    let mut source: &dyn std::error::Error = err;
    while let Some(next) = source.source() {
        source = next;
    }
    let what = if let Some(problem) = CertificateProblem::of(err) {
        problem.reason()
    } else if err.is_connect() {
        "connection failed"
    } else if err.is_body() || err.is_decode() {
        "the answer was cut short"
    } else {
        "the exchange failed"
    };
    scrub(&format!("{what}: {source}"))
}

/// `SharedKey account:[REDACTED]`, `Bearer [REDACTED]`.
fn redact_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some(("SharedKey", rest)) => {
            let account = rest.split(':').next().unwrap_or_default();
            format!("SharedKey {account}:{REDACTED}")
        }
        Some((scheme, _)) => format!("{scheme} {REDACTED}"),
        None => REDACTED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_redaction() {
        assert_eq!(
            redact_authorization("SharedKey devstoreaccount1:abc="),
            "SharedKey devstoreaccount1:[REDACTED]"
        );
        assert_eq!(redact_authorization("Bearer eyJ"), "Bearer [REDACTED]");
    }
}

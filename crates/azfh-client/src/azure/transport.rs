//! Requests to Azure Files: builds each attempt, authorizes it and decodes the service's
//! errors; `net` sends it (one client, one exchange, one retry loop for every backend).
//!
//! Every attempt is rebuilt and re-signed (a fresh `x-ms-date`); one `x-ms-client-request-id`
//! follows a request through its retries so the service's logs can correlate them. At `-vv`
//! each attempt is logged with its secrets redacted: the SAS `sig`, the Shared Key signature
//! and the bearer token never reach a log line or an error message.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::{debug, trace};

use super::credential::{Credential, REDACTED};
use super::endpoint::ServiceEndpoint;
use super::error::{AzureError, ServiceError};
use crate::net::ConnectionOptions;
use crate::net::body::LISTING_LIMIT;
use crate::net::body_sink::SharedSink;
use crate::net::client::http_client;
use crate::net::exchange::{exchange, exchange_into};
use crate::net::failure::Failure;
use crate::net::patience::{Patience, at_the_deadline, went_silent};
use crate::net::redact::scrub_secrets;
use crate::net::retry::{GiveUpReason, parse_retry_after};
use crate::net::send::{GaveUp, send_with_retry};
use azfh_protocol::API_VERSION;
use azfh_protocol::signing::{SigningInput, authorization};

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
    /// Where a successful answer's body goes as it arrives, instead of into `Response::body`.
    pub(crate) sink: Option<SharedSink>,
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
            sink: None,
        }
    }

    /// `operation` on the account itself (List Shares): no share, no path.
    pub fn on_account(
        operation: &'static str,
        method: Method,
        query: Vec<(String, String)>,
    ) -> Self {
        Self {
            operation,
            method,
            share: String::new(),
            path: String::new(),
            query,
            headers: Vec::new(),
            body_limit: LISTING_LIMIT,
            complete: None,
            sink: None,
        }
    }

    /// The same request, retried when `complete` says a successful answer's body is not.
    #[must_use]
    pub fn expecting(mut self, complete: fn(&[u8]) -> bool) -> Self {
        self.complete = Some(complete);
        self
    }

    /// The same request, a successful answer's body given to `sink` as it arrives (the
    /// response's `body` is then empty).
    #[must_use]
    pub(crate) fn with_sink(mut self, sink: SharedSink) -> Self {
        self.sink = Some(sink);
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
    options: ConnectionOptions,
}

impl Transport {
    pub fn new(
        endpoint: ServiceEndpoint,
        credential: Credential,
        options: ConnectionOptions,
    ) -> Result<Self, AzureError> {
        let http =
            http_client(options.timeout, &options.tls).map_err(|err| AzureError::Network {
                endpoint: endpoint.to_string(),
                message: err.to_string(),
                attempts: 0,
                certificate: None,
                ca_cert_given: false,
                connected: false,
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
        let client_request_id = client_request_id.as_str();
        let delivered = send_with_retry(
            request.operation,
            self.options.retry,
            move |attempt, deadline| self.attempt(request, client_request_id, attempt, deadline),
            |gave_up| self.give_up(request, gave_up),
        )
        .await?;
        Ok(Response {
            ambiguous: delivered.ambiguous,
            throttled: delivered.throttled,
            ..delivered.value
        })
    }

    fn give_up(&self, request: &Request, gave_up: GaveUp<ServiceError>) -> AzureError {
        let GaveUp {
            failure,
            attempts,
            reason,
        } = gave_up;
        match (failure, reason) {
            (Failure::Service { rejection, .. }, GiveUpReason::WaitTooLong) => {
                AzureError::WaitTooLong {
                    operation: request.operation,
                    status: rejection.status,
                    attempts,
                }
            }
            (Failure::Service { mut rejection, .. }, _) => {
                rejection.operation = request.operation;
                rejection.target = if request.path.is_empty() {
                    request.share.clone()
                } else {
                    format!("{}/{}", request.share, request.path)
                };
                rejection.auth_kind = self.auth_kind();
                rejection.attempts = attempts;
                AzureError::Service(Box::new(rejection))
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
            (
                Failure::Deadline {
                    waited,
                    progress,
                    before,
                },
                _,
            ) => AzureError::Deadline {
                operation: request.operation,
                deadline: self.options.retry.deadline,
                attempts,
                last: format!(
                    "{} {}",
                    self.host(),
                    at_the_deadline(progress, waited, before.as_deref())
                ),
            },
            // The deadline ran out before another attempt: it is what bounded the request.
            (Failure::Timeout { silence, progress }, GiveUpReason::Deadline) => {
                AzureError::Deadline {
                    operation: request.operation,
                    deadline: self.options.retry.deadline,
                    attempts,
                    last: format!("{} {}", self.host(), went_silent(progress, silence)),
                }
            }
            (Failure::Timeout { silence, progress }, _) => AzureError::Timeout {
                operation: request.operation,
                host: self.host().to_owned(),
                what: went_silent(progress, silence),
                after: silence,
                attempts,
            },
            (
                Failure::Network {
                    message,
                    not_http: true,
                    ..
                },
                _,
            ) => AzureError::NotHttp {
                operation: request.operation,
                host: self.host().to_owned(),
                detail: crate::net::failure::parser_said(&message).to_owned(),
                attempts,
            },
            (Failure::Network { message, .. }, GiveUpReason::Deadline) => AzureError::Deadline {
                operation: request.operation,
                deadline: self.options.retry.deadline,
                attempts,
                last: format!("cannot reach {}: {message}", self.endpoint),
            },
            (
                Failure::Network {
                    message,
                    certificate,
                    sent,
                    ..
                },
                _,
            ) => AzureError::Network {
                endpoint: self.endpoint.to_string(),
                message,
                attempts,
                certificate,
                ca_cert_given: self.options.tls.has_ca_cert(),
                connected: sent,
            },
        }
    }

    /// The endpoint's `host:port`, as errors name the server.
    fn host(&self) -> &str {
        self.endpoint.authority()
    }

    /// One attempt. The outer error is fatal (no token); the inner one may be retried.
    async fn attempt(
        &self,
        request: &Request,
        client_request_id: &str,
        attempt: u32,
        deadline: tokio::time::Instant,
    ) -> Result<Result<Response, Failure<ServiceError>>, AzureError> {
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
        let patience = Patience {
            silence: self.options.timeout,
            deadline,
        };
        let limit = request.body_limit;
        let answer = match &request.sink {
            Some(sink) => exchange_into(builder, patience, limit, &scrub, sink.0.as_ref()).await,
            None => exchange(builder, patience, limit, &scrub).await,
        };
        let answer = match answer {
            Ok(answer) => answer,
            Err(failure) => return Ok(Err(failure)),
        };
        debug!(
            target: "azfh::http",
            "{} -> {} in {} ms, {} bytes, x-ms-request-id: {}",
            request.operation,
            answer.status,
            started.elapsed().as_millis(),
            answer.body.len(),
            answer.header("x-ms-request-id").unwrap_or("-")
        );
        if answer.is_success() {
            // Only what could be the start of the page is taken for a cut-off one; anything
            // else (text, HTML from a proxy) is left to the decoder, which refuses it at once.
            if request
                .complete
                .is_some_and(|complete| !complete(&answer.body))
                && could_be_cut_short(&answer.body)
            {
                return Ok(Err(Failure::Incomplete {
                    detail: format!(
                        "{} bytes, where a whole answer ends with its root element closed",
                        answer.body.len()
                    ),
                }));
            }
            return Ok(Ok(Response {
                status: answer.status,
                headers: answer.headers,
                body: answer.body,
                ambiguous: false,
                throttled: false,
            }));
        }
        let rejection = ServiceError::decode(
            answer.status,
            answer.header("x-ms-error-code"),
            answer.header("x-ms-request-id"),
            &answer.body,
            &scrub,
        );
        // The service's own header, for answers that carry no standard one.
        let retry_after = answer
            .header("retry-after")
            .or_else(|| answer.header("x-ms-retry-after"))
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        Ok(Err(Failure::Service {
            rejection,
            retry_after,
        }))
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

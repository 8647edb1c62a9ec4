//! The only user of reqwest for Qumulo: HTTPS with the trust settings, the bearer token (a
//! login first when given a user and password, and once more if the session expires),
//! retries under the shared policy, error bodies decoded, secrets never logged.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use tokio::sync::Mutex;
use tracing::{debug, trace};

use super::auth::QumuloAuth;
use super::error::QumuloError;
use super::wire::{ErrorBody, LoginAnswer};
use crate::net::body::{BodyError, ERROR_BODY_LIMIT, LISTING_LIMIT, read_at_most, read_prefix};
use crate::net::redact::{REDACTED, scrub_secrets};
use crate::net::retry::{
    Decision, GiveUpReason, RetryAfter, RetryPolicy, is_retryable_status, parse_retry_after,
};
use crate::net::tls::{CertificateProblem, TlsSettings};

/// Timeouts, retries and trust.
#[derive(Debug, Clone, Default)]
pub struct TransportOptions {
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub tls: TlsSettings,
}

/// Sends requests to one cluster.
#[derive(Clone)]
pub struct QumuloTransport {
    http: reqwest::Client,
    base: Arc<str>,
    auth: Arc<QumuloAuth>,
    /// The session token a login gave, shared by concurrent requests.
    session: Arc<Mutex<Option<String>>>,
    options: TransportOptions,
}

/// What one failed attempt left behind.
enum Failure {
    Service {
        status: u16,
        error_class: Option<String>,
        description: String,
        retry_after: Option<RetryAfter>,
    },
    Network {
        message: String,
        certificate: Option<CertificateProblem>,
    },
    /// The answer was longer than any answer of the API.
    TooLarge { limit: u64 },
}

impl QumuloTransport {
    /// `base`: `https://HOST:PORT`.
    pub fn new(
        base: &str,
        auth: QumuloAuth,
        options: TransportOptions,
    ) -> Result<Self, QumuloError> {
        let builder = reqwest::Client::builder()
            .user_agent(concat!("azfh/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(32)
            .tcp_nodelay(true)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        let http = options
            .tls
            .apply(builder)
            .build()
            .map_err(|err| QumuloError::Network {
                operation: "start",
                endpoint: base.to_owned(),
                message: format!("cannot start the HTTPS client: {err}"),
                certificate: None,
                ca_cert_given: false,
            })?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').into(),
            auth: Arc::new(auth),
            session: Arc::new(Mutex::new(None)),
            options,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// GET or POST `path_and_query` (server-relative, starting with `/v1/`), retrying
    /// transient failures; returns the body of the first 2xx answer.
    pub async fn send(
        &self,
        operation: &'static str,
        method: Method,
        path_and_query: &str,
        body: Option<Bytes>,
    ) -> Result<Bytes, QumuloError> {
        let started = Instant::now();
        let policy = self.options.retry;
        let mut retries = 0;
        let mut relogged = false;
        loop {
            let token = self.token(operation).await?;
            let failure = match self
                .attempt(operation, &method, path_and_query, body.clone(), &token)
                .await
            {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            // An expired session: log in again, once.
            if let Failure::Service { status: 401, .. } = failure
                && matches!(*self.auth, QumuloAuth::Login { .. })
                && !relogged
            {
                relogged = true;
                self.session.lock().await.take();
                continue;
            }
            let (retryable, retry_after) = match &failure {
                Failure::Service {
                    status,
                    retry_after,
                    ..
                } => (is_retryable_status(*status), *retry_after),
                Failure::Network { certificate, .. } => (certificate.is_none(), None),
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
                    debug!(target: "azfh::http", "{operation} attempt {} failed; retrying in {} ms", retries + 1, wait.as_millis());
                    tokio::time::sleep(wait).await;
                    retries += 1;
                }
                Decision::GiveUp(reason) => {
                    let attempts = retries + 1;
                    return Err(match failure {
                        Failure::TooLarge { limit } => QumuloError::TooLarge { operation, limit },
                        Failure::Service { status, .. } if reason == GiveUpReason::WaitTooLong => {
                            QumuloError::WaitTooLong { operation, status }
                        }
                        Failure::Service {
                            status,
                            error_class,
                            description,
                            ..
                        } => QumuloError::Service {
                            operation,
                            status,
                            error_class,
                            description,
                            attempts,
                        },
                        Failure::Network { .. } if reason == GiveUpReason::Deadline => {
                            QumuloError::Deadline {
                                operation,
                                deadline: policy.deadline,
                                attempts,
                            }
                        }
                        Failure::Network {
                            message,
                            certificate,
                        } => QumuloError::Network {
                            operation,
                            endpoint: self.base.to_string(),
                            message,
                            certificate,
                            ca_cert_given: self.options.tls.has_ca_cert(),
                        },
                    });
                }
            }
        }
    }

    /// The bearer token: given, or from a login (made once, shared).
    async fn token(&self, operation: &'static str) -> Result<String, QumuloError> {
        let (user, password) = match &*self.auth {
            QumuloAuth::Token { token, .. } => return Ok(token.clone()),
            QumuloAuth::Login { user, password } => (user, password),
        };
        let mut session = self.session.lock().await;
        if let Some(token) = session.as_ref() {
            return Ok(token.clone());
        }
        let body = serde_json::json!({"username": user, "password": password}).to_string();
        let url = format!("{}/v1/session/login", self.base);
        debug!(target: "azfh::http", "login POST {url} (user {user})");
        let answer = self
            .exchange(Method::POST, &url, Some(Bytes::from(body)), None)
            .await;
        let bytes = match answer {
            Ok(bytes) => bytes,
            Err(Failure::Service {
                status,
                error_class,
                description,
                ..
            }) => {
                return Err(QumuloError::Service {
                    operation: "login",
                    status,
                    error_class,
                    description: scrub_secrets(&description, &[password.as_str()]),
                    attempts: 1,
                });
            }
            Err(Failure::Network {
                message,
                certificate,
            }) => {
                return Err(QumuloError::Network {
                    operation,
                    endpoint: self.base.to_string(),
                    message,
                    certificate,
                    ca_cert_given: self.options.tls.has_ca_cert(),
                });
            }
            Err(Failure::TooLarge { limit }) => {
                return Err(QumuloError::TooLarge {
                    operation: "login",
                    limit,
                });
            }
        };
        let answer: LoginAnswer =
            serde_json::from_slice(&bytes).map_err(|err| QumuloError::Decode {
                operation: "login",
                message: err.to_string(),
            })?;
        *session = Some(answer.bearer_token.clone());
        Ok(answer.bearer_token)
    }

    async fn attempt(
        &self,
        operation: &'static str,
        method: &Method,
        path_and_query: &str,
        body: Option<Bytes>,
        token: &str,
    ) -> Result<Bytes, Failure> {
        let url = format!("{}{path_and_query}", self.base);
        debug!(target: "azfh::http", "{operation} {method} {url}");
        let started = Instant::now();
        let result = self.exchange(method.clone(), &url, body, Some(token)).await;
        debug!(
            target: "azfh::http",
            "{operation} -> {} in {} ms",
            match &result {
                Ok(bytes) => format!("200, {} bytes", bytes.len()),
                Err(Failure::Service { status, .. }) => status.to_string(),
                Err(Failure::Network { message, .. }) => message.clone(),
                Err(Failure::TooLarge { limit }) => format!("answer longer than {limit} bytes"),
            },
            started.elapsed().as_millis()
        );
        result
    }

    /// One request and its answer; the token never reaches a log line.
    async fn exchange(
        &self,
        method: Method,
        url: &str,
        body: Option<Bytes>,
        token: Option<&str>,
    ) -> Result<Bytes, Failure> {
        let mut builder = self.http.request(method, url);
        if let Some(token) = token {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Failure::Network {
                    message: "the token cannot be sent in a header".into(),
                    certificate: None,
                })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
            trace!(target: "azfh::http", "  authorization: Bearer {REDACTED}");
        }
        if let Some(body) = body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let secrets: Vec<&str> = token.into_iter().collect();
        let exchange = async {
            let response = builder.send().await.map_err(BodyError::Read)?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now()));
            let body = if response.status().is_success() {
                read_at_most(response, LISTING_LIMIT).await?
            } else {
                read_prefix(response, ERROR_BODY_LIMIT)
                    .await
                    .map_err(BodyError::Read)?
            };
            Ok::<_, BodyError>((status, retry_after, body))
        };
        let (status, retry_after, body) =
            match tokio::time::timeout(self.options.timeout, exchange).await {
                Err(_) => {
                    return Err(Failure::Network {
                        message: format!("no answer within {}s", self.options.timeout.as_secs()),
                        certificate: None,
                    });
                }
                Ok(Err(BodyError::TooLarge { limit })) => {
                    return Err(Failure::TooLarge { limit });
                }
                Ok(Err(BodyError::Read(err))) => {
                    let (message, certificate) = describe(&err);
                    return Err(Failure::Network {
                        message: scrub_secrets(&message, &secrets),
                        certificate,
                    });
                }
                Ok(Ok(parts)) => parts,
            };
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let decoded: Option<ErrorBody> = serde_json::from_slice(&body).ok();
        let (error_class, description) = match decoded {
            Some(ErrorBody {
                error_class,
                description,
            }) => (error_class, description.unwrap_or_default()),
            None => (
                None,
                String::from_utf8_lossy(&body)
                    .trim()
                    .chars()
                    .take(300)
                    .collect(),
            ),
        };
        // Service text, scrubbed of secrets; it is escaped where it is printed.
        let clean = |text: &str| scrub_secrets(text, &secrets);
        Err(Failure::Service {
            status,
            error_class: error_class.as_deref().map(clean),
            description: clean(&description),
            retry_after,
        })
    }
}

/// A reqwest error in one line, and why the server's certificate was refused, if it was.
fn describe(err: &reqwest::Error) -> (String, Option<CertificateProblem>) {
    let mut innermost: &dyn std::error::Error = err;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    let certificate = CertificateProblem::of(err);
    let what = match &certificate {
        Some(problem) => problem.reason(),
        None if err.is_connect() => "connection failed",
        None => "the exchange failed",
    };
    (format!("{what}: {innermost}"), certificate)
}

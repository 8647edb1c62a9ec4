//! Requests to a Qumulo cluster: the bearer token (a login first when given a user and
//! password, and once more if the session expires), error bodies decoded, secrets never
//! logged; `net` sends them (one client, one exchange, one retry loop for every backend).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use bytes::Bytes;
use reqwest::Method;
use tokio::sync::Mutex;
use tracing::{debug, trace};

use super::auth::QumuloAuth;
use super::error::QumuloError;
use super::wire::{ErrorBody, LoginAnswer};
use crate::net::ConnectionOptions;
use crate::net::body::LISTING_LIMIT;
use crate::net::client::http_client;
use crate::net::exchange::exchange;
use crate::net::failure::{Failure, Rejection};
use crate::net::patience::{Patience, at_the_deadline, went_silent};
use crate::net::redact::{REDACTED, scrub_secrets};
use crate::net::retry::GiveUpReason;
use crate::net::send::{GaveUp, send_with_retry};

/// A delivered answer.
#[derive(Debug)]
pub struct Sent {
    pub body: Bytes,
    /// An earlier attempt failed after the cluster may have acted on it.
    pub ambiguous: bool,
}

/// Sends requests to one cluster.
#[derive(Clone)]
pub struct QumuloTransport {
    http: reqwest::Client,
    base: Arc<str>,
    auth: Arc<QumuloAuth>,
    /// The session token a login gave, shared by concurrent requests.
    session: Arc<Mutex<Option<String>>>,
    options: ConnectionOptions,
}

/// The cluster's error answer: its status, and its `error_class` and `description` (service
/// text, scrubbed of secrets; it is escaped where it is printed).
#[derive(Debug)]
struct ClusterRejection {
    status: u16,
    error_class: Option<String>,
    description: String,
}

impl Rejection for ClusterRejection {
    fn status(&self) -> u16 {
        self.status
    }

    fn summary(&self) -> String {
        match &self.error_class {
            Some(class) => format!("{} {class}", self.status),
            None => self.status.to_string(),
        }
    }
}

type AttemptFailure = Failure<ClusterRejection>;

/// The path part of a base URL (`https://host:443/api` → `/api`; empty without one).
fn base_path(base: &str) -> &str {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    base[after_scheme..]
        .find('/')
        .map_or("", |i| &base[after_scheme + i..])
}

impl QumuloTransport {
    /// `base`: `https://HOST:PORT`, with the API's path prefix if it has one (`/api` on the
    /// web port).
    pub fn new(
        base: &str,
        auth: QumuloAuth,
        options: ConnectionOptions,
    ) -> Result<Self, QumuloError> {
        let http =
            http_client(options.timeout, &options.tls).map_err(|err| QumuloError::Network {
                operation: "start",
                endpoint: base.to_owned(),
                message: err.to_string(),
                certificate: None,
                ca_cert_given: false,
                connected: false,
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

    /// The URL of a server-relative path (`/v1/…`). A cluster behind a path prefix may give
    /// its page links with the prefix or without (community clients prepend it): either way
    /// it is sent once.
    fn url_for(&self, path_and_query: &str) -> String {
        let prefix = base_path(&self.base);
        let relative = path_and_query
            .strip_prefix(prefix)
            .filter(|rest| !prefix.is_empty() && rest.starts_with("/v1/"))
            .unwrap_or(path_and_query);
        format!("{}{relative}", self.base)
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
        Ok(self
            .send_telling(operation, method, path_and_query, body)
            .await?
            .body)
    }

    /// [`send`](Self::send), also telling whether an earlier attempt may have been carried
    /// out (its answer was lost): a close retried after that finds its targets gone because
    /// it closed them itself.
    pub async fn send_telling(
        &self,
        operation: &'static str,
        method: Method,
        path_and_query: &str,
        body: Option<Bytes>,
    ) -> Result<Sent, QumuloError> {
        let relogged = AtomicBool::new(false);
        let (method, body, relogged) = (&method, &body, &relogged);
        let delivered = send_with_retry(
            operation,
            self.options.retry,
            move |_, deadline| async move {
                let token = self.token(operation).await?;
                let result = self
                    .attempt(
                        operation,
                        method,
                        path_and_query,
                        body.clone(),
                        &token,
                        deadline,
                    )
                    .await;
                // An expired session: log in again, once per request, and try at once (not a
                // retry: nothing was wrong with the cluster).
                if let Err(Failure::Service { rejection, .. }) = &result
                    && rejection.status == 401
                    && matches!(*self.auth, QumuloAuth::Login { .. })
                    && !relogged.swap(true, Ordering::Relaxed)
                {
                    self.session.lock().await.take();
                    let token = self.token(operation).await?;
                    return Ok(self
                        .attempt(
                            operation,
                            method,
                            path_and_query,
                            body.clone(),
                            &token,
                            deadline,
                        )
                        .await);
                }
                Ok(result)
            },
            |gave_up| self.give_up(operation, gave_up),
        )
        .await?;
        Ok(Sent {
            body: delivered.value,
            ambiguous: delivered.ambiguous,
        })
    }

    fn give_up(&self, operation: &'static str, gave_up: GaveUp<ClusterRejection>) -> QumuloError {
        let GaveUp {
            failure,
            attempts,
            reason,
        } = gave_up;
        match failure {
            Failure::TooLarge { limit } => QumuloError::TooLarge { operation, limit },
            Failure::Service { rejection, .. } if reason == GiveUpReason::WaitTooLong => {
                QumuloError::WaitTooLong {
                    operation,
                    status: rejection.status,
                }
            }
            Failure::Service { rejection, .. } => QumuloError::Service {
                operation,
                status: rejection.status,
                error_class: rejection.error_class,
                description: rejection.description,
                attempts,
            },
            Failure::Deadline {
                waited,
                progress,
                before,
            } => QumuloError::Deadline {
                operation,
                deadline: self.options.retry.deadline,
                attempts,
                last: format!(
                    "{} {}",
                    self.base,
                    at_the_deadline(progress, waited, before.as_deref())
                ),
            },
            Failure::Network { .. } | Failure::Timeout { .. } | Failure::Incomplete { .. }
                if reason == GiveUpReason::Deadline =>
            {
                QumuloError::Deadline {
                    operation,
                    deadline: self.options.retry.deadline,
                    attempts,
                    last: match failure {
                        Failure::Timeout { silence, progress } => {
                            format!("{} {}", self.base, went_silent(progress, silence))
                        }
                        other => other.summary(),
                    },
                }
            }
            Failure::Timeout { silence, progress } => QumuloError::Timeout {
                operation,
                endpoint: self.base.to_string(),
                what: went_silent(progress, silence),
            },
            Failure::Network {
                message,
                not_http: true,
                ..
            } => QumuloError::NotHttp {
                operation,
                endpoint: self.base.to_string(),
                detail: crate::net::failure::parser_said(&message).to_owned(),
                attempts,
            },
            other => self.cannot_reach(operation, other),
        }
    }

    /// A failure below HTTP as the error that names the cluster.
    fn cannot_reach(&self, operation: &'static str, failure: AttemptFailure) -> QumuloError {
        let (message, certificate, connected) = match failure {
            Failure::Network {
                message,
                certificate,
                sent,
                ..
            } => (message, certificate, sent),
            // Neither is a failure to reach the cluster, and neither reaches here: answers
            // are never checked for completeness, and the callers map the others first.
            other => (other.summary(), None, true),
        };
        QumuloError::Network {
            operation,
            endpoint: self.base.to_string(),
            message,
            certificate,
            ca_cert_given: self.options.tls.has_ca_cert(),
            connected,
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
        // Retried like any request (a busy cluster, a dropped connection); the password never
        // reaches an error.
        let body = Bytes::from(body);
        let bytes = send_with_retry(
            "login",
            self.options.retry,
            |_, deadline| {
                let body = body.clone();
                let url = url.as_str();
                async move {
                    Ok::<_, QumuloError>(
                        self.exchange(Method::POST, url, Some(body), None, deadline)
                            .await,
                    )
                }
            },
            |gave_up| match gave_up.failure {
                Failure::Service { .. } | Failure::TooLarge { .. } => {
                    match self.give_up("login", gave_up) {
                        QumuloError::Service {
                            operation,
                            status,
                            error_class,
                            description,
                            attempts,
                        } => QumuloError::Service {
                            operation,
                            status,
                            error_class,
                            description: scrub_secrets(&description, &[password.as_str()]),
                            attempts,
                        },
                        other => other,
                    }
                }
                _ => self.give_up(operation, gave_up),
            },
        )
        .await?
        .value;
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
        deadline: tokio::time::Instant,
    ) -> Result<Bytes, AttemptFailure> {
        let url = self.url_for(path_and_query);
        debug!(target: "azfh::http", "{operation} {method} {url}");
        let started = Instant::now();
        let result = self
            .exchange(method.clone(), &url, body, Some(token), deadline)
            .await;
        debug!(
            target: "azfh::http",
            "{operation} -> {} in {} ms",
            match &result {
                Ok(bytes) => format!("200, {} bytes", bytes.len()),
                Err(failure) => failure.summary(),
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
        deadline: tokio::time::Instant,
    ) -> Result<Bytes, AttemptFailure> {
        let mut builder = self.http.request(method, url);
        if let Some(token) = token {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Failure::Network {
                    message: "the token cannot be sent in a header".into(),
                    sent: false,
                    certificate: None,
                    unresolved: false,
                    not_http: false,
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
        let clean = |text: &str| scrub_secrets(text, &secrets);
        let patience = Patience {
            silence: self.options.timeout,
            deadline,
        };
        let answer = exchange(builder, patience, LISTING_LIMIT, &clean).await?;
        if answer.is_success() {
            return Ok(answer.body);
        }
        let decoded: Option<ErrorBody> = serde_json::from_slice(&answer.body).ok();
        let (error_class, description) = match decoded {
            Some(ErrorBody {
                error_class,
                description,
            }) => (error_class, description.unwrap_or_default()),
            None => (
                None,
                String::from_utf8_lossy(&answer.body)
                    .trim()
                    .chars()
                    .take(300)
                    .collect(),
            ),
        };
        Err(Failure::Service {
            rejection: ClusterRejection {
                status: answer.status,
                error_class: error_class.as_deref().map(clean),
                description: clean(&description),
            },
            retry_after: answer.retry_after(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport(base: &str) -> QumuloTransport {
        let auth = QumuloAuth::Token {
            token: "t".into(),
            source: "a test".into(),
        };
        QumuloTransport::new(base, auth, ConnectionOptions::default()).unwrap()
    }

    #[test]
    fn a_base_path_is_sent_once() {
        let web = transport("https://127.0.0.1:443/api/");
        assert_eq!(
            web.url_for("/v1/smb/files/"),
            "https://127.0.0.1:443/api/v1/smb/files/"
        );
        assert_eq!(
            web.url_for("/api/v1/smb/files/?after=x"),
            "https://127.0.0.1:443/api/v1/smb/files/?after=x"
        );
        let rest = transport("https://127.0.0.1:8000");
        assert_eq!(rest.url_for("/v1/x"), "https://127.0.0.1:8000/v1/x");
        assert_eq!(base_path("https://[::1]:8000"), "");
    }
}

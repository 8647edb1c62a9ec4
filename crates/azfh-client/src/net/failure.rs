//! What one failed attempt left behind, whichever backend made it, and the one place a
//! reqwest error becomes a line of text (naming a refused certificate for every backend).

use std::time::Duration;

use super::patience::Progress;
use super::retry::{RetryAfter, is_retryable_status};
use super::tls::CertificateProblem;

/// Retries of an answer that is not HTTP: one, for a proxy or a reused connection that
/// garbled a single answer; a second such answer means something else listens there.
pub(crate) const NOT_HTTP_RETRIES: u32 = 1;

/// A backend's error answer, decoded: what the retry loop needs to know of it.
pub(crate) trait Rejection {
    /// The HTTP status of the answer.
    fn status(&self) -> u16;
    /// A few words for the `-vv` line of a retried attempt, e.g. `503 ServerBusy`.
    fn summary(&self) -> String;
}

/// One failed attempt. `R` is the backend's decoded error answer.
#[derive(Debug)]
pub(crate) enum Failure<R> {
    /// The service answered with an error status.
    Service {
        rejection: R,
        /// The wait the service asked for (`Retry-After`).
        retry_after: Option<RetryAfter>,
    },
    /// The exchange failed below HTTP.
    Network {
        /// One line, secrets scrubbed.
        message: String,
        /// The request left this machine (the connection was made).
        sent: bool,
        /// The server's certificate was refused: not worth another attempt.
        certificate: Option<CertificateProblem>,
        /// The host name did not resolve: not worth another attempt either.
        unresolved: bool,
        /// The server answered something that is not HTTP: retried [`NOT_HTTP_RETRIES`] times.
        not_http: bool,
    },
    /// The server sent nothing for `silence` (`--timeout`), `progress` into its answer.
    Timeout {
        silence: Duration,
        progress: Progress,
    },
    /// The request's deadline passed `waited` into this attempt, `progress` into its answer:
    /// no time is left for another. `before`: what the attempt before it met, if one did (the
    /// cut-short last attempt says less of the server than the whole one before it).
    Deadline {
        waited: Duration,
        progress: Progress,
        before: Option<String>,
    },
    /// The answer was longer than the request's body limit.
    TooLarge { limit: u64 },
    /// A 2xx answer that ends before it is whole (an empty body, a page whose root element
    /// never closes): the service was reached, and another attempt may get all of it.
    Incomplete { detail: String },
}

impl<R: Rejection> Failure<R> {
    /// Whether another attempt may succeed.
    pub(crate) fn retryable(&self) -> bool {
        match self {
            Failure::Service { rejection, .. } => is_retryable_status(rejection.status()),
            Failure::Network {
                certificate,
                unresolved,
                ..
            } => certificate.is_none() && !unresolved,
            Failure::Timeout { .. } | Failure::Incomplete { .. } => true,
            Failure::TooLarge { .. } | Failure::Deadline { .. } => false,
        }
    }

    /// The most retries this kind of failure gets, when fewer than the policy's.
    pub(crate) fn retry_cap(&self) -> Option<u32> {
        match self {
            Failure::Network { not_http: true, .. } => Some(NOT_HTTP_RETRIES),
            _ => None,
        }
    }

    /// The wait the service asked for, if it answered.
    pub(crate) fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            Failure::Service { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the service may have carried out the request although it failed here.
    pub(crate) fn maybe_processed(&self) -> bool {
        match self {
            Failure::Service { rejection, .. } => matches!(rejection.status(), 500 | 502 | 504),
            Failure::Network { sent, .. } => *sent,
            Failure::Timeout { .. } | Failure::Deadline { .. } | Failure::Incomplete { .. } => true,
            Failure::TooLarge { .. } => false,
        }
    }

    /// Whether the service pushed back (429 or 503).
    pub(crate) fn throttled(&self) -> bool {
        matches!(self, Failure::Service { rejection, .. } if matches!(rejection.status(), 429 | 503))
    }

    /// A few words for the `-vv` log.
    pub(crate) fn summary(&self) -> String {
        match self {
            Failure::Service { rejection, .. } => rejection.summary(),
            Failure::Network { message, .. } => message.clone(),
            Failure::Timeout { silence, progress } => {
                super::patience::went_silent(*progress, *silence)
            }
            Failure::Deadline {
                waited,
                progress,
                before,
            } => super::patience::at_the_deadline(*progress, *waited, before.as_deref()),
            Failure::TooLarge { limit } => format!("answer longer than {limit} bytes"),
            Failure::Incomplete { detail } => format!("answer cut short: {detail}"),
        }
    }
}

impl<R> Failure<R> {
    /// A reqwest error as a network failure: one line (the innermost cause says the most,
    /// "connection refused"), scrubbed by `scrub`, and why the certificate was refused if it was.
    pub(crate) fn network(err: &reqwest::Error, scrub: &(dyn Fn(&str) -> String + Sync)) -> Self {
        let mut innermost: &dyn std::error::Error = err;
        while let Some(next) = innermost.source() {
            innermost = next;
        }
        let certificate = CertificateProblem::of(err);
        let unresolved = err.is_connect() && is_dns_failure(err);
        let not_http = is_not_http(err);
        let what = match &certificate {
            Some(problem) => problem.reason(),
            None if unresolved => super::UNRESOLVED_HOST,
            None if not_http => super::NOT_HTTP,
            None if err.is_connect() => "connection failed",
            None if err.is_body() || err.is_decode() => "the answer was cut short",
            None => "the exchange failed",
        };
        Failure::Network {
            message: scrub(&format!("{what}: {innermost}")),
            sent: !err.is_connect(),
            certificate,
            unresolved,
            not_http,
        }
    }
}

/// What the HTTP parser said of an answer that is not HTTP: a network failure's message after
/// its [`NOT_HTTP`](super::NOT_HTTP) prefix.
pub(crate) fn parser_said(message: &str) -> &str {
    message
        .strip_prefix(super::NOT_HTTP)
        .map_or(message, |rest| rest.trim_start_matches(": "))
}

/// Whether the server's answer could not be parsed as HTTP (hyper's parse error, anywhere in
/// the chain).
fn is_not_http(err: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(err);
    while let Some(current) = cause {
        if current
            .downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_parse)
        {
            return true;
        }
        cause = current.source();
    }
    false
}

/// Whether a connect error is the resolver's: hyper's connector names it "dns error" (its
/// error type is private, so the text is all there is to go by).
fn is_dns_failure(err: &reqwest::Error) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(err);
    while let Some(current) = cause {
        if current.to_string().starts_with("dns error") {
            return true;
        }
        cause = current.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Status(u16);

    impl Rejection for Status {
        fn status(&self) -> u16 {
            self.0
        }

        fn summary(&self) -> String {
            self.0.to_string()
        }
    }

    fn answered(status: u16) -> Failure<Status> {
        Failure::Service {
            rejection: Status(status),
            retry_after: None,
        }
    }

    fn network(sent: bool, certificate: Option<CertificateProblem>) -> Failure<Status> {
        Failure::Network {
            message: "connection failed: refused".into(),
            sent,
            certificate,
            unresolved: false,
            not_http: false,
        }
    }

    fn timeout() -> Failure<Status> {
        Failure::Timeout {
            silence: Duration::from_secs(1),
            progress: Progress::Nothing,
        }
    }

    #[test]
    fn what_is_retried() {
        assert!(answered(503).retryable() && answered(500).retryable());
        assert!(!answered(404).retryable() && !answered(401).retryable());
        assert!(network(true, None).retryable());
        assert!(
            !network(false, Some(CertificateProblem::UnknownIssuer)).retryable(),
            "a refused certificate is refused again"
        );
        assert!(timeout().retryable());
        assert!(
            !Failure::<Status>::Deadline {
                waited: Duration::from_secs(1),
                progress: Progress::Nothing,
                before: None,
            }
            .retryable(),
            "no time is left"
        );
        let not_http = Failure::<Status>::Network {
            message: String::new(),
            sent: true,
            certificate: None,
            unresolved: false,
            not_http: true,
        };
        assert!(not_http.retryable() && not_http.retry_cap() == Some(NOT_HTTP_RETRIES));
        assert_eq!(network(true, None).retry_cap(), None);
        assert!(
            Failure::<Status>::Incomplete {
                detail: String::new()
            }
            .retryable()
        );
        assert!(!Failure::<Status>::TooLarge { limit: 1 }.retryable());
    }

    #[test]
    fn what_the_service_may_have_done_and_whether_it_pushed_back() {
        for status in [500, 502, 504] {
            assert!(answered(status).maybe_processed(), "{status}");
        }
        assert!(!answered(503).maybe_processed() && !answered(429).maybe_processed());
        assert!(network(true, None).maybe_processed());
        assert!(!network(false, None).maybe_processed(), "never connected");
        assert!(timeout().maybe_processed());
        assert!(answered(429).throttled() && answered(503).throttled());
        assert!(!answered(500).throttled() && !timeout().throttled());
    }
}

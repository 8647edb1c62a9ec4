//! What closing one batch of listed handles gives back, on every backend.

use crate::handles::model::Handle;
use crate::handles::outcome::Outcome;

/// How closing one batch went.
pub struct BatchOutcome {
    pub results: Vec<(Handle, Outcome)>,
    /// The service pushed back (429, 503) on the way: the pacer slows down.
    pub throttled: bool,
    /// An error that should stop every further close (authorization).
    pub fatal: Option<anyhow::Error>,
    /// The endpoint could not be reached at all, after the transport's retries: the engine
    /// sends it no further close.
    pub unreachable: Option<Unreachable>,
}

/// An endpoint that could not be reached at all (refused, unresolved, no connection within
/// the timeout), after the transport's retries; not a service's answer.
#[derive(Debug, Clone)]
pub struct Unreachable {
    /// The endpoint's `host:port`.
    pub endpoint: String,
    /// The error that said so, e.g. `cannot reach http://127.0.0.1:1/acct: ... (after 7 attempts)`.
    pub error: String,
}

impl Unreachable {
    /// `url`: the endpoint as the error names it; `error`: the error's text.
    pub(crate) fn new(url: &str, error: String) -> Self {
        let endpoint = url::Url::parse(url)
            .ok()
            .and_then(|url| {
                let host = url.host_str()?.to_owned();
                Some(match url.port_or_known_default() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                })
            })
            .unwrap_or_else(|| url.to_owned());
        Self { endpoint, error }
    }
}

#[cfg(test)]
mod tests {
    use super::Unreachable;

    #[test]
    fn names_the_endpoint_by_host_and_port() {
        let at = |url: &str| Unreachable::new(url, String::new()).endpoint;
        assert_eq!(at("http://127.0.0.1:10204/vacct"), "127.0.0.1:10204");
        assert_eq!(at("https://127.0.0.1/acct"), "127.0.0.1:443");
        assert_eq!(at("not a url"), "not a url");
    }
}

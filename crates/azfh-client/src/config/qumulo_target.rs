//! `qumulo://HOST[:PORT]/PATH`: a Qumulo Core cluster's REST API (HTTPS, port 8000 unless
//! given) and an absolute path on the cluster. Checked before any request.
//!
//! Clusters reached through their web port (443) serve the API under `/api`, so port 443
//! implies that base path; `--qumulo-base` says it explicitly for any port.

use super::ConfigError;
use super::target::Service;

/// The REST port of a Qumulo cluster.
pub const DEFAULT_PORT: u16 = 8000;

/// The web port, where the API is served under [`WEB_BASE_PATH`].
pub const WEB_PORT: u16 = 443;

/// The API's path prefix on the web port.
pub const WEB_BASE_PATH: &str = "/api";

/// A Qumulo TARGET as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QumuloTarget {
    /// A host name, an IPv4 address, or an IPv6 address without brackets.
    pub host: String,
    pub port: u16,
    /// Absolute, `/`-separated, no trailing `/` (the root is `/`).
    pub path: String,
    /// The API's path prefix: empty on the REST port, `/api` on the web port.
    pub base_path: String,
}

impl QumuloTarget {
    /// `https://HOST:PORT`, with brackets around an IPv6 address.
    pub fn base_url(&self) -> String {
        if self.host.contains(':') {
            format!("https://[{}]:{}", self.host, self.port)
        } else {
            format!("https://{}:{}", self.host, self.port)
        }
    }

    /// Where requests go: [`base_url`](Self::base_url) and the base path.
    pub fn api_url(&self) -> String {
        format!("{}{}", self.base_url(), self.base_path)
    }

    /// Replaces the base path (`--qumulo-base`): `/api`, or `/` for none.
    pub fn with_base_path(mut self, base: &str) -> Result<Self, ConfigError> {
        let trimmed = base.trim().trim_end_matches('/');
        let valid = base.trim().starts_with('/')
            && trimmed
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.~".contains(c))
            && !trimmed.contains("//");
        if !valid {
            return Err(ConfigError::usage(
                format!("--qumulo-base '{}' is not a URL path", base.escape_debug()),
                "give the path the API is served under, e.g. --qumulo-base /api (or / for none)",
            ));
        }
        trimmed.clone_into(&mut self.base_path);
        Ok(self)
    }

    /// What messages call it: `qumulo://HOST:PORT/PATH`.
    pub fn display(&self) -> String {
        let base = self.base_url();
        format!("qumulo://{}{}", &base["https://".len()..], self.path)
    }
}

const HINT: &str = "write qumulo://HOST[:PORT]/PATH, e.g. qumulo://nas01/projects/dept-02";

/// Parses `qumulo://HOST[:PORT][/PATH]`. PATH is taken as written (not percent-decoded): it
/// is the cluster's path, spaces and all.
pub fn parse(text: &str) -> Result<QumuloTarget, ConfigError> {
    let trimmed = text.trim();
    let rest = trimmed
        .get(9..)
        .filter(|_| Service::of_target(trimmed) == Service::Qumulo)
        .ok_or_else(|| {
            ConfigError::usage(format!("'{trimmed}' is not a qumulo:// TARGET"), HINT)
        })?;
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| rest.split_at(i));
    let (host, port) = split_authority(authority)?;
    Ok(QumuloTarget {
        host,
        port,
        path: normalize(path)?,
        base_path: if port == WEB_PORT {
            WEB_BASE_PATH.to_owned()
        } else {
            String::new()
        },
    })
}

fn split_authority(authority: &str) -> Result<(String, u16), ConfigError> {
    if authority.is_empty() {
        return Err(ConfigError::usage(
            "the qumulo:// TARGET names no host",
            HINT,
        ));
    }
    if authority.contains('@') {
        return Err(ConfigError::usage(
            "a qumulo:// TARGET cannot carry a user or password",
            "give credentials with QUMULO_TOKEN, or QUMULO_USER and QUMULO_PASSWORD",
        ));
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (host, after) = inner
            .split_once(']')
            .ok_or_else(|| ConfigError::usage(format!("'{authority}' has no closing ']'"), HINT))?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let valid_host = !host.is_empty()
        && (host.parse::<std::net::IpAddr>().is_ok()
            || host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    if !valid_host {
        return Err(ConfigError::usage(
            format!("'{}' is not a host name or address", host.escape_debug()),
            HINT,
        ));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| {
                ConfigError::usage(
                    format!("'{}' is not a port number", port.escape_debug()),
                    "the REST API listens on port 8000 unless the cluster says otherwise",
                )
            })?,
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// An absolute cluster path without `.`, `..`, empty segments or control characters.
fn normalize(path: &str) -> Result<String, ConfigError> {
    let mut segments = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Err(ConfigError::usage(
                format!("the path '{path}' contains '{segment}'"),
                "give the absolute path on the cluster, e.g. /projects/dept-02",
            ));
        }
        if segment.chars().any(char::is_control) {
            return Err(ConfigError::usage(
                format!(
                    "the path segment '{}' contains a control character",
                    segment.escape_debug()
                ),
                "give the absolute path on the cluster, e.g. /projects/dept-02",
            ));
        }
        segments.push(segment);
    }
    Ok(format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = parse("qumulo://NAS01/projects/dept-02/").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("nas01", 8000, "/projects/dept-02")
        );
        assert_eq!(t.base_url(), "https://nas01:8000");
        assert_eq!(t.api_url(), "https://nas01:8000");
        let web = parse("qumulo://nas01:443/projects").unwrap();
        assert_eq!(web.api_url(), "https://nas01:443/api");
        assert_eq!(
            web.clone().with_base_path("/").unwrap().api_url(),
            "https://nas01:443"
        );
        let explicit = t.clone().with_base_path("/api/").unwrap();
        assert_eq!(explicit.api_url(), "https://nas01:8000/api");
        for bad in ["api", "/a?b", "//x", "/a b"] {
            assert!(t.clone().with_base_path(bad).is_err(), "{bad}");
        }
        assert_eq!(t.display(), "qumulo://nas01:8000/projects/dept-02");
        let t = parse("qumulo://10.0.0.5:9443").unwrap();
        assert_eq!((t.port, t.path.as_str()), (9443, "/"));
        let t = parse("QUMULO://[::1]:8000//a b/%20c").unwrap();
        assert_eq!(t.base_url(), "https://[::1]:8000");
        assert_eq!(t.path, "/a b/%20c");
    }

    #[test]
    fn bad_targets() {
        for (target, needle) in [
            ("qumulo://", "no host"),
            ("qumulo:///projects", "no host"),
            ("qumulo://nas01:0/", "not a port"),
            ("qumulo://nas01:99999/", "not a port"),
            ("qumulo://nas_01/", "not a host"),
            ("qumulo://admin:pw@nas01/", "user or password"),
            ("qumulo://nas01/a/../b", "'..'"),
            ("qumulo://[::1/x", "closing"),
            ("qumulo://nas01/a\u{7}", "control character"),
        ] {
            let err = parse(target).unwrap_err();
            assert!(err.message.contains(needle), "{target}: {}", err.message);
        }
    }
}

//! Where a storage account's file service lives, and how share paths appear in its URLs.
//!
//! Two addressing styles: host-style (`https://ACCOUNT.file.core.windows.net/SHARE/PATH`, any
//! host, so sovereign clouds and private endpoints work) and path-style
//! (`http://127.0.0.1:10100/ACCOUNT/SHARE/PATH`, for emulators). Paths are percent-encoded
//! by hand ([`encode_component`]), so that what is signed is exactly what is sent.

use std::fmt;
use std::net::IpAddr;

use reqwest::Url;
use url::Host;

use azfh_protocol::percent::encode_component;

/// An endpoint that cannot be used; the message names the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EndpointError(pub String);

/// The root of one account's file service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEndpoint {
    https: bool,
    /// `host[:port]`, IPv6 hosts in brackets.
    authority: String,
    /// `/ACCOUNT` for path-style endpoints, empty for host-style ones.
    path_prefix: String,
    account: String,
    loopback: bool,
}

impl ServiceEndpoint {
    /// `https://ACCOUNT.file.SUFFIX` (`core.windows.net` unless a connection string says).
    pub fn for_account(account: &str, https: bool, suffix: &str) -> Result<Self, EndpointError> {
        validate_account(account)?;
        let url = format!(
            "{}://{account}.file.{}",
            if https { "https" } else { "http" },
            suffix.trim_matches('.')
        );
        let parsed = Url::parse(&url)
            .map_err(|err| EndpointError(format!("invalid endpoint suffix '{suffix}': {err}")))?;
        Self::from_parts(&parsed, account.to_owned(), String::new())
    }

    /// A file service endpoint URL (`--endpoint`, `FileEndpoint=`): path-style when it has a
    /// path (`http://127.0.0.1:10100/devstoreaccount1`), host-style otherwise.
    /// `account` overrides the account read from the host name (for custom domains).
    pub fn parse(text: &str, account: Option<&str>) -> Result<Self, EndpointError> {
        let url = parse_http_url(text, "endpoint")?;
        if url.query().is_some() {
            return Err(EndpointError(format!(
                "the endpoint '{}' has a query; give a SAS with --sas-token instead",
                redact_query(text)
            )));
        }
        let segments: Vec<&str> = url
            .path_segments()
            .map(|segments| segments.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        match segments.as_slice() {
            [] => {
                let account = match account {
                    Some(account) => account.to_owned(),
                    None => account_from_host(&url)?,
                };
                validate_account(&account)?;
                Self::from_parts(&url, account, String::new())
            }
            [path_account] => {
                let path_account = path_account.to_ascii_lowercase();
                validate_account(&path_account)?;
                let prefix = format!("/{path_account}");
                Self::from_parts(&url, path_account, prefix)
            }
            _ => Err(EndpointError(format!(
                "the endpoint '{text}' has more than an account in its path; give the share and path in TARGET"
            ))),
        }
    }

    /// Splits a TARGET URL into its endpoint and the path segments after it (share, then the
    /// path). Path-style when the host is an IP address or `localhost`.
    pub fn split_target_url(url: &Url) -> Result<(Self, Vec<String>), EndpointError> {
        let segments = decoded_segments(url)?;
        let path_style = is_ip_or_localhost(url);
        if path_style {
            let Some((account, rest)) = segments.split_first() else {
                return Err(EndpointError(format!(
                    "the URL '{}' has no account: path-style URLs are http(s)://HOST:PORT/ACCOUNT/SHARE[/PATH]",
                    redact_query(url.as_str())
                )));
            };
            let account = account.to_ascii_lowercase();
            validate_account(&account)?;
            let prefix = format!("/{account}");
            Ok((Self::from_parts(url, account, prefix)?, rest.to_vec()))
        } else {
            let account = account_from_host(url)?;
            validate_account(&account)?;
            Ok((Self::from_parts(url, account, String::new())?, segments))
        }
    }

    fn from_parts(url: &Url, account: String, path_prefix: String) -> Result<Self, EndpointError> {
        let host = url
            .host()
            .ok_or_else(|| EndpointError(format!("the URL '{url}' has no host")))?;
        let loopback = match &host {
            Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
            Host::Ipv4(ip) => ip.is_loopback(),
            Host::Ipv6(ip) => ip.is_loopback(),
        };
        let host_text = match &host {
            Host::Ipv6(ip) => format!("[{ip}]"),
            other => other.to_string().to_ascii_lowercase(),
        };
        let authority = match url.port() {
            Some(port) => format!("{host_text}:{port}"),
            None => host_text,
        };
        Ok(Self {
            https: url.scheme() == "https",
            authority,
            path_prefix,
            account,
            loopback,
        })
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    /// `host[:port]`: the server errors name.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    /// True for `localhost`, 127.0.0.0/8 and `::1`.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The URL path of a share path, encoded exactly as it is sent and signed.
    pub fn resource_path(&self, share: &str, path: &str) -> String {
        let mut out = String::with_capacity(self.path_prefix.len() + share.len() + path.len() + 8);
        out.push_str(&self.path_prefix);
        out.push('/');
        out.push_str(&encode_component(share));
        for segment in path.split('/').filter(|segment| !segment.is_empty()) {
            out.push('/');
            out.push_str(&encode_component(segment));
        }
        out
    }

    /// `scheme://authority` followed by `path` and the encoded `query`.
    pub fn url(&self, path: &str, query: &[(String, String)]) -> String {
        let mut url = format!("{}{path}", self.origin());
        for (index, (name, value)) in query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(&encode_component(name));
            url.push('=');
            url.push_str(&encode_component(value));
        }
        url
    }

    fn origin(&self) -> String {
        format!(
            "{}://{}",
            if self.https { "https" } else { "http" },
            self.authority
        )
    }
}

impl fmt::Display for ServiceEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path_prefix)
    }
}

/// Parses an `http://` or `https://` URL, naming what is wrong otherwise.
pub fn parse_http_url(text: &str, what: &str) -> Result<Url, EndpointError> {
    let url = Url::parse(text.trim()).map_err(|err| {
        EndpointError(format!(
            "the {what} '{}' is not a valid URL: {err}",
            redact_query(text)
        ))
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(EndpointError(format!(
            "the {what} '{}' has the unsupported scheme '{other}': use https:// (or http:// for a local emulator)",
            redact_query(text)
        ))),
    }
}

/// A URL for messages: its query (which may hold a SAS) replaced.
pub fn redact_query(text: &str) -> String {
    match text.split_once('?') {
        Some((base, _)) => format!("{base}?[query redacted]"),
        None => text.to_owned(),
    }
}

fn decoded_segments(url: &Url) -> Result<Vec<String>, EndpointError> {
    url.path_segments()
        .into_iter()
        .flatten()
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .map(std::borrow::Cow::into_owned)
                .map_err(|_| {
                    EndpointError(format!(
                        "the URL path segment '{segment}' is not percent-encoded UTF-8"
                    ))
                })
        })
        // A segment may itself hold an encoded `/` (`a%2Fb`): it separates like `/`.
        .map(|segment| segment.map(|s| s.split('/').map(str::to_owned).collect::<Vec<_>>()))
        .collect::<Result<Vec<_>, _>>()
        .map(|nested| {
            nested
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect()
        })
}

fn is_ip_or_localhost(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
        }
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => true,
        None => false,
    }
}

fn account_from_host(url: &Url) -> Result<String, EndpointError> {
    match url.host() {
        Some(Host::Domain(name)) if !name.eq_ignore_ascii_case("localhost") => Ok(name
            .split('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()),
        _ => Err(EndpointError(format!(
            "cannot tell the storage account from '{}': put it in the path (http://127.0.0.1:10100/devstoreaccount1) or give --account",
            redact_query(url.as_str())
        ))),
    }
}

/// Storage account names: 3 to 24 lower-case letters and digits.
pub fn validate_account(account: &str) -> Result<(), EndpointError> {
    let ok = (3..=24).contains(&account.len())
        && account
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(EndpointError(format!(
            "'{account}' is not a storage account name: use 3 to 24 lower-case letters and digits"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_style_endpoints() {
        let e = ServiceEndpoint::for_account("acct", true, "core.windows.net").unwrap();
        assert_eq!(e.to_string(), "https://acct.file.core.windows.net");
        assert_eq!(
            e.resource_path("share", "a b/c+d#e%f"),
            "/share/a%20b/c%2Bd%23e%25f"
        );
        let china = ServiceEndpoint::for_account("acct", true, "core.chinacloudapi.cn").unwrap();
        assert_eq!(china.to_string(), "https://acct.file.core.chinacloudapi.cn");
        let private =
            ServiceEndpoint::parse("https://Acct.privatelink.file.core.windows.net/", None)
                .unwrap();
        assert_eq!(private.account(), "acct");
        assert!(!private.is_loopback());
        let custom = ServiceEndpoint::parse("https://files.example.com", Some("acct")).unwrap();
        assert_eq!(custom.account(), "acct");
    }

    #[test]
    fn path_style_endpoints_put_the_account_in_the_path() {
        let e = ServiceEndpoint::parse("http://127.0.0.1:10100/devstoreaccount1", None).unwrap();
        assert_eq!(e.account(), "devstoreaccount1");
        assert!(e.is_loopback() && !e.is_https());
        assert_eq!(e.resource_path("demo", ""), "/devstoreaccount1/demo");
        assert_eq!(
            e.url(
                "/devstoreaccount1/demo",
                &[
                    ("comp".into(), "listhandles".into()),
                    ("marker".into(), "1!4!a+/=".into())
                ]
            ),
            "http://127.0.0.1:10100/devstoreaccount1/demo?comp=listhandles&marker=1%214%21a%2B%2F%3D"
        );
        assert!(ServiceEndpoint::parse("http://127.0.0.1:10100", None).is_err());
        assert!(
            ServiceEndpoint::parse("http://[::1]:10100/acct", None)
                .unwrap()
                .is_loopback()
        );
    }

    #[test]
    fn target_urls_split_into_endpoint_and_segments() {
        let url = Url::parse("https://acct.file.core.windows.net/share/dir%20x/a%2Fb?sv=1&sig=x")
            .unwrap();
        let (endpoint, segments) = ServiceEndpoint::split_target_url(&url).unwrap();
        assert_eq!(endpoint.account(), "acct");
        assert_eq!(segments, ["share", "dir x", "a", "b"]);

        let url = Url::parse("http://localhost:10100/devstoreaccount1/demo/projects").unwrap();
        let (endpoint, segments) = ServiceEndpoint::split_target_url(&url).unwrap();
        assert_eq!(
            endpoint.to_string(),
            "http://localhost:10100/devstoreaccount1"
        );
        assert_eq!(segments, ["demo", "projects"]);
    }

    #[test]
    fn bad_endpoints_are_named() {
        assert!(
            parse_http_url("ftp://x/y", "TARGET")
                .unwrap_err()
                .0
                .contains("unsupported scheme 'ftp'")
        );
        assert!(
            ServiceEndpoint::parse("https://acct.file.core.windows.net/?sig=SECRET", None)
                .unwrap_err()
                .0
                .contains("[query redacted]")
        );
        assert!(validate_account("Bad_Name").is_err());
        assert!(validate_account("ab").is_err());
    }
}

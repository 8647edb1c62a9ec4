//! TARGET: `SHARE[/PATH]`, or a URL (host-style or path-style), checked before any request.

use reqwest::Url;

use super::ConfigError;
use crate::azure::endpoint::{ServiceEndpoint, parse_http_url};

/// A TARGET as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// `SHARE[/PATH]`: the endpoint comes from options, environment or connection string.
    SharePath { share: String, path: String },
    /// `NAME:[SHARE[/PATH]]`: an account of the config file; no share names the account.
    Named {
        name: String,
        share: Option<String>,
        path: String,
    },
    /// A URL: the endpoint comes from the URL itself; its query, if any, is a SAS.
    Url {
        endpoint: ServiceEndpoint,
        share: String,
        path: String,
        sas: Option<String>,
    },
}

/// The service a TARGET names, by its scheme: the one place that looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    AzureFiles,
    /// `qumulo://HOST[:PORT]/PATH` (the scheme in any case).
    Qumulo,
}

impl Service {
    pub fn of_target(text: &str) -> Self {
        let is_qumulo = text
            .trim()
            .get(..9)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("qumulo://"));
        if is_qumulo {
            Service::Qumulo
        } else {
            Service::AzureFiles
        }
    }
}

/// An ACCOUNT as written: an account URL (its query, if any, a SAS), or nothing (the account
/// of the connection options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountUrl {
    pub endpoint: ServiceEndpoint,
    pub sas: Option<String>,
}

/// Parses an ACCOUNT URL: `https://ACCOUNT.file.core.windows.net[/][?SAS]` or
/// `http://HOST:PORT/ACCOUNT[/][?SAS]`; a URL that names a share is refused.
pub fn parse_account_url(text: &str) -> Result<AccountUrl, ConfigError> {
    let trimmed = text.trim();
    let hint = "give the account's URL, e.g. https://ACCOUNT.file.core.windows.net or http://127.0.0.1:10100/devstoreaccount1";
    if !trimmed.contains("://") {
        return Err(ConfigError::usage(
            format!("'{trimmed}' is not an account URL"),
            format!(
                "{hint}, or leave ACCOUNT out to use --account, the connection string or --endpoint"
            ),
        ));
    }
    let url: Url =
        parse_http_url(trimmed, "ACCOUNT").map_err(|err| ConfigError::usage(err.0, hint))?;
    let (endpoint, segments) =
        ServiceEndpoint::split_target_url(&url).map_err(|err| ConfigError::usage(err.0, hint))?;
    if !segments.is_empty() {
        return Err(ConfigError::usage(
            format!(
                "the ACCOUNT URL '{}' names a share or path",
                crate::azure::endpoint::redact_query(trimmed)
            ),
            "give the account's URL without the share",
        ));
    }
    let sas = url.query().filter(|q| !q.is_empty()).map(str::to_owned);
    Ok(AccountUrl { endpoint, sas })
}

/// Parses and validates a TARGET.
pub fn parse(text: &str) -> Result<TargetSpec, ConfigError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ConfigError::usage(
            "TARGET is empty",
            "give SHARE[/PATH] (e.g. myshare/projects) or https://ACCOUNT.file.core.windows.net/SHARE[/PATH]",
        ));
    }
    if Service::of_target(trimmed) == Service::Qumulo {
        return Err(ConfigError::usage(
            format!("'{trimmed}' is a Qumulo TARGET: this command works on Azure Files only"),
            "qumulo:// TARGETs work with `azfh handles ls` and `azfh handles close`",
        ));
    }
    if let Some((scheme, _)) = trimmed.split_once("://")
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        let url: Url = parse_http_url(trimmed, "TARGET").map_err(|err| {
            ConfigError::usage(err.0, "use https://ACCOUNT.file.core.windows.net/SHARE[/PATH], or SHARE[/PATH] with --account")
        })?;
        let (endpoint, segments) = ServiceEndpoint::split_target_url(&url)
            .map_err(|err| ConfigError::usage(err.0, "check the URL"))?;
        let Some((share, rest)) = segments.split_first() else {
            return Err(ConfigError::usage(
                format!(
                    "the URL TARGET '{}' names no share",
                    crate::azure::endpoint::redact_query(trimmed)
                ),
                "add the share (and path) to the URL: .../SHARE[/PATH]",
            ));
        };
        validate_share(share)?;
        let path = normalize_path(&rest.join("/"))?;
        let sas = url.query().filter(|q| !q.is_empty()).map(str::to_owned);
        return Ok(TargetSpec::Url {
            endpoint,
            share: share.clone(),
            path,
            sas,
        });
    }
    // Shares and paths cannot hold ':', so one before the first '/' names an account.
    if let Some((name, rest)) = trimmed.split_once(':')
        && !name.contains('/')
    {
        if name.is_empty() {
            return Err(ConfigError::usage(
                format!("TARGET '{trimmed}' has no account name before ':'"),
                "write NAME:SHARE[/PATH] with a name from the config file, or SHARE[/PATH]",
            ));
        }
        let spec = parse(rest).ok().filter(|_| !rest.trim().is_empty());
        let (share, path) = match spec {
            Some(TargetSpec::SharePath { share, path }) => (Some(share), path),
            None if rest.trim().trim_matches('/').is_empty() => (None, String::new()),
            _ => {
                parse(rest)?;
                return Err(ConfigError::usage(
                    format!("TARGET '{trimmed}' is not NAME:SHARE[/PATH]"),
                    "write NAME:SHARE[/PATH], NAME: for the account, or a URL",
                ));
            }
        };
        return Ok(TargetSpec::Named {
            name: name.to_owned(),
            share,
            path,
        });
    }
    if trimmed.contains('\\') {
        return Err(ConfigError::usage(
            format!("TARGET '{trimmed}' contains '\\'"),
            "separate directories with '/' (e.g. myshare/projects/alpha)",
        ));
    }
    let without_slash = trimmed.trim_start_matches('/');
    let (share, path) = without_slash.split_once('/').unwrap_or((without_slash, ""));
    validate_share(share)?;
    Ok(TargetSpec::SharePath {
        share: share.to_owned(),
        path: normalize_path(path)?,
    })
}

/// Share names: 3 to 63 lower-case letters, digits and single hyphens, starting and ending
/// with a letter or digit.
pub fn validate_share(share: &str) -> Result<(), ConfigError> {
    let hint = "share names are 3 to 63 lower-case letters, digits and hyphens (e.g. myshare)";
    if share.chars().any(|c| c.is_ascii_uppercase())
        && share
            .to_ascii_lowercase()
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(ConfigError::usage(
            format!("'{share}' is not a valid share name: share names are lower-case"),
            format!("did you mean '{}'?", share.to_ascii_lowercase()),
        ));
    }
    if azfh_protocol::share_name::is_valid(share) {
        Ok(())
    } else {
        Err(ConfigError::usage(
            format!("'{share}' is not a valid share name"),
            hint,
        ))
    }
}

/// Checks a share-relative path and removes empty segments; the result has no leading or
/// trailing `/`.
pub fn normalize_path(path: &str) -> Result<String, ConfigError> {
    let mut segments = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Err(ConfigError::usage(
                format!("the path '{path}' contains '{segment}'"),
                "Azure Files paths have no '.' or '..' segments: give the path from the share's root",
            ));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| matches!(c, '"' | '\\' | ':' | '|' | '<' | '>' | '*' | '?') || c.is_control())
        {
            let hint = if matches!(c, '*' | '?') {
                "TARGET names one file or directory; to select handles by a pattern use --path GLOB"
            } else {
                "Azure Files names cannot contain \" \\ : | < > * ? or control characters"
            };
            return Err(ConfigError::usage(
                format!(
                    "the path segment '{}' contains the character {c:?}",
                    segment.escape_debug()
                ),
                hint,
            ));
        }
        if segment.len() > 255 {
            return Err(ConfigError::usage(
                "a path segment is longer than 255 bytes",
                "Azure Files names are at most 255 characters",
            ));
        }
        segments.push(segment);
    }
    let joined = segments.join("/");
    if joined.len() > 2048 {
        return Err(ConfigError::usage(
            "the path is longer than 2,048 characters",
            "Azure Files paths are at most 2,048 characters",
        ));
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_before_a_colon_is_an_account_of_the_config_file() {
        let named = |name: &str, share: Option<&str>, path: &str| TargetSpec::Named {
            name: name.into(),
            share: share.map(Into::into),
            path: path.into(),
        };
        assert_eq!(
            parse("prod:data/a/b").unwrap(),
            named("prod", Some("data"), "a/b")
        );
        assert_eq!(parse("prod:").unwrap(), named("prod", None, ""));
        assert_eq!(parse("prod:/").unwrap(), named("prod", None, ""));
        assert!(parse(":data").is_err());
        assert!(parse("prod:Data").is_err());
        assert!(parse("prod:x:y").is_err());
        // A ':' after the share is no account name: the path's ':' is refused as such.
        let err = parse("data/a:b").unwrap_err();
        assert!(err.message.contains("a:b"), "{}", err.message);
    }

    #[test]
    fn the_scheme_names_the_service() {
        assert_eq!(Service::of_target(" qumulo://x"), Service::Qumulo);
        assert_eq!(Service::of_target("QUMULO://x"), Service::Qumulo);
        assert_eq!(Service::of_target("demo/qumulo://"), Service::AzureFiles);
        assert_eq!(
            Service::of_target("https://a.file.core.windows.net/s"),
            Service::AzureFiles
        );
    }

    #[test]
    fn share_and_path_targets() {
        assert_eq!(
            parse("myshare/projects//a b/#1+2%/").unwrap(),
            TargetSpec::SharePath {
                share: "myshare".into(),
                path: "projects/a b/#1+2%".into()
            }
        );
        assert_eq!(
            parse("/demo").unwrap(),
            TargetSpec::SharePath {
                share: "demo".into(),
                path: String::new()
            }
        );
        assert_eq!(
            parse("demo/données/日本\u{FFFE}").unwrap(),
            TargetSpec::SharePath {
                share: "demo".into(),
                path: "données/日本\u{FFFE}".into()
            }
        );
    }

    #[test]
    fn url_targets() {
        let TargetSpec::Url {
            endpoint,
            share,
            path,
            sas,
        } = parse("https://acct.file.core.windows.net/share/dir%20a/b%2Bc?sv=2026-10-06&sig=abc")
            .unwrap()
        else {
            panic!("a URL target");
        };
        assert_eq!(endpoint.account(), "acct");
        assert_eq!((share.as_str(), path.as_str()), ("share", "dir a/b+c"));
        assert_eq!(sas.as_deref(), Some("sv=2026-10-06&sig=abc"));

        let TargetSpec::Url {
            endpoint,
            share,
            path,
            sas,
        } = parse("http://127.0.0.1:10100/devstoreaccount1/demo").unwrap()
        else {
            panic!("a URL target");
        };
        assert_eq!(
            endpoint.to_string(),
            "http://127.0.0.1:10100/devstoreaccount1"
        );
        assert_eq!((share.as_str(), path.as_str(), sas), ("demo", "", None));
    }

    #[test]
    fn bad_targets_say_what_to_do() {
        for (target, needle) in [
            ("", "empty"),
            ("Demo", "did you mean 'demo'"),
            ("my_share", "not a valid share name"),
            ("ab", "not a valid share name"),
            ("demo/../etc", "'..'"),
            ("demo/a/./b", "'.'"),
            ("demo/*.docx", "--path GLOB"),
            ("demo/a:b", "cannot contain"),
            ("demo\\projects", "separate directories with '/'"),
            ("ftp://host/share", "unsupported scheme 'ftp'"),
            ("https://acct.file.core.windows.net/", "names no share"),
            (
                "https://acct.file.core.windows.net/Share",
                "did you mean 'share'",
            ),
            ("http://127.0.0.1:10100/", "has no account"),
            ("https://acct.file.core.windows.net/s/%FF", "UTF-8"),
        ] {
            let err = parse(target).unwrap_err();
            let text = format!("{} {}", err.message, err.hint.clone().unwrap_or_default());
            assert!(text.contains(needle), "{target}: {text}");
        }
    }
}

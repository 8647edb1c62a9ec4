//! One SMB session as the cluster lists it (`GET /v1/smb/sessions/`), and the filters of
//! `sessions ls` and `sessions close`.
//!
//! A session is the lever Qumulo has that Azure Files lacks: closing it drops every handle
//! of the client's connection at once, which is how a crashed client is cleared.

use std::net::IpAddr;
use std::time::Duration;

use ipnet::IpNet;
use serde::Deserialize;

/// One SMB session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The cluster's opaque id of the session.
    pub location: String,
    /// The user's auth_id.
    pub auth_id: Option<String>,
    /// The user's name, as the session gives it or as looked up.
    pub user: Option<String>,
    /// The client's address (`originator`), if it is one.
    pub client_ip: Option<IpAddr>,
    /// The node the client is connected to.
    pub server_address: Option<String>,
    pub share_names: Vec<String>,
    /// Handles the session holds open.
    pub open_handles: u64,
    /// How long the session has been open.
    pub time_open: Duration,
    /// How long since the client last used it.
    pub time_idle: Duration,
    /// The record as listed: a close sends it back unchanged.
    pub native: String,
}

/// A session record as the cluster sends it, the fields used.
#[derive(Debug, Deserialize)]
pub(super) struct SessionInfo {
    location: String,
    #[serde(default)]
    originator: Option<String>,
    #[serde(default)]
    server_address: Option<String>,
    #[serde(default)]
    user: Option<SessionUser>,
    #[serde(default)]
    num_opens: Option<serde_json::Value>,
    #[serde(default)]
    time_open: Option<Nanoseconds>,
    #[serde(default)]
    time_idle: Option<Nanoseconds>,
    #[serde(default)]
    share_names: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SessionUser {
    #[serde(default)]
    auth_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// `{"nanoseconds": "<u64 as a string>"}` (a number is accepted too).
#[derive(Debug, Deserialize)]
struct Nanoseconds {
    nanoseconds: serde_json::Value,
}

fn count(value: Option<&serde_json::Value>, what: &str) -> Result<u64, String> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(0),
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| format!("{what} '{n}' is not a count")),
        Some(serde_json::Value::String(s)) => s
            .parse()
            .map_err(|_| format!("{what} '{s}' is not a count")),
        Some(other) => Err(format!("{what} {other} is not a count")),
    }
}

impl Session {
    /// Decodes one listed record, keeping it for the close.
    pub(super) fn of(raw: &serde_json::value::RawValue) -> Result<Self, String> {
        let info: SessionInfo = serde_json::from_str(raw.get()).map_err(|err| err.to_string())?;
        if info.location.is_empty() {
            return Err("a session has an empty location".into());
        }
        let nanos = |n: Option<&Nanoseconds>, what| {
            count(n.map(|n| &n.nanoseconds), what).map(Duration::from_nanos)
        };
        let user = info.user.unwrap_or(SessionUser {
            auth_id: None,
            name: None,
        });
        Ok(Self {
            location: info.location,
            auth_id: user.auth_id,
            user: user.name.filter(|n| !n.trim().is_empty()),
            client_ip: info
                .originator
                .as_deref()
                .and_then(|o| o.trim().parse::<IpAddr>().ok()),
            server_address: info.server_address,
            share_names: info.share_names,
            open_handles: count(info.num_opens.as_ref(), "num_opens")?,
            time_open: nanos(info.time_open.as_ref(), "time_open")?,
            time_idle: nanos(info.time_idle.as_ref(), "time_idle")?,
            native: raw.get().to_owned(),
        })
    }
}

/// Which sessions a command acts on. Repeating one filter ORs its values; different filters
/// AND.
#[derive(Debug, Clone, Default)]
pub struct SessionFilters {
    pub client_ips: Vec<IpNet>,
    /// Names (whole or without the domain, case-insensitive) or auth_ids.
    pub owners: Vec<String>,
    /// Share names, case-insensitive: a session matches if it uses any of them.
    pub shares: Vec<String>,
    pub idle_longer_than: Option<Duration>,
    pub older_than: Option<Duration>,
}

impl SessionFilters {
    pub fn is_empty(&self) -> bool {
        self.client_ips.is_empty()
            && self.owners.is_empty()
            && self.shares.is_empty()
            && self.idle_longer_than.is_none()
            && self.older_than.is_none()
    }

    pub fn matches(&self, session: &Session) -> bool {
        if !self.client_ips.is_empty()
            && !session.client_ip.is_some_and(|ip| {
                self.client_ips
                    .iter()
                    .any(|net| net.contains(&ip.to_canonical()))
            })
        {
            return false;
        }
        if !self.owners.is_empty() && !self.owner_matches(session) {
            return false;
        }
        if !self.shares.is_empty()
            && !session
                .share_names
                .iter()
                .any(|s| self.shares.iter().any(|w| w.eq_ignore_ascii_case(s)))
        {
            return false;
        }
        if self
            .idle_longer_than
            .is_some_and(|d| session.time_idle <= d)
        {
            return false;
        }
        if self.older_than.is_some_and(|d| session.time_open <= d) {
            return false;
        }
        true
    }

    fn owner_matches(&self, session: &Session) -> bool {
        self.owners.iter().any(|wanted| {
            session.auth_id.as_deref() == Some(wanted.as_str())
                || session.user.as_deref().is_some_and(|name| {
                    let short = name.rsplit_once('\\').map_or(name, |(_, short)| short);
                    wanted.eq_ignore_ascii_case(name) || wanted.eq_ignore_ascii_case(short)
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"location": "s-1", "tenant_id": 1, "originator": "10.20.30.40",
        "server_address": "10.20.0.11",
        "user": {"domain": "ACTIVE_DIRECTORY", "auth_id": "12884901890", "uid": null, "gid": null, "sid": "S-1", "name": "CORP\\alice"},
        "num_opens": 3, "time_open": {"nanoseconds": "5400000000000"},
        "time_idle": {"nanoseconds": "60000000000"}, "is_guest": false, "share_names": ["projects"]}"#;

    fn session() -> Session {
        let raw: Box<serde_json::value::RawValue> = serde_json::from_str(RECORD).unwrap();
        Session::of(&raw).unwrap()
    }

    #[test]
    fn a_record_decodes() {
        let s = session();
        assert_eq!(s.location, "s-1");
        assert_eq!(s.user.as_deref(), Some("CORP\\alice"));
        assert_eq!(s.client_ip, Some("10.20.30.40".parse().unwrap()));
        assert_eq!(s.open_handles, 3);
        assert_eq!(s.time_open, Duration::from_secs(5400));
        assert_eq!(s.time_idle, Duration::from_secs(60));
        for bad in [
            r#"{"location": ""}"#,
            r#"{"location": "x", "num_opens": "many"}"#,
            r#"{"location": "x", "time_idle": {"nanoseconds": "-1"}}"#,
        ] {
            let raw: Box<serde_json::value::RawValue> = serde_json::from_str(bad).unwrap();
            assert!(Session::of(&raw).is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_and_together() {
        let s = session();
        let mut f = SessionFilters::default();
        assert!(f.matches(&s));
        f.client_ips = vec!["10.20.0.0/16".parse().unwrap()];
        f.owners = vec!["alice".into()];
        f.shares = vec!["PROJECTS".into()];
        f.idle_longer_than = Some(Duration::from_secs(59));
        f.older_than = Some(Duration::from_secs(3600));
        assert!(f.matches(&s));
        f.idle_longer_than = Some(Duration::from_secs(60));
        assert!(!f.matches(&s), "idle exactly 60s is not longer than 60s");
        f.idle_longer_than = None;
        f.owners = vec!["12884901890".into()];
        assert!(f.matches(&s));
        f.owners = vec!["bob".into()];
        assert!(!f.matches(&s));
    }
}

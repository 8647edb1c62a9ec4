//! The filter layer: which handles a command acts on.
//!
//! Pure: it never reads the clock (callers pass `now` once) and never does I/O, so `handles ls`
//! and `handles close` select exactly the same handles for the same flags, and `--verify`
//! re-selects with the same cutoffs. Repeating one filter ORs its values; different filters AND.
//!
//! The `parse_*` functions are the value parsers of the command line; each error names the bad
//! value and shows a good one.

use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use ipnet::IpNet;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::model::{AccessRight, ClientAddr, Handle};

/// A filter value the user gave that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    pub message: String,
}

impl FilterError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// The filters as given on the command line, already parsed and validated: clap builds this
/// directly (the `parse_*` functions are its value parsers), and the doc comments are the
/// options' help text.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "clap", derive(clap::Args))]
#[cfg_attr(feature = "clap", command(next_help_heading = "Filters"))]
pub struct Filters {
    /// Opened before now − DUR (90m, 36h, 7d, 2w)
    #[cfg_attr(feature = "clap", arg(long, value_name = "DUR", value_parser = parse_age, allow_hyphen_values = true))]
    pub older_than: Option<Duration>,

    /// Opened after now − DUR
    #[cfg_attr(feature = "clap", arg(long, value_name = "DUR", value_parser = parse_age, allow_hyphen_values = true))]
    pub newer_than: Option<Duration>,

    /// Opened before TIME (RFC 3339, or a date)
    #[cfg_attr(feature = "clap", arg(long, value_name = "TIME", value_parser = parse_timestamp))]
    pub opened_before: Option<OffsetDateTime>,

    /// Opened after TIME (RFC 3339, or a date)
    #[cfg_attr(feature = "clap", arg(long, value_name = "TIME", value_parser = parse_timestamp))]
    pub opened_after: Option<OffsetDateTime>,

    /// Client address is IP, in CIDR, or IP:PORT (repeatable)
    ///
    /// Client address is IP, in CIDR, or IP:PORT as the CLIENT column shows it ([IPv6]:PORT;
    /// the port must then match too) (repeatable; IPv4 or IPv6)
    #[cfg_attr(feature = "clap", arg(long = "client-ip", value_name = "IP|CIDR|IP:PORT", value_parser = parse_client_address))]
    pub client_ips: Vec<ClientMatch>,

    /// Qumulo: a handle on a file that clients inside and outside --client-ip both hold is
    /// ambiguous: left out (exclude), or taken (include) [default: exclude]
    #[cfg_attr(
        feature = "clap",
        arg(
            long = "client-ip-ambiguous",
            value_name = "WHAT",
            value_enum,
            require_equals = true
        )
    )]
    pub client_ip_ambiguous: Option<Ambiguous>,

    /// Client address is not IP, not in CIDR, not IP:PORT (repeatable)
    #[cfg_attr(feature = "clap", arg(long = "exclude-client-ip", value_name = "IP|CIDR|IP:PORT", value_parser = parse_client_address))]
    pub exclude_client_ips: Vec<ClientMatch>,

    /// Client name matches GLOB (repeatable)
    ///
    /// Client name matches GLOB, case-insensitively (repeatable; nameless handles never match)
    #[cfg_attr(feature = "clap", arg(long = "client-name", value_name = "GLOB", value_parser = parse_client_name_glob))]
    pub client_names: Vec<String>,

    /// Client name does not match GLOB (repeatable)
    #[cfg_attr(feature = "clap", arg(long = "exclude-client-name", value_name = "GLOB", value_parser = parse_client_name_glob))]
    pub exclude_client_names: Vec<String>,

    /// Path matches GLOB (repeatable; '*' within a segment, '**' across)
    ///
    /// Path matches GLOB ('*' within a segment, '**' across; case-insensitive; repeatable):
    /// relative to the share, or on Qumulo to the cluster's root
    #[cfg_attr(feature = "clap", arg(long = "path", value_name = "GLOB", value_parser = parse_path_glob))]
    pub paths: Vec<String>,

    /// SMB session id is ID (repeatable)
    #[cfg_attr(feature = "clap", arg(long = "session-id", value_name = "ID", value_parser = parse_session_id))]
    pub session_ids: Vec<u64>,

    /// Access rights include RIGHT: read, write or delete (repeatable)
    #[cfg_attr(feature = "clap", arg(long, value_name = "RIGHT", value_parser = access_values(), ignore_case = true))]
    pub access: Vec<AccessRight>,

    /// Qumulo: opened by this user: an auth_id as listed in owner, or a name as in owner_name
    /// (DOMAIN\name, or the name alone; case-insensitive) (repeatable)
    #[cfg_attr(feature = "clap", arg(long = "owner", value_name = "NAME|ID", value_parser = parse_owner))]
    pub owners: Vec<String>,
}

impl Filters {
    /// True when no filter was given: every handle is selected.
    pub fn is_empty(&self) -> bool {
        self.older_than.is_none()
            && self.newer_than.is_none()
            && self.opened_before.is_none()
            && self.opened_after.is_none()
            && self.client_ips.is_empty()
            && self.exclude_client_ips.is_empty()
            && self.client_names.is_empty()
            && self.exclude_client_names.is_empty()
            && self.paths.is_empty()
            && self.session_ids.is_empty()
            && self.access.is_empty()
            && self.owners.is_empty()
    }
}

/// What `--client-ip` does with a handle whose client is one of several (Qumulo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Ambiguous {
    /// Leave it out: it is never closed on the strength of an address that may not be its.
    #[default]
    Exclude,
    /// Take it.
    Include,
}

/// Filters resolved against one instant: a predicate over handles.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Open time must be strictly after this instant.
    opened_after: Option<OffsetDateTime>,
    /// Open time must be strictly before this instant.
    opened_before: Option<OffsetDateTime>,
    client_ips: Vec<ClientMatch>,
    client_ip_ambiguous: Ambiguous,
    exclude_client_ips: Vec<ClientMatch>,
    client_names: Option<GlobSet>,
    exclude_client_names: Option<GlobSet>,
    paths: Option<GlobSet>,
    session_ids: Vec<u64>,
    access: Vec<AccessRight>,
    owners: Vec<String>,
    everything: bool,
}

impl Selection {
    /// Resolves relative times (`--older-than`) against `now` and compiles the globs.
    pub fn new(filters: &Filters, now: OffsetDateTime) -> Result<Self, FilterError> {
        let ago = |duration: Duration, flag: &str| {
            now.checked_sub(time::Duration::try_from(duration).unwrap_or(time::Duration::MAX))
                .ok_or_else(|| {
                    FilterError::new(format!(
                        "{flag} reaches before the year -9999: give a shorter duration, like 3650d"
                    ))
                })
        };
        let mut before = filters.opened_before;
        if let Some(age) = filters.older_than {
            before = Some(tighter_upper(before, ago(age, "--older-than")?));
        }
        let mut after = filters.opened_after;
        if let Some(age) = filters.newer_than {
            after = Some(tighter_lower(after, ago(age, "--newer-than")?));
        }
        if let (Some(after), Some(before)) = (after, before)
            && after >= before
        {
            return Err(FilterError::new(format!(
                "the time filters select nothing: no handle opened after {} can be opened before {}; loosen --older-than/--opened-before or --newer-than/--opened-after",
                human_time(after),
                human_time(before)
            )));
        }
        Ok(Self {
            opened_after: after,
            opened_before: before,
            client_ips: filters.client_ips.clone(),
            client_ip_ambiguous: filters.client_ip_ambiguous.unwrap_or_default(),
            exclude_client_ips: filters.exclude_client_ips.clone(),
            client_names: glob_set(&filters.client_names, GlobKind::ClientName)?,
            exclude_client_names: glob_set(&filters.exclude_client_names, GlobKind::ClientName)?,
            paths: glob_set(&filters.paths, GlobKind::Path)?,
            session_ids: filters.session_ids.clone(),
            access: filters.access.clone(),
            owners: filters.owners.clone(),
            everything: filters.is_empty(),
        })
    }

    /// A selection that takes every handle.
    pub fn everything() -> Self {
        Self::new(&Filters::default(), OffsetDateTime::UNIX_EPOCH)
            .expect("an empty filter set always resolves")
    }

    /// True when no filter was given.
    pub fn selects_everything(&self) -> bool {
        self.everything
    }

    /// Whether the handle passes every filter.
    pub fn matches(&self, handle: &Handle) -> bool {
        if self.everything {
            return true;
        }
        // An unknown open time or client matches no time or address filter (the commands
        // refuse such filters for backends that report neither).
        if self
            .opened_after
            .is_some_and(|t| handle.open_time.is_none_or(|o| o <= t))
            || self
                .opened_before
                .is_some_and(|t| handle.open_time.is_none_or(|o| o >= t))
        {
            return false;
        }
        let client = handle.client;
        if !self.client_ips.is_empty() && !self.client_ip_matches(handle) {
            return false;
        }

        if !self.exclude_client_ips.is_empty()
            && client.is_none_or(|client| self.exclude_client_ips.iter().any(|m| m.matches(client)))
        {
            return false;
        }
        let name = handle.client_name.as_deref();
        if let Some(globs) = &self.client_names
            && !name.is_some_and(|name| globs.is_match(name))
        {
            return false;
        }
        if let Some(globs) = &self.exclude_client_names
            && name.is_some_and(|name| globs.is_match(name))
        {
            return false;
        }
        if let Some(globs) = &self.paths
            && !globs.is_match(handle.relative_path())
        {
            return false;
        }
        if !self.session_ids.is_empty()
            && !handle
                .session_id
                .is_some_and(|id| self.session_ids.contains(&id))
        {
            return false;
        }
        if !self.owners.is_empty() && !self.owner_matches(handle) {
            return false;
        }
        if !self.access.is_empty()
            && !handle
                .access
                .is_some_and(|rights| self.access.iter().any(|right| rights.contains(*right)))
        {
            return false;
        }
        true
    }
}

fn tighter_upper(current: Option<OffsetDateTime>, candidate: OffsetDateTime) -> OffsetDateTime {
    current.map_or(candidate, |current| current.min(candidate))
}

fn tighter_lower(current: Option<OffsetDateTime>, candidate: OffsetDateTime) -> OffsetDateTime {
    current.map_or(candidate, |current| current.max(candidate))
}

/// A `--client-ip` value: a network (an address is a network of one), and a port when the
/// value was an address with a port, as the CLIENT column and az print a client
/// (`10.20.1.11:59055`, `[2001:db8::15]:445`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientMatch {
    pub net: IpNet,
    pub port: Option<u16>,
}

impl ClientMatch {
    /// Whether the client is in the network and, if a port was given, uses that port.
    pub fn matches(&self, client: ClientAddr) -> bool {
        self.net.contains(&canonical(client.ip)) && self.port.is_none_or(|p| client.port == Some(p))
    }
}

impl From<IpNet> for ClientMatch {
    fn from(net: IpNet) -> Self {
        Self { net, port: None }
    }
}

/// IPv4-mapped IPv6 clients (`::ffff:10.0.0.1`) match IPv4 networks.
fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

/// A time as a person reads it in a message: to the second, in UTC.
fn human_time(t: OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_else(|_| t.to_string())
}

#[derive(Clone, Copy)]
enum GlobKind {
    /// Client names: case-insensitive, `*` matches anything.
    ClientName,
    /// Share-relative paths: case-insensitive like Azure Files names; `*` stays within a
    /// segment, `**` crosses segments.
    Path,
}

fn build_glob(pattern: &str, kind: GlobKind) -> Result<Glob, FilterError> {
    let (flag, text) = match kind {
        GlobKind::ClientName => ("--client-name", pattern),
        // Paths are matched without their leading and trailing `/` (as `relative_path`
        // gives them), so `dept-01/`, as a table shows a directory, matches the directory.
        GlobKind::Path => ("--path", pattern.trim_matches('/')),
    };
    if text.is_empty() {
        return Err(FilterError::new(format!(
            "{flag} needs a non-empty pattern"
        )));
    }
    // A backslash is a character like any other, not an escape: client names are often
    // `DOMAIN\HOST`, and an exclusion that silently matched nothing would let a close reach the
    // handles it was meant to spare. `[*]` matches a literal `*`.
    GlobBuilder::new(text)
        .case_insensitive(true)
        .backslash_escape(false)
        .literal_separator(matches!(kind, GlobKind::Path))
        .build()
        .map_err(|err| {
            FilterError::new(format!(
                "invalid {flag} pattern '{pattern}': {}",
                err.kind()
            ))
        })
}

fn glob_set(patterns: &[String], kind: GlobKind) -> Result<Option<GlobSet>, FilterError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(build_glob(pattern, kind)?);
    }
    builder
        .build()
        .map(Some)
        .map_err(|err| FilterError::new(format!("invalid pattern: {err}")))
}

/// `--older-than` / `--newer-than`: a positive duration such as `90m`, `36h`, `7d` or `2w`.
pub fn parse_age(text: &str) -> Result<Duration, FilterError> {
    let hint = "use a number and a unit, like 90m, 36h, 7d or 2w";
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(FilterError::new(format!(
            "invalid duration '{text}': it must not be negative; {hint}"
        )));
    }
    // humantime's own message lists months and years, which read as calendar units; say the
    // units an operator uses.
    let duration = humantime::parse_duration(trimmed).map_err(|_| {
        FilterError::new(format!(
            "invalid duration '{text}': use a number and one of the units s, m, h, d, w, like 90m, 36h, 7d or 2w"
        ))
    })?;
    if duration.is_zero() {
        return Err(FilterError::new(format!(
            "invalid duration '{text}': it must be longer than zero; {hint}"
        )));
    }
    Ok(duration)
}

/// `--opened-before` / `--opened-after`: an RFC 3339 timestamp, or a date (midnight UTC).
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, FilterError> {
    let trimmed = text.trim();
    if let Ok(t) = OffsetDateTime::parse(trimmed, &Rfc3339) {
        return Ok(t.to_offset(time::UtcOffset::UTC));
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(trimmed, &date_format) {
        return Ok(date.midnight().assume_utc());
    }
    Err(FilterError::new(format!(
        "invalid timestamp '{text}': use RFC 3339, like 2026-05-01T08:00:00Z, or a date like 2026-05-01"
    )))
}

/// `--client-ip` / `--exclude-client-ip`: an address (IPv4 or IPv6), a CIDR network, or an
/// address with its port as azfh prints a client (`10.20.1.11:59055`, `[2001:db8::15]:445`;
/// a bare IPv6 address is always an address: give its port in brackets).
pub fn parse_client_address(text: &str) -> Result<ClientMatch, FilterError> {
    let trimmed = text.trim();
    if let Ok(ip) = IpAddr::from_str(trimmed) {
        return Ok(IpNet::from(ip).into());
    }
    if !trimmed.contains('/')
        && let Some(client) = ClientAddr::parse(trimmed)
    {
        return Ok(ClientMatch {
            net: IpNet::from(canonical(client.ip)),
            port: client.port,
        });
    }
    parse_ip_net(text).map(ClientMatch::from)
}

/// An address (IPv4 or IPv6) or a CIDR network.
pub fn parse_ip_net(text: &str) -> Result<IpNet, FilterError> {
    let trimmed = text.trim();
    if let Ok(ip) = IpAddr::from_str(trimmed) {
        return Ok(IpNet::from(ip));
    }
    if let Some((address, prefix)) = trimmed.split_once('/') {
        let ip = IpAddr::from_str(address).map_err(|_| {
            FilterError::new(format!(
                "invalid network '{text}': '{address}' is not an IPv4 or IPv6 address"
            ))
        })?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let length: u8 = prefix
            .parse()
            .ok()
            .filter(|length| *length <= max)
            .ok_or_else(|| {
                FilterError::new(format!(
                    "invalid network '{text}': the prefix length must be a number from 0 to {max}"
                ))
            })?;
        return IpNet::new(ip, length)
            .map_err(|err| FilterError::new(format!("invalid network '{text}': {err}")));
    }
    Err(FilterError::new(format!(
        "invalid address '{text}': use an IP address (10.20.1.5, 2001:db8::1), a CIDR network (10.20.0.0/16) or an address with its port (10.20.1.5:445, [2001:db8::1]:445)"
    )))
}

/// `--client-name` / `--exclude-client-name`: a case-insensitive glob.
pub fn parse_client_name_glob(text: &str) -> Result<String, FilterError> {
    build_glob(text, GlobKind::ClientName).map(|_| text.to_owned())
}

/// `--path`: a share-relative glob (`*` within a segment, `**` across segments).
pub fn parse_path_glob(text: &str) -> Result<String, FilterError> {
    build_glob(text, GlobKind::Path).map(|_| text.to_owned())
}

/// `--session-id`: an SMB session id, an unsigned 64-bit decimal.
pub fn parse_session_id(text: &str) -> Result<u64, FilterError> {
    text.trim().parse().map_err(|_| {
        FilterError::new(format!(
            "invalid session id '{text}': expected an unsigned 64-bit decimal number as listed in session_id"
        ))
    })
}

impl Selection {
    /// `--client-ip`: the client's address is selected; or, for a handle whose client is one
    /// of several candidates (Qumulo), every candidate is, or with
    /// `--client-ip-ambiguous=include` one is.
    fn client_ip_matches(&self, handle: &Handle) -> bool {
        if let Some(client) = handle.client {
            return self.client_ips.iter().any(|m| m.matches(client));
        }
        // Candidates carry no port: a value with a port selects none of them.
        let selected = handle
            .client_candidates()
            .iter()
            .filter(|c| {
                self.client_ips
                    .iter()
                    .any(|m| m.port.is_none() && m.net.contains(&canonical(**c)))
            })
            .count();
        selected > 0
            && (selected == handle.client_candidates().len()
                || self.client_ip_ambiguous == Ambiguous::Include)
    }

    /// `--owner`: the id exactly, or the name case-insensitively, whole (`CORP\alice`) or
    /// without its domain (`alice`).
    fn owner_matches(&self, handle: &Handle) -> bool {
        if handle
            .owner()
            .is_some_and(|owner| self.owners.iter().any(|wanted| wanted == owner))
        {
            return true;
        }
        let Some(name) = handle.owner_name() else {
            return false;
        };
        let short = name.rsplit_once('\\').map_or(name, |(_, short)| short);
        self.owners
            .iter()
            .any(|wanted| wanted.eq_ignore_ascii_case(name) || wanted.eq_ignore_ascii_case(short))
    }
}

/// `--owner`: a user's id as the backend lists it in `owner` (Qumulo: an auth_id such as
/// `500` or `12884901890`), or a user's name (names may hold spaces).
pub fn parse_owner(text: &str) -> Result<String, FilterError> {
    let owner = text.trim();
    if owner.is_empty() || owner.chars().any(char::is_control) {
        return Err(FilterError::new(format!(
            "invalid owner '{}': expected a user name (CORP\\alice, alice) or an auth_id as listed in owner (e.g. 500)",
            text.escape_debug()
        )));
    }
    Ok(owner.to_owned())
}

/// `--access` for clap: its values listed (for completions and errors), each then parsed.
#[cfg(feature = "clap")]
fn access_values() -> impl clap::builder::TypedValueParser<Value = AccessRight> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["read", "write", "delete"])
        .try_map(|text| parse_access(&text))
}

/// `--access`: `read`, `write` or `delete`.
pub fn parse_access(text: &str) -> Result<AccessRight, FilterError> {
    AccessRight::parse(text).ok_or_else(|| {
        FilterError::new(format!(
            "invalid access right '{text}': use read, write or delete"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::model::{AccessRights, ClientAddr};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

    fn handle(path: &str, ip: &str, name: Option<&str>, opened: OffsetDateTime) -> Handle {
        Handle {
            id: "1".into(),
            path: path.into(),
            file_id: 1,
            parent_id: Some(0),
            session_id: Some(7),
            client: Some(ClientAddr::parse(ip).unwrap()),
            client_name: name.map(str::to_owned),
            open_time: Some(opened),
            last_reconnect_time: None,
            qumulo: None,
            access: Some([AccessRight::Read].into_iter().collect::<AccessRights>()),
        }
    }

    fn select(filters: &Filters) -> Selection {
        Selection::new(filters, NOW).unwrap()
    }

    #[test]
    fn no_filter_selects_everything() {
        let selection = select(&Filters::default());
        assert!(selection.selects_everything());
        assert!(selection.matches(&handle("a", "1.2.3.4:5", None, NOW)));
    }

    #[test]
    fn older_and_newer_than_are_strict_bounds() {
        let week = Duration::from_secs(7 * 86_400);
        let older = select(&Filters {
            older_than: Some(week),
            ..Filters::default()
        });
        let eight_days = NOW - time::Duration::days(8);
        let six_days = NOW - time::Duration::days(6);
        assert!(older.matches(&handle("a", "1.2.3.4:5", None, eight_days)));
        assert!(!older.matches(&handle("a", "1.2.3.4:5", None, six_days)));
        assert!(!older.matches(&handle(
            "a",
            "1.2.3.4:5",
            None,
            NOW - time::Duration::days(7)
        )));

        let newer = select(&Filters {
            newer_than: Some(week),
            ..Filters::default()
        });
        assert!(newer.matches(&handle("a", "1.2.3.4:5", None, six_days)));
        assert!(!newer.matches(&handle("a", "1.2.3.4:5", None, eight_days)));
    }

    #[test]
    fn contradictory_time_window_is_an_error() {
        let err = Selection::new(
            &Filters {
                older_than: Some(Duration::from_secs(10 * 86_400)),
                newer_than: Some(Duration::from_secs(7 * 86_400)),
                ..Filters::default()
            },
            NOW,
        )
        .unwrap_err();
        assert!(err.message.contains("select nothing"), "{err}");
    }

    #[test]
    fn absolute_times_combine_with_relative_ones() {
        let selection = select(&Filters {
            opened_after: Some(datetime!(2026-11-01 0:00 UTC)),
            older_than: Some(Duration::from_secs(86_400)),
            ..Filters::default()
        });
        assert!(selection.matches(&handle(
            "a",
            "1.2.3.4:5",
            None,
            datetime!(2026-11-10 0:00 UTC)
        )));
        assert!(!selection.matches(&handle(
            "a",
            "1.2.3.4:5",
            None,
            datetime!(2026-10-31 0:00 UTC)
        )));
        assert!(!selection.matches(&handle(
            "a",
            "1.2.3.4:5",
            None,
            datetime!(2026-11-21 0:00 UTC)
        )));
    }

    #[test]
    fn client_ip_sets_or_within_and_exclude() {
        let selection = select(&Filters {
            client_ips: vec![
                parse_client_address("10.20.0.0/16").unwrap(),
                parse_client_address("2001:db8::/32").unwrap(),
            ],
            exclude_client_ips: vec![parse_client_address("10.20.9.9").unwrap()],
            ..Filters::default()
        });
        assert!(selection.matches(&handle("a", "10.20.1.5:445", None, NOW)));
        assert!(selection.matches(&handle("a", "2001:db8::42:50123", None, NOW)));
        assert!(selection.matches(&handle("a", "::ffff:10.20.3.3:1", None, NOW)));
        assert!(!selection.matches(&handle("a", "10.20.9.9:445", None, NOW)));
        assert!(!selection.matches(&handle("a", "10.30.1.5:445", None, NOW)));
    }

    #[test]
    fn client_ip_with_a_port_matches_that_port_only() {
        let selection = select(&Filters {
            client_ips: vec![
                parse_client_address("10.20.1.11:59055").unwrap(),
                parse_client_address("[2001:db8::15]:445").unwrap(),
            ],
            ..Filters::default()
        });
        assert!(selection.matches(&handle("a", "10.20.1.11:59055", None, NOW)));
        assert!(!selection.matches(&handle("a", "10.20.1.11:59056", None, NOW)));
        assert!(selection.matches(&handle("a", "[2001:db8::15]:445", None, NOW)));
        assert!(!selection.matches(&handle("a", "[2001:db8::15]:446", None, NOW)));
        assert!(!selection.matches(&handle("a", "10.20.1.12:59055", None, NOW)));
        // A bare IPv6 address is an address, never an address and a port.
        assert_eq!(parse_client_address("2001:db8::15").unwrap().port, None);
        assert!(parse_client_address("10.20.1.11:99999").is_err());
    }

    #[test]
    fn client_name_globs_are_case_insensitive_and_skip_nameless_handles() {
        let selection = select(&Filters {
            client_names: vec!["ws-*".into()],
            ..Filters::default()
        });
        assert!(selection.matches(&handle("a", "1.2.3.4:5", Some("WS-ALICE"), NOW)));
        assert!(!selection.matches(&handle("a", "1.2.3.4:5", Some("LAPTOP-BOB"), NOW)));
        assert!(!selection.matches(&handle("a", "1.2.3.4:5", None, NOW)));

        let exclude = select(&Filters {
            exclude_client_names: vec!["build-*".into()],
            ..Filters::default()
        });
        assert!(exclude.matches(&handle("a", "1.2.3.4:5", None, NOW)));
        assert!(!exclude.matches(&handle("a", "1.2.3.4:5", Some("BUILD-7"), NOW)));
    }

    #[test]
    fn a_backslash_in_a_client_name_glob_is_the_character() {
        let exclude = select(&Filters {
            exclude_client_names: vec!["corp\\host*".into()],
            ..Filters::default()
        });
        assert!(!exclude.matches(&handle("a", "1.2.3.4:5", Some("CORP\\HOST-7"), NOW)));
        assert!(exclude.matches(&handle("a", "1.2.3.4:5", Some("CORPHOST-7"), NOW)));
        let star = select(&Filters {
            client_names: vec!["a[*]".into()],
            ..Filters::default()
        });
        assert!(star.matches(&handle("a", "1.2.3.4:5", Some("A*"), NOW)));
        assert!(!star.matches(&handle("a", "1.2.3.4:5", Some("AB"), NOW)));
    }

    #[test]
    fn path_globs_respect_segments() {
        let one_level = select(&Filters {
            paths: vec!["projects/*".into()],
            ..Filters::default()
        });
        assert!(one_level.matches(&handle("projects/plan.docx", "1.2.3.4:5", None, NOW)));
        assert!(!one_level.matches(&handle("projects/a/plan.docx", "1.2.3.4:5", None, NOW)));

        let deep = select(&Filters {
            paths: vec!["/projects/**/*.DOCX".into()],
            ..Filters::default()
        });
        assert!(deep.matches(&handle("projects/a/b/plan.docx", "1.2.3.4:5", None, NOW)));
        assert!(deep.matches(&handle("Projects/plan.docx", "1.2.3.4:5", None, NOW)));
        assert!(!deep.matches(&handle("home/plan.docx", "1.2.3.4:5", None, NOW)));
    }

    #[test]
    fn session_and_access_filters() {
        let selection = select(&Filters {
            session_ids: vec![7, 9],
            access: vec![AccessRight::Write, AccessRight::Read],
            ..Filters::default()
        });
        assert!(selection.matches(&handle("a", "1.2.3.4:5", None, NOW)));
        let mut other_session = handle("a", "1.2.3.4:5", None, NOW);
        other_session.session_id = Some(8);
        assert!(!selection.matches(&other_session));
        let mut unknown_access = handle("a", "1.2.3.4:5", None, NOW);
        unknown_access.access = None;
        assert!(!selection.matches(&unknown_access));
        let delete_only = select(&Filters {
            access: vec![AccessRight::Delete],
            ..Filters::default()
        });
        assert!(!delete_only.matches(&handle("a", "1.2.3.4:5", None, NOW)));
    }

    #[test]
    fn parsers_reject_bad_values_with_the_fix() {
        assert_eq!(parse_age("7d").unwrap(), Duration::from_secs(7 * 86_400));
        assert_eq!(parse_age("2w").unwrap(), Duration::from_secs(14 * 86_400));
        assert_eq!(parse_age("90m").unwrap(), Duration::from_secs(90 * 60));
        for bad in ["7x", "-1d", "", "d", "0s", "seven days"] {
            let err = parse_age(bad).unwrap_err();
            assert!(err.message.contains("7d"), "{bad}: {err}");
        }
        assert!(
            parse_ip_net("10.0.0.0/33")
                .unwrap_err()
                .message
                .contains("0 to 32")
        );
        assert!(
            parse_ip_net("::/129")
                .unwrap_err()
                .message
                .contains("0 to 128")
        );
        assert!(
            parse_ip_net("10.0.0/8")
                .unwrap_err()
                .message
                .contains("not an IPv4")
        );
        assert!(parse_ip_net("example.com").is_err());
        assert_eq!(parse_ip_net("10.20.1.5").unwrap().prefix_len(), 32);
        assert!(parse_path_glob("projects/[").is_err());
        assert!(parse_path_glob("/").is_err());
        assert!(parse_client_name_glob("ws-{a").is_err());
        assert!(parse_session_id("-1").is_err());
        assert_eq!(parse_session_id("18446744073709551615").unwrap(), u64::MAX);
        assert!(parse_access("execute").is_err());
        assert_eq!(
            parse_timestamp("2026-05-01T10:00:00+02:00").unwrap(),
            datetime!(2026-05-01 8:00 UTC)
        );
        assert_eq!(
            parse_timestamp("2026-05-01").unwrap(),
            datetime!(2026-05-01 0:00 UTC)
        );
        assert!(parse_timestamp("yesterday").is_err());
    }
}

//! `--group-by` results as rows: one schema in tsv and json (`group_by`, `key`, `handles`,
//! `oldest_open_time`, `open_on_path`, `limit`, `complete`), snake_case values.

use std::io;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::handles::grouping::{Group, GroupKey, LimitStatus};

/// One group as machine-readable output writes it: the same fields, in the same order, in tsv
/// and json (the contract of `docs/cli.md`).
#[derive(Serialize)]
struct GroupRecord<'a> {
    /// `client_ip`, `client_name`, `session`, `path` or `owner`.
    group_by: &'static str,
    /// The value the handles share (null: clients without a name).
    key: Option<&'a str>,
    handles: u64,
    oldest_open_time: Option<String>,
    /// For `path` groups on a service with limits: handles open on the path, all clients.
    open_on_path: Option<u64>,
    /// For `path` groups on a service with limits: the service's limit for the path.
    limit: Option<u64>,
    /// False when a listing the group counts failed: `handles` is then a lower bound.
    complete: bool,
}

/// The tsv columns of a group: the json fields.
const TSV_COLUMNS: &[&str] = &[
    "group_by",
    "key",
    "handles",
    "oldest_open_time",
    "open_on_path",
    "limit",
    "complete",
];

/// The table's WARNING for a group whose count is partial.
const INCOMPLETE: &str = "incomplete: a listing failed";

/// The snake_case name of a grouping, as output writes it (the flag takes the kebab form too).
pub(crate) fn group_by_name(key: GroupKey) -> &'static str {
    match key {
        GroupKey::ClientIp => "client_ip",
        GroupKey::ClientName => "client_name",
        GroupKey::Session => "session",
        GroupKey::Path => "path",
        GroupKey::Owner => "owner",
        GroupKey::Share => "share",
        GroupKey::Account => "account",
    }
}

/// A group as an output row.
pub(crate) struct GroupRow<'a> {
    pub key: GroupKey,
    pub group: &'a Group,
    /// Whether the backend reports open times: without them (Qumulo) the table leaves out
    /// OLDEST, which would be `-` on every row (tsv and json keep their schema).
    pub open_times: bool,
    /// False when a listing the group counts failed (a share of several): its count is partial.
    pub complete: bool,
}

impl GroupRow<'_> {
    fn record(&self) -> GroupRecord<'_> {
        let g = self.group;
        GroupRecord {
            group_by: group_by_name(self.key),
            key: g.key.as_deref(),
            handles: g.handles,
            oldest_open_time: g.oldest_open_time.map(rfc3339),
            open_on_path: g.limit.as_ref().map(|s| s.open),
            limit: g.limit.as_ref().map(|s| s.limit),
            complete: self.complete,
        }
    }
}

fn limit_text(status: &LimitStatus) -> String {
    let what = if status.is_reached() {
        "AT LIMIT"
    } else {
        "near limit"
    };
    format!("{what}: {}/{} open", status.open, status.limit)
}

fn key_text(group: &Group, key: GroupKey) -> String {
    match (&group.key, key) {
        (None, _) => "(no name)".to_owned(),
        (Some(path), GroupKey::Path) if path.is_empty() => "/".to_owned(),
        (Some(value), _) => value.clone(),
    }
}

impl Row for GroupRow<'_> {
    const TABLE_HEADERS: &'static [&'static str] = &["PATH", "HANDLES", "OLDEST", "WARNING"];
    const TSV_COLUMNS: &'static [&'static str] = TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        let headers: &'static [&'static str] = match self.key {
            GroupKey::ClientIp => &["CLIENT IP", "HANDLES", "OLDEST", "WARNING"],
            GroupKey::ClientName => &["CLIENT NAME", "HANDLES", "OLDEST", "WARNING"],
            GroupKey::Session => &["SESSION ID", "HANDLES", "OLDEST", "WARNING"],
            GroupKey::Path => Self::TABLE_HEADERS,
            GroupKey::Owner => &["OWNER", "HANDLES", "OLDEST", "WARNING"],
            GroupKey::Share => &["SHARE", "HANDLES", "OLDEST", "WARNING"],
            GroupKey::Account => &["ACCOUNT", "HANDLES", "OLDEST", "WARNING"],
        };
        if self.open_times {
            return headers;
        }
        match self.key {
            GroupKey::ClientIp => &["CLIENT IP", "HANDLES", "WARNING"],
            GroupKey::ClientName => &["CLIENT NAME", "HANDLES", "WARNING"],
            GroupKey::Session => &["SESSION ID", "HANDLES", "WARNING"],
            GroupKey::Path => &["PATH", "HANDLES", "WARNING"],
            GroupKey::Owner => &["OWNER", "HANDLES", "WARNING"],
            GroupKey::Share => &["SHARE", "HANDLES", "WARNING"],
            GroupKey::Account => &["ACCOUNT", "HANDLES", "WARNING"],
        }
    }

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let g = self.group;
        let mut cells = vec![
            for_terminal(&key_text(g, self.key)).into_owned(),
            g.handles.to_string(),
        ];
        if self.open_times {
            cells.push(
                g.oldest_open_time
                    .map_or_else(|| "-".to_owned(), |t| style.time.show(t, now)),
            );
        }
        let warning = g.limit.as_ref().map(limit_text).unwrap_or_default();
        cells.push(if self.complete {
            warning
        } else if warning.is_empty() {
            INCOMPLETE.to_owned()
        } else {
            format!("{INCOMPLETE}; {warning}")
        });
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let r = self.record();
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        vec![
            r.group_by.to_owned(),
            for_tsv(r.key.unwrap_or_default()).into_owned(),
            r.handles.to_string(),
            r.oldest_open_time.unwrap_or_default(),
            number(r.open_on_path),
            number(r.limit),
            r.complete.to_string(),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        json(out, &self.record(), pretty)
    }
}

/// The stderr warning for a path near or at its limit.
pub(crate) fn limit_warning(status: &LimitStatus) -> String {
    let path = if status.path.is_empty() {
        "/ (the share root)".to_owned()
    } else {
        for_terminal(&status.path).into_owned()
    };
    if status.is_reached() {
        format!(
            "{path} has {} open handles: the service limit of {} is reached, new opens fail",
            status.open, status.limit
        )
    } else {
        format!(
            "{path} has {} open handles, near the service limit of {}",
            status.open, status.limit
        )
    }
}

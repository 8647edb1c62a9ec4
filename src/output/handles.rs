//! Handles as output rows. JSON field names are the contract of `docs/cli.md`; ids are
//! strings (JavaScript and jq lose digits above 2^53); times are RFC 3339 UTC or null.
//!
//! Every backend writes the same fields, `null` (empty in TSV) where it reports nothing: one
//! format for scripts whichever storage they point at. Tables, for people, show the client
//! columns when the backend reports clients (Azure Files) and the owner columns otherwise
//! (Qumulo).

use std::io::{self, Write};

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::age::TimeStyle;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::handles::model::{AccessRight, Handle};

/// One handle as machine-readable output writes it.
#[derive(Debug, Serialize)]
pub(crate) struct HandleRecord<'a> {
    pub handle_id: &'a str,
    pub path: &'a str,
    pub file_id: String,
    pub parent_id: Option<String>,
    pub session_id: Option<String>,
    pub client_ip: Option<String>,
    pub client_port: Option<u16>,
    pub client_name: Option<&'a str>,
    pub open_time: Option<String>,
    pub last_reconnect_time: Option<String>,
    pub access_rights: Option<Vec<&'static str>>,
    pub owner: Option<&'a str>,
    pub byte_range_locks: Option<u64>,
    /// `owner_name`, only on records with an owner (Qumulo), where it may be null (the
    /// lookup failed): Azure Files records keep their fields.
    #[serde(flatten)]
    pub owner_name: Option<OwnerName<'a>>,
}

/// The `owner_name` field of a record that has an owner.
#[derive(Debug, Serialize)]
pub(crate) struct OwnerName<'a> {
    pub owner_name: Option<&'a str>,
}

impl<'a> From<&'a Handle> for HandleRecord<'a> {
    fn from(h: &'a Handle) -> Self {
        Self {
            handle_id: &h.id,
            path: &h.path,
            file_id: h.file_id.to_string(),
            parent_id: h.parent_id.map(|id| id.to_string()),
            session_id: h.session_id.map(|id| id.to_string()),
            client_ip: h.client.map(|c| c.ip.to_string()),
            client_port: h.client.and_then(|c| c.port),
            client_name: h.client_name.as_deref(),
            open_time: h.open_time.map(rfc3339),
            last_reconnect_time: h.last_reconnect_time.map(rfc3339),
            access_rights: h
                .access
                .map(|rights| rights.iter().map(AccessRight::name).collect()),
            owner: h.owner.as_deref(),
            byte_range_locks: h.byte_range_locks,
            owner_name: h.owner.as_ref().map(|_| OwnerName {
                owner_name: h.owner_name.as_deref(),
            }),
        }
    }
}

/// The TSV columns of a handle, in order.
pub(crate) const TSV_COLUMNS: [&str; 13] = [
    "handle_id",
    "path",
    "file_id",
    "parent_id",
    "session_id",
    "client_ip",
    "client_port",
    "client_name",
    "open_time",
    "last_reconnect_time",
    "access_rights",
    "owner",
    "byte_range_locks",
];

/// The names `--columns` takes for handles: the tsv and json fields, and `client` (address and
/// port as the table's CLIENT column shows them).
pub(crate) const COLUMN_NAMES: [&str; 14] = [
    "handle_id",
    "path",
    "file_id",
    "parent_id",
    "session_id",
    "client",
    "client_ip",
    "client_port",
    "client_name",
    "open_time",
    "last_reconnect_time",
    "access_rights",
    "owner",
    "byte_range_locks",
];

/// The fields of [`CLIENT_HEADERS`].
const CLIENT_NAMES: &[&str] = &[
    "handle_id",
    "path",
    "client",
    "client_name",
    "open_time",
    "session_id",
    "access_rights",
];
/// The fields of [`OWNER_HEADERS`].
const OWNER_NAMES: &[&str] = &[
    "handle_id",
    "path",
    "owner",
    "byte_range_locks",
    "access_rights",
];

/// Table headers of handles whose backend reports clients (Azure Files).
const CLIENT_HEADERS: &[&str] = &[
    "HANDLE ID",
    "PATH",
    "CLIENT",
    "CLIENT NAME",
    "OPENED",
    "SESSION",
    "ACCESS",
];
/// Table headers of handles whose backend reports owners instead (Qumulo).
const OWNER_HEADERS: &[&str] = &["HANDLE ID", "PATH", "OWNER", "LOCKS", "ACCESS"];

/// Whether a handle's table row shows its client (else its owner): a backend that reports
/// owners (Qumulo) keeps its columns even where a lock grant gave a client address.
pub(crate) fn shows_client(h: &Handle) -> bool {
    h.owner.is_none()
}

fn path_cell(h: &Handle) -> String {
    if h.path.is_empty() {
        "/".to_owned()
    } else {
        for_terminal(&h.path).into_owned()
    }
}

fn access_cell(h: &Handle) -> String {
    h.access.map_or_else(
        || "-".to_owned(),
        |rights| {
            let names: Vec<&str> = rights.iter().map(AccessRight::name).collect();
            if names.is_empty() {
                "-".to_owned()
            } else {
                names.join(",")
            }
        },
    )
}

/// The owner's name where the cluster gave one, else its id.
fn owner_cell(h: &Handle) -> String {
    h.owner_name
        .as_deref()
        .or(h.owner.as_deref())
        .map_or_else(|| "-".to_owned(), |o| for_terminal(o).into_owned())
}

/// The table cells every handle row starts with: id, path, then client, client name and age
/// (or, without clients, the owner).
pub(crate) fn handle_cells(h: &Handle, now: OffsetDateTime, time: TimeStyle) -> Vec<String> {
    if !shows_client(h) {
        return vec![
            for_terminal(&h.id).into_owned(),
            path_cell(h),
            owner_cell(h),
        ];
    }
    vec![
        h.id.clone(),
        path_cell(h),
        h.client.map_or_else(|| "-".to_owned(), |c| c.to_string()),
        h.client_name
            .as_deref()
            .map_or_else(|| "-".to_owned(), |n| for_terminal(n).into_owned()),
        h.open_time
            .map_or_else(|| "-".to_owned(), |t| time.show(t, now)),
    ]
}

/// The TSV fields of a handle, escaped.
pub(crate) fn handle_fields(h: &Handle) -> Vec<String> {
    let r = HandleRecord::from(h);
    vec![
        for_tsv(r.handle_id).into_owned(),
        for_tsv(r.path).into_owned(),
        r.file_id,
        r.parent_id.unwrap_or_default(),
        r.session_id.unwrap_or_default(),
        r.client_ip.unwrap_or_default(),
        r.client_port.map(|p| p.to_string()).unwrap_or_default(),
        for_tsv(r.client_name.unwrap_or_default()).into_owned(),
        r.open_time.unwrap_or_default(),
        r.last_reconnect_time.unwrap_or_default(),
        r.access_rights.map(|a| a.join(",")).unwrap_or_default(),
        for_tsv(r.owner.unwrap_or_default()).into_owned(),
        r.byte_range_locks
            .map(|n| n.to_string())
            .unwrap_or_default(),
    ]
}

impl Row for Handle {
    const TABLE_HEADERS: &'static [&'static str] = CLIENT_HEADERS;
    const TSV_COLUMNS: &'static [&'static str] = &TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        if shows_client(self) {
            CLIENT_HEADERS
        } else {
            OWNER_HEADERS
        }
    }

    fn table_names(&self) -> &'static [&'static str] {
        if shows_client(self) {
            CLIENT_NAMES
        } else {
            OWNER_NAMES
        }
    }

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let mut cells = handle_cells(self, now, style.time);
        if shows_client(self) {
            cells.push(
                self.session_id
                    .map_or_else(|| "-".to_owned(), |id| id.to_string()),
            );
        } else {
            cells.push(
                self.byte_range_locks
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            );
        }
        cells.push(access_cell(self));
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        handle_fields(self)
    }

    fn write_json(&self, out: &mut dyn Write, pretty: bool) -> io::Result<()> {
        json(out, &HandleRecord::from(self), pretty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sink::sink;
    use crate::output::{Format, TableStyle};
    use azfh_client::handles::model::{AccessRights, ClientAddr};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

    fn handle() -> Handle {
        Handle {
            id: "18446744073709551615".into(),
            path: "dir\u{FFFE}/a\tb".into(),
            file_id: 17_293_900_634_428_276_736,
            parent_id: Some(0),
            session_id: Some(9_385_737_614_310_506_553),
            client: Some(ClientAddr::parse("2001:db8::42:50123").unwrap()),
            client_name: Some("WS\u{1b}[31m".into()),
            open_time: Some(datetime!(2026-11-13 08:30 UTC)),
            last_reconnect_time: None,
            owner: None,
            byte_range_locks: None,
            owner_name: None,
            client_candidates: Vec::new(),
            native: None,
            access: Some(
                [AccessRight::Read, AccessRight::Write]
                    .into_iter()
                    .collect::<AccessRights>(),
            ),
        }
    }

    fn render(format: Format) -> String {
        let mut buf = Vec::new();
        {
            let mut sink = sink::<Handle>(format, Box::new(&mut buf), NOW, TableStyle::default());
            sink.write(&handle()).unwrap();
            sink.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn json_keeps_ids_as_strings_and_text_exact() {
        let json = render(Format::Json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let h = &value[0];
        assert_eq!(h["handle_id"], "18446744073709551615");
        assert_eq!(h["file_id"], "17293900634428276736");
        assert_eq!(h["path"], "dir\u{FFFE}/a\tb");
        assert_eq!(h["client_ip"], "2001:db8::42");
        assert_eq!(h["client_port"], 50123);
        assert_eq!(h["open_time"], "2026-11-13T08:30:00Z");
        assert_eq!(h["last_reconnect_time"], serde_json::Value::Null);
        assert_eq!(h["access_rights"], serde_json::json!(["read", "write"]));
        let jsonl = render(Format::Jsonl);
        assert_eq!(jsonl.lines().count(), 1);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(jsonl.trim()).unwrap(),
            *h
        );
    }

    #[test]
    fn tsv_and_table_escape_server_text() {
        let tsv = render(Format::Tsv);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0].split('\t').count(), TSV_COLUMNS.len());
        assert_eq!(lines[1].split('\t').count(), TSV_COLUMNS.len());
        assert!(lines[1].contains("dir\\u{fffe}/a\\tb"));
        let table = render(Format::Table);
        assert!(table.contains("8d 3h ago"), "{table}");
        assert!(table.contains("[2001:db8::42]:50123"));
        assert!(
            !table.contains('\u{1b}'),
            "escape sequences from the server are neutralized"
        );
    }

    #[test]
    fn empty_outputs() {
        let empty = |format| {
            let mut buf = Vec::new();
            sink::<Handle>(format, Box::new(&mut buf), NOW, TableStyle::default())
                .finish()
                .unwrap();
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(empty(Format::Json), "[]\n");
        assert_eq!(empty(Format::Jsonl), "");
        assert_eq!(empty(Format::Table), "");
        assert_eq!(empty(Format::Tsv).trim_end(), TSV_COLUMNS.join("\t"));
    }
}

//! Handles as output rows. JSON field names are the contract of `docs/cli.md`; ids are
//! strings (JavaScript and jq lose digits above 2^53); times are RFC 3339 UTC or null.
//!
//! Every backend writes the same fields, `null` (empty in TSV) where it reports nothing: one
//! format for scripts whichever storage they point at. Tables, for people, show the client
//! columns when the backend reports clients (Azure Files) and the owner columns otherwise
//! (Qumulo).

use std::fmt::{self, Display};
use std::io::{self, Write};
use std::net::IpAddr;

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::TableStyle;
use super::age::TimeStyle;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::handles::model::{AccessRight, Handle};

/// One handle as machine-readable output writes it. Numbers, addresses and times are written
/// as text straight from the values, with no `String` made for each: a listing writes
/// hundreds of thousands of these.
#[derive(Debug, Serialize)]
pub(crate) struct HandleRecord<'a> {
    pub handle_id: &'a str,
    pub path: &'a str,
    pub file_id: Text<u64>,
    pub parent_id: Option<Text<u64>>,
    pub session_id: Option<Text<u64>>,
    pub client_ip: Option<Text<IpAddr>>,
    pub client_port: Option<u16>,
    pub client_name: Option<&'a str>,
    pub open_time: Option<Text<Rfc3339Time>>,
    pub last_reconnect_time: Option<Text<Rfc3339Time>>,
    pub access_rights: Option<Vec<&'static str>>,
    pub owner: Option<&'a str>,
    pub byte_range_locks: Option<u64>,
    /// `owner_name`, only on records with an owner (Qumulo), where it may be null (the
    /// lookup failed): Azure Files records keep their fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[allow(
        clippy::option_option,
        reason = "no field, or a field that may be null"
    )]
    pub owner_name: Option<Option<&'a str>>,
}

/// A value written as a JSON string of its `Display` text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text<T>(pub T);

impl<T: Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<T: Display> Display for Text<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A time shown as RFC 3339 in UTC, as [`rfc3339`] makes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc3339Time(pub OffsetDateTime);

impl Display for Rfc3339Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // RFC 3339 with nanoseconds is at most 35 bytes: formatted on the stack.
        let mut buffer = [0_u8; 64];
        let mut cursor = io::Cursor::new(&mut buffer[..]);
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        if utc
            .format_into(&mut cursor, &time::format_description::well_known::Rfc3339)
            .is_err()
        {
            return f.write_str(&rfc3339(self.0));
        }
        let written = usize::try_from(cursor.position()).unwrap_or(0);
        f.write_str(std::str::from_utf8(&buffer[..written]).map_err(|_| fmt::Error)?)
    }
}

impl<'a> From<&'a Handle> for HandleRecord<'a> {
    fn from(h: &'a Handle) -> Self {
        Self {
            handle_id: &h.id,
            path: &h.path,
            file_id: Text(h.file_id),
            parent_id: h.parent_id.map(Text),
            session_id: h.session_id.map(Text),
            client_ip: h.client.map(|c| Text(c.ip)),
            client_port: h.client.and_then(|c| c.port),
            client_name: h.client_name.as_deref(),
            open_time: h.open_time.map(|t| Text(Rfc3339Time(t))),
            last_reconnect_time: h.last_reconnect_time.map(|t| Text(Rfc3339Time(t))),
            access_rights: h
                .access
                .map(|rights| rights.iter().map(AccessRight::name).collect()),
            owner: h.owner(),
            byte_range_locks: h.byte_range_locks(),
            owner_name: h.owner().map(|_| h.owner_name()),
        }
    }
}

/// The TSV columns every handle row starts with, in order (a close report's outcome and
/// error follow them).
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

/// Appended after every other tsv column (of a handle, and of a close report), so scripts
/// that cut by position keep working: the owner's name (Qumulo), empty where there is none.
pub(crate) const OWNER_NAME: &str = "owner_name";

/// The TSV columns of a handle, in order: [`TSV_COLUMNS`] and [`OWNER_NAME`].
const HANDLE_TSV_COLUMNS: [&str; TSV_COLUMNS.len() + 1] =
    super::columns_then(&TSV_COLUMNS, &[OWNER_NAME]);

/// The names `--columns` takes for handles: the tsv and json fields (`account` and `share`, the
/// place every record names, included), and `client` (address and port as the table's CLIENT
/// column shows them).
pub(crate) const COLUMN_NAMES: [&str; 17] = [
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
    "owner_name",
    "account",
    "share",
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
    h.owner().is_none()
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
    h.owner_name()
        .or(h.owner())
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

fn text_or_empty<T: Display>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// The [`OWNER_NAME`] field of a handle, escaped: empty without a name.
pub(crate) fn owner_name_field(h: &Handle) -> String {
    for_tsv(h.owner_name().unwrap_or_default()).into_owned()
}

/// The [`TSV_COLUMNS`] fields of a handle, escaped.
pub(crate) fn handle_fields(h: &Handle) -> Vec<String> {
    let r = HandleRecord::from(h);
    vec![
        for_tsv(r.handle_id).into_owned(),
        for_tsv(r.path).into_owned(),
        r.file_id.to_string(),
        text_or_empty(r.parent_id),
        text_or_empty(r.session_id),
        text_or_empty(r.client_ip),
        r.client_port.map(|p| p.to_string()).unwrap_or_default(),
        for_tsv(r.client_name.unwrap_or_default()).into_owned(),
        text_or_empty(r.open_time),
        text_or_empty(r.last_reconnect_time),
        r.access_rights.map(|a| a.join(",")).unwrap_or_default(),
        for_tsv(r.owner.unwrap_or_default()).into_owned(),
        r.byte_range_locks
            .map(|n| n.to_string())
            .unwrap_or_default(),
    ]
}

impl Row for Handle {
    const TABLE_HEADERS: &'static [&'static str] = CLIENT_HEADERS;
    const TSV_COLUMNS: &'static [&'static str] = &HANDLE_TSV_COLUMNS;

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
                self.byte_range_locks()
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
            );
        }
        cells.push(access_cell(self));
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = handle_fields(self);
        fields.push(owner_name_field(self));
        fields
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
            qumulo: None,
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
        assert_eq!(lines[0].split('\t').count(), HANDLE_TSV_COLUMNS.len());
        assert_eq!(lines[1].split('\t').count(), HANDLE_TSV_COLUMNS.len());
        assert_eq!(lines[0].split('\t').next_back(), Some("owner_name"));
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
        assert_eq!(empty(Format::Tsv).trim_end(), HANDLE_TSV_COLUMNS.join("\t"));
    }
}

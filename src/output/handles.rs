//! Handles as output rows. JSON field names are the contract of `cli.md`; ids are
//! strings (JavaScript and jq lose digits above 2^53); times are RFC 3339 UTC or null.

use std::io::{self, Write};

use serde::Serialize;
use time::OffsetDateTime;

use super::age::human_age;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::Row;
use crate::handles::model::{AccessRight, Handle};

/// One handle as machine-readable output writes it.
#[derive(Debug, Serialize)]
pub struct HandleRecord<'a> {
    pub handle_id: &'a str,
    pub path: &'a str,
    pub file_id: String,
    pub parent_id: String,
    pub session_id: String,
    pub client_ip: String,
    pub client_port: Option<u16>,
    pub client_name: Option<&'a str>,
    pub open_time: String,
    pub last_reconnect_time: Option<String>,
    pub access_rights: Option<Vec<&'static str>>,
}

impl<'a> From<&'a Handle> for HandleRecord<'a> {
    fn from(h: &'a Handle) -> Self {
        Self {
            handle_id: &h.id,
            path: &h.path,
            file_id: h.file_id.to_string(),
            parent_id: h.parent_id.to_string(),
            session_id: h.session_id.to_string(),
            client_ip: h.client.ip.to_string(),
            client_port: h.client.port,
            client_name: h.client_name.as_deref(),
            open_time: rfc3339(h.open_time),
            last_reconnect_time: h.last_reconnect_time.map(rfc3339),
            access_rights: h
                .access
                .map(|rights| rights.iter().map(AccessRight::name).collect()),
        }
    }
}

/// The TSV columns of a handle, in order.
pub const TSV_COLUMNS: [&str; 11] = [
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
];

/// The table cells every handle row starts with: id, path, client, client name, age.
pub fn handle_cells(h: &Handle, now: OffsetDateTime) -> Vec<String> {
    vec![
        h.id.clone(),
        if h.path.is_empty() {
            "/".to_owned()
        } else {
            for_terminal(&h.path).into_owned()
        },
        h.client.to_string(),
        h.client_name
            .as_deref()
            .map_or_else(|| "-".to_owned(), |n| for_terminal(n).into_owned()),
        human_age(h.open_time, now),
    ]
}

/// The TSV fields of a handle, escaped.
pub fn handle_fields(h: &Handle) -> Vec<String> {
    let r = HandleRecord::from(h);
    vec![
        r.handle_id.to_owned(),
        for_tsv(r.path).into_owned(),
        r.file_id,
        r.parent_id,
        r.session_id,
        r.client_ip,
        r.client_port.map(|p| p.to_string()).unwrap_or_default(),
        for_tsv(r.client_name.unwrap_or_default()).into_owned(),
        r.open_time,
        r.last_reconnect_time.unwrap_or_default(),
        r.access_rights.map(|a| a.join(",")).unwrap_or_default(),
    ]
}

impl Row for Handle {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "HANDLE ID",
        "PATH",
        "CLIENT",
        "CLIENT NAME",
        "OPENED",
        "SESSION",
        "ACCESS",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &TSV_COLUMNS;

    fn table_cells(&self, now: OffsetDateTime) -> Vec<String> {
        let mut cells = handle_cells(self, now);
        cells.push(self.session_id.to_string());
        cells.push(self.access.map_or_else(
            || "-".to_owned(),
            |rights| {
                let names: Vec<&str> = rights.iter().map(AccessRight::name).collect();
                if names.is_empty() {
                    "-".to_owned()
                } else {
                    names.join(",")
                }
            },
        ));
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        handle_fields(self)
    }

    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(out, &HandleRecord::from(self)).map_err(io::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::model::{AccessRights, ClientAddr};
    use crate::output::sink::sink;
    use crate::output::{Format, TableStyle};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

    fn handle() -> Handle {
        Handle {
            id: "18446744073709551615".into(),
            path: "dir\u{FFFE}/a\tb".into(),
            file_id: 17_293_900_634_428_276_736,
            parent_id: 0,
            session_id: 9_385_737_614_310_506_553,
            client: ClientAddr::parse("2001:db8::42:50123").unwrap(),
            client_name: Some("WS\u{1b}[31m".into()),
            open_time: datetime!(2026-11-13 08:30 UTC),
            last_reconnect_time: None,
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

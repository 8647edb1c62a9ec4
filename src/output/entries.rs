//! Directory listings as rows: short (`path`, `type`) or long (`-l`: size, times, attributes,
//! file id, ETag), and per-file download results.

use std::io;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::bytes::human_bytes;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::files::Entry;

/// An entry as `azfh ls` shows it.
#[derive(Debug, Clone)]
pub(crate) struct ShortEntry(pub Entry);

/// An entry as `azfh ls -l` shows it.
#[derive(Debug, Clone)]
pub(crate) struct LongEntry(pub Entry);

fn display_path(entry: &Entry) -> String {
    let path = for_terminal(&entry.path).into_owned();
    if entry.is_directory() {
        format!("{path}/")
    } else {
        path
    }
}

#[derive(Serialize)]
struct ShortRecord<'a> {
    path: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct LongRecord<'a> {
    path: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    size: Option<u64>,
    file_id: Option<String>,
    last_write_time: Option<String>,
    creation_time: Option<String>,
    change_time: Option<String>,
    last_modified: Option<String>,
    etag: Option<&'a str>,
    attributes: Option<&'a str>,
}

impl Row for ShortEntry {
    const TABLE_HEADERS: &'static [&'static str] = &["PATH"];
    const TSV_COLUMNS: &'static [&'static str] = &["path", "type"];

    fn table_names(&self) -> &'static [&'static str] {
        &["path"]
    }

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        vec![display_path(&self.0)]
    }

    fn tsv_fields(&self) -> Vec<String> {
        vec![
            for_tsv(&self.0.path).into_owned(),
            self.0.kind.name().to_owned(),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = ShortRecord {
            path: &self.0.path,
            kind: self.0.kind.name(),
        };
        json(out, &record, pretty)
    }
}

/// The names `--columns` takes for `azfh ls`: the fields of `ls -l -o tsv`.
pub(crate) const COLUMN_NAMES: [&str; 10] = [
    "path",
    "type",
    "size",
    "file_id",
    "last_write_time",
    "creation_time",
    "change_time",
    "last_modified",
    "etag",
    "attributes",
];

impl Row for LongEntry {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "TYPE",
        "SIZE",
        "LAST WRITE",
        "ATTRIBUTES",
        "FILE ID",
        "PATH",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &COLUMN_NAMES;

    fn table_names(&self) -> &'static [&'static str] {
        &[
            "type",
            "size",
            "last_write_time",
            "attributes",
            "file_id",
            "path",
        ]
    }

    fn table_cells(&self, _now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let e = &self.0;
        vec![
            e.kind.name().to_owned(),
            e.size.map_or_else(
                || "-".into(),
                |s| {
                    if style.raw_bytes {
                        s.to_string()
                    } else {
                        human_bytes(s)
                    }
                },
            ),
            e.last_write_time.map_or_else(|| "-".into(), table_time),
            e.attributes
                .as_deref()
                .map_or_else(|| "-".into(), |a| for_terminal(a).into_owned()),
            e.file_id.map_or_else(|| "-".into(), |id| id.to_string()),
            display_path(e),
        ]
    }

    fn tsv_fields(&self) -> Vec<String> {
        let e = &self.0;
        let time = |t: Option<OffsetDateTime>| t.map(rfc3339).unwrap_or_default();
        vec![
            for_tsv(&e.path).into_owned(),
            e.kind.name().to_owned(),
            e.size.map(|s| s.to_string()).unwrap_or_default(),
            e.file_id.map(|id| id.to_string()).unwrap_or_default(),
            time(e.last_write_time),
            time(e.creation_time),
            time(e.change_time),
            time(e.last_modified),
            for_tsv(e.etag.as_deref().unwrap_or_default()).into_owned(),
            for_tsv(e.attributes.as_deref().unwrap_or_default()).into_owned(),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let e = &self.0;
        let record = LongRecord {
            path: &e.path,
            kind: e.kind.name(),
            size: e.size,
            file_id: e.file_id.map(|id| id.to_string()),
            last_write_time: e.last_write_time.map(rfc3339),
            creation_time: e.creation_time.map(rfc3339),
            change_time: e.change_time.map(rfc3339),
            last_modified: e.last_modified.map(rfc3339),
            etag: e.etag.as_deref(),
            attributes: e.attributes.as_deref(),
        };
        json(out, &record, pretty)
    }
}

/// `2026-11-21 08:30 UTC`: what a table has room for, with its zone.
pub(crate) fn table_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// One file of `azfh get -r`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DownloadResult {
    /// Relative to the SOURCE directory.
    pub path: String,
    /// Where it was written.
    pub dest: String,
    pub size: Option<u64>,
    /// `downloaded` or `failed`.
    pub outcome: &'static str,
    pub error: Option<String>,
}

impl Row for DownloadResult {
    const TABLE_HEADERS: &'static [&'static str] = &["PATH", "SIZE", "OUTCOME", "ERROR"];
    const TSV_COLUMNS: &'static [&'static str] = &["path", "dest", "size", "outcome", "error"];

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        vec![
            for_terminal(&self.path).into_owned(),
            self.size.map_or_else(|| "-".into(), |s| s.to_string()),
            self.outcome.to_owned(),
            self.error
                .as_deref()
                .map(|e| for_terminal(e).into_owned())
                .unwrap_or_default(),
        ]
    }

    fn tsv_fields(&self) -> Vec<String> {
        vec![
            for_tsv(&self.path).into_owned(),
            for_tsv(&self.dest).into_owned(),
            self.size.map(|s| s.to_string()).unwrap_or_default(),
            self.outcome.to_owned(),
            for_tsv(self.error.as_deref().unwrap_or_default()).into_owned(),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        json(out, self, pretty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sink::sink;
    use crate::output::{Format, TableStyle};
    use azfh_client::files::EntryKind;

    fn entry(path: &str, kind: EntryKind) -> Entry {
        Entry {
            path: path.into(),
            kind,
            size: (kind == EntryKind::File).then_some(42),
            file_id: Some(7),
            creation_time: None,
            last_write_time: Some(time::macros::datetime!(2026-11-21 8:30 UTC)),
            change_time: None,
            last_access_time: None,
            last_modified: None,
            etag: Some("\"0x1\"".into()),
            attributes: Some("Archive".into()),
            permission_key: None,
        }
    }

    fn render<R: Row>(format: Format, rows: &[R]) -> String {
        let mut buf = Vec::new();
        {
            let mut out = sink::<R>(
                format,
                Box::new(&mut buf),
                OffsetDateTime::UNIX_EPOCH,
                TableStyle::default(),
            );
            for row in rows {
                out.write(row).unwrap();
            }
            out.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn short_and_long_listings() {
        let rows = [
            ShortEntry(entry("a b/c\u{FFFE}", EntryKind::File)),
            ShortEntry(entry("d", EntryKind::Directory)),
        ];
        assert_eq!(render(Format::Table, &rows), "PATH\na b/c\\u{fffe}\nd/\n");
        assert_eq!(
            render(Format::Tsv, &rows),
            "path\ttype\na b/c\\u{fffe}\tfile\nd\tdirectory\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(render(Format::Jsonl, &rows).lines().next().unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"path": "a b/c\u{FFFE}", "type": "file"})
        );

        let long = [LongEntry(entry("f", EntryKind::File))];
        let table = render(Format::Table, &long);
        assert!(
            table.contains("2026-11-21 08:30 UTC")
                && table.contains("Archive")
                && table.contains("42 B"),
            "{table}"
        );
        let json: serde_json::Value =
            serde_json::from_str(render(Format::Jsonl, &long).trim()).unwrap();
        assert_eq!(json["size"], 42);
        assert_eq!(json["file_id"], "7");
        assert_eq!(json["last_write_time"], "2026-11-21T08:30:00Z");
    }
}

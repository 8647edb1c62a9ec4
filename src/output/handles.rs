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

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use time::OffsetDateTime;

use super::TableStyle;
use super::age::TimeStyle;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::handles::model::{AccessRight, AccessRights, Handle};

/// One handle's fields as machine-readable output writes them. Numbers, addresses and times are
/// written as text straight from the values, with no `String` made for each: a listing writes
/// hundreds of thousands of these.
#[derive(Debug)]
pub(crate) struct HandleRecord<'a> {
    pub handle_id: &'a str,
    pub path: &'a str,
    pub file_id: u64,
    pub parent_id: Option<u64>,
    pub session_id: Option<u64>,
    pub client_ip: Option<IpAddr>,
    pub client_port: Option<u16>,
    pub client_name: Option<&'a str>,
    pub open_time: Option<Rfc3339Time>,
    pub last_reconnect_time: Option<Rfc3339Time>,
    pub access_rights: Option<AccessRights>,
    pub owner: Option<&'a str>,
    pub byte_range_locks: Option<u64>,
    /// `owner_name`, only on records with an owner (Qumulo), where it may be null (the
    /// lookup failed): Azure Files records keep their fields.
    #[allow(
        clippy::option_option,
        reason = "no field, or a field that may be null"
    )]
    pub owner_name: Option<Option<&'a str>>,
}

/// Where a handle was listed: the fields a record starts with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordPlace<'a> {
    pub account: &'a str,
    pub share: &'a str,
    /// Only on records listed in a share snapshot.
    pub snapshot: Option<&'a str>,
}

/// What a close did to the handle: the fields a close report's record ends with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordOutcome<'a> {
    pub outcome: &'static str,
    pub error: Option<&'a str>,
}

/// A handle's JSON object: its place (when known), its fields, and a close's outcome (in a
/// close report), as one flat object. Written field by field: serde's `flatten` would make
/// every record a map, at a tenth of a listing's time.
#[derive(Debug)]
pub(crate) struct HandleJson<'a> {
    pub place: Option<RecordPlace<'a>>,
    pub handle: HandleRecord<'a>,
    pub close: Option<RecordOutcome<'a>>,
}

impl<'a> HandleJson<'a> {
    /// The object of `handle` alone.
    pub(crate) fn of(handle: &'a Handle) -> Self {
        Self {
            place: None,
            handle: HandleRecord::from(handle),
            close: None,
        }
    }
}

impl HandleJson<'_> {
    /// Writes the object: on one line by hand, or `pretty`, indented, through serde. A listing
    /// writes hundreds of thousands of lines: serde would escape every key of every line, and
    /// copy every value byte by byte.
    pub(crate) fn write(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        if pretty {
            return json(out, self, true);
        }
        // Every field is written after a comma, and the first comma becomes the `{` (there
        // is always a field).
        let start = out.len();
        self.each_field(|key, value| {
            // Keys are plain ASCII: nothing to escape.
            out.extend_from_slice(b",\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            value.write(out)
        })?;
        out[start] = b'{';
        out.push(b'}');
        Ok(())
    }

    /// Every field of the object, in order, with its value: the one list that both the
    /// hand-written line and serde follow.
    #[inline]
    fn each_field<E>(
        &self,
        mut field: impl FnMut(&'static str, Value<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(place) = &self.place {
            field("account", Value::Text(Some(place.account)))?;
            field("share", Value::Text(Some(place.share)))?;
            if let Some(snapshot) = place.snapshot {
                field("snapshot", Value::Text(Some(snapshot)))?;
            }
        }
        let h = &self.handle;
        field("handle_id", Value::Text(Some(h.handle_id)))?;
        field("path", Value::Text(Some(h.path)))?;
        field("file_id", Value::Id(Some(h.file_id)))?;
        field("parent_id", Value::Id(h.parent_id))?;
        field("session_id", Value::Id(h.session_id))?;
        field("client_ip", Value::Address(h.client_ip))?;
        field("client_port", Value::Number(h.client_port.map(u64::from)))?;
        field("client_name", Value::Text(h.client_name))?;
        field("open_time", Value::Time(h.open_time))?;
        field("last_reconnect_time", Value::Time(h.last_reconnect_time))?;
        field("access_rights", Value::Rights(h.access_rights))?;
        field("owner", Value::Text(h.owner))?;
        field("byte_range_locks", Value::Number(h.byte_range_locks))?;
        if let Some(owner_name) = h.owner_name {
            field("owner_name", Value::Text(owner_name))?;
        }
        if let Some(close) = &self.close {
            field("outcome", Value::Text(Some(close.outcome)))?;
            field("error", Value::Text(close.error))?;
        }
        Ok(())
    }
}

impl Serialize for HandleJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("HandleRecord", 19)?;
        self.each_field(|key, value| object.serialize_field(key, &value))?;
        object.end()
    }
}

/// One field's value; `None` is `null`.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    Text(Option<&'a str>),
    /// A number written as a string: ids (JavaScript loses digits above 2^53).
    Id(Option<u64>),
    Number(Option<u64>),
    Address(Option<IpAddr>),
    Time(Option<Rfc3339Time>),
    /// An array of the rights' names.
    Rights(Option<AccessRights>),
}

impl Value<'_> {
    /// The value as JSON, written by hand, as serde writes it (a test holds the two to the
    /// same bytes).
    #[inline]
    fn write(self, out: &mut Vec<u8>) -> io::Result<()> {
        match self {
            Value::Text(Some(text)) => json_string(out, text)?,
            Value::Id(Some(number)) => {
                out.push(b'"');
                out.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
                out.push(b'"');
            }
            Value::Number(Some(number)) => {
                out.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
            }
            // An address's text needs no escaping.
            Value::Address(Some(IpAddr::V4(ip))) => {
                // Digit by digit: through `Display` an address cost a twentieth of a
                // listing's time.
                out.push(b'"');
                for (i, octet) in ip.octets().into_iter().enumerate() {
                    if i > 0 {
                        out.push(b'.');
                    }
                    out.extend_from_slice(itoa::Buffer::new().format(octet).as_bytes());
                }
                out.push(b'"');
            }
            Value::Address(Some(ip)) => write!(out, "\"{ip}\"")?,
            Value::Time(Some(time)) => match time.text(&mut [0; 64]) {
                Some(text) => json_string(out, text)?,
                None => json_string(out, &rfc3339(time.0))?,
            },
            Value::Rights(Some(rights)) => {
                out.push(b'[');
                for (i, right) in rights.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    json_string(out, right.name())?;
                }
                out.push(b']');
            }
            Value::Text(None)
            | Value::Id(None)
            | Value::Number(None)
            | Value::Address(None)
            | Value::Time(None)
            | Value::Rights(None) => out.extend_from_slice(b"null"),
        }
        Ok(())
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Text(Some(text)) => serializer.serialize_str(text),
            Value::Id(Some(number)) => serializer.serialize_str(itoa::Buffer::new().format(number)),
            Value::Number(Some(number)) => serializer.serialize_u64(number),
            Value::Address(Some(ip)) => serializer.collect_str(&ip),
            Value::Time(Some(time)) => time.serialize(serializer),
            Value::Rights(Some(rights)) => {
                serializer.collect_seq(rights.iter().map(AccessRight::name))
            }
            Value::Text(None)
            | Value::Id(None)
            | Value::Number(None)
            | Value::Address(None)
            | Value::Time(None)
            | Value::Rights(None) => serializer.serialize_none(),
        }
    }
}

/// `text` as a JSON string: copied as it is when nothing in it needs escaping (ids, paths and
/// names nearly always), else escaped by serde_json, which escapes exactly these bytes.
#[allow(
    clippy::needless_bitwise_bool,
    reason = "no early exit: every byte is looked at, many at once"
)]
fn json_string(out: &mut Vec<u8>, text: &str) -> io::Result<()> {
    let plain = !text.bytes().fold(false, |escape, b| {
        escape | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return Ok(());
    }
    serde_json::to_writer(out, text).map_err(io::Error::from)
}

/// A time shown as RFC 3339 in UTC, as [`rfc3339`] makes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc3339Time(pub OffsetDateTime);

impl Rfc3339Time {
    /// The text, on the stack: RFC 3339 with nanoseconds is at most 35 bytes. Whole seconds
    /// of years 0 to 9999 (every time the services report) are written digit by digit; others
    /// by `time`'s formatter (`None` if it fails).
    fn text(self, buffer: &mut [u8; 64]) -> Option<&str> {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        if utc.nanosecond() == 0 && (0..=9999).contains(&utc.year()) {
            let digits = |buffer: &mut [u8], at: usize, value: u32, width: usize| {
                let mut value = value;
                for place in (at..at + width).rev() {
                    buffer[place] = b'0' + (value % 10) as u8;
                    value /= 10;
                }
            };
            buffer[..20].copy_from_slice(b"0000-00-00T00:00:00Z");
            digits(buffer, 0, utc.year().unsigned_abs(), 4);
            digits(buffer, 5, u32::from(u8::from(utc.month())), 2);
            digits(buffer, 8, u32::from(utc.day()), 2);
            digits(buffer, 11, u32::from(utc.hour()), 2);
            digits(buffer, 14, u32::from(utc.minute()), 2);
            digits(buffer, 17, u32::from(utc.second()), 2);
            return std::str::from_utf8(&buffer[..20]).ok();
        }
        let mut cursor = io::Cursor::new(&mut buffer[..]);
        utc.format_into(&mut cursor, &time::format_description::well_known::Rfc3339)
            .ok()?;
        let written = usize::try_from(cursor.position()).ok()?;
        std::str::from_utf8(&buffer[..written]).ok()
    }
}

impl Display for Rfc3339Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text(&mut [0; 64]) {
            Some(text) => f.write_str(text),
            None => f.write_str(&rfc3339(self.0)),
        }
    }
}

impl Serialize for Rfc3339Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.text(&mut [0; 64]) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_str(&rfc3339(self.0)),
        }
    }
}

impl<'a> From<&'a Handle> for HandleRecord<'a> {
    fn from(h: &'a Handle) -> Self {
        Self {
            handle_id: &h.id,
            path: &h.path,
            file_id: h.file_id,
            parent_id: h.parent_id,
            session_id: h.session_id,
            client_ip: h.client.map(|c| c.ip),
            client_port: h.client.and_then(|c| c.port),
            client_name: h.client_name.as_deref(),
            open_time: h.open_time.map(Rfc3339Time),
            last_reconnect_time: h.last_reconnect_time.map(Rfc3339Time),
            access_rights: h.access,
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
        r.access_rights
            .map(|rights| {
                rights
                    .iter()
                    .map(AccessRight::name)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default(),
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

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        HandleJson::of(self).write(out, pretty)
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
    fn times_are_written_as_the_rfc3339_formatter_writes_them() {
        use time::macros::offset;
        for t in [
            datetime!(2026-11-13 08:30 UTC),
            datetime!(1999-12-31 23:59:59 UTC),
            datetime!(2026-03-01 00:00:07.25 UTC),
            datetime!(2026-03-01 00:00:07.000000001 UTC),
            datetime!(2026-03-01 01:00:00 +02:00),
            datetime!(0000-01-01 00:00:00 UTC),
            datetime!(9999-12-31 23:59:59 UTC),
            datetime!(9999-12-31 23:00:00 UTC).to_offset(offset!(-05:00)),
        ] {
            let expected = rfc3339(t);
            assert_eq!(Rfc3339Time(t).to_string(), expected, "{t}");
            assert_eq!(
                serde_json::to_string(&Rfc3339Time(t)).unwrap(),
                format!("\"{expected}\""),
                "{t}"
            );
        }
        assert_eq!(
            Rfc3339Time(datetime!(2026-03-01 01:00:00 +02:00)).to_string(),
            "2026-02-28T23:00:00Z",
            "UTC"
        );
    }

    #[test]
    fn a_record_is_one_flat_object_place_first_outcome_last() {
        let handle = handle();
        let record = HandleJson {
            place: Some(RecordPlace {
                account: "acct",
                share: "s",
                snapshot: Some("2026-11-13T08:30:00.0000000Z"),
            }),
            handle: HandleRecord::from(&handle),
            close: Some(RecordOutcome {
                outcome: "failed",
                error: Some("denied"),
            }),
        };
        let mut text = Vec::new();
        json(&mut text, &record, false).unwrap();
        let text = String::from_utf8(text).unwrap();
        let value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap();
        let mut expected = vec!["account", "share", "snapshot"];
        expected.extend(TSV_COLUMNS);
        expected.extend(["outcome", "error"]);
        assert_eq!(value.len(), expected.len(), "{text}");
        let places: Vec<usize> = expected
            .iter()
            .map(|key| text.find(&format!("\"{key}\":")).expect(key))
            .collect();
        assert!(places.is_sorted(), "fields in order: {text}");
        assert_eq!(value["error"], "denied");
        assert_eq!(
            serde_json::to_string(&HandleJson::of(&handle)).unwrap()[..14],
            *"{\"handle_id\":\"",
            "no place, no outcome: the handle's fields alone"
        );
    }

    #[test]
    fn lines_written_by_hand_are_what_serde_writes() {
        use azfh_client::handles::model::QumuloHandleFields;
        let azure = handle();
        let mut quoted = handle();
        quoted.path = "a\"b\\c/\u{7f}\u{1}é".into();
        quoted.client_name = None;
        quoted.parent_id = None;
        quoted.access = None;
        quoted.open_time = Some(datetime!(2026-03-01 00:00:07.25 UTC));
        quoted.last_reconnect_time = Some(datetime!(2026-03-02 10:00 UTC));
        quoted.client = Some(ClientAddr::parse("10.1.2.3:445").unwrap());
        let mut qumulo = handle();
        qumulo.client = None;
        qumulo.session_id = None;
        qumulo.qumulo = Some(Box::new(QumuloHandleFields {
            owner: Some("auth\"1".into()),
            owner_name: Some("CORP\\alice".into()),
            byte_range_locks: Some(3),
            ..QumuloHandleFields::default()
        }));
        let mut nameless = qumulo.clone();
        if let Some(fields) = nameless.qumulo.as_mut() {
            fields.owner_name = None;
        }
        // Addresses are written digit by digit (IPv4) or through Display (IPv6).
        let addressed: Vec<Handle> = [
            "0.0.0.0:1",
            "255.255.255.255:65535",
            "192.168.100.9:445",
            "[2001:db8::1]:445",
            "[::ffff:10.0.0.1]:445",
        ]
        .into_iter()
        .map(|client| {
            let mut h = handle();
            h.client = Some(ClientAddr::parse(client).unwrap());
            h
        })
        .collect();
        let places = [
            None,
            Some(RecordPlace {
                account: "acct",
                share: "s\u{1b}",
                snapshot: None,
            }),
            Some(RecordPlace {
                account: "acct",
                share: "s",
                snapshot: Some("2026-11-13T08:30:00.0000000Z"),
            }),
        ];
        let closes = [
            None,
            Some(RecordOutcome {
                outcome: "closed",
                error: None,
            }),
            Some(RecordOutcome {
                outcome: "failed",
                error: Some("said \"no\"\n"),
            }),
        ];
        for handle in [&azure, &quoted, &qumulo, &nameless]
            .into_iter()
            .chain(&addressed)
        {
            for place in places {
                for close in closes {
                    let record = HandleJson {
                        place,
                        handle: HandleRecord::from(handle),
                        close,
                    };
                    let mut by_hand = Vec::new();
                    record.write(&mut by_hand, false).unwrap();
                    assert_eq!(
                        String::from_utf8(by_hand).unwrap(),
                        serde_json::to_string(&record).unwrap()
                    );
                }
            }
        }
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

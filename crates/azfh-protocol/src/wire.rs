//! The XML vocabulary of the Azure Files REST API: the element names, and how names and times
//! are written.
//!
//! Serde structs mirror the wire. The emulator serializes them, the client's decoders
//! (`azure::decode`) read pages with them and with [`xml_scan`](super::xml_scan), so client
//! and emulator speak one vocabulary (and Microsoft's own SDK, in the conformance test, keeps
//! both honest). The helpers here fail loudly, naming the element, on anything malformed.
//!
//! Facts from recorded traffic: bodies start with a UTF-8 byte-order mark; the real service
//! wraps handles in `<Entries>` (the documentation shows `<HandleList>`; both are accepted);
//! names XML cannot carry (U+FFFE, U+FFFF) arrive percent-encoded with `Encoded="true"`;
//! times are RFC 1123.

mod fixdate;
mod handle_row;
mod handles_body;

use std::time::SystemTime;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use self::handle_row::{HandleRow, HandleRowFields, HandleRowPage};
pub use self::handles_body::{encode_handle_rows, encode_handles_body};

/// The UTF-8 byte-order mark that starts every XML body the service sends.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
/// The XML declaration the service writes after the BOM.
pub const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

/// A response body azfh cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the body is not well-formed XML of the expected shape: {0}")]
    Xml(String),
    /// An empty body, or one cut short before its root element closed: a transport failure,
    /// worth another attempt.
    #[error("the answer was cut short: {0}")]
    Truncated(&'static str),
    #[error("a <Handle> has no <{element}>")]
    Missing { element: &'static str },
    #[error("the {name} header is missing")]
    MissingHeader { name: &'static str },
    /// A complete answer that is not XML at all (or an HTML page): someone else answered.
    #[error("it is not an Azure Files answer (not XML)")]
    NotXml,
    /// A well-formed answer that does not answer the request (another range, another length).
    #[error("{0}")]
    NotTheAnswer(&'static str),
    #[error("<{element}> holds '{value}', which is not {expected}")]
    Field {
        element: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("the {name} header '{value}' {problem}")]
    Header {
        name: &'static str,
        value: String,
        problem: &'static str,
    },
}

/// `<EnumerationResults>` of List Handles.
///
/// Unknown elements are refused (as the fast decoder refuses them): a wrapper of another name
/// may hold handles, and reading it as an empty page would lose them.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename = "EnumerationResults", deny_unknown_fields)]
pub struct ListHandlesXml {
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<u32>,
    #[serde(rename = "Entries", alias = "HandleList", default)]
    pub entries: HandleEntriesXml,
    #[serde(rename = "NextMarker", default)]
    pub next_marker: String,
}

/// `<Entries>`: zero or more `<Handle>`, nothing else.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HandleEntriesXml {
    #[serde(rename = "Handle", default)]
    pub handles: Vec<HandleXml>,
}

/// One `<Handle>`, in the element order of API version 2024-05-04.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct HandleXml {
    #[serde(rename = "HandleId")]
    pub handle_id: String,
    #[serde(rename = "Path", default)]
    pub path: NameXml,
    #[serde(rename = "FileId")]
    pub file_id: String,
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    #[serde(rename = "SessionId")]
    pub session_id: String,
    #[serde(
        rename = "AccessRightList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_right_list: Option<AccessRightListXml>,
    #[serde(rename = "ClientIp")]
    pub client_ip: String,
    #[serde(
        rename = "ClientName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_name: Option<String>,
    #[serde(rename = "OpenTime")]
    pub open_time: String,
    #[serde(
        rename = "LastReconnectTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_reconnect_time: Option<String>,
}

/// A path or name, percent-encoded when `Encoded="true"`.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NameXml {
    #[serde(rename = "@Encoded", default, skip_serializing_if = "Option::is_none")]
    pub encoded: Option<String>,
    #[serde(rename = "$text", default)]
    pub text: String,
}

impl NameXml {
    /// Wraps a name for the wire, percent-encoding it when XML cannot carry it (and the API
    /// version allows `Encoded`).
    pub fn encode(name: &str, encoding_allowed: bool) -> Self {
        if encoding_allowed && needs_encoding(name) {
            Self {
                encoded: Some("true".into()),
                text: utf8_percent_encode(name, ENCODED_NAME).to_string(),
            }
        } else {
            Self {
                encoded: None,
                text: name.to_owned(),
            }
        }
    }

    /// The name as it is, decoding with plain percent-decoding (`+` stays `+`).
    pub fn decode(self, element: &'static str) -> Result<String, DecodeError> {
        if self
            .encoded
            .as_deref()
            .is_some_and(|flag| flag.eq_ignore_ascii_case("true"))
        {
            percent_decode_str(&self.text)
                .decode_utf8()
                .map(std::borrow::Cow::into_owned)
                .map_err(|_| DecodeError::Field {
                    element,
                    value: self.text.clone(),
                    expected: "percent-encoded UTF-8",
                })
        } else {
            Ok(self.text)
        }
    }
}

/// `<AccessRightList>`.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AccessRightListXml {
    #[serde(rename = "AccessRight", default)]
    pub rights: Vec<String>,
}

/// `<Error>`: the body of every error answer.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename = "Error")]
pub struct ErrorXml {
    #[serde(rename = "Code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        rename = "AuthenticationErrorDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_error_detail: Option<String>,
    #[serde(
        rename = "HeaderName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub header_name: Option<String>,
    #[serde(
        rename = "HeaderValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub header_value: Option<String>,
    #[serde(
        rename = "QueryParameterName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub query_parameter_name: Option<String>,
    #[serde(
        rename = "QueryParameterValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub query_parameter_value: Option<String>,
    #[serde(rename = "Reason", default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `<EnumerationResults>` of List Shares, as the client reads it (the emulator writes its own,
/// with the lease fields it also serves).
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "EnumerationResults")]
pub struct ListSharesXml {
    #[serde(rename = "Shares", default)]
    pub shares: SharesXml,
    #[serde(rename = "NextMarker", default)]
    pub next_marker: String,
}

/// `<Shares>`: shares in name order, each share's snapshots just before it.
#[derive(Debug, Default, Deserialize)]
pub struct SharesXml {
    #[serde(rename = "Share", default)]
    pub items: Vec<ShareXml>,
}

/// `<Share>`: a share, or one of its snapshots when `Snapshot` is present.
#[derive(Debug, Default, Deserialize)]
pub struct ShareXml {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Snapshot", default)]
    pub snapshot: Option<String>,
    #[serde(rename = "Properties", default)]
    pub properties: SharePropertiesXml,
}

/// A share's `<Properties>`: what `azfh shares ls` shows of it.
#[derive(Debug, Default, Deserialize)]
pub struct SharePropertiesXml {
    #[serde(rename = "Last-Modified", default)]
    pub last_modified: Option<String>,
    #[serde(rename = "Etag", default)]
    pub etag: Option<String>,
    /// GiB.
    #[serde(rename = "Quota", default)]
    pub quota: Option<String>,
    #[serde(rename = "AccessTier", default)]
    pub access_tier: Option<String>,
    /// `SMB` or `NFS`; absent before 2019-07-07 and on accounts without NFS (SMB then).
    #[serde(rename = "EnabledProtocols", default)]
    pub enabled_protocols: Option<String>,
}

/// `<EnumerationResults>` of List Directories and Files.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename = "EnumerationResults")]
pub struct ListDirectoryXml {
    #[serde(rename = "@ServiceEndpoint", default)]
    pub service_endpoint: String,
    #[serde(rename = "@ShareName", default)]
    pub share_name: String,
    #[serde(
        rename = "@ShareSnapshot",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub share_snapshot: Option<String>,
    /// `true` when `DirectoryPath` is percent-encoded.
    #[serde(rename = "@Encoded", default, skip_serializing_if = "Option::is_none")]
    pub encoded: Option<String>,
    #[serde(rename = "@DirectoryPath", default)]
    pub directory_path: String,
    #[serde(rename = "Marker", default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(rename = "Prefix", default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<NameXml>,
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<u32>,
    #[serde(
        rename = "DirectoryId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub directory_id: Option<String>,
    #[serde(rename = "Entries", default)]
    pub entries: DirectoryEntriesXml,
    #[serde(rename = "NextMarker", default)]
    pub next_marker: String,
}

/// `<Entries>`: files and directories interleaved, in name order.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DirectoryEntriesXml {
    #[serde(rename = "$value", default)]
    pub items: Vec<EntryXml>,
}

/// `<File>` or `<Directory>`.
#[derive(Debug, Deserialize, Serialize)]
pub enum EntryXml {
    File(EntryFieldsXml),
    Directory(EntryFieldsXml),
}

/// The fields of a `<File>` or `<Directory>`, in the order the service writes them.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EntryFieldsXml {
    #[serde(rename = "Name")]
    pub name: NameXml,
    #[serde(rename = "FileId", default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    #[serde(rename = "Properties", default)]
    pub properties: EntryPropertiesXml,
    #[serde(
        rename = "Attributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<String>,
    #[serde(
        rename = "PermissionKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub permission_key: Option<String>,
}

/// `<Properties>`: the size of files, and with `include=Timestamps,ETag` the times and ETag.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EntryPropertiesXml {
    #[serde(
        rename = "Content-Length",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_length: Option<u64>,
    #[serde(
        rename = "CreationTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_time: Option<String>,
    #[serde(
        rename = "LastAccessTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_access_time: Option<String>,
    #[serde(
        rename = "LastWriteTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_write_time: Option<String>,
    #[serde(
        rename = "ChangeTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub change_time: Option<String>,
    #[serde(
        rename = "Last-Modified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified: Option<String>,
    #[serde(rename = "Etag", default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

/// Parses the service's ISO 8601 times (`2023-06-07T22:52:38.6140840Z`).
pub fn parse_iso8601(element: &'static str, text: &str) -> Result<OffsetDateTime, DecodeError> {
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).map_err(
        |_| DecodeError::Field {
            element,
            value: text.to_owned(),
            expected: "an ISO 8601 time",
        },
    )
}

/// Formats a time as the service does: seven fractional digits, UTC.
pub fn format_iso8601(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 100
    )
}

/// Characters kept literal when a name is percent-encoded for the wire (RFC 2396 unreserved
/// and `/`); everything else, U+FFFE included, is escaped.
const ENCODED_NAME: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'/');

/// Whether a name holds characters XML 1.0 cannot carry.
fn needs_encoding(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(c, '\u{FFFE}' | '\u{FFFF}') || (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r'))
    })
}

/// A cheap test, for the transport, that an enumeration body ends where a complete one ends:
/// its last tag is `</EnumerationResults>` (or the whole root is `<EnumerationResults/>`). A
/// body that fails it was cut short on the way and is worth another attempt; the decoders
/// then check the whole structure.
pub fn ends_enumeration(body: &[u8]) -> bool {
    let body = body.trim_ascii_end();
    let Some(last_tag) = body.iter().rposition(|&b| b == b'<') else {
        return false;
    };
    let tail = &body[last_tag..];
    tail == b"</EnumerationResults>"
        || (tail.starts_with(b"<EnumerationResults")
            && tail.ends_with(b"/>")
            && tail
                .get(b"<EnumerationResults".len())
                .is_some_and(|&b| matches!(b, b'/' | b' ' | b'\t' | b'\r' | b'\n')))
}

/// The body as text, without its byte-order mark.
pub fn body_text(body: &[u8]) -> Result<&str, DecodeError> {
    let body = body.strip_prefix(BOM).unwrap_or(body);
    std::str::from_utf8(body).map_err(|err| DecodeError::Xml(err.to_string()))
}

/// Decodes an `<Error>` body; `None` when there is none or it is not XML.
pub fn decode_error(body: &[u8]) -> Option<ErrorXml> {
    from_body(body).ok()
}

/// Deserializes a whole body into a wire struct.
pub fn from_body<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, DecodeError> {
    quick_xml::de::from_str(body_text(body)?).map_err(|err| DecodeError::Xml(err.to_string()))
}

/// Serializes a wire struct as the service does: BOM, declaration, element.
pub fn encode_body<T: Serialize>(value: &T) -> Vec<u8> {
    let xml = quick_xml::se::to_string(value).expect("wire structs always serialize");
    let mut body = Vec::with_capacity(BOM.len() + XML_DECLARATION.len() + xml.len());
    body.extend_from_slice(BOM);
    body.extend_from_slice(XML_DECLARATION.as_bytes());
    body.extend_from_slice(xml.as_bytes());
    body
}

/// An unsigned 64-bit number in `element`.
pub fn parse_u64(element: &'static str, text: &str) -> Result<u64, DecodeError> {
    parse_decimal(text)
        .or_else(|| text.trim().parse().ok())
        .ok_or_else(|| DecodeError::Field {
            element,
            value: text.to_owned(),
            expected: "an unsigned 64-bit number",
        })
}

/// Plain ASCII digits into a `u64`; `None` on anything else or on overflow.
fn parse_decimal(text: &str) -> Option<u64> {
    let digits = text.as_bytes();
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let mut value: u64 = 0;
    if digits.len() < 20 {
        // 19 digits cannot overflow.
        for &c in digits {
            let digit = c.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            value = value * 10 + u64::from(digit);
        }
        return Some(value);
    }
    for &c in digits {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(digit))?;
    }
    Some(value)
}

/// An RFC 1123 time in `element`.
pub fn parse_time(element: &'static str, text: &str) -> Result<OffsetDateTime, DecodeError> {
    parse_rfc1123(text).ok_or_else(|| DecodeError::Field {
        element,
        value: text.to_owned(),
        expected: "an RFC 1123 time",
    })
}

/// Parses `Fri, 03 May 2019 05:59:43 GMT` (and, through httpdate, the obsolete HTTP forms).
pub fn parse_rfc1123(text: &str) -> Option<OffsetDateTime> {
    let text = trim(text);
    parse_imf_fixdate(text).or_else(|| {
        httpdate::parse_http_date(text)
            .ok()
            .map(OffsetDateTime::from)
    })
}

/// `text.trim()`, without its search from both ends when neither end is whitespace, as in
/// nearly every value a service sends: the decoder trims several per handle.
pub fn trim(text: &str) -> &str {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        text.trim()
    } else {
        text
    }
}

/// The fixed 29-byte form every answer uses, without a detour through `SystemTime`: the
/// decoder reads one or two per handle.
fn parse_imf_fixdate(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes();
    if b.len() != 29
        || &b[3..5] != b", "
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
        || b[19] != b':'
        || b[22] != b':'
        || &b[25..] != b" GMT"
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        b[range].iter().try_fold(0u16, |acc, &c| {
            let digit = c.wrapping_sub(b'0');
            (digit <= 9).then(|| acc * 10 + u16::from(digit))
        })
    };
    let month = match &b[8..11] {
        b"Jan" => time::Month::January,
        b"Feb" => time::Month::February,
        b"Mar" => time::Month::March,
        b"Apr" => time::Month::April,
        b"May" => time::Month::May,
        b"Jun" => time::Month::June,
        b"Jul" => time::Month::July,
        b"Aug" => time::Month::August,
        b"Sep" => time::Month::September,
        b"Oct" => time::Month::October,
        b"Nov" => time::Month::November,
        b"Dec" => time::Month::December,
        _ => return None,
    };
    let date = time::Date::from_calendar_date(
        i32::from(number(12..16)?),
        month,
        u8::try_from(number(5..7)?).ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms(
        u8::try_from(number(17..19)?).ok()?,
        u8::try_from(number(20..22)?).ok()?,
        u8::try_from(number(23..25)?).ok()?,
    )
    .ok()?;
    Some(date.with_time(time).assume_utc())
}

/// Formats `Fri, 03 May 2019 05:59:43 GMT`. HTTP dates run from 1970 to 9999, and
/// `httpdate` panics outside; a time beyond is written as the nearest end rather than
/// bringing down whoever formats it (the emulator formats times a state file chose).
pub fn format_rfc1123(t: OffsetDateTime) -> String {
    httpdate::fmt_http_date(SystemTime::from(clamp_to_http_dates(t)))
}

/// `t`, or the nearest end of the times an HTTP date can carry (1970 to 9999).
fn clamp_to_http_dates(t: OffsetDateTime) -> OffsetDateTime {
    let last = time::macros::datetime!(9999-12-31 23:59:59 UTC);
    t.clamp(OffsetDateTime::UNIX_EPOCH, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "read",
            " read",
            "read ",
            "\tread\r\n",
            "\u{a0}read",
            "read\u{2003}",
            "re ad",
            "\u{a0}",
            "é",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn rfc1123_formats_times_beyond_http_dates_as_the_nearest_end() {
        let before = OffsetDateTime::UNIX_EPOCH - time::Duration::seconds(1);
        assert_eq!(format_rfc1123(before), "Thu, 01 Jan 1970 00:00:00 GMT");
        let last = time::Date::MAX.with_hms(23, 59, 59).unwrap().assume_utc();
        assert_eq!(format_rfc1123(last), "Fri, 31 Dec 9999 23:59:59 GMT");
    }

    #[test]
    fn rfc1123_fast_path_agrees_with_httpdate() {
        for seconds in (0..2_000_000_000_i64).step_by(86_413 * 97) {
            let t = OffsetDateTime::from_unix_timestamp(seconds).unwrap();
            let text = format_rfc1123(t);
            assert_eq!(parse_imf_fixdate(&text), Some(t), "{text}");
        }
        assert_eq!(
            parse_rfc1123("Sunday, 06-Nov-94 08:49:37 GMT")
                .unwrap()
                .year(),
            1994
        );
        assert_eq!(parse_rfc1123("Fri, 31 Feb 2019 05:59:43 GMT"), None);
        assert_eq!(parse_rfc1123("Fri, 03 May 2019 25:59:43 GMT"), None);
        assert_eq!(parse_decimal("18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_decimal("18446744073709551616"), None);
        assert_eq!(parse_decimal("12a"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn encodes_names_xml_cannot_carry_and_round_trips() {
        let plain = NameXml::encode("Open Questions.docx", true);
        assert!(plain.encoded.is_none());
        let odd = NameXml::encode("dir\u{FFFE}/100% #1+2", true);
        assert_eq!(odd.encoded.as_deref(), Some("true"));
        assert_eq!(odd.text, "dir%EF%BF%BE/100%25%20%231%2B2");
        assert_eq!(odd.decode("Path").unwrap(), "dir\u{FFFE}/100% #1+2");
        assert!(NameXml::encode("dir\u{FFFE}", false).encoded.is_none());
    }

    #[test]
    fn error_bodies_decode_with_details() {
        let body = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>InvalidHeaderValue</Code><Message>bad\nRequestId:x</Message><HeaderName>x-ms-version</HeaderName><HeaderValue>2019-07-07</HeaderValue></Error>";
        let err = decode_error(body.as_bytes()).unwrap();
        assert_eq!(err.code.as_deref(), Some("InvalidHeaderValue"));
        assert_eq!(err.header_name.as_deref(), Some("x-ms-version"));
        assert!(decode_error(b"").is_none());
    }
}

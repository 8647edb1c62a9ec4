//! A List Handles page written straight into bytes: the same body [`encode_body`] makes of a
//! [`ListHandlesXml`] through serde, at a fraction of the cost.
//!
//! The emulator writes a page of 2,000 handles per request, and serde's serializer spent
//! about 11 ms of CPU on one (on the 2-core reference machine): the server's time, not the
//! network's, then bounded what a parallel listing could gain from latency. Building the
//! page's [`HandleXml`]s, eight strings a handle, then cost as much again, so the emulator
//! hands over [`HandleRow`]s instead (numbers, addresses, times, a borrowed path), which
//! [`encode_handle_rows`] writes with no string per handle. The serde path stays the
//! reference: tests compare all three byte for byte, on every field, every API version's
//! fields and every character that needs escaping.
//!
//! [`encode_body`]: super::encode_body

use std::net::IpAddr;

use percent_encoding::utf8_percent_encode;
use time::OffsetDateTime;

use super::fixdate::write_rfc1123;
use super::{
    BOM, ENCODED_NAME, HandleRow, HandleRowFields, HandleRowPage, HandleXml, ListHandlesXml,
    NameXml, XML_DECLARATION, needs_encoding,
};
use crate::AccessRight;

/// Serializes a List Handles page as the service does: BOM, declaration, element.
pub fn encode_handles_body(page: &ListHandlesXml) -> Vec<u8> {
    // About 400 bytes a handle with every field.
    let mut out = Vec::with_capacity(256 + page.entries.handles.len() * 448);
    let handles = &page.entries.handles;
    write_page(
        &mut out,
        page.marker.as_deref(),
        page.max_results,
        &page.next_marker,
        handles.is_empty(),
        |out| {
            for handle in handles {
                write_handle(out, handle);
            }
        },
    );
    out
}

/// Serializes a page of [`HandleRow`]s: the body [`encode_handles_body`] writes of the
/// [`HandleXml`]s the service would send for them, with the fields `page.fields` has.
pub fn encode_handle_rows(page: &HandleRowPage<'_>) -> Vec<u8> {
    // Sized once, for a row with every field: growing a page's buffer copied it each time.
    let rows: usize = page
        .rows
        .iter()
        .map(|row| ROW_BYTES + row.path.len() + row.client_name.map_or(0, str::len))
        .sum();
    let frame = 256 + page.marker.map_or(0, str::len) + page.next_marker.len();
    let mut out = Vec::with_capacity(frame + rows);
    write_page(
        &mut out,
        page.marker,
        page.max_results,
        page.next_marker,
        page.rows.is_empty(),
        |out| {
            let mut digits = itoa::Buffer::new();
            for row in page.rows {
                write_row(out, row, page.fields, &mut digits);
            }
        },
    );
    out
}

/// The bytes of a row with every field, its path and client name aside (numbers at their
/// longest, an IPv6 address, three rights, two times: 547). Escaping and percent-encoding
/// can lengthen a path or name, so the capacity is an estimate the buffer grows past if it
/// must.
const ROW_BYTES: usize = 560;

/// The page around its handles: BOM, declaration, `<EnumerationResults>` with the marker
/// echoed, `<Entries>` (`<Entries/>` when `empty`), the next marker.
fn write_page(
    out: &mut Vec<u8>,
    marker: Option<&str>,
    max_results: Option<u32>,
    next_marker: &str,
    empty: bool,
    handles: impl FnOnce(&mut Vec<u8>),
) {
    out.extend_from_slice(BOM);
    out.extend_from_slice(XML_DECLARATION.as_bytes());
    out.extend_from_slice(b"<EnumerationResults>");
    if let Some(marker) = marker {
        element(out, "Marker", marker);
    }
    if let Some(max_results) = max_results {
        element(out, "MaxResults", itoa::Buffer::new().format(max_results));
    }
    if empty {
        out.extend_from_slice(b"<Entries/>");
    } else {
        out.extend_from_slice(b"<Entries>");
        handles(out);
        out.extend_from_slice(b"</Entries>");
    }
    element(out, "NextMarker", next_marker);
    out.extend_from_slice(b"</EnumerationResults>");
}

/// One `<Handle>` of a [`HandleRow`], in the element order of [`write_handle`].
fn write_row(
    out: &mut Vec<u8>,
    row: &HandleRow<'_>,
    fields: HandleRowFields,
    digits: &mut itoa::Buffer,
) {
    out.extend_from_slice(b"<Handle>");
    // Numbers, rights, addresses and times have nothing to escape, and are never empty.
    plain(out, "HandleId", digits.format(row.handle_id));
    write_path(out, row.path, fields.encoded_names);
    plain(out, "FileId", digits.format(row.file_id));
    plain(out, "ParentId", digits.format(row.parent_id));
    plain(out, "SessionId", digits.format(row.session_id));
    if fields.access_rights {
        if row.access.is_empty() {
            out.extend_from_slice(b"<AccessRightList/>");
        } else {
            out.extend_from_slice(b"<AccessRightList>");
            for right in row.access.iter() {
                plain(out, "AccessRight", wire_name(right));
            }
            out.extend_from_slice(b"</AccessRightList>");
        }
    }
    out.extend_from_slice(b"<ClientIp>");
    write_ip(out, row.client_ip, digits);
    out.push(b':');
    out.extend_from_slice(digits.format(row.client_port).as_bytes());
    close(out, "ClientIp");
    if fields.client_name
        && let Some(name) = row.client_name
    {
        element(out, "ClientName", name);
    }
    write_time(out, "OpenTime", row.open_time);
    if let Some(time) = row.last_reconnect_time {
        write_time(out, "LastReconnectTime", time);
    }
    out.extend_from_slice(b"</Handle>");
}

/// `<Path>`, percent-encoded with `Encoded="true"` when XML cannot carry it and the version
/// allows (as [`NameXml::encode`] wraps it).
fn write_path(out: &mut Vec<u8>, path: &str, encoding_allowed: bool) {
    if !(encoding_allowed && needs_encoding(path)) {
        element(out, "Path", path);
        return;
    }
    // A name that needs encoding has a character, so the encoded text is never empty.
    out.extend_from_slice(b"<Path Encoded=\"true\">");
    for chunk in utf8_percent_encode(path, ENCODED_NAME) {
        escaped(out, chunk, is_text_special);
    }
    close(out, "Path");
}

/// An address as `Display` writes it. IPv4 digit by digit; IPv6 (rare, and with
/// compression rules best left to the standard library) through `core::fmt`, still
/// straight into the buffer.
fn write_ip(out: &mut Vec<u8>, ip: IpAddr, digits: &mut itoa::Buffer) {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            out.extend_from_slice(digits.format(a).as_bytes());
            for octet in [b, c, d] {
                out.push(b'.');
                out.extend_from_slice(digits.format(octet).as_bytes());
            }
        }
        IpAddr::V6(v6) => {
            use std::io::Write as _;
            write!(out, "{v6}").expect("writing into a Vec cannot fail");
        }
    }
}

/// `<tag>Fri, 03 May 2019 05:59:43 GMT</tag>`.
fn write_time(out: &mut Vec<u8>, tag: &str, time: OffsetDateTime) {
    out.push(b'<');
    out.extend_from_slice(tag.as_bytes());
    out.push(b'>');
    write_rfc1123(out, time);
    close(out, tag);
}

/// A right as `<AccessRight>` names it.
fn wire_name(right: AccessRight) -> &'static str {
    match right {
        AccessRight::Read => "Read",
        AccessRight::Write => "Write",
        AccessRight::Delete => "Delete",
    }
}

fn write_handle(out: &mut Vec<u8>, handle: &HandleXml) {
    out.extend_from_slice(b"<Handle>");
    element(out, "HandleId", &handle.handle_id);
    write_name(out, "Path", &handle.path);
    element(out, "FileId", &handle.file_id);
    element(out, "ParentId", &handle.parent_id);
    element(out, "SessionId", &handle.session_id);
    if let Some(list) = &handle.access_right_list {
        if list.rights.is_empty() {
            out.extend_from_slice(b"<AccessRightList/>");
        } else {
            out.extend_from_slice(b"<AccessRightList>");
            for right in &list.rights {
                element(out, "AccessRight", right);
            }
            out.extend_from_slice(b"</AccessRightList>");
        }
    }
    element(out, "ClientIp", &handle.client_ip);
    if let Some(name) = &handle.client_name {
        element(out, "ClientName", name);
    }
    element(out, "OpenTime", &handle.open_time);
    if let Some(time) = &handle.last_reconnect_time {
        element(out, "LastReconnectTime", time);
    }
    out.extend_from_slice(b"</Handle>");
}

/// `<Path Encoded="…">text</Path>`: the attribute only when set.
fn write_name(out: &mut Vec<u8>, tag: &str, name: &NameXml) {
    out.push(b'<');
    out.extend_from_slice(tag.as_bytes());
    if let Some(encoded) = &name.encoded {
        out.extend_from_slice(b" Encoded=\"");
        escaped(out, encoded, is_attribute_special);
        out.push(b'"');
    }
    if name.text.is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    escaped(out, &name.text, is_text_special);
    close(out, tag);
}

/// `<tag>text</tag>` for text that is never empty and has nothing to escape.
fn plain(out: &mut Vec<u8>, tag: &str, text: &str) {
    out.push(b'<');
    out.extend_from_slice(tag.as_bytes());
    out.push(b'>');
    out.extend_from_slice(text.as_bytes());
    close(out, tag);
}

/// `<tag>text</tag>`, or `<tag/>` for no text (as serde's serializer writes it).
fn element(out: &mut Vec<u8>, tag: &str, text: &str) {
    out.push(b'<');
    out.extend_from_slice(tag.as_bytes());
    if text.is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    escaped(out, text, is_text_special);
    close(out, tag);
}

fn close(out: &mut Vec<u8>, tag: &str) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(tag.as_bytes());
    out.push(b'>');
}

/// What element text escapes: markup, and `\r` (a reader would turn it into `\n`).
fn is_text_special(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'\r')
}

/// What a double-quoted attribute escapes: markup, the quote, and the whitespace a reader
/// would normalize.
fn is_attribute_special(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t')
}

/// `text` with every byte `special` says as its character reference (all are ASCII, so the
/// UTF-8 around them is copied untouched).
/// Generic rather than a function pointer, so that the test of each byte is inlined: the
/// loop runs over every byte of a page.
fn escaped(out: &mut Vec<u8>, text: &str, special: impl Fn(u8) -> bool) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !special(byte) {
            continue;
        }
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\r' => b"&#13;",
            b'\n' => b"&#10;",
            _ => b"&#9;",
        });
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

#[cfg(test)]
mod tests {
    use super::super::{AccessRightListXml, HandleEntriesXml, encode_body};
    use super::*;
    use crate::AccessRights;

    /// Every character serde's serializer escapes, and some it does not.
    const AWKWARD: &str = "a&b<c>d\"e'f\rg\nh\ti j\u{e9}\u{1f600}]]>";

    fn handle(text: &str, every_field: bool) -> HandleXml {
        HandleXml {
            handle_id: format!("{text}1"),
            path: NameXml {
                encoded: every_field.then(|| format!("true{text}")),
                text: format!("dir/{text}"),
            },
            file_id: format!("{text}2"),
            parent_id: String::new(),
            session_id: format!("{text}3"),
            access_right_list: every_field.then(|| AccessRightListXml {
                rights: vec!["Read".into(), text.into(), String::new()],
            }),
            client_ip: format!("{text}:445"),
            client_name: every_field.then(|| text.to_owned()),
            open_time: "Fri, 03 May 2019 05:59:43 GMT".into(),
            last_reconnect_time: every_field.then(|| text.to_owned()),
        }
    }

    fn page(handles: Vec<HandleXml>, marker: Option<&str>, next: &str) -> ListHandlesXml {
        ListHandlesXml {
            marker: marker.map(str::to_owned),
            max_results: marker.map(|_| 2000),
            entries: HandleEntriesXml { handles },
            next_marker: next.to_owned(),
        }
    }

    fn assert_same(page: &ListHandlesXml) {
        let direct = encode_handles_body(page);
        let serde = encode_body(page);
        assert_eq!(
            String::from_utf8_lossy(&direct),
            String::from_utf8_lossy(&serde)
        );
        assert_eq!(direct, serde);
    }

    #[test]
    fn writes_what_serde_writes() {
        assert_same(&page(Vec::new(), None, ""));
        assert_same(&page(Vec::new(), Some(AWKWARD), AWKWARD));
        assert_same(&page(vec![handle("", false)], None, ""));
        assert_same(&page(
            vec![handle("x", true), handle(AWKWARD, true), handle("", true)],
            Some("m"),
            "next",
        ));
        let mut empty_rights = handle("y", true);
        empty_rights.access_right_list = Some(AccessRightListXml { rights: Vec::new() });
        assert_same(&page(vec![empty_rights], None, "n"));
    }

    /// The `<Handle>` the service sends for `row`, built the plain way, one string a field.
    fn reference(row: &HandleRow<'_>, fields: HandleRowFields) -> HandleXml {
        HandleXml {
            handle_id: row.handle_id.to_string(),
            path: NameXml::encode(row.path, fields.encoded_names),
            file_id: row.file_id.to_string(),
            parent_id: row.parent_id.to_string(),
            session_id: row.session_id.to_string(),
            access_right_list: fields.access_rights.then(|| AccessRightListXml {
                rights: row
                    .access
                    .iter()
                    .map(|right| {
                        let name = right.name();
                        name[..1].to_ascii_uppercase() + &name[1..]
                    })
                    .collect(),
            }),
            client_ip: format!("{}:{}", row.client_ip, row.client_port),
            client_name: row
                .client_name
                .filter(|_| fields.client_name)
                .map(str::to_owned),
            open_time: super::super::format_rfc1123(row.open_time),
            last_reconnect_time: row.last_reconnect_time.map(super::super::format_rfc1123),
        }
    }

    /// Rows with every odd thing a field can hold.
    fn odd_rows(paths: &[String]) -> Vec<HandleRow<'_>> {
        let rights = [
            AccessRights::default(),
            AccessRights {
                read: true,
                write: false,
                delete: false,
            },
            AccessRights {
                read: true,
                write: true,
                delete: true,
            },
            AccessRights {
                read: false,
                write: true,
                delete: true,
            },
        ];
        let addresses: [IpAddr; 7] = [
            "10.20.3.4".parse().unwrap(),
            "0.0.0.0".parse().unwrap(),
            "255.255.255.255".parse().unwrap(),
            "::1".parse().unwrap(),
            "2001:db8::1:0:0:7".parse().unwrap(),
            "::ffff:192.0.2.1".parse().unwrap(),
            "fe80:1:2:3:4:5:6:7".parse().unwrap(),
        ];
        let names = [None, Some(""), Some("WS-001"), Some(AWKWARD)];
        let times = [
            time::macros::datetime!(2019-05-03 05:59:43 UTC),
            time::macros::datetime!(1969-12-31 23:59:59 UTC),
            time::macros::datetime!(2024-02-29 12:00:00 +05:30),
            time::Date::MAX.with_hms(23, 59, 59).unwrap().assume_utc(),
        ];
        paths
            .iter()
            .enumerate()
            .map(|(index, path)| HandleRow {
                handle_id: [0, 14_537_654_001, u64::MAX][index % 3],
                path,
                file_id: [u64::MAX, 0xA000_0000_0100_0000, 0][index % 3],
                parent_id: [0, 7, u64::MAX][index % 3],
                session_id: [1_000_000_000_042, 0, u64::MAX][index % 3],
                access: rights[index % rights.len()],
                client_ip: addresses[index % addresses.len()],
                client_port: [445, 0, 65_535, 49_152][index % 4],
                client_name: names[index % names.len()],
                open_time: times[index % times.len()],
                last_reconnect_time: (index % 3 == 1).then(|| times[(index + 1) % times.len()]),
            })
            .collect()
    }

    #[test]
    fn rows_write_what_serde_writes_for_every_version() {
        let all_ascii: String = (1u8..0x80).map(char::from).collect();
        let mut paths: Vec<String> = [
            "",
            "d000/f0000001.dat",
            AWKWARD,
            "dir\u{FFFE}/100% #1+2",
            "tab\there/bell\u{7}/\u{FFFF}",
            "Caf\u{e9}/\u{1f600}.txt",
        ]
        .iter()
        .map(|path| (*path).to_owned())
        .collect();
        paths.push(all_ascii.clone());
        // Enough rows that every combination of the fields' odd values comes round.
        let paths: Vec<String> = paths.iter().cycle().take(7 * 12).cloned().collect();
        let rows = odd_rows(&paths);
        for mask in 0..8 {
            let fields = HandleRowFields {
                encoded_names: mask & 1 != 0,
                access_rights: mask & 2 != 0,
                client_name: mask & 4 != 0,
            };
            for (marker, max_results, next) in [
                (None, None, ""),
                (Some("m"), Some(2000), "next"),
                (Some(all_ascii.as_str()), Some(0), AWKWARD),
            ] {
                for rows in [&rows[..], &rows[..1], &[]] {
                    let page = HandleRowPage {
                        marker,
                        max_results,
                        rows,
                        next_marker: next,
                        fields,
                    };
                    let xml = ListHandlesXml {
                        marker: marker.map(str::to_owned),
                        max_results,
                        entries: HandleEntriesXml {
                            handles: rows.iter().map(|row| reference(row, fields)).collect(),
                        },
                        next_marker: next.to_owned(),
                    };
                    assert_same(&xml);
                    let direct = encode_handle_rows(&page);
                    assert_eq!(
                        String::from_utf8_lossy(&direct),
                        String::from_utf8_lossy(&encode_body(&xml)),
                        "{fields:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn writes_every_ascii_character_as_serde_does() {
        let all: String = (1u8..0x80).map(char::from).collect();
        assert_same(&page(vec![handle(&all, true)], Some(&all), &all));
    }
}

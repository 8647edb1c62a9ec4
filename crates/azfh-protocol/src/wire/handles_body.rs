//! A List Handles page written straight into bytes: the same body [`encode_body`] makes of a
//! [`ListHandlesXml`] through serde, at a fraction of the cost.
//!
//! The emulator writes a page of 2,000 handles per request, and serde's serializer spent
//! about 11 ms of CPU on one (on the 2-core reference machine): the server's time, not the
//! network's, then bounded what a parallel listing could gain from latency. The serde path
//! stays the reference: a test compares both byte for byte, on every field and every
//! character that needs escaping.
//!
//! [`encode_body`]: super::encode_body

use super::{BOM, HandleXml, ListHandlesXml, NameXml, XML_DECLARATION};

/// Serializes a List Handles page as the service does: BOM, declaration, element.
pub fn encode_handles_body(page: &ListHandlesXml) -> Vec<u8> {
    // About 400 bytes a handle with every field.
    let mut out = Vec::with_capacity(256 + page.entries.handles.len() * 448);
    out.extend_from_slice(BOM);
    out.extend_from_slice(XML_DECLARATION.as_bytes());
    out.extend_from_slice(b"<EnumerationResults>");
    if let Some(marker) = &page.marker {
        element(&mut out, "Marker", marker);
    }
    if let Some(max_results) = page.max_results {
        element(&mut out, "MaxResults", &max_results.to_string());
    }
    if page.entries.handles.is_empty() {
        out.extend_from_slice(b"<Entries/>");
    } else {
        out.extend_from_slice(b"<Entries>");
        for handle in &page.entries.handles {
            write_handle(&mut out, handle);
        }
        out.extend_from_slice(b"</Entries>");
    }
    element(&mut out, "NextMarker", &page.next_marker);
    out.extend_from_slice(b"</EnumerationResults>");
    out
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

    #[test]
    fn writes_every_ascii_character_as_serde_does() {
        let all: String = (1u8..0x80).map(char::from).collect();
        assert_same(&page(vec![handle(&all, true)], Some(&all), &all));
    }
}

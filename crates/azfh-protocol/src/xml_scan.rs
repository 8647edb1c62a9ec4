//! A minimal zero-copy XML tokenizer for the service's flat enumeration bodies.
//!
//! Why not quick-xml here: listing speed is a stated goal (≥ 1,000,000 handles decoded per
//! second) and quick-xml's event layer alone measured 1.2 µs per `<Handle>` on the reference
//! machine, more than the whole budget. These bodies use a tiny subset of XML (elements,
//! attributes, text, the five predefined entities, character references), so a tokenizer that
//! jumps between `<` and `>` with `str::find` (memchr underneath) does the job in a fraction of
//! the time. quick-xml with serde stays the reference: tests decode every recording both ways
//! and compare.

use std::borrow::Cow;

/// One piece of markup or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs>`
    Start { name: &'a str, attributes: &'a str },
    /// `<name attrs/>`
    Empty { name: &'a str, attributes: &'a str },
    /// `</name>`
    End { name: &'a str },
    /// Character data, entities still escaped.
    Text(&'a str),
    /// `<![CDATA[…]]>` content, taken literally.
    CData(&'a str),
}

/// Malformed markup, with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML at byte {offset}: {what}")]
pub struct ScanError {
    pub offset: usize,
    pub what: &'static str,
}

/// Walks a document token by token; declarations, comments and doctypes are skipped.
pub struct Scanner<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, position: 0 }
    }

    fn error(&self, what: &'static str) -> ScanError {
        ScanError {
            offset: self.position,
            what,
        }
    }

    /// Skips past `terminator`, or fails with `what`.
    fn skip_past(
        &mut self,
        from: usize,
        terminator: &str,
        what: &'static str,
    ) -> Result<(), ScanError> {
        match self.text[from..].find(terminator) {
            Some(index) => {
                self.position = from + index + terminator.len();
                Ok(())
            }
            None => Err(self.error(what)),
        }
    }

    /// The index of the `>` closing a tag whose name starts at `from`, honouring quoted
    /// values, and the index where the name ends; one pass over the tag.
    fn tag_end(&self, from: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut name_end = None;
        let mut index = from;
        while index < bytes.len() {
            match bytes[index] {
                b'>' => {
                    let mut name_end = name_end.unwrap_or(index);
                    if name_end == index && index > from && bytes[index - 1] == b'/' {
                        name_end -= 1;
                    }
                    return Some((index, name_end));
                }
                quote @ (b'"' | b'\'') => {
                    index += 1 + bytes[index + 1..].iter().position(|&b| b == quote)?;
                }
                b' ' | b'\t' | b'\n' | b'\r' if name_end.is_none() => name_end = Some(index),
                _ => {}
            }
            index += 1;
        }
        None
    }

    /// The next token, `None` at the end.
    ///
    /// Spans between markup are short (tens of bytes), so plain byte loops beat `memchr`,
    /// whose setup cost dominates at that length.
    pub fn next_token(&mut self) -> Result<Option<Token<'a>>, ScanError> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.position;
            let Some(&first) = bytes.get(start) else {
                return Ok(None);
            };
            if first != b'<' {
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'<')
                    .map_or(bytes.len(), |offset| start + offset);
                self.position = end;
                return Ok(Some(Token::Text(&self.text[start..end])));
            }
            match bytes.get(start + 1) {
                Some(b'?') => {
                    self.skip_past(start + 2, "?>", "unterminated processing instruction")?;
                    continue;
                }
                Some(b'!') => {
                    let rest = &self.text[start..];
                    if rest.starts_with("<!--") {
                        self.skip_past(start + 4, "-->", "unterminated comment")?;
                        continue;
                    }
                    if let Some(data) = rest.strip_prefix("<![CDATA[") {
                        let end = data
                            .find("]]>")
                            .ok_or_else(|| self.error("unterminated CDATA section"))?;
                        self.position = start + 9 + end + 3;
                        return Ok(Some(Token::CData(&data[..end])));
                    }
                    self.skip_past(start + 2, ">", "unterminated declaration")?;
                    continue;
                }
                _ => {}
            }
            let (end, name_end) = self
                .tag_end(start + 1)
                .ok_or_else(|| self.error("unterminated tag"))?;
            self.position = end + 1;
            if bytes[start + 1] == b'/' {
                let name = self.text[start + 2..end].trim_end();
                if name.is_empty() {
                    return Err(ScanError {
                        offset: start,
                        what: "an end tag without a name",
                    });
                }
                return Ok(Some(Token::End { name }));
            }
            let empty = bytes[end - 1] == b'/' && end - 1 > start;
            let name = &self.text[start + 1..name_end];
            let attributes = &self.text[name_end..if empty { end - 1 } else { end }];
            if name.is_empty() {
                return Err(ScanError {
                    offset: start,
                    what: "a tag without a name",
                });
            }
            return Ok(Some(if empty {
                Token::Empty { name, attributes }
            } else {
                Token::Start { name, attributes }
            }));
        }
    }
}

impl<'a> Scanner<'a> {
    /// Right after the start tag of a leaf element `<name>`: its text, unescaped, consuming
    /// the `</name>` that directly follows. `None` (consuming nothing) when the content is not
    /// a plain run of text, so the caller falls back to [`next_token`](Self::next_token).
    pub fn leaf_text(&mut self, name: &str) -> Option<Result<Cow<'a, str>, ScanError>> {
        let bytes = self.text.as_bytes();
        let start = self.position;
        let mut escaped = false;
        let mut end = start;
        loop {
            match bytes.get(end)? {
                b'<' => break,
                b'&' | b'\r' => escaped = true,
                _ => {}
            }
            end += 1;
        }
        let close = bytes.get(end + 2..end + 2 + name.len())?;
        if bytes.get(end + 1) != Some(&b'/')
            || !same_name(close, name.as_bytes())
            || bytes.get(end + 2 + name.len()) != Some(&b'>')
        {
            return None;
        }
        self.position = end + 3 + name.len();
        let raw = &self.text[start..end];
        Some(if escaped {
            text_content(raw)
        } else {
            Ok(Cow::Borrowed(raw))
        })
    }
}

/// Whether two element names are the same bytes. The decoder compares an end tag with its
/// start tag's name for every field of every handle; names are short, and two overlapping
/// word loads compare them without a call to `memcmp`.
fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let word = |bytes: &[u8], at: usize| {
        u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
    };
    match n {
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// The unescaped value of attribute `wanted` in a tag's attribute text.
pub fn attribute<'a>(attributes: &'a str, wanted: &str) -> Option<Cow<'a, str>> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start();
        let equals = rest.find('=')?;
        let name = rest[..equals].trim_end();
        let after = rest[equals + 1..].trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let close = after[1..].find(quote)?;
        let value = &after[1..=close];
        if name == wanted {
            return unescape(value).ok();
        }
        rest = &after[close + 2..];
    }
}

/// The content of a run of character data: line ends normalized (XML 1.0 §2.11: `\r\n` and a
/// lone `\r` are `\n`; a `&#xD;` reference stays a carriage return), then references resolved.
pub fn text_content(raw: &str) -> Result<Cow<'_, str>, ScanError> {
    match normalize_line_ends(raw) {
        Cow::Borrowed(text) => unescape(text),
        Cow::Owned(text) => unescape(&text).map(|text| Cow::Owned(text.into_owned())),
    }
}

/// `\r\n` and a lone `\r` become `\n`, as an XML 1.0 parser must read them.
pub fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Resolves the predefined entities and character references in `text`.
pub fn unescape(text: &str) -> Result<Cow<'_, str>, ScanError> {
    let Some(first) = text.bytes().position(|b| b == b'&') else {
        return Ok(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semicolon = after.find(';').ok_or(ScanError {
            offset: 0,
            what: "an unterminated entity reference",
        })?;
        let entity = &after[..semicolon];
        let bad = ScanError {
            offset: 0,
            what: "an unknown entity or character reference",
        };
        match entity {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "apos" => out.push('\''),
            "quot" => out.push('"'),
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).map_err(|_| bad.clone())?
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse().map_err(|_| bad.clone())?
                } else {
                    return Err(bad);
                };
                out.push(char::from_u32(code).filter(|c| *c != '\0').ok_or(bad)?);
            }
        }
        rest = &after[semicolon + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_their_bytes_at_every_length() {
        let names = "AccessRightListLastReconnectTime";
        for n in 0..=names.len() {
            let a = &names.as_bytes()[..n];
            assert!(same_name(a, a));
            for at in 0..n {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_name(a, &b), "{n} bytes, differing at {at}");
            }
            if n > 0 {
                assert!(!same_name(a, &a[..n - 1]));
            }
        }
    }

    fn tokens(text: &str) -> Vec<Token<'_>> {
        let mut scanner = Scanner::new(text);
        let mut out = Vec::new();
        while let Some(token) = scanner.next_token().unwrap() {
            out.push(token);
        }
        out
    }

    #[test]
    fn tokenizes_elements_attributes_text_and_skips_prolog() {
        let doc = "<?xml version=\"1.0\"?><!-- c --><A><B x=\"1>2\" y='z'>t&amp;u</B><C /><![CDATA[<raw>]]></A>";
        assert_eq!(
            tokens(doc),
            [
                Token::Start {
                    name: "A",
                    attributes: ""
                },
                Token::Start {
                    name: "B",
                    attributes: " x=\"1>2\" y='z'"
                },
                Token::Text("t&amp;u"),
                Token::End { name: "B" },
                Token::Empty {
                    name: "C",
                    attributes: " "
                },
                Token::CData("<raw>"),
                Token::End { name: "A" },
            ]
        );
    }

    #[test]
    fn leaf_text_consumes_only_a_matching_end_tag() {
        let mut scanner = Scanner::new("<A>x&amp;y</A><B><C/></B><D></D>");
        assert_eq!(
            scanner.next_token().unwrap(),
            Some(Token::Start {
                name: "A",
                attributes: ""
            })
        );
        assert_eq!(scanner.leaf_text("A").unwrap().unwrap(), "x&y");
        assert_eq!(
            scanner.next_token().unwrap(),
            Some(Token::Start {
                name: "B",
                attributes: ""
            })
        );
        assert!(
            scanner.leaf_text("B").is_none(),
            "nested markup is not a leaf"
        );
        assert_eq!(
            scanner.next_token().unwrap(),
            Some(Token::Empty {
                name: "C",
                attributes: ""
            })
        );
        assert_eq!(
            scanner.next_token().unwrap(),
            Some(Token::End { name: "B" })
        );
        assert_eq!(
            scanner.next_token().unwrap(),
            Some(Token::Start {
                name: "D",
                attributes: ""
            })
        );
        assert_eq!(scanner.leaf_text("D").unwrap().unwrap(), "");
        assert_eq!(scanner.next_token().unwrap(), None);
        assert!(Scanner::new("abc").leaf_text("A").is_none());
    }

    #[test]
    fn attributes_and_entities() {
        assert_eq!(
            attribute(" Encoded=\"true\"", "Encoded").as_deref(),
            Some("true")
        );
        assert_eq!(
            attribute(" a='1' Encoded = 'x&lt;y' ", "Encoded").as_deref(),
            Some("x<y")
        );
        assert_eq!(attribute(" a='1'", "Encoded"), None);
        assert_eq!(unescape("a&amp;b&#x20;c&#65;&quot;").unwrap(), "a&b cA\"");
        assert!(matches!(unescape("plain").unwrap(), Cow::Borrowed(_)));
        assert!(unescape("&bogus;").is_err());
        assert!(unescape("&#0;").is_err());
        assert!(unescape("&amp").is_err());
    }

    #[test]
    fn malformed_markup_is_an_error_not_a_hang() {
        for doc in [
            "<A",
            "<A x=\"1>",
            "<!-- x",
            "<![CDATA[x",
            "</>",
            "< >",
            "<?x",
        ] {
            let mut scanner = Scanner::new(doc);
            let mut result = Ok(None);
            for _ in 0..10 {
                result = scanner.next_token();
                if !matches!(result, Ok(Some(_))) {
                    break;
                }
            }
            assert!(result.is_err(), "{doc}");
        }
    }
}

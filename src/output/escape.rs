//! Escaping of untrusted text (names and paths come from the service and, before it, from any
//! SMB client) before it reaches a terminal or a tab-separated line.
//!
//! Control characters, bidirectional overrides and marks, line and paragraph separators and
//! Unicode noncharacters (`U+FFFE` occurs in real share paths) become visible `\u{…}` escapes;
//! nothing else changes.

use std::borrow::Cow;
use std::fmt::Write as _;

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        || matches!(c, '\u{061C}')
        // Line and paragraph separators: editors, and tools reading lines, start a line there.
        || matches!(c, '\u{2028}' | '\u{2029}')
        || matches!(c, '\u{FDD0}'..='\u{FDEF}')
        || (u32::from(c) & 0xFFFE) == 0xFFFE
}

/// For tables and messages: dangerous characters become `\u{…}`.
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// For TSV fields: also `\t`, `\n`, `\r` and `\` itself, so every field stays on its line and
/// in its column, and the escaping is reversible.
pub(crate) fn for_tsv(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || needs_escape(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_only_what_is_dangerous() {
        assert!(matches!(
            for_terminal("Open Questions #2 + données 日本"),
            Cow::Borrowed(_)
        ));
        assert_eq!(for_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(for_terminal("dir\u{FFFE}x"), "dir\\u{fffe}x");
        assert_eq!(for_terminal("evil\u{202E}fdp.exe"), "evil\\u{202e}fdp.exe");
        assert_eq!(for_terminal("tab\there"), "tab\\u{9}here");
        assert_eq!(for_terminal("a\u{2028}b\u{2029}c"), "a\\u{2028}b\\u{2029}c");
        assert_eq!(for_terminal("x\u{61c}y"), "x\\u{61c}y");
    }

    #[test]
    fn tsv_keeps_columns_and_is_reversible() {
        assert_eq!(for_tsv("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
        assert_eq!(for_tsv("x\u{FFFE}"), "x\\u{fffe}");
        assert_eq!(for_tsv("one\u{2028}line"), "one\\u{2028}line");
        assert!(matches!(for_tsv("plain text"), Cow::Borrowed(_)));
    }
}

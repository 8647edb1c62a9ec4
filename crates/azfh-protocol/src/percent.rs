//! How a path segment or query component is percent-encoded in a request URL.
//!
//! The client signs the URL it sends and the emulator rebuilds what it verifies (a SAS, for
//! one), so both must encode alike: by hand, escaping everything but RFC 3986 unreserved
//! characters (`url` would leave `+`, `!`, `$`, `'`, `(`, `)`, `*`, `,`, `;`, `=`, `:` and `@`
//! literal).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is escaped in path segments and query values.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment or query component.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

//! Connection strings: the parser never panics, and what it says (its error, or a parsed
//! string's `Debug`) never depends on an AccountKey or SharedAccessSignature value: masking
//! those values must not change a character of it.
#![no_main]

use azfh_client::config::ConnectionString;
use libfuzzer_sys::fuzz_target;

fn is_secret(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase();
    key == "accountkey" || key == "sharedaccesssignature"
}

/// `text` with the secret values' characters (inside their surrounding blanks, which the
/// parser trims) replaced by 'Z'.
fn masked(text: &str) -> String {
    let parts: Vec<String> = text
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((key, value)) if is_secret(key) => {
                let core = value.trim();
                let start = value.len() - value.trim_start().len();
                let end = start + core.len();
                let mask: String = core.chars().map(|_| 'Z').collect();
                format!("{key}={}{mask}{}", &value[..start], &value[end..])
            }
            _ => part.to_owned(),
        })
        .collect();
    parts.join(";")
}

fn said(text: &str) -> String {
    match ConnectionString::parse(text) {
        Ok(parsed) => format!("{parsed:?}"),
        Err(err) => format!("{} / {}", err.message, err.hint.unwrap_or_default()),
    }
}

fuzz_target!(|text: &str| {
    assert_eq!(
        said(text),
        said(&masked(text)),
        "a secret value changed what was said"
    );
});

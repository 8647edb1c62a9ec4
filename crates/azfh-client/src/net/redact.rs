//! Secrets out of text: what every client does before a message, a log line or an error
//! reaches the user.

/// Shown wherever a secret would be.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces every occurrence of a secret in `text`. Secrets shorter than 4 characters are
/// left alone: replacing them would mangle ordinary text and hide nothing.
pub fn scrub_secrets<S: AsRef<str>>(text: &str, secrets: &[S]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().map(AsRef::as_ref).filter(|s| s.len() >= 4) {
        if out.contains(secret) {
            out = out.replace(secret, REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_short_ones_are_not() {
        assert_eq!(
            scrub_secrets("a sig+value= b x", &["sig+value=", "x"]),
            "a [REDACTED] b x",
            "secrets shorter than 4 characters are never scrubbed (they would mangle text)"
        );
    }
}

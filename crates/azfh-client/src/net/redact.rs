//! Secrets out of text: what every client does before a message, a log line or an error
//! reaches the user.

/// Shown wherever a secret would be.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces the secrets azfh knows (a password, a token) wherever they occur in `text`, and
/// nothing else. Two exceptions keep the service's own words: secrets shorter than 4
/// characters (replacing them would mangle ordinary text and hide nothing), and a secret made
/// of letters only where it stands as a word of the service's prose, between another word and
/// a space or sentence end (a password `wrong` in "the password is wrong."): there it is the
/// service's word, not an echo, which comes quoted, after `=` or `:`, or inside other text.
pub fn scrub_secrets<S: AsRef<str>>(text: &str, secrets: &[S]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().map(AsRef::as_ref).filter(|s| s.len() >= 4) {
        if !out.contains(secret) {
            continue;
        }
        let mut scrubbed = String::with_capacity(out.len());
        let mut rest = 0;
        for (start, _) in out.match_indices(secret) {
            if start < rest {
                continue;
            }
            scrubbed.push_str(&out[rest..start]);
            let end = start + secret.len();
            if is_prose_word(&out, start, end) {
                scrubbed.push_str(secret);
            } else {
                scrubbed.push_str(REDACTED);
            }
            rest = end;
        }
        scrubbed.push_str(&out[rest..]);
        out = scrubbed;
    }
    out
}

/// Whether `text[start..end]` is a word of letters in a sentence: a letter-word, a blank,
/// this word, then a blank, sentence punctuation or the end.
fn is_prose_word(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if !word.chars().all(char::is_alphabetic) {
        return false;
    }
    let before = text[..start].strip_suffix(' ');
    let after_ok = text[end..]
        .chars()
        .next()
        .is_none_or(|c| matches!(c, ' ' | '.' | ',' | ';' | '!' | '?'));
    before.is_some_and(|b| b.chars().next_back().is_some_and(char::is_alphabetic)) && after_ok
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

    #[test]
    fn the_service_s_own_words_stay_and_echoes_go() {
        let said = "Login failed: the user name or password is wrong.";
        assert_eq!(scrub_secrets(said, &["wrong"]), said);
        for echo in [
            "password 'wrong' rejected",
            "password=wrong",
            "password: wrong",
            "wrongly",
            "the password wrong2",
        ] {
            assert!(scrub_secrets(echo, &["wrong"]).contains(REDACTED), "{echo}");
        }
        assert_eq!(
            scrub_secrets("the password is hunter2-pw.", &["hunter2-pw"]),
            "the password is [REDACTED]."
        );
    }
}

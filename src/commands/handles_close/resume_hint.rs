//! The command that resumes an interrupted `--all` close, printed for the user to paste.
//!
//! The marker comes from the service and TARGET from the user: both are untrusted text that a
//! shell would interpret. Every word that is not azfh's own is single-quoted (a quote inside
//! becomes `'\''`), and a control character, which must never reach the terminal raw, is
//! written as `"$(printf '\NNN')"`, which the shell turns back into that character: the line
//! pasted into `sh` runs azfh with exactly the words it printed, and nothing else.

use std::fmt::Write as _;

use clap::ValueEnum;

use crate::cli::{GlobalArgs, HandlesCloseArgs};

/// `azfh handles close …` with the original command's target and options (never a secret:
/// keys, SAS tokens and connection strings come from the environment or are given again) and
/// `--marker MARKER`.
pub(super) fn resume_command(global: &GlobalArgs, args: &HandlesCloseArgs, marker: &str) -> String {
    let mut words = vec![
        "azfh".to_owned(),
        "handles".to_owned(),
        "close".to_owned(),
        quote(args.targets.first().map_or("", String::as_str)),
        "--all".to_owned(),
    ];
    if args.recursive {
        words.push("-r".to_owned());
    }
    if args.yes {
        words.push("--yes".to_owned());
    }
    if let Some(verify) = args.verify {
        words.push(format!("--verify={}s", verify.as_secs()));
    }
    if let Some(output) = global.output.and_then(|o| o.to_possible_value()) {
        words.extend(["-o".to_owned(), quote(output.get_name())]);
    }
    if let Some(mode) = global.auth_mode.and_then(|m| m.to_possible_value()) {
        words.extend(["--auth-mode".to_owned(), quote(mode.get_name())]);
    }
    for (flag, value) in [
        ("--account", &global.account),
        ("--endpoint", &global.endpoint),
        ("--snapshot", &global.snapshot),
    ] {
        // An endpoint with a query string may carry a SAS: never repeat it.
        if let Some(value) = value.as_ref().filter(|v| !v.contains('?')) {
            words.extend([flag.to_owned(), quote(value)]);
        }
    }
    if global.allow_http {
        words.push("--allow-http".to_owned());
    }
    words.extend(["--marker".to_owned(), quote(marker)]);
    words.join(" ")
}

/// One word for a POSIX shell, in single quotes, with control characters written as
/// `printf` escapes so the line shows none raw.
pub(super) fn quote(word: &str) -> String {
    let mut quoted = String::from("'");
    for c in word.chars() {
        match c {
            '\'' => quoted.push_str("'\\''"),
            // A command substitution drops a trailing newline, so a newline alone would be
            // lost; neither word can hold one (TARGET refuses control characters, HTTP
            // header values cannot carry line breaks), and a word that lost it would only be
            // refused, never run.
            c if c.is_control() => {
                quoted.push_str("'\"$(printf '");
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(quoted, "\\{byte:03o}");
                }
                quoted.push_str("')\"'");
            }
            c => quoted.push(c),
        }
    }
    quoted.push('\'');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_controls_never_show_raw() {
        assert_eq!(quote("demo/a b"), "'demo/a b'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        let hostile = quote("m\u{1b}[31m\t'; touch x; '");
        assert!(!hostile.chars().any(char::is_control), "{hostile}");
        assert!(hostile.contains("$(printf '\\033')"), "{hostile}");
    }
}

//! Service text (error messages, codes, request ids) is untrusted: escape sequences in it
//! that would set the terminal's title, clear the screen or start a fake line never reach
//! stderr raw, whatever the verbosity.

use std::process::Command;
use std::time::Duration;

use super::hostile::{Hostile, Reply};
use super::watched::{assert_clean_failure, run_watched};

const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[2Jdenied\nerror: everything is fine\r\nhint: run rm -rf";

fn assert_no_raw_control(stderr: &str) {
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}') && !stderr.contains('\r'),
        "a control character reached stderr:\n{stderr:?}"
    );
    assert!(
        !stderr
            .lines()
            .any(|line| line.starts_with("error: everything") || line.starts_with("hint: run rm")),
        "a fake line:\n{stderr}"
    );
}

fn hostile_403() -> Hostile {
    Hostile::start(|_| {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>Auth\u{1b}[2JFailure</Code><Message>{HOSTILE}</Message><AuthenticationErrorDetail>{HOSTILE}</AuthenticationErrorDetail><HeaderName>x-ms-version</HeaderName><HeaderValue>{HOSTILE}</HeaderValue></Error>"
        );
        Reply::with(
            403,
            &[
                ("Content-Type", "application/xml"),
                ("x-ms-request-id", "rid-1"),
            ],
            body,
        )
    })
}

#[test]
fn an_error_message_with_escape_sequences_prints_as_one_escaped_line() {
    let server = hostile_403();
    for verbosity in [None, Some("-v"), Some("-vv"), Some("-vvv")] {
        let mut args = vec!["handles", "ls", "demo"];
        args.extend(verbosity);
        let watched = run_watched(&mut server.azfh(), &args, Duration::from_secs(30));
        assert_clean_failure(&watched.run, 1, "denied");
        assert_no_raw_control(&watched.run.stderr);
        assert_no_raw_control(&watched.run.stdout);
    }
}

#[test]
fn an_error_code_header_with_escape_sequences_is_escaped_or_refused() {
    let server = Hostile::start(|_| {
        Reply::with(
            403,
            &[("x-ms-error-code", "\u{1b}]0;pwned\u{7}")],
            "<Error><Code>x</Code><Message>m</Message></Error>",
        )
    });
    let watched = run_watched(
        &mut server.azfh(),
        ["ls", "demo", "--retries", "0"],
        Duration::from_secs(30),
    );
    assert_eq!(watched.run.status, 1, "{}", watched.run.stderr);
    assert_eq!(
        watched.run.stderr_lines("error").len(),
        1,
        "{}",
        watched.run.stderr
    );
    assert_no_raw_control(&watched.run.stderr);
}

#[test]
fn on_a_terminal_no_escape_sequence_of_the_service_gets_through() {
    let server = hostile_403();
    let mut command = Command::new(env!("CARGO_BIN_EXE_azfh"));
    command
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            server.connection_string(),
        )
        .env("TERM", "xterm")
        .args(["handles", "ls", "demo", "-v"]);
    let mut session =
        rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal");
    let output = session.exp_eof().expect("azfh ends");
    // azfh's own colours are SGR sequences (ESC [ … m); nothing else may appear.
    for sequence in ["\u{1b}]", "\u{1b}[2J", "\u{7}"] {
        assert!(!output.contains(sequence), "{sequence:?} in {output:?}");
    }
    let plain = anstream::adapter::strip_str(&output).to_string();
    let errors = plain
        .lines()
        .filter_map(|line| line.rsplit('\r').next())
        .filter(|line| line.starts_with("error:"))
        .count();
    assert_eq!(errors, 1, "{output:?}");
}

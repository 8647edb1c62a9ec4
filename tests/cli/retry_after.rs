//! A `Retry-After` header of any value (huge, fractional, negative, a date far away) neither
//! panics azfh nor makes it wait longer than its ceiling (60 s): a wait beyond it gives up at
//! once with an error that says so.

use std::time::Duration;

use super::hostile::{Hostile, Reply};
use super::watched::{assert_clean_failure, run_watched};

/// Answers every request with 503 and `Retry-After: value`.
fn throttling(value: &'static str) -> Hostile {
    Hostile::start(move |_| {
        Reply::with(
            503,
            &[("Retry-After", value), ("x-ms-error-code", "ServerBusy")],
            "",
        )
    })
}

const TOO_LONG: [&str; 4] = [
    "1e300",
    "18446744073709551616",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "86400",
];

#[test]
fn a_wait_beyond_the_ceiling_gives_up_at_once_for_every_command() {
    let dest = tempfile::tempdir().unwrap();
    let dest_file = dest.path().join("out.bin");
    let dest_file = dest_file.to_str().unwrap();
    let dest_tree = dest.path().join("tree");
    let dest_tree = dest_tree.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["handles", "ls", "demo", "-r"],
        &["handles", "close", "demo", "-r", "--all", "--yes"],
        &["ls", "demo", "-r"],
        &["ls", "demo"],
        &["get", "demo/file.bin", dest_file],
        &["get", "demo/dir", dest_tree, "-r"],
    ];
    for value in TOO_LONG {
        let server = throttling(value);
        for args in commands {
            let watched = run_watched(&mut server.azfh(), args, Duration::from_secs(30));
            assert_clean_failure(&watched.run, 1, "asked to wait more than 60s");
            assert!(
                watched.elapsed < Duration::from_secs(15),
                "{args:?} with Retry-After {value}: gave up at once, took {:?}",
                watched.elapsed
            );
        }
        assert!(!std::path::Path::new(dest_file).exists());
    }
}

#[test]
fn short_fractional_and_invalid_waits_are_retried_until_the_retries_run_out() {
    for value in ["0.0000000001", "-1", "0", "NaN", "soon", "-1e300"] {
        let server = throttling(value);
        let watched = run_watched(
            &mut server.azfh(),
            ["handles", "ls", "demo", "--retries", "2"],
            Duration::from_secs(30),
        );
        assert_clean_failure(&watched.run, 1, "503 ServerBusy");
        assert_eq!(server.requests().len(), 3, "Retry-After {value}");
    }
}

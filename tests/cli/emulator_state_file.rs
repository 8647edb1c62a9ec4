//! `azfh emulator --state FILE` refusing what no service could hold, before it serves: handle
//! times outside 1970 to now (which once loaded and then crashed every List Handles), ages
//! that overflow, and entries that contradict each other (a share or file twice, names that
//! differ only in case, a path under a file, a name both a file and a directory, snapshot ids
//! not in the service's form, absolute paths). Each is exit 2 and one line naming the entry.

use crate::support::Azfh;
use crate::watched::assert_clean_failure;

/// Runs `azfh emulator --state` on `json` and asserts a clean exit 2 naming every needle.
#[track_caller]
fn refused(json: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, json).unwrap();
    let run = Azfh::bare().run([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--state",
        path.to_str().unwrap(),
    ]);
    for needle in needles {
        assert_clean_failure(&run, 2, needle);
    }
}

fn with_handle(handle: &str) -> String {
    format!(
        r#"{{"shares":[{{"name":"data","files":[{{"path":"f.txt","size":1}}],
            "handles":[{{"path":"f.txt","client_ip":"127.0.0.1:5",{handle}}}]}}]}}"#
    )
}

#[test]
fn handle_times_before_1970_or_in_the_future_are_refused_naming_the_field() {
    refused(
        &with_handle(r#""open_time":"1969-12-31T23:59:59Z""#),
        &["open_time", "1970-01-01", "f.txt"],
    );
    refused(
        &with_handle(r#""open_time":"3000-01-01T00:00:00Z""#),
        &["open_time", "a day after now"],
    );
    refused(
        &with_handle(
            r#""open_time":"2026-01-01T00:00:00Z","last_reconnect_time":"1900-01-01T00:00:00Z""#,
        ),
        &["last_reconnect_time", "1970-01-01"],
    );
    refused(
        &with_handle(r#""age":"21000d""#),
        &["age '21000d'", "1970-01-01"],
    );
    refused(
        &with_handle(r#""age":"100000000000d""#),
        &["age '100000000000d'", "at most"],
    );
}

#[test]
fn contradicting_entries_are_refused_naming_the_entry_and_the_rule() {
    let share = |body: &str| format!(r#"{{"shares":[{{"name":"data",{body}}}]}}"#);
    refused(
        r#"{"shares":[{"name":"data"},{"name":"data"}]}"#,
        &["share 'data'", "listed twice"],
    );
    refused(
        &share(r#""files":[{"path":"f","size":1},{"path":"F","size":2}]"#),
        &["'F' and 'f'", "case-insensitive"],
    );
    refused(
        &share(r#""files":[{"path":"f","size":1},{"path":"f","size":2}]"#),
        &["file 'f'", "listed twice"],
    );
    refused(
        &share(r#""files":[{"path":"f","size":1},{"path":"f/g","size":2}]"#),
        &["'f/g'", "'f' is a file"],
    );
    refused(
        &share(r#""directories":["d"],"files":[{"path":"d","size":1}]"#),
        &["'d'", "both a file and a directory"],
    );
    refused(
        &share(r#""snapshots":[{"id":"2026-01-01T00:00:00Z"}]"#),
        &[
            "snapshot '2026-01-01T00:00:00Z'",
            "2026-01-01T00:00:00.0000000Z",
        ],
    );
    refused(
        &share(r#""files":[{"path":"/abs.txt","size":1}]"#),
        &["'/abs.txt'", "leading /"],
    );
    refused(&share(r#""directories":["/d"]"#), &["'/d'", "leading /"]);
}

#[test]
fn a_share_named_by_the_demo_and_a_state_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, r#"{"shares":[{"name":"demo"}]}"#).unwrap();
    let run = Azfh::bare().run([
        "emulator",
        "--demo",
        "--listen",
        "127.0.0.1:0",
        "--state",
        path.to_str().unwrap(),
    ]);
    assert_clean_failure(&run, 2, "share 'demo': listed twice");
}

#[test]
fn hashing_a_large_state_file_entry_is_noted_before_it_starts() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    // 4 TiB: without the note, startup looks like a hang for hours.
    std::fs::write(
        &path,
        r#"{"shares":[{"name":"data","files":[{"path":"huge.bin","size":4398046511104,"md5":true}]}]}"#,
    )
    .unwrap();
    let mut child = Azfh::bare().spawn([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--state",
        path.to_str().unwrap(),
    ]);
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.contains("computing the MD5 of data/huge.bin (4398046511104 bytes)"),
        "the first line says what takes time: {first}"
    );
}

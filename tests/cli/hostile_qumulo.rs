//! What a hostile Qumulo cluster sends, over HTTPS: the same bounds as on Azure Files. A
//! `Retry-After` beyond the ceiling gives up at once, an endless body is read only to the
//! listing limit, an error message cannot write to the terminal, and an empty page is an error,
//! never a last page.

use std::time::Duration;

use super::hostile::{Hostile, Reply};
use super::support::Azfh;
use super::watched::{assert_clean_failure, run_watched};

/// The real binary with a token for the cluster; the cluster's certificate is written to
/// `dir` for `ls_args`' `--ca-cert`.
fn azfh_for(server: &Hostile, dir: &tempfile::TempDir) -> Azfh {
    let ca_cert = dir.path().join("cluster.pem");
    std::fs::write(
        &ca_cert,
        server.certificate_pem.as_deref().expect("a TLS server"),
    )
    .unwrap();
    let mut azfh = Azfh::bare();
    azfh.env("QUMULO_TOKEN", "access-v1:hostile-test-token");
    azfh
}

/// `handles ls -r` of the cluster's root, trusting its certificate.
fn ls_args(server: &Hostile, ca_cert: &std::path::Path) -> Vec<String> {
    vec![
        "handles".into(),
        "ls".into(),
        server.qumulo_target("/"),
        "-r".into(),
        "--ca-cert".into(),
        ca_cert.display().to_string(),
    ]
}

#[test]
fn a_wait_beyond_the_ceiling_gives_up_at_once() {
    let server = Hostile::start_tls(|_| {
        Reply::with(
            503,
            &[
                ("Retry-After", "1e300"),
                ("Content-Type", "application/json"),
            ],
            r#"{"module":"qumulo","error_class":"busy","description":"busy"}"#,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let args = ls_args(&server, &dir.path().join("cluster.pem"));
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "more than 60s");
    assert!(
        watched.elapsed < Duration::from_secs(10),
        "{:?}",
        watched.elapsed
    );
    assert_eq!(server.requests().len(), 1, "no retry after such an answer");
}

#[test]
fn an_endless_page_stops_at_the_limit() {
    let server = Hostile::start_tls(|_| {
        Reply::Endless {
        head: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"file_handles\":[".to_vec(),
        chunk: br#"{"file_number":"2","handle_info":{"owner":"500","access_mask":["MS_ACCESS_FILE_READ_ATTRIBUTES"],"version":1,"location":"1","num_byte_range_locks":"0"}},"#.repeat(64),
    }
    });
    let dir = tempfile::tempdir().unwrap();
    let args = ls_args(&server, &dir.path().join("cluster.pem"));
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(60));
    assert_clean_failure(&watched.run, 1, "longer than");
    assert!(
        watched.peak_kib < 160 * 1024,
        "peak memory {} KiB",
        watched.peak_kib
    );
    let written = server
        .endless_written
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        written < 256 << 20,
        "azfh stopped reading ({written} bytes sent)"
    );
}

#[test]
fn an_error_message_cannot_write_to_the_terminal() {
    let server = Hostile::start_tls(|_| {
        Reply::with(
            403,
            &[("Content-Type", "application/json")],
            "{\"module\":\"qumulo\",\"error_class\":\"forbidden\",\"description\":\"\\u001b]0;pwned\\u0007\\u001b[2J\\nerror: all good\"}",
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let args = ls_args(&server, &dir.path().join("cluster.pem"));
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "pwned");
    assert!(
        !watched.run.stderr.contains('\u{1b}') && !watched.run.stderr.contains('\u{7}'),
        "{:?}",
        watched.run.stderr
    );
}

#[test]
fn an_empty_page_is_an_error_not_the_last_page() {
    let server =
        Hostile::start_tls(|_| Reply::with(200, &[("Content-Type", "application/json")], "{}"));
    let dir = tempfile::tempdir().unwrap();
    let args = ls_args(&server, &dir.path().join("cluster.pem"));
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_eq!(watched.run.status, 1, "{}", watched.run.stderr);
    assert!(watched.run.stdout.is_empty(), "{}", watched.run.stdout);
    assert_eq!(
        watched.run.stderr_lines("error").len(),
        1,
        "{}",
        watched.run.stderr
    );
}

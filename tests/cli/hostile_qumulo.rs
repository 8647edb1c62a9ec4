//! What a hostile Qumulo cluster sends, over HTTPS: the same bounds as on Azure Files. A
//! `Retry-After` beyond the ceiling gives up at once, an endless body is read only to the
//! listing limit, an error message cannot write to the terminal, and an empty page is an error,
//! never a last page. The privilege preflight is answered plainly, so that each hostile answer
//! meets the listing itself; sessions and lock-grant listings stop on a link that comes back.

use std::time::Duration;

use super::hostile::{Hostile, Reply, Request};
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

/// `hostile` for every request but the privilege preflight, which gets a plain who-am-i
/// (without privileges: nothing to check).
fn past_preflight(
    hostile: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    move |request| {
        if request.path().ends_with("/v1/session/who-am-i") {
            Reply::with(
                200,
                &[("Content-Type", "application/json")],
                r#"{"name":"admin"}"#,
            )
        } else {
            hostile(request)
        }
    }
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
    let server = Hostile::start_tls(past_preflight(|_| {
        Reply::with(
            503,
            &[
                ("Retry-After", "1e300"),
                ("Content-Type", "application/json"),
            ],
            r#"{"module":"qumulo","error_class":"busy","description":"busy"}"#,
        )
    }));
    let dir = tempfile::tempdir().unwrap();
    let args = ls_args(&server, &dir.path().join("cluster.pem"));
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "more than 60s");
    assert!(
        watched.elapsed < Duration::from_secs(10),
        "{:?}",
        watched.elapsed
    );
    assert_eq!(
        server.requests().len(),
        2,
        "the preflight, then one listing request: no retry after such an answer"
    );
}

#[test]
fn an_endless_page_stops_at_the_limit() {
    let server = Hostile::start_tls(past_preflight(|_| {
        Reply::Endless {
        head: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"file_handles\":[".to_vec(),
        chunk: br#"{"file_number":"2","handle_info":{"owner":"500","access_mask":["MS_ACCESS_FILE_READ_ATTRIBUTES"],"version":1,"location":"1","num_byte_range_locks":"0"}},"#.repeat(64),
    }
    }));
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
    let server = Hostile::start_tls(past_preflight(|_| {
        Reply::with(
            403,
            &[("Content-Type", "application/json")],
            "{\"module\":\"qumulo\",\"error_class\":\"forbidden\",\"description\":\"\\u001b]0;pwned\\u0007\\u001b[2J\\nerror: all good\"}",
        )
    }));
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
    let server = Hostile::start_tls(past_preflight(|_| {
        Reply::with(200, &[("Content-Type", "application/json")], "{}")
    }));
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

#[test]
fn a_sessions_link_that_comes_back_stops_the_listing() {
    let server = Hostile::start_tls(past_preflight(|_| {
        Reply::with(
            200,
            &[("Content-Type", "application/json")],
            r#"{"session_infos":[{"location":"1.2","originator":"127.0.0.1","num_opens":1}],"paging":{"next":"/v1/smb/sessions/?after=AA"}}"#,
        )
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut args = ls_args(&server, &dir.path().join("cluster.pem"));
    args.splice(
        0..4,
        ["sessions".into(), "ls".into(), server.qumulo_target("/")],
    );
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "repeated the page link");
    assert!(server.requests().len() <= 4, "{}", server.requests().len());
}

#[test]
fn a_grants_link_that_comes_back_stops_the_listing() {
    let server = Hostile::start_tls(past_preflight(|request| {
        if request.path().contains("/locks/smb/share-mode/") {
            Reply::with(
                200,
                &[("Content-Type", "application/json")],
                r#"{"grants":[{"file_id":"2","owner_address":"127.0.0.1"}],"paging":{"next":"/v1/files/locks/smb/share-mode/?after=AA"}}"#,
            )
        } else {
            Reply::with(
                200,
                &[("Content-Type", "application/json")],
                r#"{"file_handles":[{"file_number":"2","handle_info":{"location":"1","owner":"500"}}],"paging":{"next":null}}"#,
            )
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let mut args = ls_args(&server, &dir.path().join("cluster.pem"));
    args.extend(["--client-ip".into(), "127.0.0.0/8".into()]);
    let watched = run_watched(&mut azfh_for(&server, &dir), &args, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "repeated the page link");
}

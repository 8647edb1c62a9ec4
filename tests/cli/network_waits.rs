//! Every wait on a network is bounded, and a server that stops is named with what it did and
//! the option that changes the wait: silent after the request, its headers then silence, a
//! body that trickles in, an answer that is not HTTP at all.

use std::time::{Duration, Instant};

use super::hostile::{Hostile, Reply};
use super::support::Run;

/// Runs azfh against `server` with `args`; returns the run and how long it took.
fn timed(server: &Hostile, args: &[&str]) -> (Run, Duration) {
    let started = Instant::now();
    let run = server.azfh().run(args);
    (run, started.elapsed())
}

/// A `200 OK` head announcing an XML body of `length` bytes.
fn head(length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

#[test]
fn a_silent_server_is_named_with_what_it_did_and_the_option_that_changes_the_wait() {
    for command in [
        &["shares", "ls"][..],
        &["handles", "ls", "demo"],
        &["handles", "stats", "demo"],
    ] {
        let server = Hostile::start(|_| Reply::Stall);
        let args = [command, &["--timeout", "1s", "--retries", "1"]].concat();
        let (run, took) = timed(&server, &args);
        run.failure(
            &format!("{} sent nothing for 1s (--timeout)", server.addr),
            "raise --timeout",
        );
        assert!(run.stderr.contains("after 2 attempts"), "{}", run.stderr);
        assert_eq!(server.requests().len(), 2, "{command:?}");
        assert!(took < Duration::from_secs(6), "{command:?} took {took:?}");
    }
}

#[test]
fn the_timeout_can_come_from_the_environment() {
    let server = Hostile::start(|_| Reply::Stall);
    let run =
        server
            .azfh()
            .env("AZFH_TIMEOUT", "1s")
            .run(["handles", "ls", "demo", "--retries", "0"]);
    run.failure(
        &format!("{} sent nothing for 1s", server.addr),
        "AZFH_TIMEOUT",
    );
}

#[test]
fn the_deadline_bounds_one_request_across_its_retries() {
    let server = Hostile::start(|_| Reply::Stall);
    // Six retries of 1 s each would take over 7 s; the deadline ends the request at 3 s,
    // in the middle of an attempt.
    let (run, took) = timed(
        &server,
        &[
            "handles",
            "ls",
            "demo",
            "--timeout",
            "1s",
            "--deadline",
            "3s",
        ],
    );
    run.failure(
        "gave up at its 3s deadline (--deadline) after",
        "--deadline",
    );
    assert!(
        run.stderr
            .contains(&format!("{} sent nothing", server.addr)),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(server.requests().len() < 5, "{}", server.requests().len());
}

#[test]
fn a_deadline_from_the_environment_cuts_a_long_attempt_short() {
    let server = Hostile::start(|_| Reply::Stall);
    let started = Instant::now();
    let run = server
        .azfh()
        .env("AZFH_DEADLINE", "2s")
        .run(["shares", "ls", "--timeout", "30s"]);
    let took = started.elapsed();
    run.failure(
        &format!(
            // How long into the attempt: the deadline's 2s less what came before the attempt,
            // which a loaded machine makes longer.
            "gave up at its 2s deadline (--deadline): {} sent nothing in ",
            server.addr
        ),
        "AZFH_DEADLINE",
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn headers_then_silence_is_reported_as_such() {
    let server = Hostile::start(|_| {
        let mut bytes = head(1000);
        bytes.extend_from_slice(b"<?xml");
        Reply::ThenStall(bytes)
    });
    let (run, took) = timed(
        &server,
        &["handles", "ls", "demo", "--timeout", "1s", "--retries", "0"],
    );
    run.failure(
        &format!(
            "{} sent its answer's headers and 5 bytes, then nothing for 1s (--timeout)",
            server.addr
        ),
        "raise --timeout",
    );
    assert!(took < Duration::from_secs(4), "took {took:?}");
}

#[test]
fn a_body_that_trickles_in_is_stopped_by_the_deadline() {
    let body = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults/>".to_vec();
    let server = Hostile::start(move |_| Reply::Trickle {
        head: head(body.len()),
        body: body.clone(),
        every: Duration::from_secs(1),
    });
    // A byte every second is progress: the 2 s timeout never passes, the deadline does.
    let (run, took) = timed(
        &server,
        &[
            "handles",
            "ls",
            "demo",
            "--timeout",
            "2s",
            "--deadline",
            "3s",
        ],
    );
    run.failure(
        &format!(
            "gave up at its 3s deadline (--deadline): {} was still sending its answer",
            server.addr
        ),
        "--deadline",
    );
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_eq!(server.requests().len(), 1, "not retried: no time is left");
}

#[test]
fn an_answer_that_is_not_http_is_named_and_retried_once() {
    let server = Hostile::start(|_| Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()));
    let (run, took) = timed(&server, &["handles", "ls", "demo"]);
    run.failure(
        &format!("{} answered something that is not HTTP", server.addr),
        "check the endpoint",
    );
    assert!(!run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert!(run.stderr.contains("after 2 attempts"), "{}", run.stderr);
    assert_eq!(server.requests().len(), 2, "one retry, not six");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn a_qumulo_address_that_does_not_answer_in_http_is_named_so() {
    let server = Hostile::start_tls(|_| Reply::Raw(b"\x00\x01not http at all\r\n".to_vec()));
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("cluster.pem");
    std::fs::write(&pem, server.certificate_pem.as_deref().unwrap()).unwrap();
    let run = super::support::Azfh::bare()
        .env("QUMULO_TOKEN", "access-v1:token")
        .run([
            "handles",
            "ls",
            &server.qumulo_target("/projects"),
            "--ca-cert",
            pem.to_str().unwrap(),
        ]);
    run.failure(
        "answered something that is not HTTP",
        "check the qumulo:// address and port",
    );
    assert!(!run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert_eq!(server.requests().len(), 2, "one retry, not six");
}

#[test]
fn a_download_whose_body_stops_is_bounded_by_the_timeout() {
    let server = Hostile::start(|_| {
        Reply::ThenStall(
            b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nETag: \"0x1\"\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabcd"
                .to_vec(),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    let (run, took) = timed(
        &server,
        &[
            "get",
            "share/x",
            dest.to_str().unwrap(),
            "--timeout",
            "1s",
            "--retries",
            "1",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let errors = run.stderr_lines("error");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains(&format!(
            "{} sent its answer's headers and 4 bytes, then nothing for 1s (--timeout)",
            server.addr
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        server.requests().len(),
        2,
        "retried once, as --retries says"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

//! Every answer body is read with a bound that fits its operation: an endless or oversized
//! body stops azfh promptly with one clear error, its memory bounded, and the server sees it
//! stop reading. A ranged Get File reads exactly the asked length, and its `Content-Range`
//! must agree with the request and name a file Azure Files can hold.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::hostile::{Hostile, Reply};
use super::watched::{assert_clean_failure, run_watched};

/// The most resident memory a stopped read may leave behind (the listing limit is 16 MiB).
const MEMORY_BOUND_KIB: u64 = 160 << 10;

fn endless(status_line: &str, headers: &str, prefix: &str, chunk: &str) -> Reply {
    Reply::Endless {
        head: format!("{status_line}\r\n{headers}Connection: close\r\n\r\n{prefix}").into_bytes(),
        chunk: chunk.repeat(64).into_bytes(),
    }
}

const HANDLE: &str = "<Handle><HandleId>1</HandleId><Path>a</Path><FileId>0</FileId><ParentId>0</ParentId><SessionId>1</SessionId><ClientIp>10.0.0.1:445</ClientIp><OpenTime>Fri, 03 May 2019 05:59:43 GMT</OpenTime></Handle>";

#[test]
fn an_endless_listing_page_stops_at_the_limit() {
    let server = Hostile::start(|_| {
        endless(
            "HTTP/1.1 200 OK",
            "Content-Type: application/xml\r\n",
            "<EnumerationResults><Entries>",
            HANDLE,
        )
    });
    let watched = run_watched(
        &mut server.azfh(),
        ["handles", "ls", "demo", "-r"],
        Duration::from_secs(60),
    );
    assert_clean_failure(&watched.run, 1, "longer than the 16 MiB azfh reads");
    assert!(
        watched.peak_kib < MEMORY_BOUND_KIB,
        "peak memory {} KiB",
        watched.peak_kib
    );
    // The top level, asked for alongside page 1, got the same endless answer.
    let requests = server.requests();
    let pages = requests
        .iter()
        .filter(|r| r.query("comp") == Some("listhandles"))
        .count();
    assert_eq!(pages, 1, "a body too long is not retried");
    assert!(requests.len() <= 2, "{requests:?}");
    let written = server.endless_written.load(Ordering::SeqCst);
    assert!(written < 1 << 30, "the server wrote {written} bytes");
}

#[test]
fn an_endless_directory_page_and_an_endless_error_stop_too() {
    let directory = Hostile::start(|_| {
        endless(
            "HTTP/1.1 200 OK",
            "Transfer-Encoding: chunked\r\n",
            "",
            // One chunk of chunked encoding, over and over.
            "10\r\n<File><Name>a</N\r\n",
        )
    });
    let watched = run_watched(
        &mut directory.azfh(),
        ["ls", "demo"],
        Duration::from_secs(60),
    );
    assert_clean_failure(&watched.run, 1, "longer than the 16 MiB");
    assert!(watched.peak_kib < MEMORY_BOUND_KIB, "{}", watched.peak_kib);

    // An error answer is read only as far as its code and message go.
    let error = Hostile::start(|_| {
        endless(
            "HTTP/1.1 403 Forbidden",
            "x-ms-error-code: AuthorizationFailure\r\n",
            "<Error><Code>AuthorizationFailure</Code><Message>",
            "no ",
        )
    });
    let watched = run_watched(
        &mut error.azfh(),
        ["handles", "ls", "demo"],
        Duration::from_secs(60),
    );
    assert_clean_failure(&watched.run, 1, "403 AuthorizationFailure");
    assert!(watched.peak_kib < MEMORY_BOUND_KIB, "{}", watched.peak_kib);
}

#[test]
fn a_content_length_above_the_limit_is_refused_before_reading() {
    let server = Hostile::start(|_| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\nConnection: close\r\n\r\n<EnumerationResults>"
                .to_vec(),
        )
    });
    let watched = run_watched(
        &mut server.azfh(),
        ["handles", "ls", "demo"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "longer than the 16 MiB");
}

/// A ranged Get File answer for the first block of a download, with `content_range`.
fn range_answer(content_range: &'static str, body_len: usize) -> Hostile {
    Hostile::start(move |_| {
        Reply::with(
            206,
            &[
                ("Content-Range", content_range),
                ("ETag", "\"0x1\""),
                ("Last-Modified", "Fri, 03 May 2019 05:59:43 GMT"),
            ],
            vec![b'x'; body_len],
        )
    })
}

#[test]
fn a_range_read_takes_exactly_the_asked_length() {
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("out.bin");
    let out = out.to_str().unwrap();
    let get = ["get", "demo/f.bin", out, "--block-size", "64K"];

    // Endless: stopped one byte past the block.
    let server = Hostile::start(|_| {
        endless(
            "HTTP/1.1 206 Partial Content",
            "Content-Range: bytes 0-65535/131072\r\nETag: \"0x1\"\r\n",
            "",
            "0123456789abcdef",
        )
    });
    let watched = run_watched(&mut server.azfh(), get, Duration::from_secs(60));
    assert_clean_failure(&watched.run, 1, "longer than the 65536 bytes");
    assert!(watched.peak_kib < MEMORY_BOUND_KIB, "{}", watched.peak_kib);

    // Longer than asked, announced: refused.
    let server = range_answer("bytes 0-65535/131072", 65_537);
    let watched = run_watched(&mut server.azfh(), get, Duration::from_secs(30));
    assert_clean_failure(&watched.run, 1, "longer than the 65536 bytes");
    assert!(!std::path::Path::new(out).exists());
}

#[test]
fn a_content_range_beyond_4_tib_or_off_the_request_is_refused() {
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("out.bin");
    let out = out.to_str().unwrap();
    let get = ["get", "demo/f.bin", out, "--block-size", "64K"];
    for (content_range, body_len, problem) in [
        (
            "bytes 0-65535/4611686018427387904",
            65_536,
            "larger than 4 TiB",
        ),
        ("bytes 0-65535/4398046511105", 65_536, "larger than 4 TiB"),
        ("bytes 8-65543/131072", 65_536, "does not start where"),
        ("bytes 0-1023/131072", 1_024, "does not end where"),
        ("bytes 0-65535/131072", 1_024, "does not match the length"),
        ("bytes 0-65535/65535", 65_536, "ends past the end"),
    ] {
        let server = range_answer(content_range, body_len);
        let watched = run_watched(&mut server.azfh(), get, Duration::from_secs(30));
        assert_clean_failure(&watched.run, 1, problem);
        assert!(
            watched.run.stderr.contains(content_range),
            "{}",
            watched.run.stderr
        );
        assert!(!std::path::Path::new(out).exists(), "{content_range}");
    }
}

#[test]
fn a_file_size_beyond_4_tib_from_get_file_properties_is_refused() {
    // A range past the end (416) makes get ask Get File Properties for the size.
    let server = Hostile::start(|request| {
        if request.method == "HEAD" {
            Reply::Raw(
                b"HTTP/1.1 200 OK\r\nContent-Length: 4611686018427387904\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            )
        } else {
            Reply::azure_error(416, "InvalidRange", "The range specified is invalid.")
        }
    });
    let dest = tempfile::tempdir().unwrap();
    let out = dest.path().join("out.bin");
    let watched = run_watched(
        &mut server.azfh(),
        [
            "get",
            "demo/f.bin",
            out.to_str().unwrap(),
            "--range",
            "100-200",
        ],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "not a file size of at most 4 TiB");
    assert!(!out.exists());
}

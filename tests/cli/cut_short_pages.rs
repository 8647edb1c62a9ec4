//! A listing page is complete only when its root element closed: an empty 200 answer, or a
//! page cut short with a matching `Content-Length`, is retried as the transport failure it is
//! and never read as a last page (which would make handles vanish from `ls`, `close` and
//! `--verify`). A complete page of the wrong shape is an error at once, and a marker the
//! service repeats stops every loop with an error.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::hostile::{Hostile, Reply};
use super::watched::{assert_clean_failure, run_watched};

fn handle(id: u32) -> String {
    format!(
        "<Handle><HandleId>{id}</HandleId><Path>dir/f{id}</Path><FileId>{id}</FileId><ParentId>0</ParentId><SessionId>1</SessionId><ClientIp>10.0.0.1:445</ClientIp><OpenTime>Fri, 03 May 2019 05:59:43 GMT</OpenTime></Handle>"
    )
}

fn handles_page(ids: std::ops::Range<u32>, next_marker: &str) -> String {
    let handles: String = ids.map(handle).collect();
    format!(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Entries>{handles}</Entries><NextMarker>{next_marker}</NextMarker></EnumerationResults>"
    )
}

/// The first page (with a marker) whole; the second cut short after its first handle, with a
/// `Content-Length` that matches what is sent, for the first `cut_times` requests of it.
fn second_page_cut_short(cut_times: usize) -> (Hostile, Arc<AtomicUsize>) {
    let cuts = Arc::new(AtomicUsize::new(0));
    let counter = cuts.clone();
    let server = Hostile::start(move |request| {
        if request.query("marker").is_none() {
            return Reply::xml(handles_page(0..3, "page2"));
        }
        let page = handles_page(3..6, "");
        if counter.fetch_add(1, Ordering::SeqCst) < cut_times {
            let cut = page.find("</Handle>").unwrap() + "</Handle>".len();
            Reply::xml(page[..cut].to_owned())
        } else {
            Reply::xml(page)
        }
    });
    (server, cuts)
}

#[test]
fn a_page_cut_short_once_is_retried_and_nothing_is_lost() {
    let (server, cuts) = second_page_cut_short(1);
    let watched = run_watched(
        &mut server.azfh(),
        ["handles", "ls", "demo", "-r", "-o", "jsonl"],
        Duration::from_secs(60),
    );
    assert_eq!(watched.run.jsonl_ids().len(), 6, "{}", watched.run.stderr);
    assert_eq!(cuts.load(Ordering::SeqCst), 2, "one cut answer, one retry");
}

#[test]
fn a_page_always_cut_short_fails_instead_of_ending_the_listing() {
    let (server, _) = second_page_cut_short(usize::MAX);
    for args in [
        &["handles", "ls", "demo", "-r", "--retries", "2"][..],
        &[
            "handles",
            "close",
            "demo",
            "-r",
            "--older-than",
            "1d",
            "--yes",
            "--retries",
            "2",
        ],
    ] {
        let watched = run_watched(&mut server.azfh(), args, Duration::from_secs(60));
        assert_clean_failure(&watched.run, 1, "cut short");
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|request| request.method == "GET"),
        "nothing was closed from an incomplete listing"
    );
}

#[test]
fn an_empty_answer_is_not_an_empty_page() {
    let server = Hostile::start(|_| Reply::with(200, &[], ""));
    for args in [
        &["handles", "ls", "demo", "--retries", "1"][..],
        &["ls", "demo", "--retries", "1"],
    ] {
        let watched = run_watched(&mut server.azfh(), args, Duration::from_secs(60));
        assert_clean_failure(&watched.run, 1, "cut short");
        // The service was reached: neither the error nor the hint may send the operator to
        // check the network.
        assert!(
            !watched.run.stderr.contains("cannot reach")
                && !watched.run.stderr.contains("firewall"),
            "{}",
            watched.run.stderr
        );
        assert!(
            watched
                .run
                .stderr
                .contains("answers of 2 attempts were cut short"),
            "{}",
            watched.run.stderr
        );
    }
}

#[test]
fn an_answer_that_is_not_xml_is_refused_at_once_not_retried_as_cut_short() {
    // What a proxy's login page or another service sends: complete, and not a listing.
    for body in [
        "hello from the captive portal",
        "<!DOCTYPE html><html><body>Please sign in</body></html>",
        "<html><body>Login required</body></html>",
    ] {
        let server =
            Hostile::start(move |_| Reply::with(200, &[("Content-Type", "text/html")], body));
        let watched = run_watched(
            &mut server.azfh(),
            ["handles", "ls", "demo"],
            Duration::from_secs(30),
        );
        assert_eq!(watched.run.status, 1, "{body}: {}", watched.run.stderr);
        assert_eq!(
            watched.run.stderr_lines("error").len(),
            1,
            "{}",
            watched.run.stderr
        );
        assert!(
            !watched.run.stderr.contains("cannot reach")
                && !watched.run.stderr.contains("cut short"),
            "{body}: {}",
            watched.run.stderr
        );
        assert_eq!(server.requests().len(), 1, "{body}: not retried");
    }
    let text = Hostile::start(|_| Reply::with(200, &[], "hello from the captive portal"));
    let run = text.azfh().run(["ls", "demo"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not XML"), "{}", run.stderr);
    assert!(run.stderr.contains("check the endpoint"), "{}", run.stderr);
}

#[test]
fn a_directory_page_cut_short_fails() {
    let server = Hostile::start(|_| {
        Reply::xml(
            "<EnumerationResults ServiceEndpoint=\"x\" ShareName=\"demo\" DirectoryPath=\"\"><Entries><File><Name>a</Name><Properties><Content-Length>1</Content-Length></Properties></File>",
        )
    });
    let watched = run_watched(
        &mut server.azfh(),
        ["ls", "demo", "-r", "--retries", "1"],
        Duration::from_secs(60),
    );
    assert_clean_failure(&watched.run, 1, "cut short");
}

#[test]
fn a_list_wrapper_of_another_name_is_an_error_at_once() {
    let server =
        Hostile::start(|_| Reply::xml(handles_page(0..2, "").replace("Entries>", "Eqtries>")));
    let watched = run_watched(
        &mut server.azfh(),
        ["handles", "ls", "demo"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "<Eqtries> inside <EnumerationResults>");
    assert_eq!(
        server.requests().len(),
        1,
        "a complete answer is not retried"
    );
}

#[test]
fn a_repeated_marker_stops_every_loop() {
    let handles = Hostile::start(|_| Reply::xml(handles_page(0..1, "same")));
    let watched = run_watched(
        &mut handles.azfh(),
        ["handles", "ls", "demo", "-r"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "marker it had already sent");

    let directories = Hostile::start(|_| {
        Reply::xml(
            "<EnumerationResults ServiceEndpoint=\"x\" ShareName=\"demo\" DirectoryPath=\"\"><Entries><File><Name>a</Name><Properties><Content-Length>1</Content-Length></Properties></File></Entries><NextMarker>same</NextMarker></EnumerationResults>",
        )
    });
    let watched = run_watched(
        &mut directories.azfh(),
        ["ls", "demo"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "marker it had already sent");

    let closes = Hostile::start(|_| {
        Reply::with(
            200,
            &[
                ("x-ms-number-of-handles-closed", "1"),
                ("x-ms-number-of-handles-failed", "0"),
                ("x-ms-marker", "same"),
            ],
            "",
        )
    });
    let watched = run_watched(
        &mut closes.azfh(),
        ["handles", "close", "demo", "-r", "--all", "--yes"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "marker it had already sent");
    assert!(closes.requests().len() <= 3, "{}", closes.requests().len());
}

#[test]
fn an_unreadable_marker_is_an_error_not_the_end_of_the_loop() {
    // Headers are bytes: a marker that is not text must not read as "no marker", which
    // would end a '*' close as if every round had been sent.
    let closes = Hostile::start(|_| {
        let answer = b"HTTP/1.1 200 OK\r\nx-ms-number-of-handles-closed: 1\r\n\
x-ms-number-of-handles-failed: 0\r\nx-ms-marker: 1!\xff\xfe\r\nContent-Length: 0\r\n\
Connection: close\r\n\r\n"
            .to_vec();
        Reply::Raw(answer)
    });
    let watched = run_watched(
        &mut closes.azfh(),
        ["handles", "close", "demo", "-r", "--all", "--yes"],
        Duration::from_secs(30),
    );
    assert_clean_failure(&watched.run, 1, "x-ms-marker");
    assert_eq!(closes.requests().len(), 1, "nothing after the bad answer");
}

#[test]
fn a_tree_that_never_ends_is_not_followed_forever() {
    // Every directory holds a directory `d`: a walk that trusted it would never end.
    let server = Hostile::start(|_| {
        Reply::xml(
            "<EnumerationResults ServiceEndpoint=\"x\" ShareName=\"demo\" DirectoryPath=\"\"><Entries><Directory><Name>d</Name><Properties /></Directory></Entries><NextMarker /></EnumerationResults>",
        )
    });
    let watched = run_watched(
        &mut server.azfh(),
        ["ls", "demo", "-r", "-o", "jsonl"],
        Duration::from_secs(120),
    );
    assert_clean_failure(&watched.run, 1, "deeper");
    assert_eq!(
        watched.run.stdout.lines().count(),
        251,
        "250 levels listed, then no more"
    );
    assert!(
        server.requests().len() <= 251,
        "{}",
        server.requests().len()
    );
}

#[test]
fn a_root_listing_that_fails_midway_names_the_target() {
    let server = Hostile::start(|request| {
        if request.query("marker").is_none() {
            Reply::xml(
                "<EnumerationResults ServiceEndpoint=\"x\" ShareName=\"demo\" DirectoryPath=\"\"><Entries><File><Name>a</Name><Properties><Content-Length>1</Content-Length></Properties></File></Entries><NextMarker>m</NextMarker></EnumerationResults>",
            )
        } else {
            Reply::azure_error(403, "AuthorizationFailure", "No.")
        }
    });
    let run = server.azfh().run(["ls", "demo", "-r", "-o", "tsv"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot list the target:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cannot list :"), "{}", run.stderr);
}

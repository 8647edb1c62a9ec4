//! The listing under injected faults ends exactly as it does without them, or stops with a
//! clear error.

use azfh_emulator::Faults;

use crate::support::Env;

#[test]
fn throttling_and_dropped_connections_are_retried_to_the_same_result() {
    let env = Env::demo();
    let all = env.ids_where("demo", |_| true);
    env.set_faults(Faults {
        busy_every: 3,
        retry_after_secs: 0,
        timeout_every: 5,
        drop_every: 7,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--page-size",
        "25",
        "-o",
        "jsonl",
        "-vv",
    ]);
    assert_eq!(run.jsonl_ids(), all);
    assert_eq!(
        run.stdout.lines().count(),
        all.len(),
        "no duplicates after retries"
    );
    for evidence in [
        "503 ServerBusy",
        "500 OperationTimedOut",
        "the answer was cut short",
    ] {
        assert!(
            run.stderr.contains(evidence),
            "retried after {evidence}:\n{}",
            run.stderr
        );
    }
    assert!(env.requests() > 12, "faults forced extra requests");
}

#[test]
fn retries_are_bounded() {
    let env = Env::demo();
    env.set_faults(Faults {
        busy_every: 1,
        retry_after_secs: 0,
        ..Faults::default()
    });
    let run = env.azfh().run(["handles", "ls", "demo", "--retries", "2"]);
    run.failure("503 ServerBusy", "the service is busy");
    assert!(run.stderr.contains("after 3 attempts"), "{}", run.stderr);
    assert_eq!(env.requests(), 3);
}

#[test]
fn an_empty_page_with_a_marker_is_not_the_end() {
    let env = Env::demo();
    env.set_faults(Faults {
        empty_pages: true,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--page-size",
        "100",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.jsonl_ids(), env.ids_where("demo", |_| true));
    assert_eq!(
        env.emulator.control.operation_count("ListHandles"),
        6,
        "3 empty pages + 3 real ones"
    );
}

#[test]
fn a_repeated_marker_stops_with_an_error_instead_of_looping() {
    let env = Env::demo();
    env.set_faults(Faults {
        repeat_marker: true,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--page-size",
        "10",
        "-o",
        "jsonl",
    ]);
    run.failure(
        "returned the marker it had already sent",
        "this is a fault of the service",
    );
    assert_eq!(
        run.stdout.lines().count(),
        10,
        "the first page was printed as it arrived; the exit status says the listing is incomplete"
    );
    assert_eq!(env.emulator.control.operation_count("ListHandles"), 2);
}

#[test]
fn a_slow_service_times_out_per_request() {
    let env = Env::demo();
    env.set_faults(Faults {
        latency_ms: 1_500,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "--timeout",
        "300ms",
        "--retries",
        "1",
    ]);
    assert_eq!(run.status, 1);
    run.failure(
        "timed out after 2 attempts: 127.0.0.1:",
        "if the service is just slow, raise --timeout",
    );
    assert!(
        run.stderr.contains("sent nothing for 300ms (--timeout)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreachable_endpoint_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let run = crate::support::Azfh::bare()
        .env("AZURE_STORAGE_KEY", azfh_emulator::ACCOUNT_KEY)
        .run([
            "handles",
            "ls",
            &format!("http://127.0.0.1:{port}/devstoreaccount1/demo"),
            "--retries",
            "1",
            "--auth-mode",
            "key",
        ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot reach http://127.0.0.1:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("connection"), "{}", run.stderr);
}

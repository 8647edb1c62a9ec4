//! The emulated cluster's transport faults, as on the Azure side: 503 with `Retry-After` and
//! answers dropped after the work was done. Listings complete; a close retried after its
//! answer was lost reports what happened (closed), not the retry's "no such handle".

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use azfh_emulator::Faults;

use super::qumulo::{Cluster, TOKEN};
use super::support::{Azfh, Run, outcomes};

/// `azfh ARGS` with the cluster's token.
fn run(cluster: &Cluster, args: &[&str]) -> Run {
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let mut azfh = Azfh::bare();
    azfh.env("QUMULO_TOKEN", TOKEN).env("AZFH_OUTPUT", "jsonl");
    let mut all = args.to_vec();
    all.extend(["--ca-cert", ca.as_str()]);
    azfh.run(all)
}

#[test]
fn busy_answers_are_waited_out_and_dropped_answers_retried() {
    let cluster = Cluster::start(50, |_| {});
    cluster.emulator.view.set_faults(Faults {
        busy_every: 3,
        retry_after_secs: 1,
        drop_every: 5,
        ..Faults::default()
    });
    let started = Instant::now();
    let listed = run(&cluster, &["handles", "ls", &cluster.target("/"), "-r"]);
    assert_eq!(listed.status, 0, "{}", listed.stderr);
    assert_eq!(listed.jsonl_ids(), cluster.expected(|_| true));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    let log = cluster.emulator.view.request_log();
    let pages = log
        .iter()
        .filter(|l| l.starts_with("GET /v1/smb/files/"))
        .count();
    assert!(
        pages > 5,
        "busy and dropped pages were asked for again: {log:?}"
    );

    // A login answered 503 is retried too: the next request (the login) is busy.
    cluster.emulator.view.set_faults(Faults {
        busy_every: cluster.requests() + 1,
        retry_after_secs: 0,
        ..Faults::default()
    });
    let before = cluster.emulator.view.request_log().len();
    let sessions = cluster.run(&["sessions", "ls", &cluster.target("/")]);
    assert_eq!(sessions.status, 0, "{}", sessions.stderr);
    assert_eq!(sessions.stdout.lines().count(), 10);
    let logins = cluster.emulator.view.request_log()[before..]
        .iter()
        .filter(|l| l.starts_with("POST /v1/session/login"))
        .count();
    assert_eq!(logins, 2, "the busy login was tried again");
}

#[test]
fn a_handle_close_retried_after_a_dropped_answer_reports_closed() {
    let cluster = Cluster::start(1000, |state| state.drop_close_answers = 1);
    let scratch = cluster.expected(|h| h.path.starts_with("/scratch/"));
    let closed = run(
        &cluster,
        &[
            "handles",
            "close",
            &cluster.target("/scratch"),
            "-r",
            "--all",
            "--yes",
        ],
    );
    assert_eq!(closed.status, 0, "{}", closed.stderr);
    let report = outcomes(&closed);
    assert_eq!(report.keys().cloned().collect::<BTreeSet<_>>(), scratch);
    assert!(
        report.values().all(|outcome| outcome == "closed"),
        "{report:?}"
    );
    let requests = cluster.emulator.view.close_requests();
    assert_eq!(
        requests.len(),
        2,
        "the close was sent again after its answer was lost"
    );
    assert_eq!(requests[0], requests[1]);
    let open: BTreeSet<String> = cluster.emulator.view.open().into_iter().collect();
    assert!(open.is_disjoint(&scratch));
}

#[test]
fn a_session_close_retried_after_a_dropped_answer_reports_closed() {
    let cluster = Cluster::start(1000, |state| state.drop_close_answers = 1);
    let closed = run(
        &cluster,
        &[
            "sessions",
            "close",
            &cluster.target("/"),
            "--client-ip",
            "127.0.1.10",
            "--yes",
        ],
    );
    assert_eq!(closed.status, 0, "{}", closed.stderr);
    let record: serde_json::Value =
        serde_json::from_str(closed.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(record["outcome"], "closed", "{}", closed.stdout);
    assert_eq!(closed.stdout.lines().count(), 1);
    assert_eq!(cluster.emulator.view.session_close_requests().len(), 2);
    assert_eq!(cluster.emulator.view.sessions().len(), 9);
}

#[test]
fn azure_only_faults_are_refused_with_qumulo() {
    for fault in [
        &["--throttle", "5"][..],
        &["--fail-close", "7"],
        &["--repeat-marker"],
        &["--lock", "a.txt"],
    ] {
        let mut args = vec!["emulator", "--qumulo", "--demo", "--listen", "127.0.0.1:0"];
        args.extend(fault);
        Azfh::bare()
            .run(&args)
            .usage_error("--qumulo takes only the transport faults");
    }
}

//! `azfh sessions ls` and `azfh sessions close` against the emulated cluster: every page,
//! the filters, the safety of `handles close` (dry run, --max, --yes, the prompt on a
//! terminal), a per-session report, exit 3 on failures, and Azure TARGETs refused.

use std::collections::BTreeSet;
use std::process::Command;

use azfh_emulator::qumulo::sessions::QumuloSession;
use azfh_emulator::qumulo::{ClusterState, QumuloConfig};

use super::qumulo::{Cluster, TOKEN};
use super::support::Azfh;

const HOUR: u64 = 3_600_000_000_000;

/// Locations of the demo sessions that `keep` selects.
fn sessions(state: &ClusterState, keep: impl Fn(&QumuloSession) -> bool) -> BTreeSet<String> {
    state
        .sessions
        .values()
        .filter(|s| keep(s))
        .map(|s| s.location.clone())
        .collect()
}

fn locations(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            record["location"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn sessions_are_listed_through_every_page_and_filtered() {
    let cluster = Cluster::start(3, |_| {});
    let target = cluster.target("/");
    let all = cluster.run(&["sessions", "ls", &target]);
    assert_eq!(all.status, 0, "{}", all.stderr);
    assert_eq!(locations(&all.stdout), sessions(&cluster.demo, |_| true));
    assert_eq!(all.stdout.lines().count(), 10, "each session once");
    let pages = cluster
        .emulator
        .view
        .request_log()
        .iter()
        .filter(|line| line.starts_with("GET /v1/smb/sessions/"))
        .count();
    assert_eq!(pages, 4, "10 sessions, 3 a page");

    let mut handles = 0;
    for line in all.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        handles += record["open_handles"].as_u64().unwrap();
        if record["auth_id"] == "12884901890" {
            assert_eq!(record["user"], "CORP\\alice");
            assert!(
                record["client_ip"]
                    .as_str()
                    .unwrap()
                    .starts_with("127.0.2.")
            );
        }
        assert!(record["time_open_seconds"].as_u64().unwrap() >= 10 * 3600);
        assert!(record["shares"].is_array());
    }
    assert_eq!(handles, 240);

    let cases: Vec<(Vec<&str>, BTreeSet<String>)> = vec![
        (
            vec!["--client-ip", "127.0.2.0/24"],
            sessions(&cluster.demo, |s| s.originator.starts_with("127.0.2.")),
        ),
        (
            vec!["--client-ip", "127.0.3.11", "--client-ip", "127.0.4.10"],
            sessions(&cluster.demo, |s| {
                s.originator == "127.0.3.11" || s.originator == "127.0.4.10"
            }),
        ),
        (
            vec!["--owner", "bob"],
            sessions(&cluster.demo, |s| s.auth_id == "12884901891"),
        ),
        (
            vec!["--share", "SCRATCH"],
            sessions(&cluster.demo, |s| {
                s.share_names.iter().any(|n| n == "scratch")
            }),
        ),
        (
            vec!["--idle-longer-than", "8h"],
            sessions(&cluster.demo, |s| s.time_idle_ns > 8 * HOUR),
        ),
        (
            vec![
                "--older-than",
                "30h",
                "--owner",
                "500",
                "--owner",
                "CORP\\svc-backup",
            ],
            sessions(&cluster.demo, |s| {
                s.time_open_ns > 30 * HOUR && (s.auth_id == "500" || s.auth_id == "12884902000")
            }),
        ),
    ];
    for (filters, expected) in cases {
        assert!(!expected.is_empty(), "{filters:?} selects something");
        let mut args = vec!["sessions", "ls", target.as_str()];
        args.extend(filters.iter().copied());
        let run = cluster.run(&args);
        assert_eq!(
            locations(&run.stdout),
            expected,
            "{filters:?}: {}",
            run.stderr
        );
    }

    // One owner given by id: the cluster selects the sessions.
    let by_id = cluster.run(&["sessions", "ls", &target, "--owner", "12884901891"]);
    assert_eq!(
        locations(&by_id.stdout),
        sessions(&cluster.demo, |s| s.auth_id == "12884901891")
    );
    assert!(
        cluster
            .emulator
            .view
            .request_log()
            .iter()
            .any(|l| l.contains("identity=auth_id:12884901891")),
        "the cluster filtered"
    );

    // Every format.
    let table = cluster.run(&["sessions", "ls", &target, "--owner", "alice", "-o", "table"]);
    assert!(table.ok().contains("CORP\\alice") && table.stdout.contains("IDLE"));
    let tsv = cluster.run(&["sessions", "ls", &target, "-o", "tsv"]);
    assert!(tsv.ok().starts_with("location\tuser\tauth_id\tclient_ip"));
    assert_eq!(tsv.stdout.lines().count(), 11);
    let json = cluster.run(&["sessions", "ls", &target, "-o", "json"]);
    let array: Vec<serde_json::Value> = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(array.len(), 10);
}

#[test]
fn closing_sessions_closes_their_handles_and_reports_each() {
    let alice = |s: &QumuloSession| s.auth_id == "12884901890";
    let cluster = Cluster::start(3, |state| {
        let busy = state.sessions.values().find(|s| alice(s)).unwrap();
        state.fail_session_close.insert(busy.location.clone());
    });
    let target = cluster.target("/");
    let selected = sessions(&cluster.demo, alice);
    assert_eq!(selected.len(), 2);

    // No terminal and no --yes: nothing is sent.
    let refused = cluster.run(&["sessions", "close", &target, "--owner", "alice"]);
    refused.usage_error("--yes");
    // --max below the selection: nothing closed.
    let capped = cluster.run(&[
        "sessions", "close", &target, "--owner", "alice", "--max", "1", "--yes",
    ]);
    capped.usage_error("more than --max 1");
    // A dry run lists what would be closed.
    let dry = cluster.run(&[
        "sessions",
        "close",
        &target,
        "--owner",
        "alice",
        "--dry-run",
    ]);
    assert_eq!(locations(dry.ok()), selected);
    assert!(
        dry.stderr.contains("dry run: would close 2 sessions"),
        "{}",
        dry.stderr
    );
    assert!(cluster.emulator.view.session_close_requests().is_empty());
    // A filter or --all is required.
    cluster
        .run(&["sessions", "close", &target, "--yes"])
        .usage_error("needs a filter");

    let run = cluster.run(&["sessions", "close", &target, "--owner", "alice", "--yes"]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let report: std::collections::BTreeMap<String, String> = run
        .stdout
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                record["location"].as_str().unwrap().to_owned(),
                record["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let busy = cluster_busy(&cluster);
    let free = selected.iter().find(|l| *l != busy).unwrap();
    assert_eq!(report[busy], "failed");
    assert_eq!(report[free], "closed");
    assert_eq!(
        cluster.emulator.view.session_close_requests(),
        vec![selected.iter().cloned().collect::<Vec<_>>()]
    );
    // The closed session's handles are gone, the failed one's stay.
    let open: BTreeSet<String> = cluster.emulator.view.open().into_iter().collect();
    for location in &cluster.demo.sessions[free].handles {
        assert!(!open.contains(location));
    }
    for location in &cluster.demo.sessions[busy].handles {
        assert!(open.contains(location));
    }
    assert!(
        run.stderr.contains("closed 1 of 2 sessions"),
        "{}",
        run.stderr
    );
}

/// The location of the session the emulator refuses to close.
fn cluster_busy(cluster: &Cluster) -> &String {
    // The first of alice's sessions in listing order, as the setup chose it.
    cluster
        .demo
        .sessions
        .values()
        .find(|s| s.auth_id == "12884901890")
        .map(|s| &s.location)
        .unwrap()
}

#[test]
fn sessions_close_asks_on_a_terminal() {
    let cluster = Cluster::start_with(QumuloConfig::default(), |_| {});
    let target = cluster.target("/");
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let spawn = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_azfh"));
        command
            .env_clear()
            .env("TERM", "xterm")
            .env("QUMULO_TOKEN", TOKEN)
            .args(["sessions", "close", &target, "--client-ip", "127.0.5.11"])
            .args(["--ca-cert", &ca]);
        rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal")
    };
    let mut no = spawn();
    no.exp_regex(r"Close 1 session holding \d+ open handles on qumulo://127\.0\.0\.1:\d+\?")
        .unwrap();
    no.send_line("n").unwrap();
    no.exp_string("nothing was closed").unwrap();
    no.exp_eof().unwrap();
    assert_eq!(cluster.emulator.view.sessions().len(), 10);

    let mut yes = spawn();
    yes.exp_string("[y/N]").unwrap();
    yes.send_line("y").unwrap();
    yes.exp_string("closed 1 of 1 session").unwrap();
    yes.exp_eof().unwrap();
    let left: BTreeSet<String> = cluster.emulator.view.sessions().into_iter().collect();
    assert_eq!(
        left,
        sessions(&cluster.demo, |s| s.originator != "127.0.5.11")
    );
}

#[test]
fn sessions_are_refused_on_azure_targets_and_paths() {
    let run = Azfh::bare().run(["sessions", "ls", "myshare"]);
    run.usage_error("Azure Files has no SMB session API");
    let run = Azfh::bare().run([
        "sessions",
        "close",
        "https://account.file.core.windows.net/share",
        "--all",
        "--yes",
    ]);
    run.usage_error("Azure Files has no SMB session API");

    let cluster = Cluster::start(50, |_| {});
    cluster
        .run(&["sessions", "ls", &cluster.target("/projects")])
        .usage_error("cluster-wide");
    cluster
        .run(&["--emulator", "sessions", "ls", &cluster.target("/")])
        .usage_error("--emulator");
    assert_eq!(cluster.requests(), 0);
}

#[test]
fn a_missing_session_privilege_is_named_before_listing() {
    let cluster = Cluster::start(50, |state| {
        state
            .withheld_privileges
            .insert("PRIVILEGE_SMB_SESSION_WRITE".into());
    });
    let target = cluster.target("/");
    assert_eq!(cluster.run(&["sessions", "ls", &target]).status, 0);
    cluster
        .run(&["sessions", "close", &target, "--all", "--yes"])
        .failure(
            "lacks PRIVILEGE_SMB_SESSION_WRITE",
            "PRIVILEGE_SMB_SESSION_WRITE",
        );
    assert_eq!(cluster.emulator.view.sessions().len(), 10);
    assert!(cluster.emulator.view.session_close_requests().is_empty());
}

#[test]
fn sessions_help_shows_examples() {
    for args in [
        vec!["sessions", "--help"],
        vec!["sessions", "ls", "--help"],
        vec!["sessions", "close", "--help"],
    ] {
        let run = Azfh::bare().run(&args);
        let text = run.ok();
        let (_, examples) = text.split_once("\nExamples:\n").expect("examples");
        assert!(
            examples
                .lines()
                .filter(|l| l.trim_start().starts_with("azfh sessions "))
                .count()
                >= 2,
            "{args:?}: {text}"
        );
    }
    let close = Azfh::bare().run(["sessions", "close", "--help"]);
    for option in [
        "--dry-run",
        "--yes",
        "--max",
        "--all",
        "--idle-longer-than",
        "--share",
    ] {
        assert!(close.ok().contains(option), "{option}");
    }
}

/// The demo with 250 more sessions, all from 127.0.9.9, holding nothing.
fn crowded(state: &mut ClusterState) {
    for n in 0..250 {
        let location = format!("7{n:03}.1");
        state.sessions.insert(
            location.clone(),
            QumuloSession {
                location,
                originator: "127.0.9.9".into(),
                auth_id: "500".into(),
                share_names: vec!["scratch".into()],
                handles: Vec::new(),
                time_open_ns: HOUR,
                time_idle_ns: HOUR,
            },
        );
    }
}

#[test]
fn sessions_close_in_batches_of_100_as_listed() {
    let cluster = Cluster::start(1000, crowded);
    let run = cluster.run(&[
        "sessions",
        "close",
        &cluster.target("/"),
        "--client-ip",
        "127.0.9.9",
        "--yes",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 250);
    let sizes: Vec<usize> = cluster
        .emulator
        .view
        .session_close_requests()
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(cluster.emulator.view.sessions().len(), 10);
}

#[test]
fn an_interrupted_sessions_close_reports_what_it_did_not_send() {
    let cluster = Cluster::start(1000, crowded);
    cluster.emulator.view.set_faults(azfh_emulator::Faults {
        latency_ms: 700,
        ..azfh_emulator::Faults::default()
    });
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let target = cluster.target("/");
    let mut azfh = Azfh::bare();
    azfh.env("QUMULO_TOKEN", TOKEN).env("AZFH_OUTPUT", "jsonl");
    let child = azfh.spawn([
        "sessions",
        "close",
        &target,
        "--client-ip",
        "127.0.9.9",
        "--yes",
        "--ca-cert",
        &ca,
    ]);
    let pid = child.id();
    super::support::wait_until("the first close is carried out", || {
        !cluster.emulator.view.session_close_requests().is_empty()
    });
    super::support::send_signal(pid, "INT");
    let run = super::support::wait_at_most(child, std::time::Duration::from_secs(60));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let still: BTreeSet<String> = cluster.emulator.view.sessions().into_iter().collect();
    let mut unsent = 0;
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let location = record["location"].as_str().unwrap();
        match record["outcome"].as_str().unwrap() {
            "closed" => assert!(!still.contains(location), "{record}"),
            "not_attempted" => {
                unsent += 1;
                assert!(still.contains(location), "{record}");
            }
            other => panic!("{other}: {record}"),
        }
    }
    assert_eq!(run.stdout.lines().count(), 250, "every session reported");
    assert!(unsent >= 50, "the last batch was never sent: {unsent}");
}

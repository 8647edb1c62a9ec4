//! Interrupts, one model: Ctrl-C and SIGTERM stop new work, let what is in flight finish
//! (briefly), and report what happened; every selected handle gets exactly one record, exit
//! status 130. Run on a pseudo-terminal (Ctrl-C) and without one (SIGTERM, as cron, systemd
//! and `timeout` send it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use azfh_emulator::{Faults, load::demo};

use crate::support::{
    Env, closed_ids, logged_demo, on_terminal, request_log, send_signal, wait_at_most, wait_until,
};

/// The demo handles `--older-than 7d` selects.
fn stale(env: &Env) -> BTreeSet<String> {
    let cutoff = env.created - time::Duration::days(7);
    env.ids_where("demo", |h| h.handle.open_time < cutoff)
}

/// The JSON records among the lines a run printed: id → (outcome, error).
fn records(output: &str) -> Vec<(String, String)> {
    output
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with('{'))
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
            (
                value["handle_id"].as_str().expect("an id").to_owned(),
                value["outcome"].as_str().expect("an outcome").to_owned(),
            )
        })
        .collect()
}

/// Checks an interrupted close's report against what the emulator did: one record per
/// selected handle, `closed` exactly for the handles the service closed, `not_attempted`
/// for the rest (none sent and lost), and some of each.
#[track_caller]
fn check_report(report: &[(String, String)], selected: &BTreeSet<String>, log: &Path) {
    let by_id: BTreeMap<&str, &str> = report
        .iter()
        .map(|(id, outcome)| (id.as_str(), outcome.as_str()))
        .collect();
    assert_eq!(
        by_id.len(),
        report.len(),
        "one record per handle: {report:?}"
    );
    assert_eq!(
        by_id
            .keys()
            .map(|id| (*id).to_owned())
            .collect::<BTreeSet<_>>(),
        *selected,
        "every selected handle has a record"
    );
    let closed: BTreeSet<String> = closed_ids(&request_log(log)).into_iter().collect();
    for (id, outcome) in &by_id {
        let expected = if closed.contains(*id) {
            "closed"
        } else {
            "not_attempted"
        };
        assert_eq!(*outcome, expected, "handle {id}");
    }
    assert!(!closed.is_empty(), "some closed before the interrupt");
    assert!(
        by_id.values().any(|o| *o == "not_attempted"),
        "some never sent: {report:?}"
    );
}

#[test]
fn ctrl_c_at_the_prompt_closes_nothing_at_once() {
    let env = Env::demo();
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "close",
            "demo",
            "-r",
            "--older-than",
            "7d",
            "--no-progress",
            "-o",
            "jsonl",
        ],
    );
    session.exp_string("[y/N]").unwrap();
    session.send_control('c').unwrap();
    session
        .exp_string("interrupted: nothing was closed")
        .unwrap();
    session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 130)
    ));
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);
}

#[test]
fn ctrl_c_during_a_filtered_close_reports_what_the_service_closed() {
    let (env, _dir, log) = logged_demo();
    let selected = stale(&env);
    env.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    });
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "close",
            "demo",
            "-r",
            "--older-than",
            "7d",
            "--yes",
            "--concurrency",
            "4",
            "--no-progress",
            "-o",
            "jsonl",
        ],
    );
    // Closes are in flight: the emulator holds each for 300 ms.
    let marker = "\"outcome\":\"closed\"";
    let before = session.exp_string(marker).unwrap();
    session.send_control('c').unwrap();
    let output = format!("{before}{marker}{}", session.exp_eof().unwrap());
    assert!(matches!(
        session.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 130)
    ));
    // A close the process had abandoned would still land after the latency.
    std::thread::sleep(Duration::from_millis(600));
    check_report(&records(&output), &selected, &log);
    assert!(output.contains("not attempted "), "the summary: {output}");
}

#[test]
fn sigterm_without_a_terminal_reports_and_flushes_like_ctrl_c() {
    let (env, _dir, log) = logged_demo();
    let selected = stale(&env);
    env.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    });
    let child = env.azfh().spawn([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--concurrency",
        "4",
        "-o",
        "jsonl",
    ]);
    let pid = child.id();
    wait_until("a close is answered", || {
        env.emulator.control.operation_count("ForceCloseHandles") > 0
    });
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    std::thread::sleep(Duration::from_millis(600));
    check_report(&records(&run.stdout), &selected, &log);
    let tally: BTreeMap<String, usize> =
        records(&run.stdout)
            .into_iter()
            .fold(BTreeMap::new(), |mut tally, (_, outcome)| {
                *tally.entry(outcome).or_default() += 1;
                tally
            });
    let summary = format!(
        "closed {}, already closed 0, failed 0, not attempted {}",
        tally["closed"], tally["not_attempted"]
    );
    assert!(run.stderr.contains(&summary), "{summary}: {}", run.stderr);
}

#[test]
fn sigterm_during_handles_ls_ends_the_listing_cleanly() {
    let env = Env::demo();
    env.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    });
    let child = env.azfh().spawn([
        "handles",
        "ls",
        "demo",
        "-r",
        "--page-size",
        "10",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("a page is served", || env.requests() > 1);
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let listed: Vec<serde_json::Value> =
        serde_json::from_str(&run.stdout).expect("a complete JSON array");
    assert!(
        !listed.is_empty() && listed.len() < demo::DEMO_HANDLES,
        "{} handles",
        listed.len()
    );
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
}

#[test]
fn an_interrupted_all_close_counts_the_round_in_flight() {
    let (env, _dir, log) = logged_demo();
    env.set_faults(Faults {
        close_batch: 5,
        latency_ms: 1_000,
        ..Faults::default()
    });
    let child = env.azfh().spawn([
        "handles", "close", "demo", "-r", "--all", "--yes", "-o", "json",
    ]);
    let pid = child.id();
    // The first round is answered, the second is in flight (each takes a second).
    wait_until("a round is answered", || {
        env.emulator.control.operation_count("ForceCloseHandles") > 0
    });
    std::thread::sleep(Duration::from_millis(300));
    send_signal(pid, "INT");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    std::thread::sleep(Duration::from_millis(1_200));
    let closed = closed_ids(&request_log(&log)).len() as u64;
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        summary[0]["closed"].as_u64().unwrap(),
        closed,
        "the summary counts every round the service answered: {summary:?}"
    );
    assert!(closed >= 10, "two rounds at least: {closed}");
    assert!(
        run.stderr
            .contains(&format!("interrupted after closing {closed} handles")),
        "{}",
        run.stderr
    );
}

#[test]
fn closes_unanswered_within_the_grace_are_failed_not_confirmed() {
    let env = Env::demo();
    let selected = stale(&env);
    // Each request takes 9 s: the closes sent 2 s before the signal outlast its 5 s grace.
    env.set_faults(Faults {
        latency_ms: 9_000,
        ..Faults::default()
    });
    let started = Instant::now();
    let child = env.azfh().spawn([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--concurrency",
        "3",
        "-o",
        "jsonl",
    ]);
    let pid = child.id();
    wait_until("the listing is answered", || {
        env.emulator.control.operation_count("ListHandles") > 0
    });
    // The first closes are now in flight, held by the emulator.
    std::thread::sleep(Duration::from_secs(2));
    let signalled = Instant::now();
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        signalled.elapsed() < Duration::from_secs(7),
        "the grace is bounded: {:?} after the signal ({:?} in all)",
        signalled.elapsed(),
        started.elapsed()
    );
    let report = records(&run.stdout);
    assert_eq!(report.len(), selected.len(), "one record per handle");
    let failed = report.iter().filter(|(_, o)| o == "failed").count();
    assert_eq!(failed, 3, "the three closes in flight: {report:?}");
    assert!(
        run.stdout.matches("not confirmed").count().eq(&3),
        "{}",
        run.stdout
    );
    assert_eq!(
        report.iter().filter(|(_, o)| o == "not_attempted").count(),
        selected.len() - 3
    );
}

#[test]
fn an_all_round_unanswered_within_the_grace_makes_the_count_a_lower_bound() {
    use crate::hostile::{Hostile, Reply};
    let server = Hostile::start(|request| {
        if request.query("marker").is_none() {
            Reply::with(
                200,
                &[
                    ("x-ms-number-of-handles-closed", "3"),
                    ("x-ms-number-of-handles-failed", "0"),
                    ("x-ms-marker", "round-2"),
                ],
                "",
            )
        } else {
            Reply::Stall
        }
    });
    let child = server.azfh().spawn([
        "handles",
        "close",
        "share/dir",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("the second round is sent", || server.requests().len() >= 2);
    let signalled = Instant::now();
    send_signal(pid, "INT");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        signalled.elapsed() < Duration::from_secs(7),
        "{:?}",
        signalled.elapsed()
    );
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["closed"], 3);
    assert_eq!(summary[0]["closed_uncertain"], true);
    assert_eq!(summary[0]["marker"], "round-2");
    assert!(
        run.stderr
            .contains("interrupted after closing at least 3 handles"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--marker 'round-2'"), "{}", run.stderr);
}

/// `ls -r` of the demo share in `format`, slowed down, sent `signal` after a few pages.
fn interrupted_ls(signal: &str, format: &str) -> crate::support::Run {
    let env = Env::demo();
    env.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    });
    let child = env.azfh().spawn([
        "ls",
        "demo",
        "-r",
        "--page-size",
        "2",
        "--concurrency",
        "1",
        "-o",
        format,
    ]);
    let pid = child.id();
    wait_until("a few pages are served", || env.requests() > 3);
    send_signal(pid, signal);
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
    run
}

#[test]
fn sigterm_during_ls_flushes_whole_lines_and_exits_130() {
    let run = interrupted_ls("TERM", "jsonl");
    assert!(!run.stdout.is_empty(), "what was listed is flushed");
    for line in run.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|err| panic!("a whole JSON line: {line:?}: {err}"));
    }
}

#[test]
fn sigint_during_ls_json_still_closes_the_document() {
    let run = interrupted_ls("INT", "json");
    let listed: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|err| panic!("one whole JSON document: {err}\n{}", run.stdout));
    assert!(
        !listed.as_array().expect("an array").is_empty(),
        "what was listed is printed"
    );
}

#[test]
fn a_second_signal_ends_the_grace_at_once() {
    use crate::hostile::{Hostile, Reply};
    let server = Hostile::start(|_| Reply::Stall);
    let child = server.azfh().spawn([
        "handles",
        "close",
        "share/dir",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("the first round is sent", || !server.requests().is_empty());
    send_signal(pid, "INT");
    std::thread::sleep(Duration::from_millis(800));
    let second = Instant::now();
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        second.elapsed() < Duration::from_secs(3),
        "{:?} after the second signal",
        second.elapsed()
    );
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["closed_uncertain"], true, "{summary:?}");
}

#[test]
fn ctrl_c_while_handle_ids_are_typed_closes_nothing() {
    let env = Env::demo();
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "close",
            "demo",
            "-r",
            "--handle-id",
            "-",
            "--yes",
        ],
    );
    session.exp_string("end with Ctrl-D").unwrap();
    let id = env.handles("demo")[0].handle.id.to_string();
    session.send_line(&id).unwrap();
    session.send_control('c').unwrap();
    session
        .exp_string("interrupted while reading handle ids: nothing was closed")
        .unwrap();
    session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 130)
    ));
    assert_eq!(env.requests(), 0);
}

#[test]
fn sigterm_during_the_verify_window_ends_it_at_once_with_the_report() {
    let env = Env::demo();
    let under = |path: &str| path == "projects" || path.starts_with("projects/");
    let projects = env.ids_where("demo", |h| under(&h.path));
    let child = env.azfh().spawn([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--all",
        "--verify=60s",
        "--yes",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("the close is done", || {
        env.ids_where("demo", |h| under(&h.path)).is_empty()
    });
    // Past the first --verify listing (1 s after the closes): well inside the window.
    std::thread::sleep(Duration::from_millis(1_500));
    let signalled = Instant::now();
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        signalled.elapsed() < Duration::from_secs(3),
        "{:?}",
        signalled.elapsed()
    );
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["closed"].as_u64(), Some(projects.len() as u64));
}

/// `timeout` sends its SIGTERM to azfh and to its own process group: two signals at once are
/// one, and the round in flight still gets its grace.
#[test]
fn two_signals_at_once_still_give_the_round_in_flight_its_grace() {
    use crate::hostile::{Hostile, Reply};
    let server = Hostile::start(|_| Reply::Stall);
    let child = server.azfh().spawn([
        "handles",
        "close",
        "share/dir",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("the first round is sent", || !server.requests().is_empty());
    let signalled = Instant::now();
    send_signal(pid, "TERM");
    send_signal(pid, "TERM");
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        signalled.elapsed() >= Duration::from_secs(4),
        "the grace was cut short: {:?}",
        signalled.elapsed()
    );
}

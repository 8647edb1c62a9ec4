//! `azfh handles close`: exactly the selected handles, each once, on its own path; safety
//! refusals; marker rounds and resuming; faults; failures; --verify; the confirmation prompt.

use std::collections::{BTreeMap, BTreeSet};

use azfh_emulator::{Faults, load::demo};

use crate::support::{
    Env, closed_ids, logged_demo, on_terminal, outcomes, request_log, wait_until,
};

fn stale_under(env: &Env, dir: &str) -> BTreeSet<String> {
    let cutoff = env.created - time::Duration::days(7);
    env.ids_where("demo", |h| {
        h.handle.open_time < cutoff && (h.path == dir || h.path.starts_with(&format!("{dir}/")))
    })
}

#[test]
fn closes_exactly_the_selection_once_each_on_its_own_path() {
    let (env, _dir, log) = logged_demo();
    let before = env.handles("demo");
    let expected = stale_under(&env, "projects");
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let report = outcomes(&run);
    assert_eq!(report.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(report.values().all(|o| o == "closed"), "{report:?}");
    assert!(
        run.stderr.contains(&format!(
            "closed {}, already closed 0, failed 0",
            expected.len()
        )),
        "{}",
        run.stderr
    );

    let after: BTreeSet<String> = env.ids_where("demo", |_| true);
    let untouched: BTreeSet<String> = before
        .iter()
        .map(|h| h.handle.id.to_string())
        .filter(|id| !expected.contains(id))
        .collect();
    assert_eq!(after, untouched, "only the selected handles are gone");

    let log = request_log(&log);
    let closed = closed_ids(&log);
    assert_eq!(closed.len(), expected.len(), "none closed twice");
    assert_eq!(closed.iter().cloned().collect::<BTreeSet<_>>(), expected);
    let paths: BTreeMap<String, String> = before
        .iter()
        .map(|h| (h.handle.id.to_string(), h.path.clone()))
        .collect();
    for entry in log.iter().filter(|e| e["operation"] == "ForceCloseHandles") {
        let id = entry["handle_id"].as_str().unwrap();
        assert_eq!(
            entry["path"].as_str().unwrap(),
            format!("/devstoreaccount1/demo/{}", paths[id]).trim_end_matches('/'),
            "closed on its own path"
        );
    }
}

#[test]
fn dry_run_and_safety_refusals_close_nothing() {
    let env = Env::demo();
    let expected = stale_under(&env, "projects");
    let dry = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--older-than",
        "7d",
        "--dry-run",
        "-o",
        "jsonl",
    ]);
    assert_eq!(
        dry.jsonl_ids(),
        expected,
        "the dry run prints the selection"
    );
    assert!(
        dry.stderr.contains("dry run: would close"),
        "{}",
        dry.stderr
    );
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);

    let before = env.requests();
    env.azfh()
        .run(["handles", "close", "demo", "-r", "--older-than", "7d"])
        .usage_error("--yes");
    assert_eq!(
        env.requests(),
        before,
        "no terminal and no --yes: not even a listing"
    );

    env.azfh()
        .run([
            "handles",
            "close",
            "demo",
            "-r",
            "--older-than",
            "7d",
            "--max",
            "5",
            "--yes",
        ])
        .usage_error("more than --max 5");
    env.azfh()
        .run([
            "handles", "close", "demo", "-r", "--all", "--max", "5", "--yes",
        ])
        .usage_error("more than --max 5");
    // A dry run predicts the real run: it refuses the same way.
    for selection in [&["--older-than", "1h"][..], &["--all"][..]] {
        let mut args = vec!["handles", "close", "demo", "-r", "--max", "5", "--dry-run"];
        args.extend(selection);
        let refused = env.azfh().run(&args);
        refused.usage_error("more than --max 5: nothing was closed");
        assert_eq!(refused.stdout, "", "{args:?}: no selection printed");
    }
    let within = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--all",
        "--max",
        "100000",
        "--dry-run",
    ]);
    assert!(
        within.stderr.contains("dry run: would close"),
        "{}",
        within.stderr
    );
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);
    assert_eq!(env.handles("demo").len(), demo::DEMO_HANDLES);

    let none = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--client-ip",
        "192.0.2.1",
        "--yes",
        "-o",
        "json",
    ]);
    assert_eq!(none.ok(), "[]\n", "nothing matched: success");
    assert!(none.stderr.contains("nothing to close"), "{}", none.stderr);
}

#[test]
fn selection_mistakes_are_usage_errors() {
    let env = Env::demo();
    let cases: [(&[&str], &str); 7] = [
        (&["demo", "--yes"], "say which handles to close"),
        (
            &["demo", "--all", "--older-than", "7d", "--yes"],
            "takes no filter",
        ),
        (
            &[
                "demo",
                "--handle-id",
                "1",
                "--client-ip",
                "10.0.0.1",
                "--yes",
            ],
            "cannot be combined",
        ),
        (&["demo", "--handle-id", "12ab", "--yes"], "12ab"),
        (
            &["demo", "--all", "--handle-id", "1", "--yes"],
            "--handle-id",
        ),
        (
            &["demo", "--older-than", "7d", "--marker", "1!2!ab", "--yes"],
            "--all",
        ),
        (&["demo", "--all", "--concurrency", "0", "--yes"], "0"),
    ];
    for (args, needle) in cases {
        let mut all = vec!["handles", "close"];
        all.extend_from_slice(args);
        env.azfh().run(&all).usage_error(needle);
    }
    assert_eq!(env.requests(), 0);
}

#[test]
fn ids_from_stdin_close_those_handles_and_name_the_missing_ones() {
    let env = Env::demo();
    let handles = env.handles("demo");
    let chosen: Vec<String> = handles
        .iter()
        .step_by(50)
        .map(|h| h.handle.id.to_string())
        .collect();
    let input = format!("{}\n99999999999\n\n", chosen.join("\n"));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_azfh"));
    command
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .args([
            "handles",
            "close",
            "demo",
            "-r",
            "--handle-id",
            "-",
            "--yes",
            "-o",
            "jsonl",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    drop(child.stdin.take());
    let run = crate::support::Run::from(child.wait_with_output().unwrap());
    let report = outcomes(&run);
    assert_eq!(
        report.keys().cloned().collect::<BTreeSet<_>>(),
        chosen.iter().cloned().collect()
    );
    assert!(report.values().all(|o| o == "closed"));
    assert!(
        run.stderr.contains("99999999999"),
        "the missing id is named: {}",
        run.stderr
    );
    assert_eq!(env.handles("demo").len(), demo::DEMO_HANDLES - chosen.len());
}

#[test]
fn all_closes_in_marker_rounds_and_resumes_after_an_outage() {
    let (env, _dir, log) = logged_demo();
    env.set_faults(Faults {
        close_batch: 7,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/home",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    let summary: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    let remaining = env.ids_where("demo", |_| true).len() as u64;
    assert_eq!(
        remaining,
        demo::DEMO_HANDLES as u64 - summary[0]["closed"].as_u64().unwrap()
    );
    assert!(summary[0]["rounds"].as_u64().unwrap() >= 3, "{summary:?}");
    assert!(
        env.handles("demo")
            .iter()
            .all(|h| !h.path.starts_with("home/"))
    );

    // An outage after five more requests: the loop stops and says where to resume.
    env.set_faults(Faults {
        close_batch: 10,
        busy_after: env.requests() + 5,
        ..Faults::default()
    });
    let stopped = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--all",
        "--yes",
        "--retries",
        "0",
        "-o",
        "json",
    ]);
    assert_eq!(stopped.status, 1, "{}", stopped.stderr);
    let partial: Vec<serde_json::Value> = serde_json::from_str(&stopped.stdout).unwrap();
    assert_eq!(partial[0]["closed"], 50);
    let marker = partial[0]["marker"]
        .as_str()
        .expect("the summary carries the marker")
        .to_owned();
    assert!(
        stopped.stderr.contains(&format!("--marker '{marker}'")),
        "{}",
        stopped.stderr
    );

    env.set_faults(Faults {
        close_batch: 10,
        ..Faults::default()
    });
    let resumed = env.azfh().run([
        "handles", "close", "demo", "-r", "--all", "--yes", "--marker", &marker, "-o", "json",
    ]);
    let rest: Vec<serde_json::Value> = serde_json::from_str(resumed.ok()).unwrap();
    assert_eq!(
        partial[0]["closed"].as_u64().unwrap() + rest[0]["closed"].as_u64().unwrap(),
        remaining
    );
    assert!(env.handles("demo").is_empty());
    let closed = closed_ids(&request_log(&log));
    assert_eq!(
        closed.len(),
        demo::DEMO_HANDLES,
        "every handle closed exactly once"
    );
    assert_eq!(
        closed.iter().collect::<BTreeSet<_>>().len(),
        demo::DEMO_HANDLES
    );
}

#[test]
fn a_storm_of_faults_still_closes_each_selected_handle_once() {
    let (env, _dir, log) = logged_demo();
    let cutoff = env.created - time::Duration::days(7);
    let expected = env.ids_where("demo", |h| h.handle.open_time < cutoff);
    env.set_faults(Faults {
        busy_every: 3,
        retry_after_secs: 0,
        timeout_every: 5,
        drop_every: 7,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "-o",
        "jsonl",
        "--page-size",
        "50",
        // More than half of all requests fail here, so a request meets 7 failures in a row
        // about once in a hundred: give each enough retries that none runs out.
        "--retries",
        "20",
    ]);
    let report = outcomes(&run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(report.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(
        report.values().all(|o| o == "closed"),
        "a lost answer is not 'already closed': {report:?}"
    );
    let closed = closed_ids(&request_log(&log));
    assert_eq!(closed.len(), expected.len(), "each closed exactly once");
    assert_eq!(closed.into_iter().collect::<BTreeSet<_>>(), expected);
    assert_eq!(
        env.handles("demo").len(),
        demo::DEMO_HANDLES - expected.len()
    );
}

#[test]
fn failing_closes_are_reported_and_exit_3() {
    let env = Env::demo();
    let expected = stale_under(&env, "shared");
    let sticky: Vec<u64> = expected
        .iter()
        .take(2)
        .map(|id| id.parse().unwrap())
        .collect();
    env.set_faults(Faults {
        fail_close_ids: sticky.clone(),
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/shared",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let values: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for value in &values {
        let id: u64 = value["handle_id"].as_str().unwrap().parse().unwrap();
        if sticky.contains(&id) {
            assert_eq!(value["outcome"], "failed");
            assert_eq!(value["error"], "the service could not close it");
        } else {
            assert_eq!(value["outcome"], "closed");
        }
    }
    assert!(run.stderr.contains("failed 2"), "{}", run.stderr);
    let open = env.ids_where("demo", |_| true);
    assert!(sticky.iter().all(|id| open.contains(&id.to_string())));
}

#[test]
fn a_handle_closed_by_someone_else_is_already_closed() {
    let env = Env::demo();
    let expected = stale_under(&env, "databases");
    let gone: Vec<u64> = expected
        .iter()
        .take(3)
        .map(|id| id.parse().unwrap())
        .collect();
    env.set_faults(Faults {
        vanish_ids: gone.clone(),
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/databases",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let report = outcomes(&run);
    for (id, outcome) in &report {
        let vanished = gone.contains(&id.parse().unwrap());
        assert_eq!(
            outcome,
            if vanished { "already_closed" } else { "closed" },
            "{id}"
        );
    }
    assert!(run.stderr.contains("already closed 3"), "{}", run.stderr);
}

#[test]
fn recursive_star_on_a_file_is_sent_again_without_recursive() {
    let (env, _dir, log) = logged_demo();
    let target = "shared/Open Questions.docx";
    let on_file = env.ids_where("demo", |h| h.path == target);
    let run = env.azfh().run([
        "handles",
        "close",
        &format!("demo/{target}"),
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    let summary: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(summary[0]["closed"].as_u64().unwrap(), on_file.len() as u64);
    let statuses: Vec<u64> = request_log(&log)
        .iter()
        .filter(|e| e["operation"] == "ForceCloseHandles")
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [400, 200]);
}

#[test]
fn verify_closes_handles_that_clients_reopen() {
    let env = Env::demo();
    env.set_faults(Faults {
        reopen_after_ms: 200,
        reopen_times: 1,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--all",
        "--verify=3s",
        "--yes",
        "-o",
        "json",
    ]);
    let summary: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(summary[0]["survivors"], 0);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        env.handles("demo")
            .iter()
            .all(|h| !h.path.starts_with("projects")),
        "nothing reopened after verification"
    );

    // Filters: the reopened handles (new ids, same client) are selected and closed again.
    let shared_by_carol = env.ids_where("demo", |h| {
        h.path.starts_with("shared/") && h.handle.client_ip.to_string() == "10.20.5.40"
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/shared",
        "-r",
        "--client-ip",
        "10.20.5.40",
        "--verify=3s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let report = outcomes(&run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        report.len() > shared_by_carol.len(),
        "the reopened handles are reported too"
    );
    assert!(report.values().all(|o| o == "closed"));
    assert!(run.stderr.contains("--verify closed"), "{}", run.stderr);
}

/// A client that reconnects after the first empty listing (1 s after the closes) is still
/// caught: `--verify=DUR` watches for the whole window, and only the listing at its end
/// decides. The windows are short (5 s: listings at 1 s, 3 s and 5 s) to keep the test fast.
#[test]
fn verify_watches_the_whole_window_for_clients_that_reconnect_late() {
    let env = Env::demo();
    let under = |path: &str| path == "projects" || path.starts_with("projects/");
    let projects = env.ids_where("demo", |h| under(&h.path));
    env.set_faults(Faults {
        reopen_after_ms: 1_500,
        reopen_times: 1,
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--all",
        "--verify=5s",
        "--yes",
        "-o",
        "json",
    ]);
    let summary: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        summary[0]["reopened"].as_u64(),
        Some(projects.len() as u64),
        "{summary:?}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(5),
        "the run takes the whole window: {:?}",
        started.elapsed()
    );
    assert_eq!(summary[0]["reopened_closed"], summary[0]["reopened"]);
    assert_eq!(summary[0]["survivors"], 0);
    assert!(
        env.ids_where("demo", |h| under(&h.path)).is_empty(),
        "nothing is open again after the window"
    );

    // With a filter: the reopened handles (fresh open times) are found by path and client.
    let cutoff = env.created - time::Duration::days(1);
    let stale = env.ids_where("demo", |h| {
        (h.path == "shared" || h.path.starts_with("shared/")) && h.handle.open_time < cutoff
    });
    assert!(!stale.is_empty());
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/shared",
        "-r",
        "--older-than",
        "1d",
        "--verify=5s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let report = outcomes(&run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(report.values().all(|o| o == "closed"), "{report:?}");
    let reopened = report.keys().filter(|id| !stale.contains(*id)).count();
    assert!(reopened > 0, "the late reconnects are reported: {report:?}");
    assert!(
        run.stderr.contains(&format!(
            "--verify closed {reopened} of {reopened} reopened handle"
        )),
        "{}",
        run.stderr
    );
    assert!(
        env.ids_where("demo", |h| h.path.starts_with("shared/"))
            .is_disjoint(&report.keys().cloned().collect()),
        "nothing closed is open again"
    );
}

#[test]
fn verify_reports_handles_that_keep_coming_back() {
    let env = Env::demo();
    env.set_faults(Faults {
        reopen_after_ms: 100,
        reopen_times: 1_000,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/scans",
        "-r",
        "--all",
        "--verify=3s",
        "--yes",
        "-o",
        "json",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(summary[0]["survivors"].as_u64().unwrap() > 0);
    assert!(run.stderr.contains("still open"), "{}", run.stderr);
}

#[test]
fn a_sas_without_write_permission_stops_at_the_first_close() {
    let env = Env::demo();
    let key = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        azfh_emulator::ACCOUNT_KEY,
    )
    .unwrap();
    let token = azfh_protocol::sas::SasFields {
        version: "2026-10-06".into(),
        permissions: "rl".into(),
        expiry: "2099-01-01T00:00:00Z".into(),
        services: Some("f".into()),
        resource_types: Some("sco".into()),
        ..Default::default()
    }
    .sign(azfh_emulator::ACCOUNT, "", &key);
    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_SAS_TOKEN", token)
        .run([
            "handles",
            "close",
            "demo",
            "-r",
            "--older-than",
            "7d",
            "--yes",
            "-o",
            "jsonl",
            "--concurrency",
            "1",
        ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("AuthorizationPermissionMismatch"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: the SAS lacks a permission"),
        "{}",
        run.stderr
    );
    let report = outcomes(&run);
    assert_eq!(
        report.len(),
        demo::DEMO_HANDLES / 3,
        "every selected handle is reported"
    );
    assert_eq!(
        report.values().filter(|o| *o == "failed").count(),
        1,
        "the refused close failed"
    );
    assert!(
        report
            .values()
            .all(|o| o == "failed" || o == "not_attempted"),
        "the rest were never sent: {report:?}"
    );
    assert_eq!(
        env.emulator.control.operation_count("ForceCloseHandles"),
        1,
        "the first refusal stops the rest"
    );
    assert_eq!(env.handles("demo").len(), demo::DEMO_HANDLES);
}

#[test]
fn the_confirmation_prompt_on_a_terminal() {
    let env = Env::demo();
    let expected = stale_under(&env, "projects");
    let spawn = || {
        on_terminal(
            &env,
            &[
                "handles",
                "close",
                "demo/projects",
                "-r",
                "--older-than",
                "7d",
                "--no-progress",
                "-o",
                "tsv",
            ],
        )
    };
    let question = format!("Close {} handles of", expected.len());

    let mut refused = spawn();
    refused.exp_string(&question).unwrap();
    refused.exp_string("[y/N]").unwrap();
    refused.send_line("n").unwrap();
    refused.exp_string("nothing was closed").unwrap();
    refused.exp_eof().unwrap();
    assert!(matches!(
        refused.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 2)
    ));
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);

    let mut accepted = spawn();
    accepted.exp_string("[y/N]").unwrap();
    accepted.send_line("y").unwrap();
    accepted.exp_string("closed").unwrap();
    accepted.exp_eof().unwrap();
    assert!(matches!(
        accepted.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 0)
    ));
    assert_eq!(
        env.emulator.control.operation_count("ForceCloseHandles"),
        expected.len() as u64
    );
}

#[test]
fn ctrl_c_during_all_prints_the_marker_and_resuming_finishes_the_job() {
    let (env, _dir, log) = logged_demo();
    env.set_faults(Faults {
        close_batch: 2,
        latency_ms: 50,
        ..Faults::default()
    });
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "close",
            "demo",
            "-r",
            "--all",
            "--yes",
            "--no-progress",
            "-o",
            "json",
        ],
    );
    std::thread::sleep(std::time::Duration::from_millis(800));
    session.send_control('c').unwrap();
    let (_, marker_line) = session.exp_regex("--marker '[^']+'").unwrap();
    let output = session.exp_eof().unwrap();
    assert!(matches!(
        session.process().wait().unwrap(),
        rexpect::process::WaitStatus::Exited(_, 130)
    ));
    let marker = marker_line
        .trim_start_matches("--marker '")
        .trim_end_matches('\'')
        .to_owned();
    assert!(
        output.contains(&format!("\"marker\":\"{marker}\"")),
        "the summary row carries the same marker: {output}"
    );
    let closed_before = closed_ids(&request_log(&log)).len();
    assert!(
        closed_before > 0 && closed_before < demo::DEMO_HANDLES,
        "{closed_before} closed before Ctrl-C"
    );

    env.set_faults(Faults {
        close_batch: 50,
        ..Faults::default()
    });
    let resumed = env.azfh().run([
        "handles", "close", "demo", "-r", "--all", "--yes", "--marker", &marker, "-o", "json",
    ]);
    resumed.ok();
    assert!(env.handles("demo").is_empty());
    let closed = closed_ids(&request_log(&log));
    assert_eq!(
        closed.len(),
        demo::DEMO_HANDLES,
        "every handle closed exactly once across both runs"
    );
    assert_eq!(
        closed.iter().collect::<BTreeSet<_>>().len(),
        demo::DEMO_HANDLES
    );
}

/// An outage during the `--verify` window: the closes already made keep their records and
/// the summary; the error says the watch did not finish.
#[test]
fn a_verify_listing_that_fails_still_reports_every_close() {
    let (env, _dir, log) = logged_demo();
    let cutoff = env.created - time::Duration::days(1);
    let selected = env.ids_where("demo", |h| {
        (h.path == "projects" || h.path.starts_with("projects/")) && h.handle.open_time < cutoff
    });
    // One listing (its page, and TARGET's top level asked for alongside it), one close a
    // handle, then nothing but 503s: the first --verify listing fails.
    env.set_faults(Faults {
        busy_after: 2 + selected.len() as u64,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--older-than",
        "1d",
        "--verify=5s",
        "--retries",
        "0",
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let records = outcomes(&run);
    assert_eq!(records.keys().cloned().collect::<BTreeSet<_>>(), selected);
    assert!(records.values().all(|o| o == "closed"), "{records:?}");
    assert_eq!(closed_ids(&request_log(&log)).len(), selected.len());
    assert!(
        run.stderr.contains("did not watch to the end"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("could not list TARGET again"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr_lines("error").len(), 1, "{}", run.stderr);
}

/// `--all --verify` stopped between two listings: `survivors` is unknown (null), never 0.
#[test]
fn an_interrupted_verify_window_claims_no_survivor_count() {
    let env = Env::demo();
    env.set_faults(Faults {
        reopen_after_ms: 1_500,
        reopen_times: 1,
        ..Faults::default()
    });
    let child = env.azfh().spawn([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--all",
        "--verify=30s",
        "--yes",
        "-o",
        "json",
    ]);
    let pid = child.id();
    wait_until("the closes are sent", || {
        env.emulator.control.operation_count("ForceCloseHandles") > 0
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    crate::support::send_signal(pid, "TERM");
    let run = crate::support::wait_at_most(child, std::time::Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        summary[0]["survivors"],
        serde_json::Value::Null,
        "{summary:?}"
    );
    assert!(
        run.stderr.contains("did not watch to the end"),
        "{}",
        run.stderr
    );
}

/// `DOMAIN\HOST` is how SMB clients name themselves: an exclusion written that way spares that
/// client (a backslash in a glob is the character, not an escape), and the others are closed.
#[test]
fn an_excluded_domain_client_name_keeps_its_handles() {
    let env = crate::support::Env::with(azfh_emulator::EmulatorConfig::default(), |store, now| {
        let json = r#"{"shares":[{"name":"names","files":[{"path":"a.txt","size":1}],"handles":[
            {"path":"a.txt","client_ip":"10.0.0.1:1","client_name":"CORP\\HOST1","age":"9d"},
            {"path":"a.txt","client_ip":"10.0.0.2:1","client_name":"CORPHOST1","age":"9d"}]}]}"#;
        azfh_emulator::load::state_file::load(store, json, now).unwrap();
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "names",
        "-r",
        "--older-than",
        "7d",
        "--exclude-client-name",
        r"corp\host*",
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let left: Vec<String> = env
        .handles("names")
        .iter()
        .map(|h| h.handle.client_name.clone().unwrap_or_default())
        .collect();
    assert_eq!(left, [r"CORP\HOST1"], "{}", run.stdout);
}

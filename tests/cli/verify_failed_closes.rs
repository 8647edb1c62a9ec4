//! `--verify` watches only what was closed: a handle the service refused to close keeps its
//! record (`failed: the service could not close it`), is not closed again every round and is
//! not counted as reopened; one share or several. Its messages name the TARGET as written.

use std::collections::BTreeMap;

use azfh_emulator::{EmulatorConfig, Faults, load::demo};

use crate::config_file::{azfh_with_config, config_for};
use crate::support::{Env, Run};

fn failing_closes() -> Faults {
    Faults {
        fail_close_every: 7,
        ..Faults::default()
    }
}

/// The `error` of each failed record, counted.
fn failures(run: &Run) -> BTreeMap<String, usize> {
    let mut counted = BTreeMap::new();
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        if record["outcome"] == "failed" {
            *counted
                .entry(record["error"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
    }
    counted
}

#[track_caller]
fn assert_only_refused_closes(run: &Run) {
    assert_eq!(run.status, 3, "{}", run.stderr);
    let failed = failures(run);
    assert_eq!(
        failed.keys().collect::<Vec<_>>(),
        ["the service could not close it"],
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("open again"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--verify closed 0 of 0 reopened handles"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_share_a_refused_close_is_not_taken_for_a_reopened_handle() {
    let env = Env::demo();
    env.set_faults(failing_closes());
    let run = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--verify=2s",
        "-o",
        "jsonl",
    ]);
    assert_only_refused_closes(&run);
    // What the service refused was sent one close, not one a round.
    let refused = failures(&run).values().sum::<usize>() as u64;
    let closes = env.emulator.control.operation_count("ForceCloseHandles");
    let selected = run.stdout.lines().count() as u64;
    assert_eq!(closes, selected, "one close a handle: {refused} refused");
}

#[test]
fn several_shares_a_refused_close_is_not_taken_for_a_reopened_handle() {
    let one = Env::demo();
    let two = Env::with(
        EmulatorConfig {
            account: "verifytwo".into(),
            ..Default::default()
        },
        demo::load,
    );
    one.set_faults(failing_closes());
    two.set_faults(failing_closes());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--verify=2s",
        "-o",
        "jsonl",
    ]);
    assert_only_refused_closes(&run);
    assert!(
        run.stderr
            .contains("--verify: watching one:demo and below it for 2s")
            && run
                .stderr
                .contains("--verify: watching two:demo and below it for 2s"),
        "{}",
        run.stderr
    );
}

#[test]
fn verify_names_the_share_of_the_handles_open_again() {
    let one = Env::demo();
    let two = Env::with(
        EmulatorConfig {
            account: "verifytwo".into(),
            ..Default::default()
        },
        demo::load,
    );
    two.set_faults(Faults {
        reopen_after_ms: 200,
        reopen_times: 1,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "two:demo/projects",
        "-r",
        "--all",
        "--verify=3s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--verify: watching two:demo/projects and below it"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.lines().any(|l| l.starts_with("--verify: ")
            && l.ends_with(" open again on two:demo/projects and below it; closing")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_reopened_handle_whose_close_fails_says_so_not_that_its_client_keeps_reopening_it() {
    let env = Env::demo();
    env.set_faults(Faults {
        reopen_after_ms: 300,
        reopen_times: 1,
        ..failing_closes()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--verify=3s",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let failed = failures(&run);
    // Reopened once, then refused by the service: not a client that keeps reopening.
    let reopened_refused = failed
        .iter()
        .filter(|(error, _)| {
            error.as_str()
                == "still open at the end of --verify=3s: reopened during --verify, and the service could not close it"
        })
        .map(|(_, n)| n)
        .sum::<usize>();
    assert!(reopened_refused > 0, "{failed:?}\n{}", run.stderr);
    assert!(
        failed.keys().all(|e| !e.contains("keeps reopening")),
        "{failed:?}"
    );
    // The summary counts the records, the reopened handles' too, as several shares' does.
    let closed = run
        .stdout
        .lines()
        .filter(|l| l.contains(r#""outcome":"closed""#))
        .count();
    let failed = failed.values().sum::<usize>();
    assert!(
        run.stderr.contains(&format!(
            "closed {closed}, already closed 0, failed {failed}, not attempted 0"
        )),
        "{closed} closed, {failed} failed records\n{}",
        run.stderr
    );
}

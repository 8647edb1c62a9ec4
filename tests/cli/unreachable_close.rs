//! A share whose endpoint goes down mid-close: its closes stop at the first one that cannot
//! reach it (after that close's retries), the handles not yet sent are `not_attempted` naming
//! the endpoint, one warning says so, and the other shares of the run are closed as usual.
//! Without this, every remaining handle waited out its own retries, one after the other.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use azfh_emulator::{EmulatorConfig, Faults};

use crate::config_file::{azfh_with_config, config_for};
use crate::support::{Env, Run, wait_at_most, wait_until};

/// Handles on the share that goes down, all selected by `--older-than 7d`.
const DOOMED: u64 = 400;
/// The storage account of the healthy emulator.
const TWO: &str = "archiveacct";

/// An emulator of one share `share` with `handles` handles, `stale` of them older than 7
/// days, each request answered after 30 ms (so a close of hundreds takes seconds).
fn account(name: Option<&str>, share: &str, handles: u64, stale: u64) -> Env {
    let config = EmulatorConfig {
        account: name.map_or(EmulatorConfig::default().account, str::to_owned),
        ..Default::default()
    };
    let env = Env::with(config, |store, now| {
        let spec = azfh_emulator::load::generate::GenerateSpec {
            share: share.to_owned(),
            handles,
            stale,
        };
        azfh_emulator::load::generate::generate(store, &spec, now);
    });
    env.set_faults(Faults {
        latency_ms: 30,
        ..Faults::default()
    });
    env
}

/// Each record's `(account, share, handle_id)` with its outcome and error.
fn records(run: &Run) -> Vec<(String, String, String, String, String)> {
    run.stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            let text = |key: &str| v[key].as_str().unwrap_or_default().to_owned();
            (
                text("account"),
                text("share"),
                text("handle_id"),
                text("outcome"),
                text("error"),
            )
        })
        .collect()
}

/// Starts `args` against the config, drops `doomed` once it has closed some of `share`'s
/// handles (its listener closes: every later connection is refused), and waits for the run.
fn run_and_drop(
    config: &std::path::Path,
    doomed: Env,
    share: &str,
    args: &[&str],
    limit: Duration,
) -> (Run, Duration) {
    let started = Instant::now();
    let child = azfh_with_config(config).spawn(args);
    wait_until("some closes reach the doomed share", || {
        doomed.handles(share).len() as u64 <= DOOMED - 40
    });
    let left = doomed.handles(share).len();
    assert!(left > 100, "the share went down mid-close ({left} left)");
    drop(doomed);
    let run = wait_at_most(child, limit);
    (run, started.elapsed())
}

#[test]
fn a_share_that_goes_down_mid_close_stops_its_closes_and_the_others_go_on() {
    let doomed = account(None, "vshare", DOOMED, DOOMED);
    let two = account(Some(TWO), "archive", 60, 20);
    let port = doomed.emulator.addr.port();
    let selected_two = two.ids_where("archive", |_| true).len();
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &doomed, &two, 0o600);
    let (run, took) = run_and_drop(
        &config,
        doomed,
        "vshare",
        &[
            "handles",
            "close",
            "one:vshare",
            "two:archive",
            "-r",
            "--older-than",
            "7d",
            "--yes",
            "--concurrency",
            "4",
            "--retries",
            "2",
            "-o",
            "jsonl",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.status, 3, "partial: {}", run.stderr);
    // Each close that cannot connect waits out its retries (about 0.4-0.75 s with
    // --retries 2); hundreds of them, four at a time, would take over a minute.
    assert!(
        took < Duration::from_secs(20),
        "took {took:?}: {}",
        run.stderr
    );

    let records = records(&run);
    let on_v: Vec<_> = records.iter().filter(|r| r.1 == "vshare").collect();
    let ids: BTreeSet<&str> = on_v.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(on_v.len() as u64, DOOMED, "one record per selected handle");
    assert_eq!(ids.len() as u64, DOOMED, "no handle twice");
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &on_v {
        *outcomes.entry(r.3.as_str()).or_default() += 1;
    }
    let reason = format!("not sent: 127.0.0.1:{port} could not be reached");
    let unsent = on_v.iter().filter(|r| r.3 == "not_attempted").count();
    assert!(unsent > 50, "most were never sent: {outcomes:?}");
    assert!(
        on_v.iter()
            .filter(|r| r.3 == "not_attempted")
            .all(|r| r.4 == reason),
        "{on_v:?}"
    );
    assert!(
        outcomes.get("closed").is_some_and(|n| *n >= 40),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains_key("failed"),
        "the close that found it down: {outcomes:?}"
    );

    // The healthy share, after the dead one, is closed all the same.
    let on_two: Vec<_> = records.iter().filter(|r| r.0 == TWO).collect();
    assert_eq!(on_two.len(), 20, "{on_two:?}");
    assert!(on_two.iter().all(|r| r.3 == "closed"), "{on_two:?}");
    assert_eq!(two.ids_where("archive", |_| true).len(), selected_two - 20);

    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: one:vshare: cannot reach"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].ends_with(&format!("; its {unsent} remaining handles were not sent")),
        "{}",
        run.stderr
    );
}

#[test]
fn verify_does_not_wait_on_a_share_that_went_down() {
    let doomed = account(None, "vshare", DOOMED, DOOMED);
    let two = account(Some(TWO), "archive", 1, 0);
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &doomed, &two, 0o600);
    let (run, took) = run_and_drop(
        &config,
        doomed,
        "vshare",
        &[
            "handles",
            "close",
            "one:vshare",
            "-r",
            "--older-than",
            "7d",
            "--yes",
            "--concurrency",
            "4",
            "--retries",
            "2",
            "--verify=30s",
            "-o",
            "jsonl",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.status, 3, "partial: {}", run.stderr);
    assert!(
        took < Duration::from_secs(20),
        "took {took:?}: {}",
        run.stderr
    );
    let records = records(&run);
    assert_eq!(
        records.len() as u64,
        DOOMED,
        "one record per selected handle"
    );
    assert!(
        records.iter().any(|r| r.3 == "not_attempted"),
        "{records:?}"
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("warning: one:vshare: cannot reach"))
            .count(),
        1,
        "{}",
        run.stderr
    );
}

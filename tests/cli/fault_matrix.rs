//! The fault matrix: every operation under every kind of trouble the service makes, each run
//! checked against the fault-free result. Listings must be the same lines, closes the same
//! set of handles (each closed once, nothing outside the selection), downloads the same bytes
//! with nothing half-done left behind. docs/reliability.md shows the matrix.

use std::collections::BTreeSet;
use std::path::Path;

use azfh_emulator::{EmulatorConfig, Faults, load::demo};

use crate::support::{Env, Run, closed_ids, files_below, outcomes, request_log};

#[derive(Debug, Clone, Copy)]
enum Operation {
    /// `handles ls demo -r`, pages of 40.
    HandlesLs,
    /// `handles close demo -r --older-than 7d --yes`.
    CloseSelected,
    /// `handles close demo/projects -r --all --yes`, 20 handles a round.
    CloseAll,
    /// `ls files -r`, pages of 3.
    LsTree,
    /// `get` of a 1 MB file in 64 KiB blocks.
    Get,
    /// `get -r` of a small tree.
    GetTree,
}

#[derive(Debug, Clone, Copy)]
enum Trouble {
    /// 10 ms on every request.
    Latency,
    /// Every 3rd request 503 ServerBusy with Retry-After: 1.
    Busy,
    /// Every 5th request 500 OperationTimedOut.
    TimedOut,
    /// Every 4th answer cut off halfway.
    Dropped,
    /// Requests beyond a rate answered 503 ServerBusy with Retry-After: 1; the rate is low
    /// enough for the operation that it bites (see `Operation::rate_limit`).
    Throttled,
    /// All of the above at once (every 5th busy, 7th timed out, 11th dropped).
    Everything,
}

impl Operation {
    /// The rate for "everything at once", where the other faults' waits spread requests out:
    /// half the rate alone (still 1 a second for operations that send one at a time).
    fn rate_limit_among_other_faults(self) -> u64 {
        self.rate_limit().div_ceil(2)
    }
    /// Requests a second that throttle this operation. Those that send many at once send
    /// about three times as many; those that send one at a time get 1 a second, so that two
    /// requests in a row are enough to meet the limit even on a loaded machine (at 3, a
    /// `--all` close of five rounds sometimes never met it).
    fn rate_limit(self) -> u64 {
        match self {
            Operation::HandlesLs | Operation::CloseAll | Operation::LsTree => 1,
            Operation::CloseSelected => 40,
            Operation::Get => 6,
            Operation::GetTree => 5,
        }
    }
}

impl Trouble {
    fn faults(self, operation: Operation) -> Faults {
        let latency = Faults {
            latency_ms: 10,
            ..Faults::default()
        };
        let busy = Faults {
            busy_every: 3,
            retry_after_secs: 1,
            ..Faults::default()
        };
        let timed_out = Faults {
            timeout_every: 5,
            ..Faults::default()
        };
        let dropped = Faults {
            drop_every: 4,
            ..Faults::default()
        };
        let throttled = Faults {
            throttle_per_sec: operation.rate_limit(),
            retry_after_secs: 1,
            ..Faults::default()
        };
        match self {
            Trouble::Latency => latency,
            Trouble::Busy => busy,
            Trouble::TimedOut => timed_out,
            Trouble::Dropped => dropped,
            Trouble::Throttled => throttled,
            // Each a little rarer than alone (still 4 requests in 10 fail), or retries' backoff
            // makes a run take minutes.
            Trouble::Everything => Faults {
                latency_ms: 10,
                busy_every: 5,
                retry_after_secs: 1,
                timeout_every: 7,
                drop_every: 11,
                throttle_per_sec: operation.rate_limit_among_other_faults(),
                ..Faults::default()
            },
        }
    }
}

/// The demo share and a share of files, with a request log.
fn matrix_env(log: &Path) -> Env {
    Env::with(
        EmulatorConfig {
            request_log: Some(log.to_path_buf()),
            ..EmulatorConfig::default()
        },
        |store, now| {
            demo::load(store, now);
            let json = r#"{"shares":[{"name":"files","files":[
                {"path":"blocks.bin","size":1049000,"md5":true},
                {"path":"tree/one.txt","size":5000,"md5":true},
                {"path":"tree/a b#c/two.bin","size":200001},
                {"path":"tree/a b#c/données\uFFFE.txt","size":70000,"md5":true},
                {"path":"tree/deep/er/three.txt","size":0},
                {"path":"tree/deep/four.bin","size":300000},
                {"path":"other/x.txt","size":10}]}]}"#;
            azfh_emulator::load::state_file::load(store, json, now).unwrap();
        },
    )
}

/// Enough retries that every request gets through "everything at once".
const RETRIES: &str = "12";

fn sorted_lines(run: &Run) -> Vec<String> {
    let mut lines: Vec<String> = run.ok().lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

fn check(operation: Operation, trouble: Trouble) {
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("requests.jsonl");
    let env = matrix_env(&log);
    let faults = trouble.faults(operation);
    let with_faults = |args: &[&str]| {
        env.set_faults(faults.clone());
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--retries", RETRIES]);
        let run = env.azfh().run(all);
        env.set_faults(Faults::default());
        run
    };
    match operation {
        Operation::HandlesLs => {
            let args = [
                "handles",
                "ls",
                "demo",
                "-r",
                "--page-size",
                "40",
                "-o",
                "jsonl",
            ];
            let clean = sorted_lines(&env.azfh().run(args));
            assert!(clean.len() > 200);
            assert_eq!(sorted_lines(&with_faults(&args)), clean);
        }
        Operation::CloseSelected => {
            let cutoff = env.created - time::Duration::days(7);
            let everything: BTreeSet<String> = env.ids_where("demo", |_| true);
            let stale = env.ids_where("demo", |h| h.handle.open_time < cutoff);
            assert!(!stale.is_empty());
            let run = with_faults(&[
                "handles",
                "close",
                "demo",
                "-r",
                "--older-than",
                "7d",
                "--yes",
                "--page-size",
                "40",
                "-o",
                "jsonl",
            ]);
            run.ok();
            let reported = outcomes(&run);
            assert_eq!(reported.keys().cloned().collect::<BTreeSet<_>>(), stale);
            assert!(
                reported.values().all(|o| o == "closed"),
                "{reported:?}\n{}",
                run.stderr
            );
            let closed = closed_ids(&request_log(&log));
            assert_eq!(closed.len(), stale.len(), "each closed once");
            assert_eq!(closed.into_iter().collect::<BTreeSet<_>>(), stale);
            let left = env.ids_where("demo", |_| true);
            assert_eq!(
                left,
                everything.difference(&stale).cloned().collect(),
                "nothing outside the selection was closed"
            );
        }
        Operation::CloseAll => {
            let under = |path: &str| path == "projects" || path.starts_with("projects/");
            let outside = env.ids_where("demo", |h| !under(&h.path));
            let inside = env.ids_where("demo", |h| under(&h.path));
            // 20 handles a `*` round: the close takes several marker rounds.
            env.set_faults(Faults {
                close_batch: 20,
                ..faults.clone()
            });
            let run = env.azfh().run([
                "handles",
                "close",
                "demo/projects",
                "-r",
                "--all",
                "--yes",
                "-o",
                "jsonl",
                "--retries",
                RETRIES,
            ]);
            env.set_faults(Faults::default());
            run.ok();
            assert_eq!(env.ids_where("demo", |_| true), outside, "only projects/");
            let closed = closed_ids(&request_log(&log));
            assert_eq!(closed.len(), inside.len(), "each closed once");
            assert_eq!(closed.into_iter().collect::<BTreeSet<_>>(), inside);
            let summary: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
            let force_closes = request_log(&log)
                .iter()
                .filter(|entry| entry["operation"] == "ForceCloseHandles" && entry["status"] == 200)
                .count();
            assert!(
                force_closes >= inside.len().div_ceil(20),
                "marker rounds of 20"
            );
            // A lost answer hides what its request closed: the count is then a lower bound,
            // and says so.
            let counted = summary["closed"].as_u64().unwrap();
            let uncertain = summary["closed_uncertain"].as_bool().unwrap();
            let answer_lost = request_log(&log).iter().any(|entry| {
                entry["operation"] == "ForceCloseHandles" && entry["injected"] == "drop"
            });
            assert!(counted <= inside.len() as u64, "{summary}");
            assert!(uncertain || counted == inside.len() as u64, "{summary}");
            assert!(uncertain || !answer_lost, "{summary}");
        }
        Operation::LsTree => {
            let args = ["ls", "files", "-r", "-l", "--page-size", "3", "-o", "jsonl"];
            let clean = sorted_lines(&env.azfh().run(args));
            assert_eq!(clean.len(), env.tree("files", "").len());
            assert_eq!(sorted_lines(&with_faults(&args)), clean);
        }
        Operation::Get => {
            let dest = scratch.path().join("blocks.bin");
            let run = with_faults(&[
                "get",
                "files/blocks.bin",
                dest.to_str().unwrap(),
                "--block-size",
                "64K",
            ]);
            run.ok();
            assert_eq!(
                std::fs::read(&dest).unwrap(),
                env.file_bytes("files", "blocks.bin")
            );
            let left: Vec<_> = std::fs::read_dir(scratch.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.contains(".azfh:"))
                .collect();
            assert!(left.is_empty(), "{left:?}");
        }
        Operation::GetTree => {
            let dest = scratch.path().join("tree");
            let run = with_faults(&[
                "get",
                "files/tree",
                dest.to_str().unwrap(),
                "-r",
                "--block-size",
                "64K",
                "-o",
                "jsonl",
            ]);
            run.ok();
            let expected: BTreeSet<String> = env
                .tree("files", "tree")
                .into_iter()
                .filter(|p| !p.ends_with('/'))
                .collect();
            let got: BTreeSet<String> = files_below(&dest)
                .iter()
                .map(|p| {
                    p.strip_prefix(&dest)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            assert_eq!(got, expected, "exactly the tree's files, no partial files");
            for path in &expected {
                assert_eq!(
                    std::fs::read(dest.join(path)).unwrap(),
                    env.file_bytes("files", &format!("tree/{path}")),
                    "{path}"
                );
            }
        }
    }
    assert_met(trouble, &log);
}

/// The faults the request log says were injected.
fn injected(log: &Path) -> BTreeSet<String> {
    request_log(log)
        .iter()
        .filter_map(|entry| entry["injected"].as_str().map(str::to_owned))
        .collect()
}

/// Every fault of `trouble` was met at least once: the run proves something.
fn assert_met(trouble: Trouble, log: &Path) {
    let expected: &[&str] = match trouble {
        Trouble::Latency => &[],
        Trouble::Busy => &["busy"],
        Trouble::TimedOut => &["timeout"],
        Trouble::Dropped => &["drop"],
        Trouble::Throttled => &["throttled"],
        Trouble::Everything => &["busy", "timeout", "drop", "throttled"],
    };
    let met = injected(log);
    for kind in expected {
        assert!(met.contains(*kind), "no {kind} fault was met: {met:?}");
    }
}

const OPERATIONS: [Operation; 6] = [
    Operation::HandlesLs,
    Operation::CloseSelected,
    Operation::CloseAll,
    Operation::LsTree,
    Operation::Get,
    Operation::GetTree,
];

const TROUBLES: [Trouble; 6] = [
    Trouble::Latency,
    Trouble::Busy,
    Trouble::TimedOut,
    Trouble::Dropped,
    Trouble::Throttled,
    Trouble::Everything,
];

/// All 36 cases at once (they mostly wait on latency and Retry-After, each with its own
/// emulator and its own azfh); every failure is named, not just the first.
#[test]
fn every_operation_under_every_trouble() {
    let cases: Vec<(Operation, Trouble)> = OPERATIONS
        .iter()
        .flat_map(|&operation| TROUBLES.iter().map(move |&trouble| (operation, trouble)))
        .collect();
    let mut failures = Vec::new();
    std::thread::scope(|scope| {
        let running: Vec<_> = cases
            .iter()
            .map(|&(operation, trouble)| {
                let thread = std::thread::Builder::new()
                    .name(format!("{operation:?} under {trouble:?}"))
                    .spawn_scoped(scope, move || check(operation, trouble))
                    .unwrap();
                (operation, trouble, thread)
            })
            .collect();
        for (operation, trouble, thread) in running {
            if thread.join().is_err() {
                failures.push(format!("{operation:?} under {trouble:?}"));
            }
        }
    });
    assert!(
        failures.is_empty(),
        "failed (their panics are above): {}",
        failures.join(", ")
    );
}

//! A close report whose stdout cannot take it: a reader that reads one line and goes away
//! (`| head -1`), or a redirection into a full disk. The closes go on, each selected handle is
//! closed once, the summary on stderr counts them all, a warning says how much of the report is
//! missing, and the exit status still tells whether any close failed.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use azfh_emulator::load::generate::{GenerateSpec, generate};
use azfh_emulator::{EmulatorConfig, Faults};

use crate::support::{Env, Run, wait_at_most};

/// Handles on each share: their report is far more than a pipe holds, so the writer meets
/// the closed pipe while it still has records to write.
const HANDLES: u64 = 2_000;

/// An emulator with shares `one` and `two`, each of [`HANDLES`] handles, all opened more
/// than 7 days ago.
fn two_stale_shares() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        for share in ["one", "two"] {
            let spec = GenerateSpec {
                share: share.to_owned(),
                handles: HANDLES,
                stale: HANDLES,
            };
            generate(store, &spec, now);
        }
    })
}

/// Runs azfh with `args`, reads one line of its stdout and closes it, as `| head -1` does.
fn read_one_line(env: &Env, args: &[&str]) -> (String, Run) {
    let mut child = env.azfh().spawn(args);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    drop(stdout);
    (first, wait_at_most(child, Duration::from_secs(60)))
}

fn close_args<'a>(targets: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["handles", "close"];
    args.extend(targets);
    args.extend(["-r", "--older-than", "7d", "--yes", "-o", "jsonl"]);
    args
}

#[test]
fn a_reader_that_reads_one_line_gets_it_and_every_handle_is_still_closed_and_summed() {
    let env = two_stale_shares();
    let (first, run) = read_one_line(&env, &close_args(&["one"]));
    let record: serde_json::Value = serde_json::from_str(&first).expect("a whole JSON line");
    assert_eq!(record["outcome"], "closed", "{first}");
    assert_eq!(run.status, 0, "every close succeeded: {}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("closed {HANDLES}, already closed 0, failed 0")),
        "the summary counts every close: {}",
        run.stderr
    );
    let warning = run.stderr_lines("warning");
    assert_eq!(warning.len(), 1, "{}", run.stderr);
    assert!(
        warning[0].contains(&format!(
            "stdout's reader went away before the end of the report ({HANDLES} records): the closes went on"
        )),
        "{}",
        run.stderr
    );
    assert!(env.handles("one").is_empty(), "every handle was closed");
    assert_eq!(
        env.handles("two").len() as u64,
        HANDLES,
        "the other share is untouched"
    );
}

#[test]
fn a_reader_gone_does_not_turn_failed_closes_into_success() {
    let env = two_stale_shares();
    env.set_faults(Faults {
        fail_close_every: 2,
        ..Faults::default()
    });
    let (_, run) = read_one_line(&env, &close_args(&["one"]));
    assert_eq!(run.status, 3, "some closes failed: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("failed {}", HANDLES / 2)),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("stdout's reader went away"),
        "{}",
        run.stderr
    );
}

#[test]
fn several_targets_with_a_reader_gone_close_everything_and_sum_it_up() {
    let env = two_stale_shares();
    let (_, run) = read_one_line(&env, &close_args(&["one", "two"]));
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{} closed, 0 already closed, 0 failed",
            2 * HANDLES
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "the report ({} records): the closes went on",
            2 * HANDLES
        )),
        "{}",
        run.stderr
    );
    assert!(env.handles("one").is_empty() && env.handles("two").is_empty());
}

#[test]
fn a_report_into_a_full_disk_fails_the_run_after_every_close_and_the_summary() {
    let env = two_stale_shares();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let run = env.azfh().stdout_to(full).run(close_args(&["one"]));
    assert_eq!(run.status, 1, "records were lost: {}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("closed {HANDLES}, already closed 0, failed 0")),
        "{}",
        run.stderr
    );
    let warning = run.stderr_lines("warning");
    assert!(
        warning.len() == 1
            && warning[0].contains("cannot write to stdout (No space left on device")
            && warning[0].contains(&format!(
                "the report ({HANDLES} records) is incomplete; the closes went on"
            )),
        "{}",
        run.stderr
    );
    assert!(env.handles("one").is_empty(), "every handle was closed");
}

#[test]
fn an_all_close_whose_row_cannot_be_written_still_says_what_it_closed() {
    let env = two_stale_shares();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let run = env.azfh().stdout_to(full).run([
        "handles", "close", "one", "-r", "--all", "--yes", "-o", "json",
    ]);
    assert_eq!(run.status, 1, "the summary row was lost: {}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("closed {HANDLES}, failed 0, in ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the report (1 record) is incomplete; the closes went on"),
        "{}",
        run.stderr
    );
    assert!(env.handles("one").is_empty());

    // A reader gone before the row: the note and the warning, and the closes' own status.
    let mut child = env
        .azfh()
        .spawn(["handles", "close", "two", "-r", "--all", "--yes"]);
    drop(child.stdout.take());
    let run = wait_at_most(child, Duration::from_secs(60));
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("closed {HANDLES}, failed 0"))
            && run
                .stderr
                .contains("stdout's reader went away before the end of the report (1 record)"),
        "{}",
        run.stderr
    );
    assert!(env.handles("two").is_empty());
}

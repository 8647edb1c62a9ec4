//! Pipelined paging: the request for page N+1 goes out while azfh is still busy with page N,
//! and never more than one page ahead. Shown without a clock: azfh's stdout is a pipe nobody
//! reads, so it stalls writing page N, and the emulator counts the requests it got meanwhile.
//! The handles are all on one file: a file's listing is one marker loop (a directory's
//! recursive listing may split into parts listed at once, which `parallel_listing.rs` covers).

use std::io::Read as _;
use std::time::Duration;

use std::fmt::Write as _;

use azfh_emulator::{EmulatorConfig, Faults};

use crate::support::{Env, wait_at_most, wait_until};

/// Handles on the file `bench/big.txt`: three pages of 2,000, each far more jsonl than a pipe
/// and azfh's output buffer hold together (some 128 KiB).
const HANDLES: u64 = 6_000;
const PAGE: &str = "2000";

fn share_with_latency(latency_ms: u64) -> Env {
    Env::with(
        EmulatorConfig {
            faults: Faults {
                latency_ms,
                ..Faults::default()
            },
            ..EmulatorConfig::default()
        },
        |store, now| {
            let mut handles = String::new();
            for n in 0..HANDLES {
                let comma = if n == 0 { "" } else { "," };
                let _ = write!(
                    handles,
                    r#"{comma}{{"path":"big.txt","client_ip":"10.0.0.{}:445","session_id":"{n}"}}"#,
                    n % 250
                );
            }
            let json = format!(
                r#"{{"shares":[{{"name":"bench","files":[{{"path":"big.txt","size":1}}],"handles":[{handles}]}}]}}"#
            );
            azfh_emulator::load::state_file::load(store, &json, now).unwrap();
        },
    )
}

fn list_handles(env: &Env) -> std::process::Child {
    env.azfh().spawn([
        "handles",
        "ls",
        "bench/big.txt",
        "--page-size",
        PAGE,
        "-o",
        "jsonl",
    ])
}

#[test]
fn the_next_page_is_requested_while_this_one_is_still_being_written() {
    let env = share_with_latency(20);
    let mut child = list_handles(&env);
    let pages = || env.emulator.control.operation_count("ListHandles");
    // Nobody reads stdout: azfh stalls writing page 1, yet page 2 is asked for meanwhile.
    wait_until("page 2 is requested while page 1 is being written", || {
        pages() >= 2
    });
    // One page ahead at most: page 3 waits until page 2 is taken, which needs page 1 written.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(pages(), 2, "never more than one page ahead");
    assert!(
        child.try_wait().unwrap().is_none(),
        "azfh is still writing page 1"
    );

    let mut first = [0_u8; 4096];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    let run = wait_at_most(child, Duration::from_secs(60));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let stdout = String::from_utf8_lossy(&first).into_owned() + &run.stdout;
    let ids: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            value["handle_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(stdout.lines().count(), usize::try_from(HANDLES).unwrap());
    assert_eq!(
        ids.len(),
        usize::try_from(HANDLES).unwrap(),
        "each handle once"
    );
    // No request was wasted: one per page.
    assert_eq!(pages(), 3);
}

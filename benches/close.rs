//! End-to-end close benchmark, one run, against the emulator on 127.0.0.1 with 10 ms of
//! latency on every request: 100,000 handles of which 5,000 are older than 7 days.
//! `azfh handles close bench -r --older-than 7d --yes` against Microsoft's Python SDK doing the
//! same (list, filter in Python, `close_handle` per handle), and against the bound
//! "listing time + 5,000 / concurrency × 10 ms", the listing measured in the same run.
//!
//! Run: `cargo bench --bench close` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use common::{emulator, measure, median, script, start};

const HANDLES: u64 = 100_000;
const STALE: u64 = 5_000;
const LATENCY_MS: u64 = 10;
const PAGE_SIZE: &str = "5000";
const CONCURRENCY: u64 = 32;
const ROUNDS: usize = 3;

fn main() {
    let Some(python) = start("close") else {
        return;
    };
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let select = [
        "-r",
        "--older-than",
        "7d",
        "--page-size",
        PAGE_SIZE,
        "-o",
        "jsonl",
    ];

    // Each close changes the share: every run gets a fresh emulator.
    let run_azfh = |verb: &[&str]| {
        let env = emulator(HANDLES, STALE, LATENCY_MS);
        let connection = env.connection_string().to_owned();
        let mut command = vec![azfh, "handles"];
        command.extend_from_slice(verb);
        command.push("bench");
        command.extend_from_slice(&select);
        measure(
            &python,
            &command,
            &[("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())],
        )
    };
    let listing = median((0..ROUNDS).map(|_| run_azfh(&["ls"])).collect());
    let close = median((0..ROUNDS).map(|_| run_azfh(&["close", "--yes"])).collect());
    assert_eq!(listing.lines, STALE, "the selection");
    assert_eq!(close.lines, STALE, "one report line per closed handle");

    let env = emulator(HANDLES, STALE, LATENCY_MS);
    let connection = env.connection_string().to_owned();
    let sdk_script = script("close_handles_sdk.py");
    let python_text = python.to_string_lossy().into_owned();
    let sdk = measure(
        &python,
        &[
            python_text.as_str(),
            sdk_script.as_str(),
            connection.as_str(),
            "bench",
            PAGE_SIZE,
        ],
        &[],
    );
    assert_eq!(sdk.lines, STALE);
    drop(env);

    let bound = listing.seconds + STALE as f64 / CONCURRENCY as f64 * LATENCY_MS as f64 / 1000.0;
    println!(
        "closing the {STALE} of {HANDLES} handles older than 7 days, {LATENCY_MS} ms latency per request, emulator on 127.0.0.1:"
    );
    println!("  {:<52} {:>8} {:>14}", "", "wall s", "peak RSS MiB");
    println!(
        "  {:<52} {:>8.2} {:>14.1}",
        "azfh handles ls (the listing alone), median of 3", listing.seconds, listing.max_rss_mib
    );
    println!(
        "  {:<52} {:>8.2} {:>14.1}",
        "azfh handles close --yes, median of 3", close.seconds, close.max_rss_mib
    );
    println!(
        "  {:<52} {:>8.2} {:>14.1}",
        "Python SDK: list, filter, close_handle each", sdk.seconds, sdk.max_rss_mib
    );
    println!(
        "  azfh is {:.1}x faster than the SDK",
        sdk.seconds / close.seconds
    );
    println!(
        "  bound = listing + {STALE}/{CONCURRENCY} x {LATENCY_MS} ms = {bound:.2} s; azfh takes {:.2}x the bound",
        close.seconds / bound
    );
}

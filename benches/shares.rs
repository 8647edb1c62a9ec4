//! Several shares, end to end, one run against the emulator on 127.0.0.1 at 10 ms of latency
//! per request: 50 shares of 2,000 handles each.
//!
//! - `azfh handles ls --all-shares -r -o jsonl` against Microsoft's Python SDK looping over the
//!   same shares (`list_shares`, then `list_handles` on each, in turn: what operators script);
//! - against azfh listing the largest share alone (the sweep's floor);
//! - azfh's peak RSS at 10 and at 50 shares (jsonl streams: memory must not grow with the
//!   number of shares).
//!
//! Run: `cargo bench --bench shares` (the SDK comes from the venv `.ci/run` makes in the
//! target directory, or from the Python named by `AZFH_BENCH_PYTHON`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use azfh_emulator::Store;
use azfh_emulator::load::generate::{GenerateSpec, generate};
use common::{Measurement, measure, median, script, serve, start};

const HANDLES_PER_SHARE: u64 = 2_000;
const LATENCY_MS: u64 = 10;
const PAGE_SIZE: &str = "2000";
const ROUNDS: usize = 3;

/// A store with `shares` shares of [`HANDLES_PER_SHARE`] handles each.
fn store(shares: usize) -> Store {
    let mut store = Store::default();
    let now = time::OffsetDateTime::now_utc();
    for index in 0..shares {
        let spec = GenerateSpec {
            share: format!("share{index:02}"),
            handles: HANDLES_PER_SHARE,
            stale: HANDLES_PER_SHARE / 20,
        };
        generate(&mut store, &spec, now);
    }
    store
}

fn main() {
    let Some(python) = start("shares") else {
        return;
    };
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let sweep_args = [
        azfh,
        "handles",
        "ls",
        "--all-shares",
        "-r",
        "--page-size",
        PAGE_SIZE,
        "-o",
        "jsonl",
    ];
    let alone_args = [
        azfh,
        "handles",
        "ls",
        "share00",
        "-r",
        "--page-size",
        PAGE_SIZE,
        "-o",
        "jsonl",
    ];

    let env = serve(store(50), LATENCY_MS);
    let connection = env.connection_string().to_owned();
    let envs = [("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())];
    let python_text = python.to_string_lossy().into_owned();
    let sdk_script = script("list_shares_handles_sdk.py");
    let sdk_args = [
        python_text.as_str(),
        sdk_script.as_str(),
        connection.as_str(),
        PAGE_SIZE,
    ];
    let (mut sweep, mut alone, mut sdk) = (Vec::new(), Vec::new(), Vec::new());
    // In turn, so that the machine's load weighs on each alike.
    for _ in 0..ROUNDS {
        sweep.push(measure(&python, &sweep_args, &envs));
        alone.push(measure(&python, &alone_args, &envs));
        sdk.push(measure(&python, &sdk_args, &[]));
    }
    drop(env);
    let small = serve(store(10), LATENCY_MS);
    let small_connection = small.connection_string().to_owned();
    let ten: Measurement = measure(
        &python,
        &sweep_args,
        &[("AZURE_STORAGE_CONNECTION_STRING", small_connection.as_str())],
    );
    drop(small);

    let (sweep, alone, sdk) = (median(sweep), median(alone), median(sdk));
    let total = 50 * HANDLES_PER_SHARE;
    assert_eq!(
        sweep.lines, total,
        "azfh listed every handle of every share"
    );
    assert_eq!(
        sdk.lines, total,
        "the SDK listed every handle of every share"
    );
    assert_eq!(alone.lines, HANDLES_PER_SHARE);
    assert_eq!(ten.lines, 10 * HANDLES_PER_SHARE);
    println!(
        "50 shares of {HANDLES_PER_SHARE} handles at {LATENCY_MS} ms per request, pages of {PAGE_SIZE}, median of {ROUNDS}:"
    );
    println!("  {:<44} {:>8} {:>14}", "", "wall s", "peak RSS MiB");
    for (name, m) in [
        ("azfh handles ls --all-shares -r -o jsonl", sweep),
        ("Python SDK: list_shares, list_handles each", sdk),
        ("azfh handles ls share00 -r (one share)", alone),
    ] {
        println!("  {name:<44} {:>8.2} {:>14.1}", m.seconds, m.max_rss_mib);
    }
    println!(
        "  azfh is {:.1}x faster than the SDK loop; the sweep takes {:.2}x the time of the largest share alone",
        sdk.seconds / sweep.seconds,
        sweep.seconds / alone.seconds
    );
    println!(
        "  azfh peak RSS: {:.1} MiB at 10 shares, {:.1} MiB at 50 (jsonl streams page by page)",
        ten.max_rss_mib, sweep.max_rss_mib
    );
}

//! Several shares, end to end, one run against the emulator on 127.0.0.1 at 10 ms of latency
//! per request: 50 shares of 2,000 handles each.
//!
//! - `azfh handles ls --all-shares -r -o jsonl` against Microsoft's Python SDK looping over the
//!   same shares (`list_shares`, then `list_handles` on each, in turn: what operators script);
//! - against azfh listing the largest share alone, the same sweep at no latency (its CPU
//!   floor: how much of the latency the sweep hides), and one share of the same 100,000
//!   handles at 10 ms (what the handles cost when they are not spread over shares);
//! - azfh's peak RSS at 10 and at 50 shares (jsonl streams: memory must not grow with the
//!   number of shares).
//!
//! Run: `cargo bench --bench shares` (the SDK comes from the venv `.ci/run` makes in the
//! target directory, or from the Python named by `AZFH_BENCH_PYTHON`; without it azfh's
//! figures are measured alone, under `python3`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use azfh_emulator::Store;
use azfh_emulator::load::generate::{GenerateSpec, generate};
use common::{Measurement, measure, measurer, median, script, serve, start};

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

/// A store with one share, `share00`, of as many handles as [`store`]`(shares)` holds in all.
fn one_share(shares: usize) -> Store {
    let mut store = Store::default();
    let handles = HANDLES_PER_SHARE * shares as u64;
    let spec = GenerateSpec {
        share: "share00".into(),
        handles,
        stale: handles / 20,
    };
    generate(&mut store, &spec, time::OffsetDateTime::now_utc());
    store
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("shares: bench");
        return;
    }
    // Without the SDK, azfh's own figures are still measured.
    let sdk_python = start("shares");
    let python = sdk_python.clone().unwrap_or_else(measurer);
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
    let floor_env = serve(store(50), 0);
    let floor_connection = floor_env.connection_string().to_owned();
    let floor_envs = [("AZURE_STORAGE_CONNECTION_STRING", floor_connection.as_str())];
    let one_env = serve(one_share(50), LATENCY_MS);
    let one_connection = one_env.connection_string().to_owned();
    let one_envs = [("AZURE_STORAGE_CONNECTION_STRING", one_connection.as_str())];
    let python_text = python.to_string_lossy().into_owned();
    let sdk_script = script("list_shares_handles_sdk.py");
    let sdk_args = [
        python_text.as_str(),
        sdk_script.as_str(),
        connection.as_str(),
        PAGE_SIZE,
    ];
    let (mut sweep, mut alone, mut sdk) = (Vec::new(), Vec::new(), Vec::new());
    let (mut floor, mut one) = (Vec::new(), Vec::new());
    // In turn, so that the machine's load weighs on each alike.
    for _ in 0..ROUNDS {
        sweep.push(measure(&python, &sweep_args, &envs));
        alone.push(measure(&python, &alone_args, &envs));
        floor.push(measure(&python, &sweep_args, &floor_envs));
        one.push(measure(&python, &alone_args, &one_envs));
        if sdk_python.is_some() {
            sdk.push(measure(&python, &sdk_args, &[]));
        }
    }
    drop((env, floor_env, one_env));
    let small = serve(store(10), LATENCY_MS);
    let small_connection = small.connection_string().to_owned();
    let ten: Measurement = measure(
        &python,
        &sweep_args,
        &[("AZURE_STORAGE_CONNECTION_STRING", small_connection.as_str())],
    );
    drop(small);

    let (sweep, alone) = (median(sweep), median(alone));
    let (floor, one) = (median(floor), median(one));
    let sdk = (!sdk.is_empty()).then(|| median(sdk));
    let total = 50 * HANDLES_PER_SHARE;
    assert_eq!(
        sweep.lines, total,
        "azfh listed every handle of every share"
    );
    assert_eq!(floor.lines, total);
    assert_eq!(one.lines, total, "the one share holds as many handles");
    if let Some(sdk) = sdk {
        assert_eq!(
            sdk.lines, total,
            "the SDK listed every handle of every share"
        );
    }
    assert_eq!(alone.lines, HANDLES_PER_SHARE);
    assert_eq!(ten.lines, 10 * HANDLES_PER_SHARE);
    println!(
        "50 shares of {HANDLES_PER_SHARE} handles at {LATENCY_MS} ms per request, pages of {PAGE_SIZE}, median of {ROUNDS} (in turn):"
    );
    println!("  {:<50} {:>8} {:>14}", "", "wall s", "peak RSS MiB");
    let rows = [
        Some(("azfh handles ls --all-shares -r -o jsonl", sweep)),
        Some(("the same sweep at 0 ms (its CPU floor)", floor)),
        Some(("one share of the same 100,000 handles, 10 ms", one)),
        Some(("azfh handles ls share00 -r (one of the 50)", alone)),
        sdk.map(|sdk| ("Python SDK: list_shares, list_handles each", sdk)),
    ];
    for (name, m) in rows.into_iter().flatten() {
        println!("  {name:<50} {:>8.2} {:>14.1}", m.seconds, m.max_rss_mib);
    }
    if let Some(sdk) = sdk {
        println!(
            "  azfh is {:.1}x faster than the SDK loop",
            sdk.seconds / sweep.seconds
        );
    }
    println!(
        "  sweep / largest share alone: {:.2}x; sweep at 10 ms / sweep at 0 ms: {:.2}x; sweep / one share of the same count: {:.2}x",
        sweep.seconds / alone.seconds,
        sweep.seconds / floor.seconds,
        sweep.seconds / one.seconds
    );
    println!(
        "  azfh peak RSS: {:.1} MiB at 10 shares, {:.1} MiB at 50 (jsonl streams page by page)",
        ten.max_rss_mib, sweep.max_rss_mib
    );
}

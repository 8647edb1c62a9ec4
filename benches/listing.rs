//! End-to-end listing benchmark, one run, against the emulator on 127.0.0.1:
//! `azfh handles ls SHARE -r -o jsonl` over 100,000 handles (pages of 2,000) against
//! Microsoft's Python SDK listing the same share; wall time and peak RSS of each, and azfh's
//! peak RSS at 300,000 handles (jsonl streams: memory must not grow with the count).
//!
//! Run: `cargo bench --bench listing` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use common::{Measurement, emulator, measure, median, script, start};

const PAGE_SIZE: &str = "2000";
const ROUNDS: usize = 3;

fn main() {
    let Some(python) = start("listing") else {
        return;
    };
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let azfh_args = [
        "handles",
        "ls",
        "bench",
        "-r",
        "--page-size",
        PAGE_SIZE,
        "-o",
        "jsonl",
    ];

    let env = emulator(100_000, 5_000, 0);
    let connection = env.connection_string().to_owned();
    let envs = [("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())];
    let mut command = vec![azfh];
    command.extend(azfh_args);
    let azfh_runs: Vec<Measurement> = (0..ROUNDS)
        .map(|_| measure(&python, &command, &envs))
        .collect();
    let python_text = python.to_string_lossy().into_owned();
    let sdk_script = script("list_handles_sdk.py");
    let sdk_command = [
        python_text.as_str(),
        sdk_script.as_str(),
        connection.as_str(),
        "bench",
        PAGE_SIZE,
    ];
    let sdk_runs: Vec<Measurement> = (0..ROUNDS)
        .map(|_| measure(&python, &sdk_command, &[]))
        .collect();
    drop(env);

    let big = emulator(300_000, 15_000, 0);
    let big_connection = big.connection_string().to_owned();
    let big_run = measure(
        &python,
        &command,
        &[("AZURE_STORAGE_CONNECTION_STRING", big_connection.as_str())],
    );
    drop(big);

    let (a, s) = (median(azfh_runs), median(sdk_runs));
    assert_eq!(a.lines, 100_000, "azfh listed every handle");
    assert_eq!(s.lines, 100_000, "the SDK listed every handle");
    assert_eq!(big_run.lines, 300_000);
    println!(
        "listing 100,000 handles from the emulator on 127.0.0.1, pages of {PAGE_SIZE}, median of {ROUNDS}:"
    );
    println!(
        "  {:<34} {:>8} {:>14} {:>14}",
        "", "wall s", "handles/s", "peak RSS MiB"
    );
    for (name, m) in [
        ("azfh handles ls -r -o jsonl", a),
        ("Python SDK list_handles", s),
    ] {
        println!(
            "  {name:<34} {:>8.2} {:>14.0} {:>14.1}",
            m.seconds,
            m.lines as f64 / m.seconds,
            m.max_rss_mib
        );
    }
    println!(
        "  azfh is {:.1}x faster than the SDK, with {:.1}x less memory",
        s.seconds / a.seconds,
        s.max_rss_mib / a.max_rss_mib
    );
    println!(
        "  azfh at 300,000 handles: {:.2} s, peak RSS {:.1} MiB (constant memory: jsonl streams page by page)",
        big_run.seconds, big_run.max_rss_mib
    );
}

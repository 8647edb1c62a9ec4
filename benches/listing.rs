//! End-to-end listing benchmark, one run, against the emulator on 127.0.0.1:
//! `azfh handles ls SHARE -r -o jsonl` over 100,000 handles (pages of 2,000) against
//! Microsoft's Python SDK listing the same share; wall time and peak RSS of each, and azfh's
//! peak RSS at 300,000 handles (jsonl streams: memory must not grow with the count).
//!
//! Then, at 10 ms and 50 ms of latency per request, azfh against the sequential bound: the
//! same pages fetched one after another with nothing else done between them, that is pages
//! times (latency plus the emulator's own page time), measured in the same run, in turn with
//! azfh, and pages times latency alone; azfh's peak RSS at each latency too.
//! `AZFH_BENCH_BEFORE=PATH` adds another azfh binary (an earlier build) to that comparison.
//!
//! Run: `cargo bench --bench listing` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`; without it azfh's figures are
//! measured alone, under `python3`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use std::path::Path;
use std::time::Instant;

use azfh_client::azure::paging::scan_next_marker;
use azfh_client::azure::transport::Request;
use azfh_client::azure::{AccountKey, AzureFilesBuilder, Location, ServiceEndpoint};
use azfh_emulator::BackgroundEmulator;
use common::{Measurement, emulator, measure, measurer, median, script, start};

const PAGE_SIZE: &str = "2000";
/// The listing every measurement runs.
const LIST_ARGS: [&str; 8] = [
    "handles",
    "ls",
    "bench",
    "-r",
    "--page-size",
    PAGE_SIZE,
    "-o",
    "jsonl",
];
const ROUNDS: usize = 3;
/// Rounds of each command at each latency (the median is reported).
const LATENCY_ROUNDS: usize = 5;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("listing: bench");
        return;
    }
    at_latency();
    // Without the SDK, azfh's own figures are still measured.
    let sdk_python = start("listing");
    let python = sdk_python.clone().unwrap_or_else(measurer);
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let azfh_args = LIST_ARGS;

    let env = emulator(100_000, 5_000, 0);
    let connection = env.connection_string().to_owned();
    let envs = [("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())];
    let mut command = vec![azfh];
    command.extend(azfh_args);
    let azfh_runs: Vec<Measurement> = (0..ROUNDS)
        .map(|_| measure(&python, &command, &envs))
        .collect();
    let sdk_runs: Option<Vec<Measurement>> = sdk_python.as_ref().map(|python| {
        let python_text = python.to_string_lossy().into_owned();
        let sdk_script = script("list_handles_sdk.py");
        let sdk_command = [
            python_text.as_str(),
            sdk_script.as_str(),
            connection.as_str(),
            "bench",
            PAGE_SIZE,
        ];
        (0..ROUNDS)
            .map(|_| measure(python, &sdk_command, &[]))
            .collect()
    });
    drop(env);

    let big = emulator(300_000, 15_000, 0);
    let big_connection = big.connection_string().to_owned();
    let big_run = measure(
        &python,
        &command,
        &[("AZURE_STORAGE_CONNECTION_STRING", big_connection.as_str())],
    );
    drop(big);

    let a = median(azfh_runs);
    let s = sdk_runs.map(median);
    assert_eq!(a.lines, 100_000, "azfh listed every handle");
    if let Some(s) = s {
        assert_eq!(s.lines, 100_000, "the SDK listed every handle");
    }
    assert_eq!(big_run.lines, 300_000);
    println!(
        "listing 100,000 handles from the emulator on 127.0.0.1, pages of {PAGE_SIZE}, median of {ROUNDS}:"
    );
    println!(
        "  {:<34} {:>8} {:>14} {:>14}",
        "", "wall s", "handles/s", "peak RSS MiB"
    );
    let rows = [
        Some(("azfh handles ls -r -o jsonl", a)),
        s.map(|s| ("Python SDK list_handles", s)),
    ];
    for (name, m) in rows.into_iter().flatten() {
        println!(
            "  {name:<34} {:>8.2} {:>14.0} {:>14.1}",
            m.seconds,
            m.lines as f64 / m.seconds,
            m.max_rss_mib
        );
    }
    if let Some(s) = s {
        println!(
            "  azfh is {:.1}x faster than the SDK, with {:.1}x less memory",
            s.seconds / a.seconds,
            s.max_rss_mib / a.max_rss_mib
        );
    }
    println!(
        "  azfh at 300,000 handles: {:.2} s, peak RSS {:.1} MiB (constant memory: jsonl streams page by page)",
        big_run.seconds, big_run.max_rss_mib
    );
}

/// `binary ARGS` against the emulator at `connection`, under the measuring wrapper.
fn run_azfh(python: &Path, binary: &str, args: &[&str], connection: &str) -> Measurement {
    let mut command = vec![binary];
    command.extend(args);
    measure(
        python,
        &command,
        &[("AZURE_STORAGE_CONNECTION_STRING", connection)],
    )
}

/// The sequential bound: List Handles of the whole share page by page, each request sent once
/// the one before it is answered, and nothing else done (the marker is read off the body's
/// end, the body is not decoded). Wall seconds and pages.
fn sequential_pages(env: &BackgroundEmulator, runtime: &tokio::runtime::Runtime) -> (f64, u64) {
    let endpoint = ServiceEndpoint::parse(&env.endpoint(), None).expect("the emulator's endpoint");
    let key = AccountKey::from_base64(azfh_protocol::development::ACCOUNT_KEY).unwrap();
    let client = AzureFilesBuilder::new(endpoint)
        .with_shared_key(key)
        .build()
        .expect("a client");
    let location = Location {
        share: "bench".into(),
        path: String::new(),
        snapshot: None,
    };
    runtime.block_on(async {
        let started = Instant::now();
        let (mut marker, mut pages) = (None::<String>, 0);
        loop {
            let mut query = vec![
                ("comp".to_owned(), "listhandles".to_owned()),
                ("maxresults".to_owned(), PAGE_SIZE.to_owned()),
            ];
            if let Some(marker) = marker.take() {
                query.push(("marker".to_owned(), marker));
            }
            let headers = vec![("x-ms-recursive".to_owned(), "true".to_owned())];
            let request = Request::at(
                "List Handles",
                reqwest::Method::GET,
                &location,
                query,
                headers,
            );
            let answer = client.transport().send(&request).await.expect("a page");
            pages += 1;
            marker = scan_next_marker(&answer.body);
            if marker.is_none() {
                break;
            }
        }
        (started.elapsed().as_secs_f64(), pages)
    })
}

fn median_of(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// azfh (and an earlier build, if named) against the sequential bound at 10 and 50 ms.
///
/// The bound is reported two ways: measured (the same pages fetched one after another in the
/// same run: pages times latency plus the emulator's own time per page) and as pages times
/// latency alone (the emulator's time counted as nothing).
fn at_latency() {
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let before = std::env::var("AZFH_BENCH_BEFORE").ok();
    let python = measurer();
    let args = LIST_ARGS;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "listing 100,000 handles at latency, pages of {PAGE_SIZE}, median of {LATENCY_ROUNDS} (in turn):"
    );
    for latency_ms in [10, 50] {
        let env = emulator(100_000, 5_000, latency_ms);
        let connection = env.connection_string().to_owned();
        let (mut bound, mut now, mut earlier, mut pages) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for _ in 0..LATENCY_ROUNDS {
            let (seconds, count) = sequential_pages(&env, &runtime);
            bound.push(seconds);
            pages = count;
            let run = run_azfh(&python, azfh, &args, &connection);
            assert_eq!(run.lines, 100_000, "azfh listed every handle");
            now.push(run);
            if let Some(before) = &before {
                let run = run_azfh(&python, before, &args, &connection);
                assert_eq!(run.lines, 100_000, "the earlier build listed every handle");
                earlier.push(run);
            }
        }
        let (bound, now) = (median_of(bound), median(now));
        let latency_bound = pages as f64 * latency_ms as f64 / 1e3;
        println!(
            "  {latency_ms:>2} ms: azfh {:.3} s, peak RSS {:.1} MiB; sequential bound measured ({pages} pages one after another) {bound:.3} s: {:.2}x; pages x latency {latency_bound:.3} s: {:.2}x",
            now.seconds,
            now.max_rss_mib,
            bound / now.seconds,
            latency_bound / now.seconds
        );
        if !earlier.is_empty() {
            let earlier = median(earlier);
            println!(
                "         earlier build {:.3} s, peak RSS {:.1} MiB: {:.2}x the measured bound, {:.2}x pages x latency; azfh is {:.2}x faster than it",
                earlier.seconds,
                earlier.max_rss_mib,
                bound / earlier.seconds,
                latency_bound / earlier.seconds,
                earlier.seconds / now.seconds
            );
        }
    }
}

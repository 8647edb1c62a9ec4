//! End-to-end listing benchmark, one run, against the emulator on 127.0.0.1:
//! `azfh handles ls SHARE -r -o jsonl` over 100,000 handles (pages of 2,000) against
//! Microsoft's Python SDK listing the same share; wall time and peak RSS of each, and azfh's
//! peak RSS at 300,000 handles (jsonl streams: memory must not grow with the count).
//!
//! Then, at 10 ms and 50 ms of latency per request, azfh against the sequential bound: the
//! same pages fetched one after another with nothing else done between them, that is pages
//! times (latency plus the emulator's own page time), measured in the same run, in turn with
//! azfh; azfh's pipelined paging keeps the next request in flight while it decodes and prints
//! a page.
//! `AZFH_BENCH_BEFORE=PATH` adds another azfh binary (an earlier build) to that comparison.
//!
//! Run: `cargo bench --bench listing` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`; without it only the latency
//! comparison runs).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use azfh_client::azure::paging::scan_next_marker;
use azfh_client::azure::transport::Request;
use azfh_client::azure::{AccountKey, AzureFilesBuilder, Location, ServiceEndpoint};
use azfh_emulator::BackgroundEmulator;
use common::{Measurement, emulator, measure, median, script, start};

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
    let Some(python) = start("listing") else {
        return;
    };
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

/// Wall seconds of `azfh ARGS` and the lines it printed (stdout read as it comes).
fn run_azfh(binary: &str, args: &[&str], connection: &str) -> (f64, u64) {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .env("AZURE_STORAGE_CONNECTION_STRING", connection)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("azfh starts");
    let lines = BufReader::new(child.stdout.take().unwrap()).lines().count() as u64;
    assert!(child.wait().unwrap().success(), "{binary} succeeds");
    (started.elapsed().as_secs_f64(), lines)
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
fn at_latency() {
    let azfh = env!("CARGO_BIN_EXE_azfh");
    let before = std::env::var("AZFH_BENCH_BEFORE").ok();
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
            let (seconds, lines) = run_azfh(azfh, &args, &connection);
            assert_eq!(lines, 100_000, "azfh listed every handle");
            now.push(seconds);
            if let Some(before) = &before {
                let (seconds, lines) = run_azfh(before, &args, &connection);
                assert_eq!(lines, 100_000, "the earlier build listed every handle");
                earlier.push(seconds);
            }
        }
        let (bound, now) = (median_of(bound), median_of(now));
        println!(
            "  {latency_ms:>2} ms: sequential bound ({pages} pages one after another) {bound:.3} s; azfh {now:.3} s, {:.2}x the bound",
            bound / now
        );
        if !earlier.is_empty() {
            let earlier = median_of(earlier);
            println!(
                "         earlier build {earlier:.3} s, {:.2}x the bound; azfh is {:.2}x faster than it",
                bound / earlier,
                earlier / now
            );
        }
    }
}

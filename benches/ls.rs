//! End-to-end recursive listing benchmark, one run, against the emulator on 127.0.0.1 with
//! 10 ms of latency on every request: a tree of 1,000 directories of 50 files each (in ten
//! groups, so 1,011 directories to list). `azfh ls bench -r -o jsonl` against Microsoft's
//! Python SDK walking the same tree with `list_directories_and_files`, directory by directory.
//! Both must print every one of the 51,010 entries.
//!
//! Run: `cargo bench --bench ls` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`).

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use azfh_emulator::Store;
use azfh_emulator::load::generate::{TreeSpec, generate_tree};
use common::{measure, median, script, serve, start};

const DIRECTORIES: u64 = 1_000;
const FILES_PER_DIRECTORY: u64 = 50;
/// The ten group directories above the 1,000.
const GROUPS: u64 = 10;
const LATENCY_MS: u64 = 10;
const ROUNDS: usize = 3;

fn main() {
    let Some(python) = start("ls") else {
        return;
    };
    let mut store = Store::default();
    let spec = TreeSpec {
        share: "bench".into(),
        directories: DIRECTORIES,
        files_per_directory: FILES_PER_DIRECTORY,
    };
    generate_tree(&mut store, &spec, time::OffsetDateTime::now_utc());
    let env = serve(store, LATENCY_MS);
    let connection = env.connection_string().to_owned();
    let entries = GROUPS + DIRECTORIES * (1 + FILES_PER_DIRECTORY);

    let azfh = env!("CARGO_BIN_EXE_azfh");
    let azfh_run = median(
        (0..ROUNDS)
            .map(|_| {
                measure(
                    &python,
                    &[azfh, "ls", "bench", "-r", "-o", "jsonl"],
                    &[("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())],
                )
            })
            .collect(),
    );
    assert_eq!(azfh_run.lines, entries, "azfh lists every entry once");

    let python_text = python.to_string_lossy().into_owned();
    let sdk_script = script("walk_sdk.py");
    let sdk_run = measure(
        &python,
        &[&python_text, &sdk_script, &connection, "bench"],
        &[],
    );
    assert_eq!(sdk_run.lines, entries, "the SDK lists every entry once");
    drop(env);

    println!(
        "listing a tree of {DIRECTORIES} directories x {FILES_PER_DIRECTORY} files ({entries} entries), {LATENCY_MS} ms latency per request, emulator on 127.0.0.1:"
    );
    println!("  {:<52} {:>8} {:>14}", "", "wall s", "peak RSS MiB");
    println!(
        "  {:<52} {:>8.2} {:>14.1}",
        "azfh ls -r -o jsonl, median of 3", azfh_run.seconds, azfh_run.max_rss_mib
    );
    println!(
        "  {:<52} {:>8.2} {:>14.1}",
        "Python SDK walk, one directory at a time", sdk_run.seconds, sdk_run.max_rss_mib
    );
    println!(
        "  azfh is {:.1}x faster than the SDK walk (target >= 10x)",
        sdk_run.seconds / azfh_run.seconds
    );
}

//! What the end-to-end benchmarks share: an emulator with a generated share, a Python that has
//! Microsoft's SDK, and a measuring wrapper (wall time, peak RSS, lines of output).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use azfh_emulator::load::generate::{GenerateSpec, generate};
use azfh_emulator::{BackgroundEmulator, EmulatorConfig, Faults, Store};

/// One measured run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measurement {
    pub seconds: f64,
    pub max_rss_mib: f64,
    pub lines: u64,
}

/// Runs `command` under `benches/measure.py`.
pub(crate) fn measure(python: &Path, command: &[&str], envs: &[(&str, &str)]) -> Measurement {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/measure.py");
    let output = Command::new(python)
        .arg(script)
        .args(command)
        .envs(envs.iter().copied())
        .output()
        .expect("the measuring wrapper runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the wrapper prints JSON");
    Measurement {
        seconds: json["seconds"].as_f64().unwrap(),
        max_rss_mib: json["max_rss_kib"].as_f64().unwrap() / 1024.0,
        lines: json["lines"].as_u64().unwrap(),
    }
}

/// The median by wall time, with the highest peak RSS of all runs.
pub(crate) fn median(mut runs: Vec<Measurement>) -> Measurement {
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mid = runs[runs.len() / 2];
    Measurement {
        max_rss_mib: runs.iter().map(|r| r.max_rss_mib).fold(0.0, f64::max),
        ..mid
    }
}

/// An emulator on 127.0.0.1 with the share `bench`: `handles` handles, `stale` of them old.
pub(crate) fn emulator(handles: u64, stale: u64, latency_ms: u64) -> BackgroundEmulator {
    let mut store = Store::default();
    let spec = GenerateSpec {
        share: "bench".into(),
        handles,
        stale,
    };
    generate(&mut store, &spec, time::OffsetDateTime::now_utc());
    serve(store, latency_ms)
}

/// An emulator on 127.0.0.1 serving `store`, `latency_ms` late on every request.
pub(crate) fn serve(store: Store, latency_ms: u64) -> BackgroundEmulator {
    let config = EmulatorConfig {
        faults: Faults {
            latency_ms,
            ..Faults::default()
        },
        ..EmulatorConfig::default()
    };
    BackgroundEmulator::start(config, store).expect("emulator starts")
}

/// What a benchmark binary does before it starts: answers `--list` (cargo's question) and
/// finds the Python with the SDK; `None` means return at once (a note says why).
pub(crate) fn start(name: &str) -> Option<PathBuf> {
    if std::env::args().any(|a| a == "--list") {
        println!("{name}: bench");
        return None;
    }
    let found = python();
    if found.is_none() {
        eprintln!(
            "{name} benchmark skipped: no Python with azure-storage-file-share (run .ci/run once, or set AZFH_BENCH_PYTHON)"
        );
    }
    found
}

/// A Python with azure-storage-file-share: `AZFH_BENCH_PYTHON`, or the venv `.ci/run` makes
/// in the target directory (`CARGO_TARGET_DIR`, else `target/`).
pub(crate) fn python() -> Option<PathBuf> {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let candidates = [
        std::env::var_os("AZFH_BENCH_PYTHON").map(PathBuf::from),
        Some(target_dir.join("conformance-venv/bin/python")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import azure.storage.fileshare"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A Python to run the measuring wrapper under: the SDK's when there is one, else `python3`
/// (the wrapper needs only the standard library).
pub(crate) fn measurer() -> PathBuf {
    python().unwrap_or_else(|| PathBuf::from("python3"))
}

/// A benchmark script's path, as a string.
pub(crate) fn script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

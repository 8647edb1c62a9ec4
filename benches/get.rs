//! End-to-end download benchmark, one run, against the emulator on 127.0.0.1 with no added
//! latency: a 1 GiB file without a stored MD5 (as SMB clients leave them) downloaded to disk by
//! `azfh get` (its defaults: 8 ranges of 4 MiB in flight), by Microsoft's Python SDK
//! (`download_file(max_concurrency=8)`) and by `curl` through a SAS URL (one stream: what
//! loopback and the emulator can serve); and a 1 GiB file with a stored MD5, which `azfh get`
//! verifies (the others do not). Every download is checked against the generated content.
//! Into memory (`/dev/shm`, the network path alone) and onto the disk, where `--fsync` also
//! flushes the file before renaming it (the others leave it in the page cache). In each place
//! warm (one run straight after another) and cold (each run after 10 s idle, when a virtual
//! machine may have handed page-cache memory back to its host), in rotated order; each figure
//! is also given as a ratio to curl and to the SDK in the same round, the median of the rounds.
//!
//! Run: `cargo bench --bench get` (the SDK comes from the venv `.ci/run` makes in the target
//! directory, or from the Python named by `AZFH_BENCH_PYTHON`; without it the SDK is left out
//! and `python3` runs the measuring wrapper; curl from PATH). `cargo bench --bench get --
//! memory` (or `disk`) measures one place only; `AZFH_BENCH_BASELINE=PATH` adds another build
//! of azfh (an earlier commit's) to the same rounds, for a before/after in one run.

// A report binary: printing its figures is its job.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use azfh_emulator::load::generate::{FileSpec, generate_file};
use azfh_emulator::{ACCOUNT, ACCOUNT_KEY, Store, load::content};
use azfh_protocol::sas::SasFields;
use base64::Engine;
use common::{Measurement, measure, median, python, script, serve};

const SIZE: u64 = 1 << 30;
const CONCURRENCY: u64 = 8;
const BLOCK: u64 = 4 << 20;
/// Rounds run straight after one another.
const WARM_ROUNDS: usize = 5;
/// Rounds with an idle pause before every run (each takes a minute or more).
const COLD_ROUNDS: usize = 3;
/// The pause before a cold run.
const IDLE: Duration = Duration::from_secs(10);
const MIB: f64 = 1_048_576.0;

fn md5_of_file(path: &Path) -> [u8; 16] {
    use md5::{Digest, Md5};
    use std::io::Read;
    let mut file = std::fs::File::open(path).expect("the download exists");
    let mut hasher = Md5::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        let n = file.read(&mut buf).expect("readable");
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    hasher.finalize().into()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("get: bench");
        return;
    }
    // `cargo bench` passes `--bench`; a word names the one place to measure.
    let only_place: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let baseline = std::env::var_os("AZFH_BENCH_BASELINE").map(PathBuf::from);
    let sdk_python = python();
    if sdk_python.is_none() {
        eprintln!(
            "get benchmark: the SDK is left out: no Python with azure-storage-file-share (run .ci/run once, or set AZFH_BENCH_PYTHON)"
        );
    }
    let python = sdk_python
        .clone()
        .unwrap_or_else(|| PathBuf::from("python3"));
    let python_found = Command::new(&python)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !python_found {
        eprintln!("get benchmark skipped: no python3 to run the measuring wrapper");
        return;
    }
    let curl_found = Command::new("curl")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !curl_found {
        eprintln!("get benchmark skipped: curl is not on PATH");
        return;
    }

    let mut store = Store::default();
    for (path, md5) in [("big.bin", false), ("big-md5.bin", true)] {
        let spec = FileSpec {
            share: "bench".into(),
            path: path.into(),
            size: SIZE,
            md5,
        };
        generate_file(&mut store, &spec, time::OffsetDateTime::now_utc(), &|_| {});
    }
    // Both files have the same size, hence the same seed and content.
    let seed = store
        .share("bench")
        .and_then(|share| share.live.resolve(&["big.bin"]).ok())
        .and_then(|(_, node)| node.file().map(|f| f.seed))
        .expect("the file was made");
    let expected = content::md5(seed, SIZE);
    let env = serve(store, 0);
    let connection = env.connection_string().to_owned();

    let azfh = env!("CARGO_BIN_EXE_azfh");
    let python_text = python.to_string_lossy().into_owned();
    let sdk_script = script("download_file_sdk.py");
    let concurrency = CONCURRENCY.to_string();
    let key = base64::engine::general_purpose::STANDARD
        .decode(ACCOUNT_KEY)
        .expect("the development key is base64");
    let token = SasFields {
        version: "2025-05-05".into(),
        permissions: "r".into(),
        expiry: "2099-01-01T00:00:00Z".into(),
        resource: Some("f".into()),
        ..SasFields::default()
    }
    .sign(ACCOUNT, "/bench/big.bin", &key);
    let url = format!("{}/bench/big.bin?{token}", env.endpoint());

    // Where downloads land: memory (a tmpfs: the network path alone) and the disk under
    // target/ (where `--fsync` also flushes to disk before the rename, and the others do not).
    let mut places = Vec::new();
    if Path::new("/dev/shm").is_dir() {
        places.push(("memory (/dev/shm)", PathBuf::from("/dev/shm")));
    }
    places.push((
        "disk (target/tmp)",
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
    ));
    if let Some(only) = &only_place {
        places.retain(|(place, _)| place.starts_with(only.as_str()));
    }
    let baseline_text = baseline.as_ref().map(|b| b.to_string_lossy().into_owned());
    for (place, scratch) in places {
        let dir = tempfile::tempdir_in(&scratch).expect("a scratch directory");
        let dest = dir.path().join("big.bin");
        let dest_text = dest.to_string_lossy().into_owned();
        let check = |what: &str| {
            assert_eq!(
                std::fs::metadata(&dest).map(|m| m.len()).ok(),
                Some(SIZE),
                "{what}: size"
            );
            assert_eq!(md5_of_file(&dest), expected, "{what}: content");
            std::fs::remove_file(&dest).expect("removable");
            // The next contender starts on a quiet disk: nobody pays for the previous one's
            // writeback (or the discard of its blocks).
            let _ = Command::new("sync").status();
        };
        let azfh_get_with = |azfh: &str, source: &str, extra: &[&str]| {
            let mut command = vec![azfh, "get", source, dest_text.as_str()];
            command.extend_from_slice(extra);
            measure(
                &python,
                &command,
                &[("AZURE_STORAGE_CONNECTION_STRING", connection.as_str())],
            )
        };
        let sdk = || {
            measure(
                &python,
                &[
                    &python_text,
                    &sdk_script,
                    &connection,
                    "bench",
                    "big.bin",
                    &dest_text,
                    &concurrency,
                ],
                &[],
            )
        };
        let curl = || {
            measure(
                &python,
                &["curl", "--silent", "--fail", "--output", &dest_text, &url],
                &[],
            )
        };
        let azfh_get = |source: &str, extra: &[&str]| azfh_get_with(azfh, source, extra);
        let before = || {
            let baseline = baseline_text.as_deref().expect("only run when given");
            azfh_get_with(baseline, "bench/big.bin", &[])
        };
        let plain = || azfh_get("bench/big.bin", &[]);
        let verified = || azfh_get("bench/big-md5.bin", &[]);
        let fsync = || azfh_get("bench/big.bin", &["--fsync"]);
        let mut contenders: Vec<(&str, &dyn Fn() -> Measurement)> = vec![
            ("azfh get (8 x 4 MiB ranges)", &plain),
            ("azfh get, stored MD5 verified while downloading", &verified),
            (
                "azfh get --fsync (flushed to disk before the rename)",
                &fsync,
            ),
            ("curl, one stream through a SAS URL", &curl),
        ];
        let sdk_index = sdk_python.is_some().then(|| {
            contenders.push(("Python SDK download_file(max_concurrency=8)", &sdk));
            contenders.len() - 1
        });
        if baseline.is_some() {
            contenders.push(("azfh get, baseline build (AZFH_BENCH_BASELINE)", &before));
        }
        for (temperature, rounds, idle) in [
            ("warm", WARM_ROUNDS, Duration::ZERO),
            ("cold: 10 s idle before each run", COLD_ROUNDS, IDLE),
        ] {
            // Each round runs every contender once, starting one further each round, so that
            // the machine's drifts and whatever the previous download left behind (page
            // cache, disk writeback) fall on all of them alike.
            let mut runs: Vec<Vec<Measurement>> = vec![Vec::new(); contenders.len()];
            for round in 0..rounds {
                for turn in 0..contenders.len() {
                    let index = (round + turn) % contenders.len();
                    let (what, run) = contenders[index];
                    std::thread::sleep(idle);
                    runs[index].push(run());
                    check(what);
                }
            }
            report(place, temperature, &contenders, &runs, sdk_index);
        }
    }
}

/// The median over rounds of `a`'s time over `b`'s in the same round.
fn paired_ratio(a: &[Measurement], b: &[Measurement]) -> f64 {
    let mut ratios: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(a, b)| a.seconds / b.seconds)
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// Prints one place's table and ratios: `runs[i]` are contender `i`'s, one a round; the first
/// contender is `azfh get`, then verified, `--fsync`, curl, then the SDK (at `sdk_index`, if
/// present) and a baseline build, if given.
fn report(
    place: &str,
    temperature: &str,
    contenders: &[(&str, &dyn Fn() -> Measurement)],
    runs: &[Vec<Measurement>],
    sdk_index: Option<usize>,
) {
    let mib_s = |m: &Measurement| SIZE as f64 / MIB / m.seconds;
    let rss_budget = 64.0 + (CONCURRENCY * BLOCK) as f64 / MIB;
    let rounds = runs[0].len();
    println!(
        "downloading a 1 GiB file to {place}, {temperature}, emulator on 127.0.0.1, no added latency, median of {rounds}:"
    );
    println!(
        "  {:<52} {:>8} {:>10} {:>14} {:>10} {:>10}",
        "", "wall s", "MiB/s", "peak RSS MiB", "speed/curl", "speed/SDK"
    );
    let curl = &runs[3];
    let sdk = sdk_index.map(|index| &runs[index]);
    for ((what, _), own) in contenders.iter().zip(runs) {
        let m = median(own.clone());
        // Speed relative to a reference: its time over ours, paired by round.
        let against = |reference: &[Measurement]| 1.0 / paired_ratio(own, reference);
        let vs_sdk = sdk.map_or_else(|| "-".to_owned(), |sdk| format!("{:.2}x", against(sdk)));
        println!(
            "  {what:<52} {:>8.2} {:>10.0} {:>14.1} {:>9.2}x {:>10}",
            m.seconds,
            mib_s(&m),
            m.max_rss_mib,
            against(curl),
            vs_sdk
        );
    }
    let azfh = &runs[0];
    if let Some(sdk) = sdk {
        println!(
            "  azfh is {:.2}x as fast as the SDK (target >= 1.5x)",
            1.0 / paired_ratio(azfh, sdk)
        );
    }
    println!(
        "  azfh reaches {:.2}x curl's speed (target >= 0.8x on disk, cold; >= 0.9x in memory)",
        1.0 / paired_ratio(azfh, curl)
    );
    println!(
        "  verifying the MD5 costs {:.2}x the time of not verifying",
        paired_ratio(&runs[1], azfh)
    );
    let peak = runs[..2]
        .iter()
        .flatten()
        .map(|m| m.max_rss_mib)
        .fold(0.0, f64::max);
    println!("  azfh peak RSS {peak:.1} MiB (budget 64 MiB + 8 x 4 MiB = {rss_budget:.0} MiB)");
}

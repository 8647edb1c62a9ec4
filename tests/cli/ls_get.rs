//! `azfh ls` and `azfh get` against the emulator: listings equal its tree, downloads are
//! byte-exact, and nothing half-done ever takes DEST's name.

use std::collections::BTreeSet;
use std::path::Path;

use azfh::emulator::{EmulatorConfig, Faults, demo};

use crate::support::Env;

fn listed(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let path = value["path"].as_str().unwrap().to_owned();
            if value["type"] == "directory" {
                format!("{path}/")
            } else {
                path
            }
        })
        .collect()
}

/// An emulator with the demo share and a few files made for downloading.
fn files_env() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        demo::load(store, now);
        let json = r#"{"shares":[{"name":"files","files":[
            {"path":"empty.bin","size":0},
            {"path":"small.txt","size":11,"md5":true},
            {"path":"odd/a b#c+d%e & données\uFFFE.bin","size":70000,"md5":true},
            {"path":"multi/blocks.bin","size":1049000,"md5":true},
            {"path":"multi/no-md5.bin","size":300001},
            {"path":"bad/corrupt.bin","size":200000,"md5":"AAAAAAAAAAAAAAAAAAAAAA=="},
            {"path":"tree/one.txt","size":5000},
            {"path":"tree/sub/two.txt","size":70001},
            {"path":"tree/sub/locked.db","size":1000},
            {"path":"tree/sub/deeper/three.txt","size":0}]}]}"#;
        azfh::emulator::state_file::load(store, json, now).unwrap();
    })
}

#[test]
fn recursive_listing_equals_the_tree_and_one_level_its_children() {
    let env = Env::demo();
    let all = env.azfh().run(["ls", "demo", "-r", "-o", "jsonl"]);
    assert_eq!(listed(all.ok()), env.tree("demo", ""));
    let projects = env.azfh().run([
        "ls",
        "demo/projects",
        "-r",
        "-o",
        "jsonl",
        "--concurrency",
        "2",
        "--page-size",
        "2",
    ]);
    assert_eq!(listed(projects.ok()), env.tree("demo", "projects"));
    let level: BTreeSet<String> = env
        .tree("demo", "projects")
        .into_iter()
        .filter(|p| p.trim_end_matches('/').matches('/').count() == 0)
        .collect();
    let one = env.azfh().run(["ls", "demo/projects", "-o", "jsonl"]);
    assert_eq!(listed(one.ok()), level);
    let odd = env
        .azfh()
        .run(["ls", "demo/archive/old\u{FFFE}reports", "-o", "jsonl"]);
    assert_eq!(
        listed(odd.ok()),
        BTreeSet::from(["2019.zip".to_owned(), "2020.zip".to_owned()])
    );
    let table = env.azfh().run(["ls", "demo/archive", "-r", "-o", "table"]);
    assert!(
        table.ok().contains("old\\u{fffe}reports/2019.zip"),
        "escaped in tables: {}",
        table.stdout
    );
}

#[test]
fn paging_prefix_long_and_snapshot() {
    let env = Env::demo();
    let run = env
        .azfh()
        .run(["ls", "demo/shared", "--page-size", "1", "-o", "jsonl"]);
    assert_eq!(listed(run.ok()).len(), 4);
    assert_eq!(
        env.emulator
            .handle
            .operation_count("ListDirectoriesAndFiles"),
        4,
        "one entry a page, every page followed"
    );
    let prefixed = env
        .azfh()
        .run(["ls", "demo/shared", "--prefix", "Open", "-o", "jsonl"]);
    assert_eq!(
        listed(prefixed.ok()),
        BTreeSet::from(["Open Questions.docx".to_owned()])
    );
    let long = env.azfh().run(["ls", "demo/shared", "-l", "-o", "jsonl"]);
    for line in long.ok().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = format!("shared/{}", value["path"].as_str().unwrap());
        let (size, file_id) = env.emulator.handle.with_store(|store| {
            let segments: Vec<&str> = path.split('/').collect();
            let (_, node) = store
                .share("demo")
                .unwrap()
                .live
                .resolve(&segments)
                .unwrap();
            (node.file().map(|f| f.size), node.file_id)
        });
        assert_eq!(value["size"].as_u64(), size, "{path}");
        assert_eq!(value["file_id"], file_id.to_string());
        assert_eq!(value["attributes"], "Archive");
        assert!(value["last_write_time"].is_string() && value["etag"].is_string());
    }
    let snapshot = env.emulator.handle.with_store(|store| {
        store
            .share("demo")
            .unwrap()
            .snapshots
            .keys()
            .next()
            .unwrap()
            .clone()
    });
    let snap = env.azfh().run([
        "ls",
        "demo/databases",
        "--snapshot",
        &snapshot,
        "-o",
        "jsonl",
    ]);
    assert!(listed(snap.ok()).contains("inventory.mdb"));
}

#[test]
fn a_missing_directory_fails_with_a_hint_and_a_file_lists_itself() {
    let env = Env::demo();
    env.azfh()
        .run(["ls", "demo/nope"])
        .failure("404 ResourceNotFound", "does not exist");
    let file = env
        .azfh()
        .run(["ls", "demo/shared/Open Questions.docx", "-o", "jsonl"]);
    assert_eq!(
        listed(file.ok()),
        BTreeSet::from(["Open Questions.docx".to_owned()])
    );
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Nothing but DEST (and other finished files) in `dir`: no partial files left behind.
fn no_partials(dir: &Path) {
    for entry in walk(dir) {
        assert!(
            !entry.contains(".azfh-partial"),
            "a partial file was left: {entry}"
        );
    }
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path.display().to_string());
    }
    out
}

#[test]
fn downloads_are_byte_exact_for_every_kind_of_file() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    for (remote, block) in [
        ("empty.bin", "4M"),
        ("small.txt", "4M"),
        ("odd/a b#c+d%e & données\u{FFFE}.bin", "64K"),
        ("multi/blocks.bin", "64K"),
        ("multi/no-md5.bin", "64K"),
    ] {
        let name = remote.rsplit('/').next().unwrap();
        let dest = dir.path().join(name);
        let run = env.azfh().run([
            "get",
            &format!("files/{remote}"),
            dest.to_str().unwrap(),
            "--block-size",
            block,
            "--concurrency",
            "4",
        ]);
        run.ok();
        assert_eq!(read(&dest), env.file_bytes("files", remote), "{remote}");
    }
    // To stdout, in order.
    let stdout = std::process::Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .args([
            "get",
            "files/multi/blocks.bin",
            "-",
            "--block-size",
            "64K",
            "--concurrency",
            "8",
        ])
        .output()
        .unwrap();
    assert!(stdout.status.success());
    assert_eq!(stdout.stdout, env.file_bytes("files", "multi/blocks.bin"));
    // A range.
    let dest = dir.path().join("part.bin");
    env.azfh()
        .run([
            "get",
            "files/multi/blocks.bin",
            dest.to_str().unwrap(),
            "--range",
            "100000-300000",
            "--block-size",
            "64K",
        ])
        .ok();
    assert_eq!(
        read(&dest),
        env.file_bytes("files", "multi/blocks.bin")[100_000..=300_000]
    );
    no_partials(dir.path());
}

#[test]
fn refusals_before_any_request() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("small.txt");
    std::fs::write(&existing, b"mine").unwrap();
    let before = env.requests();
    env.azfh()
        .run(["get", "files/small.txt", existing.to_str().unwrap()])
        .usage_error("already exists");
    env.azfh()
        .run(["get", "files/small.txt", dir.path().to_str().unwrap()])
        .usage_error("already exists");
    let missing_dir = dir.path().join("no/such/dir/x");
    env.azfh()
        .run(["get", "files/small.txt", missing_dir.to_str().unwrap()])
        .usage_error("does not exist");
    env.azfh()
        .run(["get", "files/small.txt", "--range", "9-3"])
        .usage_error("9-3");
    env.azfh()
        .run(["get", "files/small.txt", "--block-size", "1K"])
        .usage_error("1K");
    env.azfh().run(["get", "files"]).usage_error("is a share");
    env.azfh()
        .run(["get", "files/tree", "-", "-r"])
        .usage_error("stdout");
    assert_eq!(env.requests(), before);
    assert_eq!(read(&existing), b"mine", "untouched");
    env.azfh()
        .run([
            "get",
            "files/small.txt",
            existing.to_str().unwrap(),
            "--force",
        ])
        .ok();
    assert_eq!(read(&existing), env.file_bytes("files", "small.txt"));
}

#[test]
fn a_wrong_md5_or_a_changing_file_leaves_no_dest() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("corrupt.bin");
    let run = env.azfh().run([
        "get",
        "files/bad/corrupt.bin",
        dest.to_str().unwrap(),
        "--block-size",
        "64K",
    ]);
    run.failure("failed verification", "SMB writes do not update it");
    assert!(!dest.exists());
    no_partials(dir.path());
    env.azfh()
        .run([
            "get",
            "files/bad/corrupt.bin",
            dest.to_str().unwrap(),
            "--no-verify",
        ])
        .ok();
    assert!(dest.exists(), "--no-verify skips the check");

    env.set_faults(Faults {
        modify_after_reads: 3,
        ..Faults::default()
    });
    let changing = dir.path().join("blocks.bin");
    let run = env.azfh().run([
        "get",
        "files/multi/blocks.bin",
        changing.to_str().unwrap(),
        "--block-size",
        "64K",
        "--concurrency",
        "1",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("modified during the download"),
        "{}",
        run.stderr
    );
    assert!(!changing.exists());
    no_partials(dir.path());
}

#[test]
fn dropped_connections_and_throttling_are_retried_to_the_same_bytes() {
    let env = files_env();
    env.set_faults(Faults {
        drop_every: 3,
        busy_every: 5,
        retry_after_secs: 0,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("blocks.bin");
    env.azfh()
        .run([
            "get",
            "files/multi/blocks.bin",
            dest.to_str().unwrap(),
            "--block-size",
            "64K",
        ])
        .ok();
    assert_eq!(read(&dest), env.file_bytes("files", "multi/blocks.bin"));
}

#[test]
fn resume_continues_a_partial_download() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("blocks.bin");
    // An outage after six reads: the download stops, keeping what it fetched.
    env.set_faults(Faults {
        busy_after: env.requests() + 6,
        ..Faults::default()
    });
    let stopped = env.azfh().run([
        "get",
        "files/multi/blocks.bin",
        dest.to_str().unwrap(),
        "--block-size",
        "64K",
        "--concurrency",
        "1",
        "--retries",
        "0",
    ]);
    assert_eq!(stopped.status, 1, "{}", stopped.stderr);
    assert!(stopped.stderr.contains("--resume"), "{}", stopped.stderr);
    assert!(!dest.exists());
    env.set_faults(Faults::default());
    let reads_before = env.emulator.handle.operation_count("GetFile");
    let resumed = env.azfh().run([
        "get",
        "files/multi/blocks.bin",
        dest.to_str().unwrap(),
        "--block-size",
        "64K",
        "--resume",
    ]);
    resumed.ok();
    assert!(
        resumed.stderr.contains("were already there"),
        "{}",
        resumed.stderr
    );
    let reads = env.emulator.handle.operation_count("GetFile") - reads_before;
    let blocks = 1_049_000_u64.div_ceil(65_536);
    assert!(reads < blocks, "resumed: {reads} reads for {blocks} blocks");
    assert_eq!(read(&dest), env.file_bytes("files", "multi/blocks.bin"));
    no_partials(dir.path());
}

#[test]
fn a_tree_downloads_with_one_failure_reported() {
    let env = files_env();
    env.set_faults(Faults {
        locked_paths: vec!["tree/sub/locked.db".into()],
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy");
    let run = env.azfh().run([
        "get",
        "files/tree",
        dest.to_str().unwrap(),
        "-r",
        "-o",
        "jsonl",
        "--block-size",
        "64K",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let records: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    for record in &records {
        let path = record["path"].as_str().unwrap();
        if path == "sub/locked.db" {
            assert_eq!(record["outcome"], "failed");
            assert!(
                record["error"]
                    .as_str()
                    .unwrap()
                    .contains("FileLockConflict"),
                "{record}"
            );
        } else {
            assert_eq!(record["outcome"], "downloaded", "{record}");
            assert_eq!(
                read(&dest.join(path)),
                env.file_bytes("files", &format!("tree/{path}")),
                "{path}"
            );
        }
    }
    assert!(!dest.join("sub/locked.db").exists());
    assert!(
        run.stderr.contains("byte-range lock"),
        "the hint names the lock: {}",
        run.stderr
    );
    no_partials(dir.path());
    env.azfh()
        .run(["get", "files/tree", dest.to_str().unwrap(), "-r"])
        .usage_error("already exists");
}

#[test]
fn a_locked_file_gets_a_hint() {
    let env = files_env();
    env.set_faults(Faults {
        locked_paths: vec!["small.txt".into()],
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let run = env.azfh().run([
        "get",
        "files/small.txt",
        dir.path().join("s").to_str().unwrap(),
    ]);
    run.failure("409 FileLockConflict", "byte-range lock");
}

#[test]
fn a_range_past_the_end_and_a_directory_without_r_are_explained() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    env.azfh()
        .run([
            "get",
            "files/small.txt",
            dest.to_str().unwrap(),
            "--range",
            "500-",
        ])
        .failure("past the end of small.txt (11 bytes)", "check --range");
    env.azfh()
        .run(["get", "files/tree", dest.to_str().unwrap()])
        .failure("files/tree is a directory", "add -r");
    assert!(!dest.exists());
    no_partials(dir.path());
}

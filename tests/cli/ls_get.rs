//! `azfh ls` and `azfh get` against the emulator: listings equal its tree, downloads are
//! byte-exact, and nothing half-done ever takes DEST's name.

use std::collections::BTreeSet;
use std::path::Path;

use azfh_emulator::{EmulatorConfig, Faults, load::demo};

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
        azfh_emulator::load::state_file::load(store, json, now).unwrap();
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
            .control
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
        let (size, file_id) = env.emulator.control.with_store(|store| {
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
    let snapshot = env.emulator.control.with_store(|store| {
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
            !entry.contains(".azfh:"),
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
    // Flushed to disk before the rename.
    let durable = dir.path().join("durable.bin");
    env.azfh()
        .run([
            "get",
            "files/multi/blocks.bin",
            durable.to_str().unwrap(),
            "--fsync",
            "--block-size",
            "64K",
        ])
        .ok();
    assert_eq!(read(&durable), env.file_bytes("files", "multi/blocks.bin"));
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

/// Downloads multi/blocks.bin to `dest` in 64K blocks until an outage after six reads stops it,
/// keeping what it fetched; then lifts the outage.
fn interrupted_download(env: &Env, dest: &Path) {
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
}

/// `--resume` of what `interrupted_download` left.
fn resume(env: &Env, dest: &Path) -> crate::support::Run {
    env.azfh().run([
        "get",
        "files/multi/blocks.bin",
        dest.to_str().unwrap(),
        "--block-size",
        "64K",
        "--resume",
    ])
}

#[test]
fn resume_continues_a_partial_download() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("blocks.bin");
    interrupted_download(&env, &dest);
    let reads_before = env.emulator.control.operation_count("GetFile");
    let resumed = resume(&env, &dest);
    resumed.ok();
    assert!(
        resumed.stderr.contains("were already there"),
        "{}",
        resumed.stderr
    );
    let reads = env.emulator.control.operation_count("GetFile") - reads_before;
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
    run.failure("409 FileLockConflict", "azfh handles ls");
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

#[test]
fn progress_shows_on_a_terminal_and_nothing_extra_when_piped() {
    let env = files_env();
    env.set_faults(Faults {
        latency_ms: 40,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let args = |dest: &Path| {
        [
            "get".to_owned(),
            "files/multi/blocks.bin".to_owned(),
            dest.to_str().unwrap().to_owned(),
            "--block-size".to_owned(),
            "64K".to_owned(),
            "--concurrency".to_owned(),
            "1".to_owned(),
        ]
    };

    let piped = env.azfh().run(args(&dir.path().join("piped.bin")));
    piped.ok();
    let lines: Vec<&str> = piped.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "only the summary when piped: {lines:?}");
    assert!(lines[0].starts_with("downloaded 1.0 MiB to "), "{lines:?}");
    assert!(!piped.stderr.contains("ETA") && !piped.stderr.contains('\r'));
    let mut quiet_args = args(&dir.path().join("quiet.bin")).to_vec();
    quiet_args.push("-q".to_owned());
    let quiet = env.azfh().run(quiet_args);
    quiet.ok();
    assert_eq!(quiet.stderr, "", "-q: not even the summary");

    let on_tty = dir.path().join("tty.bin");
    let args = args(&on_tty);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut session = crate::support::on_terminal(&env, &args);
    session.exp_string("downloading").unwrap();
    session.exp_string("/1.00 MiB").unwrap();
    session.exp_string("ETA").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(read(&on_tty), env.file_bytes("files", "multi/blocks.bin"));
}

#[test]
fn the_emulator_lists_its_files_with_their_content_md5() {
    let env = files_env();
    let url = format!(
        "http://{}/_emulator/files?share=FILES&md5=true",
        env.emulator.addr
    );
    let body = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async { reqwest::get(&url).await.unwrap().bytes().await.unwrap() });
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
    let paths: BTreeSet<String> = listed
        .iter()
        .map(|entry| {
            let path = entry["path"].as_str().unwrap();
            match entry["type"].as_str().unwrap() {
                "directory" => format!("{path}/"),
                _ => path.to_owned(),
            }
        })
        .collect();
    assert_eq!(
        paths,
        env.tree("files", ""),
        "every node, and only share files's"
    );
    let md5_hex = |bytes: &[u8]| {
        use md5::Digest;
        hex::encode(md5::Md5::digest(bytes))
    };
    let small = listed.iter().find(|e| e["path"] == "small.txt").unwrap();
    let expected = md5_hex(&env.file_bytes("files", "small.txt"));
    assert_eq!(small["content_md5"], expected.as_str());
    assert_eq!(
        small["md5"],
        expected.as_str(),
        "md5: true stores the real one"
    );
    assert_eq!(small["size"], 11);
    let corrupt = listed
        .iter()
        .find(|e| e["path"] == "bad/corrupt.bin")
        .unwrap();
    assert_eq!(
        corrupt["md5"],
        "0".repeat(32),
        "the stored (wrong) one is shown as is"
    );
    assert_ne!(corrupt["content_md5"], corrupt["md5"]);
    let directory = listed.iter().find(|e| e["path"] == "tree").unwrap();
    assert_eq!(
        (&directory["size"], &directory["content_md5"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
}

#[test]
fn a_sas_url_downloads_without_any_header_at_its_signed_version() {
    let env = files_env();
    let key = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        azfh_emulator::ACCOUNT_KEY,
    )
    .unwrap();
    let token = |version: &str| {
        azfh_protocol::sas::SasFields {
            version: version.into(),
            permissions: "r".into(),
            expiry: "2099-01-01T00:00:00Z".into(),
            resource: Some("f".into()),
            ..Default::default()
        }
        .sign(azfh_emulator::ACCOUNT, "/files/multi/blocks.bin", &key)
    };
    let url = |version: &str| {
        format!(
            "{}/files/multi/blocks.bin?{}",
            env.emulator.endpoint(),
            token(version)
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let get = |url: String, version: Option<&str>| {
        runtime.block_on(async {
            let mut request = reqwest::Client::new().get(url);
            if let Some(version) = version {
                request = request.header("x-ms-version", version);
            }
            let answer = request.send().await.unwrap();
            let status = answer.status().as_u16();
            let served_at = answer
                .headers()
                .get("x-ms-version")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, served_at, answer.bytes().await.unwrap())
        })
    };
    // What curl or a browser sends: no x-ms-version, no Authorization.
    let (status, served_at, body) = get(url("2025-05-05"), None);
    assert_eq!((status, served_at.as_deref()), (200, Some("2025-05-05")));
    assert_eq!(body.as_ref(), env.file_bytes("files", "multi/blocks.bin"));
    // sv rules; x-ms-version is ignored.
    let (status, served_at, _) = get(url("2019-02-02"), Some("2026-10-06"));
    assert_eq!((status, served_at.as_deref()), (200, Some("2019-02-02")));
    let (status, _, body) = get(url("1999-01-01"), None);
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("sv"));
}

#[test]
fn verification_covers_resumed_bytes_and_stdout() {
    let env = files_env();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("blocks.bin");
    interrupted_download(&env, &dest);
    // A byte of what was already fetched goes bad on disk before the resume.
    let partial = dir.path().join(".blocks.bin.azfh:partial");
    let mut bytes = read(&partial);
    bytes[100] ^= 0xFF;
    std::fs::write(&partial, &bytes).unwrap();
    let resumed = resume(&env, &dest);
    // Had the resume started over, the download would have succeeded.
    resumed.failure("failed verification", "SMB writes do not update it");
    assert!(!dest.exists(), "a corrupt resume never becomes DEST");
    no_partials(dir.path());

    // To stdout the bytes are already out, but the status says they are wrong.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .args(["get", "files/bad/corrupt.bin", "-", "--block-size", "64K"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("failed verification"));
}

//! `azfh get` keeps its promises on a shared filesystem, against hostile servers and under
//! interrupts: DEST is never replaced unasked, never written through a symlink, never mixed
//! with another download; memory does not grow with the file; Ctrl-C leaves a report of
//! every file and what `--resume` needs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use azfh_emulator::{EmulatorConfig, Faults};

use crate::hostile::{Hostile, Reply};
use crate::support::{Env, Run, files_below, wait_at_most, wait_until};

/// An emulator with one share, `files`, holding `files` (the state file's `files` array).
fn env_with(files: &str) -> Env {
    let json = format!(r#"{{"shares":[{{"name":"files","files":[{files}]}}]}}"#);
    Env::with(EmulatorConfig::default(), |store, now| {
        azfh_emulator::load::state_file::load(store, &json, now).unwrap();
    })
}

/// The records of a `get -r -o jsonl` report: path → outcome (each path once).
fn outcomes(run: &Run) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in run.stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let path = value["path"].as_str().unwrap().to_owned();
        let outcome = value["outcome"].as_str().unwrap().to_owned();
        assert!(
            out.insert(path.clone(), outcome).is_none(),
            "one record per file: {path} twice\n{}",
            run.stdout
        );
    }
    out
}

/// Asserts that `path` holds exactly `expected` (without printing megabytes when not).
#[track_caller]
fn assert_holds(path: &Path, expected: &[u8]) {
    let actual = std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    assert!(
        actual == expected,
        "{} holds other bytes ({} bytes, expected {})",
        path.display(),
        actual.len(),
        expected.len()
    );
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn an_existing_dest_is_replaced_only_with_force_even_with_resume() {
    let env = env_with(r#"{"path":"small.txt","size":11,"md5":true}"#);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("small.txt");
    std::fs::write(&dest, b"mine").unwrap();
    env.azfh()
        .run(["get", "files/small.txt", s(&dest), "--resume"])
        .usage_error("already exists");
    assert_holds(&dest, b"mine");
    // A dangling symlink at DEST exists too: it is not replaced unasked.
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    env.azfh()
        .run(["get", "files/small.txt", s(&link)])
        .usage_error("already exists");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    env.azfh()
        .run(["get", "files/small.txt", s(&dest), "--resume", "--force"])
        .ok();
    assert_holds(&dest, &env.file_bytes("files", "small.txt"));
}

#[test]
fn symlinks_at_the_working_names_are_never_written_through() {
    let env = env_with(r#"{"path":"data.bin","size":200000,"md5":true}"#);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("data.bin");
    let precious = dir.path().join("precious");
    std::fs::write(&precious, b"keep me").unwrap();
    // Where this and earlier versions put the partial file and the resume state.
    for name in [
        ".data.bin.azfh:partial",
        ".data.bin.azfh-partial",
        ".data.bin.azfh-partial.json.tmp",
    ] {
        std::os::unix::fs::symlink(&precious, dir.path().join(name)).unwrap();
    }
    let run = env
        .azfh()
        .run(["get", "files/data.bin", s(&dest), "--block-size", "64K"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    assert!(!dest.exists());
    assert_holds(&precious, b"keep me");

    // A link at the state's name is removed, not written through, and the download works.
    std::fs::remove_file(dir.path().join(".data.bin.azfh:partial")).unwrap();
    std::os::unix::fs::symlink(&precious, dir.path().join(".data.bin.azfh:state")).unwrap();
    env.azfh()
        .run(["get", "files/data.bin", s(&dest), "--block-size", "64K"])
        .ok();
    assert_holds(&precious, b"keep me");
    assert_holds(&dest, &env.file_bytes("files", "data.bin"));
}

#[test]
fn a_file_named_like_a_partial_is_just_another_file_of_the_tree() {
    let env = env_with(
        r#"{"path":"t/a.bin","size":1048576,"md5":true},
           {"path":"t/.a.bin.azfh-partial","size":100000,"md5":true}"#,
    );
    // a.bin takes a while, so the other file lands while a.bin is still partial.
    env.set_faults(Faults {
        latency_ms: 30,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("t");
    let run = env.azfh().run([
        "get",
        "files/t",
        s(&dest),
        "-r",
        "--block-size",
        "64K",
        "--concurrency",
        "2",
        "-o",
        "jsonl",
    ]);
    run.ok();
    for name in ["a.bin", ".a.bin.azfh-partial"] {
        assert_holds(
            &dest.join(name),
            &env.file_bytes("files", &format!("t/{name}")),
        );
    }
    assert_eq!(files_below(&dest).len(), 2);
}

#[test]
fn a_second_azfh_writing_the_same_dest_is_refused() {
    let env = env_with(r#"{"path":"big.bin","size":2097152,"md5":true}"#);
    env.set_faults(Faults {
        latency_ms: 60,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("big.bin");
    let args = [
        "get",
        "files/big.bin",
        s(&dest),
        "--force",
        "--block-size",
        "64K",
        "--concurrency",
        "2",
    ];
    let first = env.azfh().spawn(args);
    wait_until("the first download to start", || {
        dir.path().join(".big.bin.azfh:partial").exists()
    });
    let second = env.azfh().run(args);
    second.failure("another azfh is downloading", "another DEST");
    let first = wait_at_most(first, Duration::from_secs(60));
    first.ok();
    assert_holds(&dest, &env.file_bytes("files", "big.bin"));
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(Self { dir })
    }

    fn grow(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}"), "tmpfs"])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
#[allow(clippy::print_stderr, reason = "a skipped test says so")]
fn a_full_disk_keeps_what_was_fetched_resumable() {
    let Some(disk) = SmallDisk::mount("2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (not root, or no mount permission)");
        return;
    };
    let env = env_with(r#"{"path":"big.bin","size":3145728,"md5":true}"#);
    let dest = disk.dir.path().join("big.bin");
    let args = [
        "get",
        "files/big.bin",
        s(&dest),
        "--block-size",
        "64K",
        "--concurrency",
        "4",
    ];
    let full = env.azfh().run(args);
    full.failure(
        "the disk is full",
        "free space on the disk, then run the same command with --resume",
    );
    assert!(!dest.exists());

    disk.grow("8m");
    let before = env.requests();
    let mut resume = args.to_vec();
    resume.push("--resume");
    let resumed = env.azfh().run(&resume);
    resumed.ok();
    assert!(
        resumed.stderr.contains("were already there"),
        "{}",
        resumed.stderr
    );
    // 48 blocks in all; about two thirds fitted on the disk and are not fetched again.
    let fetched = env.requests() - before;
    assert!(fetched < 30, "{fetched} requests: the resume started over");
    assert_holds(&dest, &env.file_bytes("files", "big.bin"));
}

/// The peak resident memory of a process, in KiB.
fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn four_tebibytes_to_stdout_take_little_memory_and_stop_with_the_reader() {
    let env = env_with(r#"{"path":"huge.bin","size":4398046511104}"#);
    let mut child = env
        .azfh()
        .spawn(["get", "files/huge.bin", "-", "--block-size", "64K"]);
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0; 1 << 20];
    let mut read = 0;
    let mut at = 0;
    let mut peak = 0;
    while read < 8 << 20 {
        at = read;
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "the download ended early");
        read += n;
        peak = peak.max(peak_memory_kib(pid).unwrap_or(0));
    }
    assert_eq!(
        &buf[..16],
        &env.emulator.control.with_store(|store| {
            let data = store
                .share("files")
                .unwrap()
                .live
                .resolve(&["huge.bin"])
                .unwrap()
                .1
                .file()
                .unwrap()
                .seed;
            azfh_emulator::load::content::bytes(data, u64::try_from(at).unwrap(), 16)
        })[..],
        "the bytes are the file's, in order"
    );
    drop(stdout);
    let started = Instant::now();
    let run = wait_at_most(child, Duration::from_secs(30));
    assert!(started.elapsed() < Duration::from_secs(30));
    // (A reader that stops early is what `| head` does: how azfh then exits is main's
    // concern; here it must end, promptly.)
    let _ = run;
    assert!(peak < 200 * 1024, "peak memory {peak} KiB");
}

#[test]
fn sizes_and_ranges_never_wrap() {
    let env = env_with(r#"{"path":"small.txt","size":11,"md5":true}"#);
    let dir = tempfile::tempdir().unwrap();
    let content = env.file_bytes("files", "small.txt");
    let dest = dir.path().join("all");
    env.azfh()
        .run([
            "get",
            "files/small.txt",
            s(&dest),
            "--range",
            "0-18446744073709551615",
        ])
        .ok();
    assert_holds(&dest, &content);
    let tail = dir.path().join("tail");
    env.azfh()
        .run([
            "get",
            "files/small.txt",
            s(&tail),
            "--range",
            "5-18446744073709551615",
        ])
        .ok();
    assert_holds(&tail, &content[5..]);
    let past = env.azfh().run([
        "get",
        "files/small.txt",
        s(&dir.path().join("past")),
        "--range",
        "18446744073709551615-",
    ]);
    past.failure("past the end", "--range");
}

#[test]
fn a_size_above_the_azure_limit_is_refused() {
    let server = Hostile::start(|_| {
        Reply::with(
            206,
            &[
                ("Content-Range", "bytes 0-3/4398046511105"),
                ("ETag", "\"0x1\""),
                ("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT"),
            ],
            "abcd",
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let run = server
        .azfh()
        .run(["get", "share/huge.bin", s(&dir.path().join("huge.bin"))]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("larger than 4 TiB"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A List Directories and Files answer for `dir` of share `share` with these entries.
fn listing(dir: &str, entries: &str) -> Reply {
    Reply::xml(format!(
        r#"<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://127.0.0.1/" ShareName="share" DirectoryPath="{dir}"><Entries>{entries}</Entries><NextMarker /></EnumerationResults>"#
    ))
}

/// A server whose directory `top` lists names no service may send, beside one good
/// (empty) directory, `sub`.
fn hostile_tree() -> Hostile {
    Hostile::start(|request| {
        if request.query("comp") != Some("list") {
            return Reply::azure_error(404, "ResourceNotFound", "no such file");
        }
        if request.path() == "/devstoreaccount1/share/top" {
            listing(
                "top",
                r#"<Directory><Name>..</Name><Properties /></Directory>
                <Directory><Name>.</Name><Properties /></Directory>
                <Directory><Name></Name><Properties /></Directory>
                <Directory><Name>a\b</Name><Properties /></Directory>
                <File><Name>../escaped.txt</Name><Properties><Content-Length>4</Content-Length></Properties></File>
                <File><Name Encoded="true">nul%00.txt</Name><Properties><Content-Length>4</Content-Length></Properties></File>
                <Directory><Name>sub</Name><Properties /></Directory>"#,
            )
        } else {
            listing("other", "")
        }
    })
}

/// Every directory the server was asked to list.
fn listed_paths(server: &Hostile) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.query("comp") == Some("list"))
        .map(|r| r.path().to_owned())
        .collect()
}

#[test]
fn names_that_cannot_be_a_path_are_never_followed() {
    let server = hostile_tree();
    let ls = server.azfh().run(["ls", "share/top", "-r", "-o", "jsonl"]);
    assert_eq!(ls.status, 1, "{}\n{}", ls.stdout, ls.stderr);
    assert_eq!(ls.stdout.lines().count(), 1, "only sub: {}", ls.stdout);
    assert!(ls.stdout.contains("\"sub\""));
    assert_eq!(ls.stderr_lines("warning").len(), 6, "{}", ls.stderr);
    assert!(ls.stderr.contains("6 entries had names"), "{}", ls.stderr);
    let mut paths = listed_paths(&server);
    paths.sort();
    assert_eq!(
        paths,
        [
            "/devstoreaccount1/share/top",
            "/devstoreaccount1/share/top/sub"
        ]
    );

    let server = hostile_tree();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("dest");
    let get = server
        .azfh()
        .run(["get", "share/top", s(&dest), "-r", "-o", "jsonl"]);
    assert_eq!(get.status, 3, "{}", get.stderr);
    let records = outcomes(&get);
    assert_eq!(records.values().filter(|o| *o == "failed").count(), 6);
    assert_eq!(records.len(), 6, "{records:?}");
    let mut paths = listed_paths(&server);
    paths.sort();
    assert_eq!(
        paths,
        [
            "/devstoreaccount1/share/top",
            "/devstoreaccount1/share/top/sub"
        ]
    );
    assert!(
        server.requests().iter().all(|r| r.query("comp").is_some()),
        "no file was fetched"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing outside DEST"
    );
    assert!(dest.join("sub").is_dir());
}

/// 40 small files in `many/`, each one request.
fn many_small_files() -> Env {
    let files: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"path":"many/f{i:02}.txt","size":1000,"md5":true}}"#))
        .collect();
    env_with(&files.join(","))
}

#[test]
fn an_interrupted_tree_reports_every_file_and_resumes() {
    interrupted_tree_reports_every_file_and_resumes("-INT");
}

/// What cron, systemd and `timeout` send: the same stop as Ctrl-C.
#[test]
fn a_terminated_tree_reports_every_file_and_resumes() {
    interrupted_tree_reports_every_file_and_resumes("-TERM");
}

fn interrupted_tree_reports_every_file_and_resumes(signal: &str) {
    let env = many_small_files();
    env.set_faults(Faults {
        latency_ms: 100,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("many");
    let args = [
        "get",
        "files/many",
        s(&dest),
        "-r",
        "--concurrency",
        "2",
        "-o",
        "jsonl",
    ];
    let child = env.azfh().spawn(args);
    let pid = child.id().to_string();
    wait_until("a first file", || {
        dest.is_dir()
            && files_below(&dest)
                .iter()
                .any(|p| p.ends_with("f00.txt") || p.ends_with("f01.txt"))
    });
    let killed = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(killed.success());
    let run = wait_at_most(child, Duration::from_secs(20));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let records = outcomes(&run);
    assert_eq!(records.len(), 40, "a record for every file: {records:?}");
    let count = |outcome: &str| records.values().filter(|o| *o == outcome).count();
    assert!(count("downloaded") >= 1, "{records:?}");
    assert!(count("not_attempted") >= 1, "{records:?}");
    assert_eq!(
        count("downloaded") + count("not_attempted") + count("interrupted"),
        40,
        "{records:?}"
    );
    assert!(run.stderr.contains("--resume"), "{}", run.stderr);
    // Whatever has a file's name is that file, complete.
    for path in files_below(&dest) {
        let name = path.file_name().unwrap().to_str().unwrap();
        if !name.contains(".azfh:") {
            assert_holds(&path, &env.file_bytes("files", &format!("many/{name}")));
        }
    }

    env.set_faults(Faults::default());
    let mut resume = args.to_vec();
    resume.push("--resume");
    let resumed = env.azfh().run(&resume);
    resumed.ok();
    let again = outcomes(&resumed);
    assert_eq!(
        again
            .values()
            .filter(|o| *o == "already_downloaded")
            .count(),
        count("downloaded"),
        "{again:?}"
    );
    assert_eq!(files_below(&dest).len(), 40);
    for i in 0..40 {
        let name = format!("f{i:02}.txt");
        assert_holds(
            &dest.join(&name),
            &env.file_bytes("files", &format!("many/{name}")),
        );
    }
}

#[test]
fn resuming_a_complete_tree_fetches_nothing() {
    let env = many_small_files();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("many");
    let args = ["get", "files/many", s(&dest), "-r", "-o", "jsonl"];
    env.azfh().run(args).ok();
    let before = env.requests();
    let mut resume = args.to_vec();
    resume.push("--resume");
    let resumed = env.azfh().run(&resume);
    resumed.ok();
    assert!(
        outcomes(&resumed)
            .values()
            .all(|o| o == "already_downloaded"),
        "{}",
        resumed.stdout
    );
    assert_eq!(env.requests() - before, 1, "one listing, no file fetched");
    // A file changed since (another size here) is fetched again; one changed locally too.
    std::fs::write(dest.join("f03.txt"), b"edited").unwrap();
    let again = env.azfh().run(&resume);
    let records = outcomes(&again);
    assert_eq!(records["f03.txt"], "failed", "not replaced without --force");
    let mut forced = resume.clone();
    forced.push("--force");
    let forced = env.azfh().run(&forced);
    forced.ok();
    assert_eq!(outcomes(&forced)["f03.txt"], "downloaded");
    assert_holds(
        &dest.join("f03.txt"),
        &env.file_bytes("files", "many/f03.txt"),
    );
}

/// Everything a terminal session printed until it ended, and its exit status.
fn finish(mut session: rexpect::session::PtySession) -> (String, i32) {
    let output = session.exp_eof().unwrap();
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    (output, status)
}

#[test]
fn ctrl_c_on_a_terminal_stops_a_tree_between_files() {
    let env = many_small_files();
    env.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("many");
    let mut session = crate::support::on_terminal(
        &env,
        &[
            "get",
            "files/many",
            s(&dest),
            "-r",
            "--concurrency",
            "2",
            "-o",
            "jsonl",
        ],
    );
    session.exp_string("downloading").unwrap();
    session.send_control('c').unwrap();
    let (output, status) = finish(session);
    assert_eq!(status, 130, "{output}");
    assert!(output.contains("\"not_attempted\""), "{output}");
    assert!(output.contains("--resume"), "{output}");
    let downloaded = files_below(&dest)
        .iter()
        .filter(|p| !p.to_str().unwrap().contains(".azfh:"))
        .count();
    assert!(downloaded < 40, "Ctrl-C was ignored: {downloaded} files");
}

#[test]
fn the_tree_bar_counts_the_whole_tree() {
    let env = env_with(
        r#"{"path":"tree/one.txt","size":5000},
           {"path":"tree/sub/two.txt","size":70001},
           {"path":"tree/three.txt","size":1000}"#,
    );
    env.set_faults(Faults {
        latency_ms: 250,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("tree");
    let session = crate::support::on_terminal(
        &env,
        &[
            "get",
            "files/tree",
            s(&dest),
            "-r",
            "--concurrency",
            "1",
            "--block-size",
            "64K",
        ],
    );
    let (output, status) = finish(session);
    assert_eq!(status, 0, "{output}");
    // The bar reads `DONE/TOTAL`, e.g. `4.88 KiB/74.22 KiB`: every total is the tree's.
    let totals: Vec<&str> = output
        .match_indices("B/")
        .map(|(at, _)| {
            let rest = &output[at + 2..];
            let end = rest.find('B').map_or(rest.len(), |b| b + 1);
            &rest[..end]
        })
        // `B/s` is the rate.
        .filter(|total| total.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(!totals.is_empty(), "no bar drawn: {output}");
    assert!(
        totals.iter().all(|total| *total == "74.22 KiB"),
        "{totals:?}"
    );
}

#[test]
fn a_symlinked_directory_in_an_existing_dest_is_not_followed() {
    // `empty` has no file to report it: it reports itself.
    let json = r#"{"shares":[{"name":"files","directories":["tree/empty"],"files":[
        {"path":"tree/sub/one.txt","size":100},
        {"path":"tree/sub/deeper/two.txt","size":100},
        {"path":"tree/top.txt","size":100}]}]}"#;
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        azfh_emulator::load::state_file::load(store, json, now).unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("tree");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&dest).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, dest.join("sub")).unwrap();
    std::os::unix::fs::symlink(&outside, dest.join("empty")).unwrap();
    let run = env.azfh().run([
        "get",
        "files/tree",
        s(&dest),
        "-r",
        "--force",
        "-o",
        "jsonl",
    ]);
    // The files below the link fail, naming it; the rest of the tree is downloaded.
    assert_eq!(run.status, 3, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let outcome = |path: &str| {
        rows.iter()
            .find(|row| row["path"] == path)
            .unwrap_or_else(|| panic!("a row for {path}:\n{}", run.stdout))
            .clone()
    };
    assert_eq!(outcome("top.txt")["outcome"], "downloaded");
    for (path, link) in [
        ("sub/one.txt", "sub"),
        ("sub/deeper/two.txt", "sub"),
        ("empty", "empty"),
    ] {
        let row = outcome(path);
        assert_eq!(row["outcome"], "failed", "{row}");
        let error = row["error"].as_str().unwrap();
        assert!(
            error.contains(s(&dest.join(link))) && error.contains("not a directory"),
            "{error}"
        );
    }
    // One row a file, and one for the empty directory: not for `sub` or `sub/deeper`.
    assert_eq!(rows.len(), 4, "{}", run.stdout);
    assert_holds(
        &dest.join("top.txt"),
        &env.file_bytes("files", "tree/top.txt"),
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

/// A server whose directory `top` holds `sub`, which cannot be listed: 503 with a
/// `Retry-After` of 1e300 seconds, more than a `Duration` holds (a panic in retry code that
/// converts it unchecked).
fn unlistable_sub() -> Hostile {
    Hostile::start(|request| {
        if request.path() == "/devstoreaccount1/share/top" {
            listing(
                "top",
                "<Directory><Name>sub</Name><Properties /></Directory>",
            )
        } else {
            Reply::with(
                503,
                &[("Retry-After", "1e300")],
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>busy</Message></Error>",
            )
        }
    })
}

/// `azfh ARGS` against `server`, bounded in time.
fn run_bounded(server: &Hostile, args: &[&str]) -> Run {
    let child = Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            server.connection_string(),
        )
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_at_most(child, Duration::from_secs(60))
}

#[test]
fn a_listing_task_that_dies_ends_the_walk() {
    // Whatever the listing task does with that answer (gives up, or panics), the walk ends.
    let server = unlistable_sub();
    let ls = run_bounded(&server, &["ls", "share/top", "-r", "-o", "jsonl"]);
    assert_eq!(ls.status, 1, "{}", ls.stderr);
    let dir = tempfile::tempdir().unwrap();
    let get = run_bounded(
        &server,
        &["get", "share/top", s(&dir.path().join("top")), "-r"],
    );
    assert!(matches!(get.status, 1 | 3), "{}", get.stderr);
}

#[test]
fn an_interrupted_file_saves_what_it_fetched() {
    let env = env_with(r#"{"path":"big.bin","size":4194304,"md5":true}"#);
    env.set_faults(Faults {
        latency_ms: 100,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("big.bin");
    let args = [
        "get",
        "files/big.bin",
        s(&dest),
        "--block-size",
        "64K",
        "--concurrency",
        "4",
    ];
    let child = env.azfh().spawn(args);
    wait_until("the download to start", || {
        dir.path().join(".big.bin.azfh:partial").exists()
    });
    // Before the first periodic save (every 500 ms), so only the interrupt saves.
    std::thread::sleep(Duration::from_millis(250));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let run = wait_at_most(child, Duration::from_secs(20));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(run.stderr.contains("--resume"), "{}", run.stderr);
    assert!(!dest.exists());

    env.set_faults(Faults::default());
    let mut resume = args.to_vec();
    resume.push("--resume");
    let resumed = env.azfh().run(&resume);
    resumed.ok();
    assert!(
        resumed.stderr.contains("were already there"),
        "{}",
        resumed.stderr
    );
    assert_holds(&dest, &env.file_bytes("files", "big.bin"));
}

#[test]
fn ctrl_c_stops_a_tree_while_it_is_listed() {
    let server = Hostile::start(|_| Reply::Stall);
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("top");
    let child = Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            server.connection_string(),
        )
        .args(["get", "share/top", s(&dest), "-r"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the listing request", || !server.requests().is_empty());
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let run = wait_at_most(child, Duration::from_secs(10));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing was downloaded"),
        "{}",
        run.stderr
    );
    assert!(!dest.exists(), "nothing written");
}

#[test]
fn a_local_error_is_said_once() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("main.c");
    let precious = dir.path().join("precious");
    std::fs::write(&precious, b"keep me").unwrap();
    std::os::unix::fs::symlink(&precious, dir.path().join(".main.c.azfh:partial")).unwrap();
    let run = env
        .azfh()
        .run(["get", "demo/projects/apollo/src/main.c", s(&dest)]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("is not a regular file").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr_lines("error").len(), 1, "{}", run.stderr);

    // In a tree: once in the row, once in the warning.
    let tree = dir.path().join("apollo");
    std::fs::create_dir_all(tree.join("src")).unwrap();
    std::os::unix::fs::symlink(&precious, tree.join("src/.main.c.azfh:partial")).unwrap();
    let run = env.azfh().run([
        "get",
        "demo/projects/apollo",
        s(&tree),
        "-r",
        "--force",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let row = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|row| row["path"] == "src/main.c")
        .expect("a row for src/main.c");
    assert_eq!(row["outcome"], "failed");
    let error = row["error"].as_str().unwrap();
    assert_eq!(error.matches("is not a regular file").count(), 1, "{error}");
    let warnings = run.stderr_lines("warning");
    let warning = warnings
        .iter()
        .find(|w| w.contains("src/main.c"))
        .expect("a warning for src/main.c");
    assert_eq!(
        warning.matches("is not a regular file").count(),
        1,
        "{warning}"
    );
    assert_holds(&precious, b"keep me");
}

/// A `Get File` answer: `data` as bytes `start..` of a file of `total` bytes.
fn range_reply(start: u64, data: &[u8], total: u64) -> Reply {
    let end = start + data.len() as u64 - 1;
    Reply::with(
        206,
        &[
            ("Content-Range", &format!("bytes {start}-{end}/{total}")),
            ("ETag", "\"0x1\""),
            ("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT"),
        ],
        data.to_vec(),
    )
}

/// Where the `x-ms-range` of a request starts.
fn range_start(request: &crate::hostile::Request) -> u64 {
    request
        .header("x-ms-range")
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split('-').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_download_that_kept_nothing_does_not_offer_resume() {
    // Busy every time: the retries run out before the first byte.
    let busy = Hostile::start(|_| Reply::with(503, &[], ""));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    let run = run_bounded(&busy, &["get", "share/x", s(&dest), "--retries", "1"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("--resume"), "{}", run.stderr);
    assert!(!run.stderr.contains("is kept"), "{}", run.stderr);
    assert_eq!(run.stderr_lines("error").len(), 1, "{}", run.stderr);
    let hints = run.stderr_lines("hint");
    assert!(
        hints.len() == 1 && hints[0].contains("run the same command again"),
        "{}",
        run.stderr
    );
    assert_eq!(files_below(dir.path()), Vec::<std::path::PathBuf>::new());

    // A first answer whose body ends early.
    let cut = Hostile::start(|_| {
        Reply::Raw(b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nETag: \"0x1\"\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabcd".to_vec())
    });
    let run = run_bounded(&cut, &["get", "share/x", s(&dest), "--retries", "1"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("--resume"), "{}", run.stderr);
    assert!(!run.stderr.contains("is kept"), "{}", run.stderr);
    assert_eq!(run.stderr_lines("hint").len(), 1, "{}", run.stderr);
    assert_eq!(files_below(dir.path()), Vec::<std::path::PathBuf>::new());
}

#[test]
fn a_download_that_kept_blocks_offers_resume() {
    // The first block comes, the second never does.
    let server = Hostile::start(|request| {
        if range_start(request) == 0 {
            range_reply(0, &vec![7; 65536], 131_072)
        } else {
            Reply::with(503, &[], "")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    let run = run_bounded(
        &server,
        &[
            "get",
            "share/x",
            s(&dest),
            "--retries",
            "1",
            "--block-size",
            "64K",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("what was fetched is kept: add --resume"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join(".x.azfh:partial").exists());
    assert!(dir.path().join(".x.azfh:state").exists());

    // Run again without --resume: the progress is not thrown away unasked.
    let before = server.requests().len();
    let again = run_bounded(&server, &["get", "share/x", s(&dest)]);
    again.usage_error("an interrupted download of");
    assert!(
        again.stderr_lines("hint")[0].contains("add --resume to continue it, or --force"),
        "{}",
        again.stderr
    );
    assert_eq!(server.requests().len(), before, "nothing sent");
    assert!(dir.path().join(".x.azfh:state").exists());
}

#[test]
fn a_lock_conflict_points_at_handles_ls() {
    let server = Hostile::start(|_| {
        Reply::azure_error(409, "FileLockConflict", "A byte-range lock conflicts.")
    });
    let dir = tempfile::tempdir().unwrap();
    let run = run_bounded(&server, &["get", "share/x", s(&dir.path().join("x"))]);
    run.failure("FileLockConflict", "`azfh handles ls share/x` shows who");
}

#[test]
fn an_existing_tree_dest_is_refused_with_both_ways_on() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let run = env
        .azfh()
        .run(["get", "demo/projects/apollo", s(dir.path()), "-r"]);
    run.usage_error("already exists");
    let hint = run.stderr_lines("hint");
    assert!(
        hint.len() == 1 && hint[0].contains("--force") && hint[0].contains("--resume"),
        "{}",
        run.stderr
    );
}

#[test]
fn ctrl_c_before_the_first_block_does_not_offer_resume() {
    let server = Hostile::start(|_| Reply::Stall);
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            server.connection_string(),
        )
        .args(["get", "share/x", s(&dir.path().join("x"))])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the first read", || !server.requests().is_empty());
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let run = wait_at_most(child, Duration::from_secs(10));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(!run.stderr.contains("--resume"), "{}", run.stderr);
    assert!(
        run.stderr.contains("run the same command again"),
        "{}",
        run.stderr
    );
    assert_eq!(files_below(dir.path()), Vec::<std::path::PathBuf>::new());
}

#[test]
fn ctrl_c_before_a_tree_file_is_fetched_does_not_claim_it_was_kept() {
    let server = Hostile::start(|request| {
        if request.query("comp") == Some("list") {
            listing(
                "top",
                "<File><Name>a.bin</Name><Properties><Content-Length>4</Content-Length></Properties></File>",
            )
        } else {
            Reply::Stall
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_azfh"))
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            server.connection_string(),
        )
        .args([
            "get",
            "share/top",
            s(&dir.path().join("top")),
            "-r",
            "-o",
            "jsonl",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the first read", || {
        server
            .requests()
            .iter()
            .any(|r| r.query("comp") != Some("list"))
    });
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let run = wait_at_most(child, Duration::from_secs(10));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let row: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(row["outcome"], "interrupted", "{row}");
    assert!(
        !row["error"].as_str().unwrap().contains("kept for --resume"),
        "{row}"
    );
}

/// `DEST/` names a directory: a missing one is refused before any request, never read as a
/// file of that name in the directory above (which once took the whole download there).
#[test]
fn a_dest_with_a_trailing_slash_must_be_an_existing_directory() {
    let env = env_with(r#"{"path":"small.txt","size":11}"#);
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("{}/", dir.path().join("data").display());
    let before = env.requests();
    let run = env.azfh().run(["get", "files/small.txt", &missing]);
    run.usage_error("does not exist");
    assert_eq!(env.requests(), before, "nothing was sent");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was written"
    );

    std::fs::create_dir(dir.path().join("data")).unwrap();
    env.azfh().run(["get", "files/small.txt", &missing]).ok();
    assert!(dir.path().join("data/small.txt").is_file());
}

/// `azfh get share/x DEST` in blocks of 64 KiB against `server`, a few retries allowed.
fn get_in_small_blocks(server: &Hostile, dest: &Path) -> Run {
    run_bounded(
        server,
        &[
            "get",
            "share/x",
            s(dest),
            "--retries",
            "3",
            "--block-size",
            "64K",
        ],
    )
}

#[test]
fn a_block_cut_short_midway_is_fetched_again_over_what_it_wrote() {
    // Bytes go to the file as they arrive: the second block's first answer writes other bytes
    // and stops halfway, and its retry must overwrite them all.
    let attempts = std::sync::atomic::AtomicUsize::new(0);
    let server = Hostile::start(move |request| match range_start(request) {
        0 => range_reply(0, &vec![7; 65536], 131_072),
        start if attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => {
            let mut cut = range_reply(start, &vec![0xEE; 65536], 131_072);
            if let Reply::Raw(bytes) = &mut cut {
                bytes.truncate(bytes.len() - 30_000);
            }
            cut
        }
        start => range_reply(start, &vec![9; 65536], 131_072),
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    let run = get_in_small_blocks(&server, &dest);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let expected = [vec![7; 65536], vec![9; 65536]].concat();
    assert_holds(&dest, &expected);
    let second_block = server
        .requests()
        .iter()
        .filter(|r| range_start(r) == 65536)
        .count();
    assert_eq!(second_block, 2, "the cut-short block was fetched again");
}

#[test]
fn a_block_answer_longer_than_the_block_writes_nothing_past_it() {
    // The second block's answer has no length and never ends: reading stops at the block's
    // length, the bytes before it stay unclaimed, and the partial file is not extended.
    let server = Hostile::start(|request| {
        match range_start(request) {
        0 => range_reply(0, &vec![7; 65536], 131_072),
        _ => Reply::Endless {
            head: b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 65536-131071/131072\r\nETag: \"0x1\"\r\nLast-Modified: Mon, 07 Dec 2026 10:00:00 GMT\r\nConnection: close\r\n\r\n".to_vec(),
            chunk: vec![0xEE; 16384],
        },
    }
    });
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("x");
    let run = get_in_small_blocks(&server, &dest);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is longer than"), "{}", run.stderr);
    assert!(!dest.exists());
    let partial = std::fs::read(dir.path().join(".x.azfh:partial")).unwrap();
    assert_eq!(partial.len(), 131_072);
    assert!(partial[..65536].iter().all(|&b| b == 7));
    // The state claims the first block only: resuming fetches the second again.
    let fixed = Hostile::start(|request| {
        let start = range_start(request);
        let fill = if start == 0 { 7 } else { 9 };
        range_reply(start, &vec![fill; 65536], 131_072)
    });
    let resumed = run_bounded(
        &fixed,
        &[
            "get",
            "share/x",
            s(&dest),
            "--resume",
            "--block-size",
            "64K",
        ],
    );
    assert_eq!(resumed.status, 0, "{}", resumed.stderr);
    let expected = [vec![7; 65536], vec![9; 65536]].concat();
    assert_holds(&dest, &expected);
    assert_eq!(
        fixed
            .requests()
            .iter()
            .filter(|r| range_start(r) == 0)
            .count(),
        1,
        "only the first read, which also tells the size"
    );
}

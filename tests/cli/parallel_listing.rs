//! A recursive listing of a directory splits into parts listed concurrently (the directory's
//! own handles, each top-level file, each subdirectory recursively) when that pays, and keeps
//! the one marker loop when the top level holds too many parts: either way the same handles,
//! each once, and a failed part fails the listing as a failed page does.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use azfh_emulator::{EmulatorConfig, Faults};

use crate::support::{Env, Run, closed_ids, request_log, wait_until};

/// A share `par`: `top_files` files at the top level, `directories` directories of 4 files,
/// the first of them with 3 subdirectories of 4 files; `per_file` handles on every file (a
/// third of them 9 days old), 2 on the root and 1 on `d0`.
fn tree_json(top_files: usize, directories: usize, per_file: usize) -> String {
    let mut files = Vec::new();
    for f in 0..top_files {
        files.push(format!("top{f}.txt"));
    }
    for d in 0..directories {
        for f in 0..4 {
            files.push(format!("d{d}/f{f}.txt"));
        }
    }
    if directories > 0 {
        for s in 0..3 {
            for f in 0..4 {
                files.push(format!("d0/s{s}/g{f}.txt"));
            }
        }
    }
    let mut handles = String::new();
    let mut handle = |path: &str, age: &str| {
        if !handles.is_empty() {
            handles.push(',');
        }
        let _ = write!(
            handles,
            r#"{{"path":"{path}","client_ip":"10.20.1.5:49152","client_name":"WS-01","session_id":"42","age":"{age}"}}"#
        );
    };
    for path in &files {
        for h in 0..per_file {
            handle(path, if h % 3 == 0 { "9d" } else { "1h" });
        }
    }
    handle("", "1h");
    handle("", "9d");
    if directories > 0 {
        handle("d0", "1h");
    }
    let files: Vec<String> = files
        .iter()
        .map(|path| format!(r#"{{"path":"{path}","size":1}}"#))
        .collect();
    format!(
        r#"{{"shares":[{{"name":"par","files":[{}],"handles":[{handles}]}}]}}"#,
        files.join(",")
    )
}

fn tree_env(log: &Path, top_files: usize, directories: usize, per_file: usize) -> Env {
    state_env(log, &tree_json(top_files, directories, per_file))
}

/// An emulator loaded from the state file `json`, logging its requests to `log`.
fn state_env(log: &Path, json: &str) -> Env {
    Env::with(
        EmulatorConfig {
            request_log: Some(log.to_path_buf()),
            ..EmulatorConfig::default()
        },
        |store, now| azfh_emulator::load::state_file::load(store, json, now).unwrap(),
    )
}

/// The arguments of the split listing the tests run.
const LIST_SPLIT: [&str; 8] = [
    "handles",
    "ls",
    "par",
    "-r",
    "--page-size",
    "1000",
    "-o",
    "jsonl",
];

/// Every handle id of a jsonl listing, checking that none comes twice.
fn ids_once(run: &Run) -> BTreeSet<String> {
    let lines = run.ok().lines().count();
    let ids = run.jsonl_ids();
    assert_eq!(ids.len(), lines, "each handle once: {}", run.stdout);
    ids
}

/// The share-relative paths of the logged requests of `operation`.
fn paths_of(log: &Path, operation: &str) -> Vec<String> {
    request_log(log)
        .iter()
        .filter(|entry| entry["operation"] == operation)
        .map(|entry| {
            let path = entry["path"].as_str().unwrap();
            let path = path.trim_start_matches("/devstoreaccount1/par");
            path.trim_start_matches('/').to_owned()
        })
        .collect()
}

#[test]
fn a_split_listing_lists_every_handle_once_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 150);
    let expected = env.ids_where("par", |_| true);
    assert_eq!(expected.len(), (3 + 6 * 4 + 12) * 150 + 3);

    let run = env.azfh().run(LIST_SPLIT);
    assert_eq!(ids_once(&run), expected);

    // Each part is its own request: a top-level file, each subdirectory, and (split further,
    // being large) the subdirectories of d0. (The log may lag the exit by a request or two.)
    let parts = [
        "top0.txt",
        "top2.txt",
        "d1",
        "d5",
        "d0/s0",
        "d0/s2",
        "d0/f3.txt",
    ];
    wait_until("every part is logged", || {
        let listed = paths_of(&log, "ListHandles");
        parts.iter().all(|path| listed.iter().any(|p| p == path))
    });
    let listed = paths_of(&log, "ListHandles");
    let levels = paths_of(&log, "ListDirectoriesAndFiles");
    assert!(levels.contains(&String::new()), "{levels:?}");
    assert!(levels.contains(&"d0".to_owned()), "{levels:?}");
    // A part of one page is not split: its files are not listed on their own.
    assert!(!listed.iter().any(|p| p == "d1/f0.txt"), "{listed:?}");

    // Filters and json output see the same handles.
    let run = env.azfh().run([
        "handles",
        "ls",
        "par",
        "-r",
        "--page-size",
        "1000",
        "--older-than",
        "7d",
        "-o",
        "jsonl",
    ]);
    assert_eq!(
        ids_once(&run),
        env.ids_where("par", |h| h.handle.open_time
            < env.created - time::Duration::days(7))
    );
}

/// TARGET's top level goes out with page 1, not after it: a split starts a round trip sooner.
/// Below TARGET a directory's top level waits for its page 1 (d0 is split after its page 1).
#[test]
fn the_top_level_of_target_is_asked_for_alongside_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 150);
    // Every answer 150 ms late: what goes out together arrives together, well apart from
    // what waited for an answer.
    env.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let run = env.azfh().run(LIST_SPLIT);
    assert_eq!(ids_once(&run).len(), (3 + 6 * 4 + 12) * 150 + 3);
    let log = request_log(&log);
    let first_two: BTreeSet<(String, String)> = log[..2]
        .iter()
        .map(|entry| {
            (
                entry["operation"].as_str().unwrap().to_owned(),
                entry["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let target = "/devstoreaccount1/par".to_owned();
    assert_eq!(
        first_two,
        BTreeSet::from([
            ("ListDirectoriesAndFiles".to_owned(), target.clone()),
            ("ListHandles".to_owned(), target),
        ]),
        "{log:?}"
    );
    let d0 = log
        .iter()
        .position(|e| e["operation"] == "ListHandles" && e["path"] == "/devstoreaccount1/par/d0")
        .expect("d0 is listed");
    let d0_level = log
        .iter()
        .position(|e| {
            e["operation"] == "ListDirectoriesAndFiles" && e["path"] == "/devstoreaccount1/par/d0"
        })
        .expect("d0 is split");
    assert!(d0 < d0_level, "d0's top level after its page 1: {log:?}");
}

/// TARGET's top level is asked for alongside page 1, and its answer awaited: that one small
/// request more, whichever answer came first.
fn the_top_level_once(log: &Path) {
    assert_eq!(paths_of(log, "ListDirectoriesAndFiles"), [""]);
}

#[test]
fn a_listing_of_one_page_is_one_page_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 30);
    let run = env
        .azfh()
        .run(["handles", "ls", "par", "-r", "-o", "jsonl"]);
    assert_eq!(ids_once(&run), env.ids_where("par", |_| true));
    assert_eq!(paths_of(&log, "ListHandles"), [""]);
    the_top_level_once(&log);
}

/// A page that holds every handle exactly is the last: no marker, no empty page 2 (as the
/// service documents: `NextMarker` has a value only while results remain), so a share of
/// exactly a page costs one page request.
#[test]
fn a_listing_of_exactly_one_full_page_is_one_page_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 30);
    let expected = env.ids_where("par", |_| true);
    assert_eq!(
        expected.len(),
        1_173,
        "39 files of 30 handles, 3 on directories"
    );
    let page_size = expected.len().to_string();
    let run = env.azfh().run([
        "handles",
        "ls",
        "par",
        "-r",
        "--page-size",
        &page_size,
        "-o",
        "jsonl",
    ]);
    assert_eq!(ids_once(&run), expected);
    assert_eq!(paths_of(&log, "ListHandles"), [""]);
    the_top_level_once(&log);
}

/// Listed with other shares (several TARGETs, `--all-shares`), a share of one page costs one
/// request: a sweep asks for no share's top level before its page 1 calls for a split.
#[test]
fn in_a_sweep_a_share_of_one_page_is_one_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let mut state: serde_json::Value = serde_json::from_str(&tree_json(3, 6, 30)).unwrap();
    let mut other = state["shares"][0].clone();
    other["name"] = "other".into();
    state["shares"].as_array_mut().unwrap().push(other);
    let env = state_env(&log, &state.to_string());
    let run = env
        .azfh()
        .run(["handles", "ls", "par", "other", "-r", "-o", "jsonl"]);
    let each = env.ids_where("par", |_| true).len();
    assert_eq!(run.ok().lines().count(), 2 * each);
    let mut listed = paths_of(&log, "ListHandles");
    listed.sort();
    assert_eq!(listed, ["", "devstoreaccount1/other"]);
    assert!(paths_of(&log, "ListDirectoriesAndFiles").is_empty());
}

#[test]
fn a_top_level_of_many_files_keeps_the_one_loop() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    // 200 files at the top level: 201 parts, more than the split takes.
    let env = tree_env(&log, 200, 0, 20);
    let run = env.azfh().run(LIST_SPLIT);
    let expected = env.ids_where("par", |_| true);
    assert_eq!(expected.len(), 4_002);
    assert_eq!(ids_once(&run), expected);
    let listed = paths_of(&log, "ListHandles");
    assert!(listed.iter().all(String::is_empty), "{listed:?}");
    assert_eq!(listed.len(), 5, "4,002 handles in pages of 1,000");
    assert_eq!(paths_of(&log, "ListDirectoriesAndFiles"), [""]);
}

#[test]
fn a_file_target_keeps_the_one_loop() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 150);
    let run = env.azfh().run([
        "handles",
        "ls",
        "par/top1.txt",
        "-r",
        "--page-size",
        "1000",
        "-o",
        "jsonl",
    ]);
    assert_eq!(ids_once(&run).len(), 150);
    let listed = paths_of(&log, "ListHandles");
    assert!(listed.iter().all(|p| p == "top1.txt"), "{listed:?}");
}

#[test]
fn a_failed_part_fails_the_listing_as_a_failed_page_does() {
    let dir = tempfile::tempdir().unwrap();
    // The split tree: pages 1 and 2, the top level and the request for page 3 that paging
    // sends ahead (dropped when the listing splits) are answered, then every request fails.
    let log = dir.path().join("split.jsonl");
    let split = tree_env(&log, 3, 6, 150);
    split.set_faults(Faults {
        busy_after: 4,
        ..Faults::default()
    });
    let args = [
        "handles",
        "ls",
        "par",
        "-r",
        "--page-size",
        "1000",
        "--retries",
        "0",
        "-o",
        "jsonl",
    ];
    let failed_part = split.azfh().run(args);
    // A part was asked for (an injected fault is logged without its operation, and maybe
    // after azfh has already stopped at the first failed part).
    wait_until("a part is requested", || {
        paths_of(&log, "").iter().any(|p| !p.is_empty())
    });

    // The one loop: its page 4 fails the same way.
    let log = dir.path().join("loop.jsonl");
    let one_loop = tree_env(&log, 200, 0, 20);
    one_loop.set_faults(Faults {
        busy_after: 4,
        ..Faults::default()
    });
    let failed_page = one_loop.azfh().run(args);

    assert_ne!(failed_part.status, 0, "{}", failed_part.stderr);
    assert_eq!(
        failed_part.status, failed_page.status,
        "{}",
        failed_part.stderr
    );
    for run in [&failed_part, &failed_page] {
        assert!(run.stderr.contains("ServerBusy"), "{}", run.stderr);
    }
}

#[test]
fn a_close_selects_from_a_split_listing() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = tree_env(&log, 3, 6, 150);
    let stale = env.ids_where("par", |h| {
        h.handle.open_time < env.created - time::Duration::days(7)
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "par",
        "-r",
        "--older-than",
        "7d",
        "--page-size",
        "1000",
        "--yes",
        "-o",
        "jsonl",
    ]);
    run.ok();
    assert!(
        paths_of(&log, "ListHandles").iter().any(|p| p == "d1"),
        "the listing split"
    );
    let closed = closed_ids(&request_log(&log));
    assert_eq!(closed.len(), stale.len(), "each stale handle closed once");
    assert_eq!(closed.into_iter().collect::<BTreeSet<_>>(), stale);
}

#[test]
fn a_reader_that_stops_reading_holds_the_listing_to_its_page_budget() {
    use std::io::Read as _;

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    // 40 directories of 4 files with 150 handles each, nothing else: a split into 41 parts
    // (the root's own handles, none, and 40 directories of one page each), every page more
    // than the pipe and azfh's output buffer hold (64 KiB each).
    let files: Vec<String> = (0..40)
        .flat_map(|d| (0..4).map(move |f| format!("d{d}/f{f}.txt")))
        .collect();
    let handles: Vec<String> = files
        .iter()
        .flat_map(|path| {
            (0..150).map(move |_| {
                format!(r#"{{"path":"{path}","client_ip":"10.20.1.5:49152","age":"1h"}}"#)
            })
        })
        .collect();
    let entries: Vec<String> = files
        .iter()
        .map(|path| format!(r#"{{"path":"{path}","size":1}}"#))
        .collect();
    let json = format!(
        r#"{{"shares":[{{"name":"par","files":[{}],"handles":[{}]}}]}}"#,
        entries.join(","),
        handles.join(",")
    );
    let env = state_env(&log, &json);
    let mut child = env.azfh().spawn(LIST_SPLIT);
    // Nobody reads: the pipe fills within the first page printed, and every page listed
    // after that waits in memory, so the listing must stop asking for more.
    wait_until("the listing has split", || {
        paths_of(&log, "ListHandles")
            .iter()
            .any(|p| p.starts_with('d'))
    });
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    let while_stalled = paths_of(&log, "ListHandles").len();
    // TARGET's page 1 and the page sent ahead of it; then a page per place (8 at first, or as
    // many as page 1's arrival time asks for with the caller's time assumed, at most the
    // ceiling of 20: this caller is stuck on its first page, so nothing it measures grows the
    // budget), plus the two the caller took, freeing their places: the root's own (empty) and
    // the one it is stuck printing. Every part at once would be 41.
    assert!(
        while_stalled <= 24,
        "{while_stalled} pages listed for a reader that reads nothing: {:?}",
        paths_of(&log, "ListHandles")
    );
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(
        paths_of(&log, "ListHandles").len(),
        while_stalled,
        "a stalled listing asks for nothing more"
    );

    let mut stdout = child.stdout.take().unwrap();
    let mut listed = String::new();
    stdout.read_to_string(&mut listed).unwrap();
    let run = crate::support::wait_at_most(child, std::time::Duration::from_secs(60));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ids: BTreeSet<String> = listed
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["handle_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), listed.lines().count(), "each handle once");
    assert_eq!(ids, env.ids_where("par", |_| true));
    assert!(
        paths_of(&log, "ListHandles").len() > 40,
        "then every part was listed"
    );
}

//! Owners by name: each distinct auth_id looked up once a run (`POST /v1/identity/find`),
//! `owner_name` in records, names in tables and groups, `--owner` by name or id, and a failed
//! lookup that leaves the id and says so once.

use std::collections::{BTreeMap, BTreeSet};

use super::qumulo::Cluster;

const ALICE: &str = "12884901890";
const SVC_BACKUP: &str = "12884902000";

#[test]
fn each_owner_is_looked_up_once_and_named_in_every_format() {
    let cluster = Cluster::start(7, |_| {});
    let run = cluster.run(&["handles", "ls", &cluster.target("/"), "-r"]);
    assert_eq!(run.stdout.lines().count(), 240, "{}", run.stderr);
    let lookups = cluster.emulator.view.identity_lookups();
    let distinct: BTreeSet<&String> = lookups.iter().collect();
    assert_eq!(
        lookups.len(),
        5,
        "one lookup per owner over 35 pages: {lookups:?}"
    );
    assert_eq!(distinct.len(), 5);

    let mut names = BTreeMap::new();
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        names.insert(
            record["owner"].as_str().unwrap().to_owned(),
            record["owner_name"].as_str().unwrap().to_owned(),
        );
    }
    assert_eq!(names["500"], "admin");
    assert_eq!(names[ALICE], "CORP\\alice");
    assert_eq!(names[SVC_BACKUP], "CORP\\svc-backup");

    let table = cluster.run(&[
        "handles",
        "ls",
        &cluster.target("/home"),
        "-r",
        "-o",
        "table",
    ]);
    assert!(table.ok().contains("CORP\\alice"), "{}", table.stdout);
    assert!(
        !table.stdout.contains(ALICE),
        "names, not ids: {}",
        table.stdout
    );
}

#[test]
fn owner_selects_by_name_or_id() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let alice = cluster.expected(|h| h.owner == ALICE);
    assert!(!alice.is_empty());
    for owner in [ALICE, "CORP\\alice", "alice", "ALICE", "corp\\Alice"] {
        let run = cluster.run(&["handles", "ls", &target, "-r", "--owner", owner]);
        assert_eq!(run.jsonl_ids(), alice, "--owner {owner}: {}", run.stderr);
    }
    let nobody = cluster.run(&["handles", "ls", &target, "-r", "--owner", "mallory"]);
    assert!(nobody.jsonl_ids().is_empty());
    assert_eq!(nobody.status, 0);

    // Close by name: exactly alice's handles go.
    let closed = cluster.run(&[
        "handles", "close", &target, "-r", "--owner", "alice", "--yes",
    ]);
    assert_eq!(closed.status, 0, "{}", closed.stderr);
    let open: BTreeSet<String> = cluster.emulator.view.open().into_iter().collect();
    assert!(open.is_disjoint(&alice));
    assert_eq!(open.len(), cluster.demo.handles.len() - alice.len());
}

#[test]
fn a_failed_lookup_keeps_the_id_and_says_so_once() {
    let cluster = Cluster::start(7, |state| {
        state.identities.remove(SVC_BACKUP);
    });
    let run = cluster.run(&["handles", "ls", &cluster.target("/"), "-r"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 240);
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if record["owner"] == SVC_BACKUP {
            assert!(record["owner_name"].is_null(), "{record}");
        } else {
            assert!(record["owner_name"].is_string(), "{record}");
        }
    }
    let warnings = run.stderr_lines("warning");
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("1 owner name could not be looked up")
            && warnings[0].contains(SVC_BACKUP),
        "{}",
        run.stderr
    );
    assert_eq!(
        cluster
            .emulator
            .view
            .identity_lookups()
            .iter()
            .filter(|id| *id == SVC_BACKUP)
            .count(),
        1,
        "a failed lookup is not repeated on every page"
    );
    // Grouped, the id stands in for the missing name.
    let grouped = cluster.run(&[
        "handles",
        "ls",
        &cluster.target("/"),
        "-r",
        "--group-by",
        "owner",
        "-o",
        "json",
    ]);
    let groups: Vec<serde_json::Value> = serde_json::from_str(grouped.ok()).unwrap();
    let keys: BTreeSet<&str> = groups.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert!(
        keys.contains(SVC_BACKUP) && keys.contains("CORP\\bob"),
        "{keys:?}"
    );
}

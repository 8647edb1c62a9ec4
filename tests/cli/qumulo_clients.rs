//! `--client-ip` on Qumulo: client addresses from the share-mode lock grants, joined to
//! handles by file. A handle matches only when every client holding its file is selected;
//! a file that selected and unselected clients both hold makes its handles ambiguous: left
//! out (and said so) unless `--client-ip-ambiguous=include`, and never closed otherwise.

use std::collections::{BTreeMap, BTreeSet};

use azfh_emulator::qumulo::ClusterState;

use super::qumulo::Cluster;

/// file number → the client addresses holding it, as the demo's sessions do.
fn holders(state: &ClusterState) -> BTreeMap<u64, BTreeSet<String>> {
    let mut holders: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for session in state.sessions.values() {
        for location in &session.handles {
            let handle = &state.handles[location];
            holders
                .entry(handle.file_number)
                .or_default()
                .insert(session.originator.clone());
        }
    }
    holders
}

#[test]
fn one_client_s_handles_are_those_of_files_only_it_holds() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let holders = holders(&cluster.demo);
    let client = "127.0.2.11";
    let exact =
        cluster.expected(|h| holders[&h.file_number] == BTreeSet::from([client.to_owned()]));
    let ambiguous = cluster.expected(|h| {
        let held = &holders[&h.file_number];
        held.len() > 1 && held.contains(client)
    });
    assert!(
        !exact.is_empty() && !ambiguous.is_empty(),
        "the demo has both kinds"
    );

    let run = cluster.run(&["handles", "ls", &target, "-r", "--client-ip", client]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.jsonl_ids(), exact);
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            record["client_ip"], client,
            "the exact join fills client_ip"
        );
    }
    let warnings = run.stderr_lines("warning");
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains(&format!("{} handles are on files", ambiguous.len()))
            && warnings[0].contains("--client-ip-ambiguous=include"),
        "{}",
        run.stderr
    );
    // A single address: the cluster filters the grants by owner_address.
    let log = cluster.emulator.view.request_log();
    assert!(
        log.iter()
            .any(|l| l.contains("/v1/files/locks/smb/share-mode/?owner_address=127.0.2.11")),
        "{log:?}"
    );

    let included = cluster.run(&[
        "handles",
        "ls",
        &target,
        "-r",
        "--client-ip",
        client,
        "--client-ip-ambiguous=include",
    ]);
    assert_eq!(
        included.jsonl_ids(),
        exact.union(&ambiguous).cloned().collect::<BTreeSet<_>>()
    );
    for line in included.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = record["handle_id"].as_str().unwrap();
        if ambiguous.contains(id) {
            assert!(record["client_ip"].is_null(), "not exact: {record}");
        }
    }

    // Every client selected (a range): nothing is ambiguous, every handle matches.
    let everyone = cluster.run(&[
        "handles",
        "ls",
        &target,
        "-r",
        "--client-ip",
        "127.0.0.0/16",
    ]);
    assert_eq!(everyone.jsonl_ids(), cluster.expected(|_| true));
    assert!(
        everyone.stderr_lines("warning").is_empty(),
        "{}",
        everyone.stderr
    );

    // Excluding a client leaves out every handle it may hold.
    let others = cluster.run(&[
        "handles",
        "ls",
        &target,
        "-r",
        "--exclude-client-ip",
        client,
    ]);
    assert_eq!(
        others.jsonl_ids(),
        cluster.expected(|h| !holders[&h.file_number].contains(client))
    );
}

#[test]
fn ambiguous_handles_are_never_closed_on_an_address() {
    let cluster = Cluster::start(1000, |_| {});
    let target = cluster.target("/");
    let holders = holders(&cluster.demo);
    let client = "127.0.4.11";
    let exact =
        cluster.expected(|h| holders[&h.file_number] == BTreeSet::from([client.to_owned()]));
    let closed = cluster.run(&[
        "handles",
        "close",
        &target,
        "-r",
        "--client-ip",
        client,
        "--yes",
    ]);
    assert_eq!(closed.status, 0, "{}", closed.stderr);
    assert_eq!(closed.jsonl_ids(), exact);
    let open: BTreeSet<String> = cluster.emulator.view.open().into_iter().collect();
    assert_eq!(
        open,
        cluster
            .expected(|_| true)
            .difference(&exact)
            .cloned()
            .collect::<BTreeSet<_>>()
    );

    // Grouping by a derived address is refused; reading grants needs its privilege.
    cluster
        .run(&["handles", "ls", &target, "--group-by", "client-ip"])
        .usage_error("--group-by client-ip");
    // A port, as Azure's CLIENT column shows one, can never match a lock grant's address.
    cluster
        .run(&[
            "handles",
            "ls",
            &target,
            "-r",
            "--client-ip",
            "127.0.4.11:445",
        ])
        .usage_error("with a port (IP:PORT)");
    let blind = Cluster::start(1000, |state| {
        state
            .withheld_privileges
            .insert("PRIVILEGE_FS_LOCK_READ".into());
    });
    blind
        .run(&[
            "handles",
            "ls",
            &blind.target("/"),
            "-r",
            "--client-ip",
            client,
        ])
        .failure("lacks PRIVILEGE_FS_LOCK_READ", "PRIVILEGE_FS_LOCK_READ");
    assert!(
        blind
            .run(&["handles", "ls", &blind.target("/"), "-r"])
            .status
            == 0,
        "without --client-ip the grants are not needed"
    );
}

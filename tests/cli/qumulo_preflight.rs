//! Reaching a cluster: the `/api` base path of its web port, and the who-am-i preflight that
//! names a missing privilege before any listing.

use azfh_emulator::qumulo::QumuloConfig;

use super::qumulo::{Cluster, TOKEN};
use super::support::Azfh;

/// Whether the cluster saw a request for `what` (`METHOD path`).
fn saw(cluster: &Cluster, what: &str) -> bool {
    cluster
        .emulator
        .view
        .request_log()
        .iter()
        .any(|line| line.starts_with(what))
}

#[test]
fn a_cluster_on_its_web_port_is_reached_under_api() {
    let cluster = Cluster::start_with(
        QumuloConfig {
            api_prefix: true,
            ..QumuloConfig::default()
        },
        |_| {},
    );
    let target = cluster.target("/scratch");
    let expected = cluster.expected(|h| h.path.starts_with("/scratch/"));
    let listed = cluster.run(&["handles", "ls", &target, "-r", "--qumulo-base", "/api"]);
    assert_eq!(listed.jsonl_ids(), expected, "{}", listed.stderr);
    assert!(saw(&cluster, "GET /v1/smb/files/"));

    // Without the base path, the cluster's web port has no such endpoint.
    let plain = cluster.run(&["handles", "ls", &target, "-r"]);
    plain.failure("404", "--qumulo-base /api");
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let with_token = Azfh::bare().env("QUMULO_TOKEN", TOKEN).run([
        "handles",
        "ls",
        &target,
        "-r",
        "--ca-cert",
        &ca,
    ]);
    with_token.failure("who-am-i failed: 404", "--qumulo-base /api");

    Cluster::login()
        .run(["handles", "ls", &target, "--qumulo-base", "api"])
        .usage_error("--qumulo-base 'api' is not a URL path");
}

#[test]
fn a_missing_privilege_is_named_before_any_listing() {
    let cluster = Cluster::start(1000, |state| {
        state
            .withheld_privileges
            .insert("PRIVILEGE_SMB_FILE_HANDLE_WRITE".into());
    });
    let target = cluster.target("/projects");
    // Listing needs only the read privilege.
    let listed = cluster.run(&["handles", "ls", &target, "-r"]);
    assert!(!listed.jsonl_ids().is_empty(), "{}", listed.stderr);

    let before = cluster.emulator.view.request_log().len();
    let close = cluster.run(&["handles", "close", &target, "-r", "--all", "--yes"]);
    close.failure(
        "lacks PRIVILEGE_SMB_FILE_HANDLE_WRITE",
        "PRIVILEGE_SMB_FILE_HANDLE_WRITE",
    );
    let log = cluster.emulator.view.request_log();
    assert!(
        log[before..]
            .iter()
            .all(|line| !line.contains("/v1/smb/files/")),
        "nothing listed or closed: {log:?}"
    );
    assert_eq!(
        cluster.emulator.view.open().len(),
        cluster.demo.handles.len()
    );

    // A dry run lists only: it needs only the read privilege.
    let dry = cluster.run(&["handles", "close", &target, "-r", "--all", "--dry-run"]);
    assert_eq!(dry.status, 0, "{}", dry.stderr);

    let blind = Cluster::start(1000, |state| {
        state
            .withheld_privileges
            .insert("PRIVILEGE_SMB_FILE_HANDLE_READ".into());
    });
    blind
        .run(&["handles", "ls", &blind.target("/"), "-r"])
        .failure("lacks PRIVILEGE_SMB_FILE_HANDLE_READ", "Role Management");
    assert!(!saw(&blind, "GET /v1/smb/files/"));
}

//! The Qumulo backend: the real `azfh` against the emulated cluster (`azfh emulator
//! --qumulo`'s code) over HTTPS on 127.0.0.1, with its self-signed certificate.

use std::collections::BTreeSet;
use std::path::PathBuf;

use azfh_emulator::qumulo::{BackgroundQumulo, ClusterState, QumuloConfig, state};

use crate::support::{Azfh, Run, outcomes};

pub(crate) const USER: &str = "admin";
const PASSWORD: &str = "correct-horse-battery";
pub(crate) const TOKEN: &str = "access-v1:emulated-secret-token-0123456789";

/// An emulated cluster with the demo handles, a login and a token, and its certificate in a
/// file.
pub(crate) struct Cluster {
    pub(crate) emulator: BackgroundQumulo,
    /// The demo state as loaded (what the cluster had before any close).
    pub(crate) demo: ClusterState,
    pub(crate) ca_cert: PathBuf,
    dir: tempfile::TempDir,
}

impl Cluster {
    pub(crate) fn start(page_size: usize, setup: impl FnOnce(&mut ClusterState)) -> Self {
        Self::start_with(
            QumuloConfig {
                max_page_size: page_size,
                ..QumuloConfig::default()
            },
            setup,
        )
    }

    /// [`start`](Self::start) with a configuration of its own.
    pub(crate) fn start_with(config: QumuloConfig, setup: impl FnOnce(&mut ClusterState)) -> Self {
        let mut cluster = state::demo();
        cluster.users.insert(USER.into(), PASSWORD.into());
        cluster.tokens.insert(TOKEN.into());
        setup(&mut cluster);
        let demo = state::demo();
        let emulator = BackgroundQumulo::start(config, cluster).expect("the cluster starts");
        let dir = tempfile::tempdir().unwrap();
        let ca_cert = dir.path().join("cluster.pem");
        std::fs::write(&ca_cert, &emulator.certificate_pem).unwrap();
        Self {
            emulator,
            demo,
            ca_cert,
            dir,
        }
    }

    pub(crate) fn target(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.target)
    }

    /// `azfh` logging in with the user and password, trusting the certificate.
    pub(crate) fn login() -> Azfh {
        let mut azfh = Azfh::bare();
        azfh.env("QUMULO_USER", USER)
            .env("QUMULO_PASSWORD", PASSWORD)
            .env("AZFH_OUTPUT", "jsonl");
        azfh
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let ca = self.ca_cert.to_string_lossy().into_owned();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--ca-cert", ca.as_str()]);
        Self::login().run(all)
    }

    /// Locations of the demo handles that `keep` selects.
    pub(crate) fn expected(&self, keep: impl Fn(&state::QumuloHandle) -> bool) -> BTreeSet<String> {
        self.demo
            .handles
            .values()
            .filter(|h| keep(h))
            .map(|h| h.location.clone())
            .collect()
    }

    pub(crate) fn requests(&self) -> u64 {
        self.emulator.view.requests()
    }
}

#[test]
fn listing_follows_every_page_and_scopes_by_path() {
    let cluster = Cluster::start(7, |_| {});
    let all = cluster.run(&["handles", "ls", &cluster.target("/"), "-r"]);
    let everything = cluster.expected(|_| true);
    assert_eq!(all.jsonl_ids(), everything);
    assert_eq!(all.stdout.lines().count(), 240, "each handle once");
    // One login, the privilege preflight, 240 / 7 pages rounded up, and one name lookup for
    // each of the five owners.
    assert_eq!(cluster.requests(), 2 + 240_u64.div_ceil(7) + 5);

    let below = cluster.run(&["handles", "ls", &cluster.target("/projects/dept-01"), "-r"]);
    assert_eq!(
        below.jsonl_ids(),
        cluster.expected(|h| h.path.starts_with("/projects/dept-01/"))
    );
    assert!(!below.jsonl_ids().is_empty());

    // Without -r: the handles on the object itself, which the cluster selects by file number.
    let before = cluster.requests();
    let file = "/projects/dept-02/shared/data-05.csv";
    let one = cluster.run(&["handles", "ls", &cluster.target(file), "--page-size", "3"]);
    assert_eq!(one.jsonl_ids(), cluster.expected(|h| h.path == file));
    let pages = cluster.expected(|h| h.path == file).len().div_ceil(3) as u64;
    let owners = cluster
        .demo
        .handles
        .values()
        .filter(|h| h.path == file)
        .map(|h| h.owner.clone())
        .collect::<BTreeSet<_>>()
        .len() as u64;
    assert_eq!(
        cluster.requests() - before,
        1 + 1 + 1 + pages + owners,
        "login, who-am-i, attributes, pages, names"
    );
    let dir = cluster.run(&["handles", "ls", &cluster.target("/projects/dept-01/")]);
    assert_eq!(
        dir.jsonl_ids(),
        cluster.expected(|h| h.path == "/projects/dept-01/")
    );

    // Every record maps onto the shared fields; what Qumulo does not report is null.
    let record: serde_json::Value =
        serde_json::from_str(one.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(record["path"], file);
    assert!(record["owner"].is_string() && record["byte_range_locks"].is_u64());
    for field in ["client_ip", "client_name", "open_time", "session_id"] {
        assert!(record[field].is_null(), "{field}: {record}");
    }

    let missing = cluster.run(&["handles", "ls", &cluster.target("/no/such/dir")]);
    missing.failure("fs_no_such_entry_error", "absolute path");
}

#[test]
fn a_page_link_that_comes_back_stops_the_listing() {
    let cluster = Cluster::start(50, |state| state.repeat_first_page = true);
    let run = cluster.run(&[
        "handles",
        "ls",
        &cluster.target("/"),
        "-r",
        "--page-size",
        "50",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr_lines("error")[0].contains("repeated the page link"),
        "{}",
        run.stderr
    );
    assert!(
        cluster.requests() <= 5 + 5,
        "it stopped instead of looping (five of them name lookups)"
    );
    // With --all, nothing is closed from a listing that did not finish.
    let close = cluster.run(&[
        "handles",
        "close",
        &cluster.target("/"),
        "-r",
        "--all",
        "--yes",
    ]);
    assert_eq!(close.status, 1);
    assert!(cluster.emulator.view.close_requests().is_empty());
}

#[test]
fn each_filter_selects_what_it_says() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let cases: Vec<(Vec<&str>, BTreeSet<String>)> = vec![
        (
            vec!["--owner", "500"],
            cluster.expected(|h| h.owner == "500"),
        ),
        (
            vec!["--owner", "500", "--owner", "12884901890"],
            cluster.expected(|h| h.owner == "500" || h.owner == "12884901890"),
        ),
        (
            vec!["--path", "projects/*/shared/**"],
            cluster.expected(|h| h.path.contains("/shared/")),
        ),
        (
            vec!["--path", "**/*.DOCX"],
            cluster.expected(|h| {
                std::path::Path::new(&h.path)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
            }),
        ),
        (
            vec!["--access", "write"],
            cluster.expected(|h| h.access_mask.iter().any(|m| m.contains("WRITE_DATA"))),
        ),
        (
            vec!["--access", "delete", "--owner", "12884902000"],
            cluster.expected(|h| {
                h.owner == "12884902000" && h.access_mask.iter().any(|m| m == "MS_ACCESS_DELETE")
            }),
        ),
    ];
    for (filters, expected) in cases {
        assert!(!expected.is_empty(), "{filters:?} selects something");
        let mut args = vec!["handles", "ls", target.as_str(), "-r"];
        args.extend(filters.iter().copied());
        assert_eq!(cluster.run(&args).jsonl_ids(), expected, "{filters:?}");
    }
    let grouped = cluster.run(&[
        "handles",
        "ls",
        &target,
        "-r",
        "--group-by",
        "owner",
        "-o",
        "json",
    ]);
    let groups: Vec<serde_json::Value> = serde_json::from_str(grouped.ok()).unwrap();
    // Grouped by the owner's name, which the cluster gives for auth_id 500.
    let five_hundred = groups.iter().find(|g| g["key"] == "admin").unwrap();
    assert_eq!(
        five_hundred["handles"],
        cluster.expected(|h| h.owner == "500").len()
    );
}

#[test]
fn filters_qumulo_cannot_honour_are_refused_before_any_request() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/projects");
    for (args, needle) in [
        (
            vec!["handles", "ls", &target, "--older-than", "7d"],
            "--older-than",
        ),
        (
            vec!["handles", "ls", &target, "--newer-than", "1h"],
            "--older-than",
        ),
        (
            vec!["handles", "ls", &target, "--opened-before", "2026-01-01"],
            "--opened-before",
        ),
        (
            vec!["handles", "ls", &target, "--client-name", "WS-*"],
            "--client-name",
        ),
        (
            vec!["handles", "ls", &target, "--session-id", "7"],
            "--session-id",
        ),
        (
            vec!["handles", "ls", &target, "--group-by", "client-ip"],
            "--group-by client-ip",
        ),
        (
            vec!["handles", "close", &target, "--older-than", "7d", "--yes"],
            "open time",
        ),
        (
            vec![
                "handles", "close", &target, "--all", "--marker", "m", "--yes",
            ],
            "--marker",
        ),
        (
            vec!["handles", "close", &target, "--handle-id", "a b", "--yes"],
            "invalid handle id",
        ),
        (
            vec![
                "handles",
                "ls",
                &target,
                "--snapshot",
                "2026-11-01T00:00:00.0000000Z",
            ],
            "--snapshot",
        ),
        (vec!["--emulator", "handles", "ls", &target], "--emulator"),
        (vec!["ls", &target], "Qumulo TARGET"),
        (
            vec!["handles", "ls", "qumulo://127.0.0.1:0/x"],
            "not a port",
        ),
    ] {
        cluster.run(&args).usage_error(needle);
    }
    // And on Azure Files, the Qumulo-only filter.
    Azfh::bare()
        .env("AZFH_ENDPOINT", "http://127.0.0.1:9/devstoreaccount1")
        .env("AZURE_STORAGE_KEY", "a2V5")
        .run(["handles", "ls", "demo", "--owner", "500"])
        .usage_error("--owner cannot be used on Azure Files");
    assert_eq!(cluster.requests(), 0, "no request for a refused command");
}

#[test]
fn closes_go_in_batches_and_report_each_failure() {
    let failing = ["2.676543751023.39908", "1.676543751478.39943"];
    let cluster = Cluster::start(1000, |state| {
        state
            .fail_close
            .extend(failing.iter().map(|s| (*s).to_owned()));
    });
    let target = cluster.target("/");

    // A dry run and a refusal (no terminal, no --yes) close nothing.
    let dry = cluster.run(&[
        "handles",
        "close",
        &target,
        "-r",
        "--owner",
        "500",
        "--dry-run",
    ]);
    assert_eq!(dry.jsonl_ids(), cluster.expected(|h| h.owner == "500"));
    cluster
        .run(&["handles", "close", &target, "-r", "--owner", "500"])
        .usage_error("--yes");
    cluster
        .run(&[
            "handles", "close", &target, "-r", "--all", "--max", "100", "--yes",
        ])
        .usage_error("more than --max 100");
    assert!(cluster.emulator.view.close_requests().is_empty());
    assert_eq!(cluster.emulator.view.open().len(), 240);

    // Everything below /: 240 handles in batches of at most 100, each sent once.
    let run = cluster.run(&["handles", "close", &target, "-r", "--all", "--yes"]);
    assert_eq!(run.status, 3, "some closes failed: {}", run.stderr);
    let report = outcomes(&run);
    assert_eq!(report.len(), 240);
    for (id, outcome) in &report {
        let expected = if failing.contains(&id.as_str()) {
            "failed"
        } else {
            "closed"
        };
        assert_eq!(outcome, expected, "{id}");
    }
    let failed: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["outcome"] == "failed")
        .collect();
    assert!(failed.iter().all(|r| {
        r["error"]
            .as_str()
            .unwrap()
            .contains("fs_sharing_violation_error")
    }));
    let batches = cluster.emulator.view.close_requests();
    assert!(
        batches.iter().all(|b| b.len() <= 100),
        "{:?}",
        batches.iter().map(Vec::len).collect::<Vec<_>>()
    );
    assert_eq!(batches.len(), 3);
    let sent: Vec<&String> = batches.iter().flatten().collect();
    assert_eq!(sent.len(), 240, "each handle sent once");
    assert_eq!(sent.iter().collect::<BTreeSet<_>>().len(), 240);
    // Each handle goes back exactly as it was listed (older clusters check the whole object).
    let listed: std::collections::HashMap<String, serde_json::Value> = cluster
        .demo
        .handles
        .values()
        .map(|h| (h.location.clone(), h.record(true)))
        .collect();
    for item in cluster.emulator.view.close_bodies().iter().flatten() {
        let location = item["handle_info"]["location"].as_str().unwrap();
        assert_eq!(item, &listed[location], "sent back as listed");
    }
    assert_eq!(
        cluster
            .emulator
            .view
            .open()
            .into_iter()
            .collect::<BTreeSet<_>>(),
        failing.iter().map(|s| (*s).to_owned()).collect()
    );
    assert!(
        run.stderr
            .contains("closed 238, already closed 0, failed 2"),
        "{}",
        run.stderr
    );

    // By id: a location as listed.
    let by_id = cluster.run(&[
        "handles",
        "close",
        &target,
        "-r",
        "--handle-id",
        failing[0],
        "--yes",
    ]);
    assert_eq!(by_id.status, 3);
    assert_eq!(
        outcomes(&by_id).get(failing[0]).map(String::as_str),
        Some("failed")
    );
}

#[test]
fn verify_lists_again_after_closing() {
    let cluster = Cluster::start(1000, |_| {});
    let run = cluster.run(&[
        "handles",
        "close",
        &cluster.target("/scratch"),
        "-r",
        "--all",
        "--yes",
        "--verify=3s",
    ]);
    let report = outcomes(&run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        report.keys().cloned().collect::<BTreeSet<_>>(),
        cluster.expected(|h| h.path.starts_with("/scratch/"))
    );
    assert!(cluster.emulator.view.open().iter().all(|l| {
        !cluster
            .expected(|h| h.path.starts_with("/scratch/"))
            .contains(l)
    }));
}

#[test]
fn token_login_and_credential_files() {
    let cluster = Cluster::start(1000, |_| {});
    let target = cluster.target("/home");
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let expected = cluster.expected(|h| h.path.starts_with("/home/"));
    let ls = [
        "handles",
        "ls",
        target.as_str(),
        "-r",
        "--ca-cert",
        ca.as_str(),
        "-vv",
    ];

    let by_token = Azfh::bare()
        .env("QUMULO_TOKEN", TOKEN)
        .env("AZFH_OUTPUT", "jsonl")
        .run(ls);
    assert_eq!(by_token.jsonl_ids(), expected);
    assert!(
        !by_token.stderr.contains(TOKEN),
        "the token is never printed"
    );

    let by_login = Cluster::login().run(ls);
    assert_eq!(by_login.jsonl_ids(), expected);
    assert!(!by_login.stderr.contains(PASSWORD));
    assert!(
        !by_login.stderr.contains("session-v1:"),
        "nor the session token"
    );

    // qq's credential file, given or found where `qq login` leaves it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cred");
    std::fs::write(
        &file,
        format!(r#"{{"bearer_token": "{TOKEN}", "version": 1}}"#),
    )
    .unwrap();
    let given = Azfh::bare().env("AZFH_OUTPUT", "jsonl").run(
        ls.iter()
            .copied()
            .chain(["--qumulo-credentials", file.to_str().unwrap()]),
    );
    assert_eq!(given.jsonl_ids(), expected);
    let port = cluster.emulator.target.rsplit(':').next().unwrap();
    let store = dir.path().join("xdg/qumulo/credentials");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::copy(&file, store.join(format!("127.0.0.1_{port}"))).unwrap();
    let found = Azfh::bare()
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .env("AZFH_OUTPUT", "jsonl")
        .run(ls);
    assert_eq!(found.jsonl_ids(), expected);

    // Wrong credentials: exit 1, the cluster's error and a hint, no secret.
    let wrong_token = "access-v1:wrong-secret-token-value";
    let refused = Azfh::bare().env("QUMULO_TOKEN", wrong_token).run(ls);
    refused.failure("401", "QUMULO_TOKEN");
    assert!(!refused.stderr.contains(wrong_token));
    let bad_login = Azfh::bare()
        .env("QUMULO_USER", USER)
        .env("QUMULO_PASSWORD", "wrong-password-value")
        .run(ls);
    bad_login.failure("auth_login_failed_error", "QUMULO_USER");
    assert!(
        !bad_login.stderr_lines("hint")[0].contains("token"),
        "a refused password is not a token problem:\n{}",
        bad_login.stderr
    );
    assert!(!bad_login.stderr.contains("wrong-password-value"));
    Azfh::bare().run(ls).usage_error("no credential for");
}

#[test]
fn the_self_signed_certificate_needs_ca_cert_or_insecure() {
    let cluster = Cluster::start(1000, |_| {});
    let target = cluster.target("/scratch");
    let ls = ["handles", "ls", target.as_str(), "-r"];
    let expected = cluster.expected(|h| h.path.starts_with("/scratch/"));

    let untrusted = Cluster::login().run(ls);
    untrusted.failure("certificate", "--ca-cert FILE");
    assert_eq!(
        cluster.requests(),
        0,
        "no request passes a refused handshake"
    );

    assert_eq!(cluster.run(&ls).jsonl_ids(), expected);

    let insecure = Cluster::login().run(ls.iter().copied().chain(["--insecure"]));
    assert_eq!(insecure.jsonl_ids(), expected);
    assert_eq!(
        insecure.stderr_lines("warning").len(),
        1,
        "{}",
        insecure.stderr
    );
    assert!(insecure.stderr_lines("warning")[0].contains("--insecure"));

    let not_pem = cluster.dir.path().join("not.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    Cluster::login()
        .run(
            ls.iter()
                .copied()
                .chain(["--ca-cert", not_pem.to_str().unwrap()]),
        )
        .usage_error("holds no PEM certificate");
    Cluster::login()
        .run(ls.iter().copied().chain(["--ca-cert", "/no/such.pem"]))
        .usage_error("--ca-cert /no/such.pem is not a file");
}

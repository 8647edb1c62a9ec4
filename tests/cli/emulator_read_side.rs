//! The read side clients call around handles: List Shares, Get Share Properties and Get
//! Directory Properties (GET and HEAD), their 404 codes, NFS shares refusing handle calls,
//! and the one answer for what the emulator does not implement.

use azfh_emulator::EmulatorConfig;
use azfh_emulator::load::state_file;

use crate::emulator_requests::signed;
use crate::support::Env;

const STATE: &str = r#"{"shares": [
  {"name": "alpha", "quota": 5120, "access_tier": "Hot",
   "metadata": {"Owner": "ops", "purpose": "tests"},
   "directories": ["docs/empty"], "files": [{"path": "docs/a.txt", "size": 3}],
   "snapshots": [{"id": "2026-11-01T00:00:00.0000000Z"}, {"id": "2026-11-02T00:00:00.0000000Z"}]},
  {"name": "beta", "protocols": "NFS", "directories": ["x"]},
  {"name": "gamma"}
]}"#;

fn env() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        state_file::load(store, STATE, now).unwrap();
    })
}

/// The `<Name>` (and `<Snapshot>`) of each listed share, in order.
fn listed(body: &str) -> Vec<String> {
    body.split("<Share>")
        .skip(1)
        .map(|share| {
            let field = |name: &str| {
                share
                    .split(&format!("<{name}>"))
                    .nth(1)
                    .and_then(|rest| rest.split(&format!("</{name}>")).next())
                    .map(str::to_owned)
            };
            match field("Snapshot") {
                Some(snapshot) => format!("{}@{snapshot}", field("Name").unwrap()),
                None => field("Name").unwrap(),
            }
        })
        .collect()
}

fn next_marker(body: &str) -> Option<String> {
    body.split("<NextMarker>")
        .nth(1)
        .and_then(|rest| rest.split("</NextMarker>").next())
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
}

#[test]
fn list_shares_lists_every_share_with_its_properties_snapshots_and_metadata() {
    let env = env();
    let all = signed(&env, "GET", "", &[("comp", "list")]);
    assert_eq!(all.status, 200, "{}", all.text());
    let text = all.text();
    assert_eq!(listed(&text), ["alpha", "beta", "gamma"]);
    assert!(text.contains("<Quota>5120</Quota>"), "{text}");
    assert!(text.contains("<AccessTier>Hot</AccessTier>"), "{text}");
    assert!(
        text.contains("<EnabledProtocols>NFS</EnabledProtocols>"),
        "{text}"
    );
    assert!(
        text.contains("<Quota>102400</Quota>"),
        "the default quota: {text}"
    );
    for field in [
        "<Last-Modified>",
        "<Etag>",
        "<LeaseState>available</LeaseState>",
    ] {
        assert_eq!(
            text.matches(field).count(),
            3,
            "{field} on every share: {text}"
        );
    }
    assert!(
        !text.contains("<Metadata>"),
        "metadata only when asked: {text}"
    );

    let detailed = signed(
        &env,
        "GET",
        "",
        &[("comp", "list"), ("include", "snapshots,metadata")],
    )
    .text();
    assert_eq!(
        listed(&detailed),
        [
            "alpha@2026-11-01T00:00:00.0000000Z",
            "alpha@2026-11-02T00:00:00.0000000Z",
            "alpha",
            "beta",
            "gamma"
        ]
    );
    assert!(
        detailed.contains("<Metadata><owner>ops</owner><purpose>tests</purpose></Metadata>"),
        "{detailed}"
    );

    let prefixed = signed(&env, "GET", "", &[("comp", "list"), ("prefix", "b")]).text();
    assert_eq!(listed(&prefixed), ["beta"]);
    assert!(prefixed.contains("<Prefix>b</Prefix>"));
}

#[test]
fn list_shares_pages_one_share_or_snapshot_at_a_time() {
    let env = env();
    let mut marker = String::new();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let mut query = vec![
            ("comp", "list"),
            ("include", "snapshots"),
            ("maxresults", "1"),
        ];
        if !marker.is_empty() {
            query.push(("marker", marker.as_str()));
        }
        let page = signed(&env, "GET", "", &query);
        assert_eq!(page.status, 200, "{}", page.text());
        let text = page.text();
        seen.extend(listed(&text));
        pages += 1;
        match next_marker(&text) {
            Some(next) => marker = next,
            None => break,
        }
        assert!(pages < 10, "paging ends");
    }
    assert_eq!(pages, 5);
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[2], "alpha");
    let bad = signed(&env, "GET", "", &[("comp", "list"), ("marker", "nonsense")]);
    assert_eq!(
        (bad.status, bad.code()),
        (400, "InvalidQueryParameterValue")
    );
}

#[test]
fn share_properties_answer_get_and_head_and_the_service_404s() {
    let env = env();
    for method in ["GET", "HEAD"] {
        let answer = signed(&env, method, "alpha", &[("restype", "share")]);
        assert_eq!(answer.status, 200, "{method}: {}", answer.text());
        assert_eq!(answer.header("x-ms-share-quota"), Some("5120"));
        assert_eq!(answer.header("x-ms-enabled-protocols"), Some("SMB"));
        assert_eq!(answer.header("x-ms-access-tier"), Some("Hot"));
        assert_eq!(answer.header("x-ms-meta-owner"), Some("ops"));
        assert!(answer.header("etag").is_some() && answer.header("last-modified").is_some());
        assert!(answer.body.is_empty());
    }
    let snapshot = signed(
        &env,
        "HEAD",
        "alpha",
        &[
            ("restype", "share"),
            ("sharesnapshot", "2026-11-01T00:00:00.0000000Z"),
        ],
    );
    assert_eq!(snapshot.status, 200);
    let missing = signed(&env, "GET", "nosuchshare", &[("restype", "share")]);
    assert_eq!((missing.status, missing.code()), (404, "ShareNotFound"));
    let head_missing = signed(&env, "HEAD", "nosuchshare", &[("restype", "share")]);
    assert_eq!(
        (head_missing.status, head_missing.code()),
        (404, "ShareNotFound")
    );
    let no_snapshot = signed(
        &env,
        "GET",
        "alpha",
        &[
            ("restype", "share"),
            ("sharesnapshot", "2020-01-01T00:00:00.0000000Z"),
        ],
    );
    assert_eq!(
        (no_snapshot.status, no_snapshot.code()),
        (404, "ShareSnapshotNotFound")
    );
}

#[test]
fn directory_properties_answer_for_directories_only() {
    let env = env();
    for (path, method) in [
        ("alpha", "GET"),
        ("alpha/docs", "HEAD"),
        ("alpha/DOCS/empty", "GET"),
    ] {
        let answer = signed(&env, method, path, &[("restype", "directory")]);
        assert_eq!(answer.status, 200, "{method} {path}: {}", answer.text());
        assert_eq!(answer.header("x-ms-file-attributes"), Some("Directory"));
        assert!(answer.header("x-ms-file-id").is_some() && answer.header("etag").is_some());
    }
    let cases = [
        ("alpha/nope", "ResourceNotFound"),
        ("alpha/docs/a.txt", "ResourceNotFound"),
        ("alpha/nope/deeper", "ParentNotFound"),
        ("nosuchshare/docs", "ShareNotFound"),
    ];
    for (path, code) in cases {
        for method in ["GET", "HEAD"] {
            let answer = signed(&env, method, path, &[("restype", "directory")]);
            assert_eq!(
                (answer.status, answer.code()),
                (404, code),
                "{method} {path}"
            );
        }
    }
}

#[test]
fn nfs_shares_refuse_handle_calls_and_unimplemented_operations_are_named() {
    let env = env();
    let list = signed(&env, "GET", "beta", &[("comp", "listhandles")]);
    assert_eq!(
        (list.status, list.code()),
        (400, "FeatureNotSupportedOnProtocol")
    );
    let smb = signed(&env, "GET", "gamma", &[("comp", "listhandles")]);
    assert_eq!(smb.status, 200);

    let cases = [
        ("PUT", "gamma", vec![("restype", "share")], "Create Share"),
        ("PUT", "gamma/f", vec![("comp", "range")], "Put Range"),
        (
            "DELETE",
            "gamma/x",
            vec![("restype", "directory")],
            "Delete Directory",
        ),
        (
            "GET",
            "",
            vec![("restype", "service"), ("comp", "properties")],
            "Get File Service Properties",
        ),
        ("GET", "gamma", vec![("comp", "bogus")], "comp=bogus"),
    ];
    for (method, path, query, name) in cases {
        let answer = signed(&env, method, path, &query);
        assert_eq!(
            (answer.status, answer.code()),
            (501, "NotImplemented"),
            "{method} {path}"
        );
        let text = answer.text();
        assert!(text.contains(name), "names {name}: {text}");
        assert!(
            text.contains("<Error><Code>NotImplemented</Code>"),
            "{text}"
        );
    }
}

#[test]
fn the_readme_state_file_loads_as_written() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let json = readme
        .split("A state file:\n\n```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("README.md shows a state file");
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        state_file::load(store, json, now).unwrap();
    });
    let shares = signed(&env, "GET", "", &[("comp", "list")]).text();
    assert_eq!(listed(&shares), ["data", "exports"]);
    assert!(
        shares.contains("<EnabledProtocols>NFS</EnabledProtocols>"),
        "{shares}"
    );
}

//! `azfh handles ls`: formats, filters, targets, paging, grouping.

use std::collections::BTreeSet;

use azfh_emulator::store::ListedHandle;
use azfh_emulator::{EmulatorConfig, load::demo};
use time::format_description::well_known::Rfc3339;

use crate::support::Env;

type Case = (Vec<String>, Box<dyn Fn(&ListedHandle) -> bool>);

fn week_ago(env: &Env) -> time::OffsetDateTime {
    env.created - time::Duration::days(7)
}

#[test]
fn every_output_format_lists_the_same_stale_handles() {
    let env = Env::demo();
    let cutoff = week_ago(&env);
    let expected = env.ids_where("demo", |h| h.handle.open_time < cutoff);
    assert_eq!(expected.len(), demo::DEMO_HANDLES / 3);

    let jsonl = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl.jsonl_ids(), expected);

    let json = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "-o",
        "json",
    ]);
    let array: Vec<serde_json::Value> = serde_json::from_str(json.ok()).unwrap();
    let ids: BTreeSet<String> = array
        .iter()
        .map(|h| h["handle_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, expected);
    for h in &array {
        for field in ["file_id", "parent_id", "session_id"] {
            assert!(h[field].is_string(), "{field} is a string: {h}");
        }
        assert!(time::OffsetDateTime::parse(h["open_time"].as_str().unwrap(), &Rfc3339).is_ok());
        assert!(h["access_rights"].is_array());
    }

    // Piped stdout defaults to TSV.
    let tsv = env
        .azfh()
        .run(["handles", "ls", "demo", "-r", "--older-than", "7d"]);
    let mut lines = tsv.ok().lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header[0], "handle_id");
    assert_eq!(header.len(), 14, "owner_name last");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(
        rows.iter().all(|r| r.len() == 14),
        "every row keeps its columns"
    );
    assert_eq!(
        rows.iter()
            .map(|r| r[0].to_owned())
            .collect::<BTreeSet<_>>(),
        expected
    );

    let table = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "-o",
        "table",
    ]);
    let text = table.ok();
    assert!(text.starts_with("HANDLE ID"), "{text}");
    assert_eq!(text.lines().count(), expected.len() + 1);
    assert!(expected.iter().all(|id| text.contains(id.as_str())));
    assert!(
        text.contains("d ") && text.contains(" ago"),
        "ages are human: {text}"
    );
    assert!(
        text.contains("\\u{fffe}"),
        "U+FFFE is shown escaped in tables"
    );
}

#[test]
fn filters_select_exactly_what_they_say() {
    let env = Env::demo();
    let handles = env.handles("demo");
    let cutoff = week_ago(&env);
    let mut opens: Vec<_> = handles.iter().map(|h| h.handle.open_time).collect();
    opens.sort();
    let median = opens[opens.len() / 2];
    let median_text = median.format(&Rfc3339).unwrap();
    let session = handles[0].handle.session_id;
    let in_net =
        |h: &ListedHandle, prefix: &str| h.handle.client_ip.to_string().starts_with(prefix);
    let name = |h: &ListedHandle| {
        h.handle
            .client_name
            .clone()
            .unwrap_or_default()
            .to_lowercase()
    };

    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let cases: Vec<Case> = vec![
        (
            args(&["--older-than", "7d"]),
            Box::new(move |h| h.handle.open_time < cutoff),
        ),
        (
            args(&["--newer-than", "7d"]),
            Box::new(move |h| h.handle.open_time > cutoff),
        ),
        (
            args(&["--opened-after", &median_text]),
            Box::new(move |h| h.handle.open_time > median),
        ),
        (
            args(&["--opened-before", &median_text]),
            Box::new(move |h| h.handle.open_time < median),
        ),
        (
            args(&["--client-ip", "10.20.0.0/16"]),
            Box::new(move |h| in_net(h, "10.20.")),
        ),
        (
            args(&[
                "--client-ip",
                "10.20.1.11",
                "--client-ip",
                "2001:db8:20::/48",
            ]),
            Box::new(move |h| {
                h.handle.client_ip.to_string() == "10.20.1.11" || in_net(h, "2001:db8:20:")
            }),
        ),
        (
            args(&["--exclude-client-ip", "10.0.0.0/8"]),
            Box::new(move |h| !in_net(h, "10.")),
        ),
        (
            args(&["--client-name", "ws-*"]),
            Box::new(move |h| name(h).starts_with("ws-")),
        ),
        (
            args(&["--exclude-client-name", "BUILD-*"]),
            Box::new(move |h| !name(h).starts_with("build-")),
        ),
        (
            args(&["--path", "projects/**"]),
            Box::new(|h| h.path.starts_with("projects/")),
        ),
        (
            args(&["--path", "shared/*"]),
            Box::new(|h| h.path.starts_with("shared/") && h.path.matches('/').count() == 1),
        ),
        (
            args(&["--path", "**/*.ZIP"]),
            Box::new(|h| {
                std::path::Path::new(&h.path)
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
            }),
        ),
        (
            args(&["--session-id", &session.to_string()]),
            Box::new(move |h| h.handle.session_id == session),
        ),
        (
            args(&["--access", "delete"]),
            Box::new(|h| h.handle.access.delete),
        ),
        (
            args(&["--access", "delete", "--access", "write"]),
            Box::new(|h| h.handle.access.delete || h.handle.access.write),
        ),
        (
            args(&[
                "--older-than",
                "7d",
                "--client-ip",
                "10.20.0.0/16",
                "--path",
                "projects/**",
            ]),
            Box::new(move |h| {
                h.handle.open_time < cutoff
                    && in_net(h, "10.20.")
                    && h.path.starts_with("projects/")
            }),
        ),
        (
            args(&[
                "--client-name",
                "WS-*",
                "--access",
                "delete",
                "--exclude-client-ip",
                "10.20.1.12",
            ]),
            Box::new(move |h| {
                name(h).starts_with("ws-")
                    && h.handle.access.delete
                    && h.handle.client_ip.to_string() != "10.20.1.12"
            }),
        ),
    ];
    for (filters, keep) in cases {
        let expected: BTreeSet<String> = handles
            .iter()
            .filter(|h| keep(h))
            .map(|h| h.handle.id.to_string())
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < handles.len(),
            "{filters:?} selects some, not all"
        );
        let mut args = vec![
            "handles".to_owned(),
            "ls".into(),
            "demo".into(),
            "-r".into(),
            "-o".into(),
            "jsonl".into(),
        ];
        args.extend(filters.iter().cloned());
        assert_eq!(env.azfh().run(&args).jsonl_ids(), expected, "{filters:?}");
    }
}

#[test]
fn targets_scope_the_listing_and_odd_names_work() {
    let env = Env::demo();
    let handles = env.handles("demo");
    let under = |dir: &str| -> BTreeSet<String> {
        handles
            .iter()
            .filter(|h| h.path == dir || h.path.starts_with(&format!("{dir}/")))
            .map(|h| h.handle.id.to_string())
            .collect()
    };
    let on = |path: &str| -> BTreeSet<String> {
        handles
            .iter()
            .filter(|h| h.path == path)
            .map(|h| h.handle.id.to_string())
            .collect()
    };
    for dir in [
        "projects/zeus+hera",
        "projects/Q3 #reports",
        "archive/old\u{FFFE}reports",
        "home/frank",
    ] {
        let expected = under(dir);
        assert!(!expected.is_empty(), "{dir} has handles in the demo");
        let run = env
            .azfh()
            .run(["handles", "ls", &format!("demo/{dir}"), "-r", "-o", "jsonl"]);
        assert_eq!(run.jsonl_ids(), expected, "{dir}");
    }
    // Case-insensitive names, like Azure Files.
    assert_eq!(
        env.azfh()
            .run(["handles", "ls", "demo/PROJECTS/apollo", "-r", "-o", "jsonl"])
            .jsonl_ids(),
        under("projects/apollo")
    );
    // A file, with odd characters in its name.
    for file in [
        "shared/données clients.xlsx",
        "shared/Ünïcödé & more.txt",
        "home/frank/notes & ideas.md",
        "shared/日本語のファイル.txt",
    ] {
        let run = env
            .azfh()
            .run(["handles", "ls", &format!("demo/{file}"), "-o", "jsonl"]);
        assert_eq!(run.jsonl_ids(), on(file), "{file}");
        let paths: BTreeSet<String> = run
            .stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            paths,
            BTreeSet::from([file.to_owned()]),
            "paths come back decoded"
        );
    }
    // Without -r: only the directory's own handles; the root's are those with an empty path.
    assert_eq!(
        env.azfh()
            .run(["handles", "ls", "demo/projects", "-o", "jsonl"])
            .jsonl_ids(),
        on("projects")
    );
    assert_eq!(
        env.azfh()
            .run(["handles", "ls", "demo", "-o", "jsonl"])
            .jsonl_ids(),
        on("")
    );
    // A URL TARGET, path-style, percent-encoded.
    let url = format!("{}/demo/projects/Q3%20%23reports", env.emulator.endpoint());
    assert_eq!(
        env.azfh()
            .run(["handles", "ls", &url, "-r", "-o", "jsonl"])
            .jsonl_ids(),
        under("projects/Q3 #reports")
    );
}

#[test]
fn paging_follows_every_marker() {
    let env = Env::demo();
    let all = env.ids_where("demo", |_| true);
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--page-size",
        "7",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.jsonl_ids(), all);
    assert_eq!(
        run.stdout.lines().count(),
        all.len(),
        "no handle listed twice"
    );
    assert_eq!(
        env.emulator.control.operation_count("ListHandles"),
        all.len().div_ceil(7) as u64
    );
}

#[test]
fn the_service_page_size_applies_when_none_is_asked() {
    let env = Env::with(
        EmulatorConfig {
            max_page_size: 50,
            ..EmulatorConfig::default()
        },
        demo::load,
    );
    let run = env
        .azfh()
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl"]);
    assert_eq!(run.jsonl_ids().len(), demo::DEMO_HANDLES);
    assert_eq!(env.emulator.control.operation_count("ListHandles"), 6);
}

#[test]
fn a_snapshot_lists_its_own_handles() {
    let env = Env::demo();
    let (snapshot, expected) = env.emulator.control.with_store(|store| {
        let share = store.share("demo").unwrap();
        let (id, namespace) = share.snapshots.iter().next().unwrap();
        let ids: BTreeSet<String> = namespace
            .all_handles()
            .iter()
            .map(|h| h.handle.id.to_string())
            .collect();
        (id.clone(), ids)
    });
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--snapshot",
        &snapshot,
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.jsonl_ids(), expected);
    let missing = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "--snapshot",
        "2001-01-01T00:00:00Z",
    ]);
    assert_eq!(missing.status, 1);
    assert!(
        missing.stderr.contains("ShareSnapshotNotFound"),
        "{}",
        missing.stderr
    );
    assert!(
        missing.stderr.contains("hint: check --snapshot"),
        "{}",
        missing.stderr
    );
}

#[test]
fn nothing_matched_is_success_with_a_note() {
    let env = Env::demo();
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--client-ip",
        "192.0.2.0/24",
        "-o",
        "json",
    ]);
    assert_eq!(run.ok(), "[]\n");
    assert!(run.stderr.contains("matched the filters"), "{}", run.stderr);
    let quiet = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--client-ip",
        "192.0.2.0/24",
        "-q",
    ]);
    assert_eq!(quiet.status, 0);
    assert!(
        quiet.stderr.is_empty(),
        "-q silences notes: {}",
        quiet.stderr
    );
}

#[test]
fn group_by_counts_and_warns_near_the_limits() {
    let env = Env::demo();
    let handles = env.handles("demo");
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--group-by",
        "client-ip",
        "-o",
        "json",
    ]);
    let groups: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    let total: u64 = groups.iter().map(|g| g["handles"].as_u64().unwrap()).sum();
    assert_eq!(total, handles.len() as u64);
    for group in &groups {
        let ip = group["key"].as_str().unwrap();
        let mine: Vec<_> = handles
            .iter()
            .filter(|h| h.handle.client_ip.to_string() == ip)
            .collect();
        assert_eq!(
            group["handles"].as_u64().unwrap(),
            mine.len() as u64,
            "{ip}"
        );
        let oldest = mine.iter().map(|h| h.handle.open_time).min().unwrap();
        assert_eq!(
            group["oldest_open_time"].as_str().unwrap(),
            oldest.format(&Rfc3339).unwrap()
        );
    }
    let by_name = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--group-by",
        "client-name",
        "-o",
        "table",
    ]);
    assert!(by_name.ok().contains("(no name)"), "{}", by_name.stdout);

    // A file with 1,700 handles is near the 2,000 limit.
    let hot = Env::with(EmulatorConfig::default(), |store, now| {
        let json = format!(
            r#"{{"shares":[{{"name":"hot","files":[{{"path":"db/app.sqlite"}}],"handles":[{}]}}]}}"#,
            vec![r#"{"path":"db/app.sqlite","client_ip":"10.1.1.1:445","age":"2d"}"#; 1_700]
                .join(",")
        );
        azfh_emulator::load::state_file::load(store, &json, now).unwrap();
    });
    let grouped = hot.azfh().run([
        "handles",
        "ls",
        "hot",
        "-r",
        "--group-by",
        "path",
        "-o",
        "table",
        "--page-size",
        "500",
    ]);
    assert!(
        grouped.ok().contains("near limit: 1700/2000 open"),
        "{}",
        grouped.stdout
    );
    assert!(
        grouped.stderr.contains(
            "warning: db/app.sqlite has 1700 open handles, near the service limit of 2000"
        ),
        "{}",
        grouped.stderr
    );
}

#[test]
fn group_by_has_one_schema_in_tsv_and_json_with_snake_case_values() {
    let env = Env::demo();
    let run = |format: &str, key: &str| {
        env.azfh()
            .run([
                "handles",
                "ls",
                "demo",
                "-r",
                "--group-by",
                key,
                "-o",
                format,
            ])
            .ok()
            .to_owned()
    };
    let fields = [
        "group_by",
        "key",
        "handles",
        "oldest_open_time",
        "open_on_path",
        "limit",
        "complete",
    ];
    for key in ["client-name", "path"] {
        let json: Vec<serde_json::Value> = serde_json::from_str(&run("json", key)).unwrap();
        let tsv = run("tsv", key);
        let mut lines = tsv.lines();
        assert_eq!(lines.next().unwrap(), fields.join("\t"), "{key}");
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), json.len(), "{key}");
        for (row, object) in rows.iter().zip(&json) {
            let object = object.as_object().unwrap();
            let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
            names.sort_unstable();
            let mut expected = fields.to_vec();
            expected.sort_unstable();
            assert_eq!(names, expected, "the same fields");
            let cells: Vec<&str> = row.split('\t').collect();
            for (field, cell) in fields.iter().zip(cells) {
                let expected = match &object[*field] {
                    serde_json::Value::Null => String::new(),
                    // tsv escapes what json carries exactly (see service_text.rs).
                    serde_json::Value::String(s) if cell.contains("\\u{") => cell.to_owned(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(cell, expected, "{key}: {field}");
            }
        }
        let text = run("json", key);
        let first = text.lines().nth(1).unwrap();
        let at: Vec<usize> = fields
            .iter()
            .map(|f| first.find(&format!("\"{f}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "the tsv order: {first}");
        let snake = key.replace('-', "_");
        assert!(
            json.iter().all(|g| g["group_by"] == snake.as_str()),
            "{key}"
        );
    }
    // A path near its limit says where it stands, in both formats alike.
    let hot = Env::with(EmulatorConfig::default(), |store, now| {
        let json = format!(
            r#"{{"shares":[{{"name":"hot","files":[{{"path":"db/app.sqlite"}}],"handles":[{}]}}]}}"#,
            vec![r#"{"path":"db/app.sqlite","client_ip":"10.1.1.1:445","age":"2d"}"#; 1_700]
                .join(",")
        );
        azfh_emulator::load::state_file::load(store, &json, now).unwrap();
    });
    let grouped = |format: &str| {
        hot.azfh()
            .run([
                "handles",
                "ls",
                "hot",
                "-r",
                "--group-by",
                "path",
                "-o",
                format,
            ])
            .ok()
            .to_owned()
    };
    let json: Vec<serde_json::Value> = serde_json::from_str(&grouped("json")).unwrap();
    assert_eq!(json[0]["open_on_path"], 1700);
    assert_eq!(json[0]["limit"], 2000);
    let tsv = grouped("tsv");
    let row: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
    assert_eq!(row[0], "path");
    assert_eq!(&row[4..], ["1700", "2000", "true"]);
}

#[test]
fn json_is_compact_unless_pretty() {
    let env = Env::demo();
    for args in [
        &["handles", "ls", "demo/home", "-r"][..],
        &["handles", "ls", "demo", "-r", "--group-by", "client-ip"][..],
    ] {
        let mut compact_args = args.to_vec();
        compact_args.extend(["-o", "json"]);
        let compact = env.azfh().run(&compact_args).ok().to_owned();
        let lines: Vec<&str> = compact.lines().collect();
        assert_eq!(lines.first(), Some(&"["), "{args:?}");
        assert_eq!(lines.last(), Some(&"]"), "{args:?}");
        assert!(
            lines[1..lines.len() - 1]
                .iter()
                .all(|l| l.starts_with('{') && !l.contains(": ")),
            "one compact object a line: {compact}"
        );
        let mut pretty_args = compact_args.clone();
        pretty_args.push("--pretty");
        let pretty = env.azfh().run(&pretty_args).ok().to_owned();
        assert!(pretty.contains("\n  {\n    \""), "indented: {pretty}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            serde_json::from_str::<serde_json::Value>(&compact).unwrap(),
            "{args:?}"
        );
    }
}

/// The handles of a `-o jsonl` listing, in the order printed.
fn listed(env: &Env, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["handles", "ls", "demo", "-r", "-o", "jsonl"];
    args.extend(extra);
    env.azfh()
        .run(&args)
        .ok()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn sort_orders_the_listing_oldest_first_by_path_or_by_client() {
    let env = Env::demo();
    let everything = listed(&env, &[]);
    let ids = |handles: &[serde_json::Value]| -> BTreeSet<String> {
        handles
            .iter()
            .map(|h| h["handle_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let oldest_first = listed(&env, &["--sort", "open-time"]);
    assert_eq!(ids(&oldest_first), ids(&everything), "the same handles");
    let times: Vec<&str> = oldest_first
        .iter()
        .map(|h| h["open_time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");

    let by_path = listed(&env, &["--sort", "path", "--client-name", "WS-*"]);
    let paths: Vec<String> = by_path
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(paths.len() > 10 && paths.windows(2).all(|w| w[0] <= w[1]));

    let by_client = listed(&env, &["--sort", "client", "--client-ip", "10.0.0.0/8"]);
    let clients: Vec<(std::net::Ipv4Addr, u64)> = by_client
        .iter()
        .map(|h| {
            (
                h["client_ip"].as_str().unwrap().parse().unwrap(),
                h["client_port"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(clients.len() > 10 && clients.windows(2).all(|w| w[0] <= w[1]));

    // With a limit: the first N of that order.
    let five = listed(&env, &["--sort", "open-time", "--limit", "5"]);
    assert_eq!(five, oldest_first[..5]);
    let table = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "-o",
        "table",
        "--sort",
        "open-time",
        "--limit",
        "5",
    ]);
    assert_eq!(table.ok().lines().count(), 6, "a header and five rows");
    assert!(
        table
            .stderr
            .contains("--limit 5: 5 of the 300 matching handles shown"),
        "{}",
        table.stderr
    );
}

#[test]
fn limit_without_sort_stops_the_listing_early() {
    let env = Env::demo();
    let requests = || env.emulator.control.operation_count("ListHandles");
    let before = requests();
    // Pages of 2: the listing is many pages, and the pages the page budget lets run ahead of
    // the printing (at most 20) are a fraction of them, however slow the machine.
    let all = listed(&env, &["--page-size", "2"]);
    let full_listing = requests() - before;
    assert!(
        full_listing >= 150,
        "{full_listing} requests for {}",
        all.len()
    );

    let before = requests();
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "-o",
        "jsonl",
        "--page-size",
        "2",
        "--limit",
        "12",
        "--client-name",
        "WS-*",
    ]);
    let limited = requests() - before;
    assert_eq!(run.ok().lines().count(), 12);
    assert!(
        limited * 2 < full_listing,
        "{limited} requests to print 12, {full_listing} to list everything"
    );
    assert!(
        run.stderr
            .contains("stopped at --limit: the first 12 matching handles of demo"),
        "{}",
        run.stderr
    );

    env.azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "--group-by",
            "path",
            "--limit",
            "3",
        ])
        .usage_error("--limit");
    env.azfh()
        .run(["handles", "ls", "demo", "--limit", "0"])
        .usage_error("--limit");
    env.azfh()
        .run(["handles", "ls", "demo", "--sort", "age"])
        .usage_error("--sort");
}

/// A line separator in a path or a client name (U+2028, which editors and line-reading tools
/// break lines at) is shown escaped in tables and tsv, and kept exactly in JSON.
#[test]
fn a_line_separator_in_service_text_stays_on_its_line() {
    let json = r#"{"shares":[{"name":"odd","files":[{"path":"one\u2028two.txt","size":1}],"handles":[{"path":"one\u2028two.txt","client_ip":"10.0.0.7:445","client_name":"WS\u2029X","session_id":"1","age":"9d"}]}]}"#;
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        azfh_emulator::load::state_file::load(store, json, now).unwrap();
    });
    for format in ["tsv", "table"] {
        let run = env.azfh().run(["handles", "ls", "odd", "-r", "-o", format]);
        let text = run.ok();
        assert!(
            !text.contains('\u{2028}') && !text.contains('\u{2029}'),
            "{format}: {text:?}"
        );
        assert!(
            text.contains("one\\u{2028}two.txt") && text.contains("WS\\u{2029}X"),
            "{format}: {text:?}"
        );
    }
    let run = env
        .azfh()
        .run(["handles", "ls", "odd", "-r", "-o", "jsonl"]);
    let record: serde_json::Value = serde_json::from_str(run.ok().trim()).unwrap();
    assert_eq!(record["path"], "one\u{2028}two.txt");
    assert_eq!(record["client_name"], "WS\u{2029}X");
}

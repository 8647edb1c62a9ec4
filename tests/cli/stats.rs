//! `azfh handles stats`: counts checked against the emulator's state, the Prometheus output
//! parsed back, `--output-file` written atomically, `--watch` on a pseudo-terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use azfh_emulator::EmulatorConfig;
use azfh_emulator::store::{NodeKey, OpenHandle, Store};
use azfh_protocol::{AccessRight, AccessRights};
use time::{Duration, OffsetDateTime};

use crate::support::{Env, on_terminal};

/// A client name with every character the exposition format escapes.
const HOSTILE_NAME: &str = "WS \"quoted\" back\\slash\nnewline";

/// The share `stats`: 1,900 handles on `hot.db` (near its limit of 2,000), 5 on the root, 3 on the
/// directory `dir` itself and 2 on `dir/f.txt`; four clients, one with a hostile name; the
/// handles of 10.0.0.2 are 30 days old, the others 1 day.
fn known_state() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        load(store, "stats", now);
    })
}

pub(crate) fn load(store: &mut Store, name: &str, now: OffsetDateTime) {
    store.add_share(name, now - Duration::days(100));
    let (share, ids) = store.parts(name).expect("just added");
    let hot = share.live.put_file("hot.db", 10, 1, ids, now);
    let file = share.live.put_file("dir/f.txt", 10, 2, ids, now);
    let dir = share.live.ensure_directory("dir", ids, now);
    let root = NodeKey::root();
    let clients: [(&str, Option<&str>, i64); 4] = [
        ("10.0.0.1", Some("WS-ALICE"), 1),
        ("10.0.0.2", Some("WS-BOB"), 30),
        ("10.0.0.3", Some(HOSTILE_NAME), 1),
        ("10.0.0.4", None, 1),
    ];
    let placements: Vec<(&NodeKey, usize)> = std::iter::repeat_n(&hot, 1_900)
        .chain(std::iter::repeat_n(&root, 5))
        .chain(std::iter::repeat_n(&dir, 3))
        .chain(std::iter::repeat_n(&file, 2))
        .enumerate()
        .map(|(i, key)| (key, i % clients.len()))
        .collect();
    for (key, client) in placements {
        let (ip, name, age_days) = clients[client];
        let id = ids.next_handle_id();
        share.live.open(
            key,
            OpenHandle {
                id,
                session_id: 1,
                client_ip: ip.parse::<IpAddr>().unwrap(),
                client_port: 445,
                client_name: name.map(str::to_owned),
                open_time: now - Duration::days(age_days),
                last_reconnect_time: None,
                access: [AccessRight::Read].into_iter().collect::<AccessRights>(),
            },
        );
    }
}

/// One sample of the text exposition format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// As printed: integers compare exactly.
    pub value: String,
}

/// A small parser of the text exposition format: HELP and TYPE lines checked to come before
/// their family's samples, label values unescaped (`\\`, `\"`, `\n`).
pub(crate) fn parse_prometheus(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut typed = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert_eq!(kind, "gauge", "{line}");
            assert!(typed.insert(name.to_owned()), "one TYPE per family: {line}");
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        assert!(!line.starts_with('#') && !line.is_empty(), "{line:?}");
        let (name, mut rest) = line.split_at(line.find(['{', ' ']).expect("a sample"));
        assert!(typed.contains(name), "TYPE comes before {name}");
        let mut labels = BTreeMap::new();
        if let Some(after) = rest.strip_prefix('{') {
            rest = after;
            loop {
                if let Some(after) = rest.strip_prefix('}') {
                    rest = after;
                    break;
                }
                rest = rest.strip_prefix(',').unwrap_or(rest);
                let (label, after) = rest.split_once("=\"").expect("label=\"");
                let mut value = String::new();
                let mut chars = after.char_indices();
                let end = loop {
                    let (i, c) = chars.next().expect("a closing quote");
                    match c {
                        '"' => break i,
                        '\\' => match chars.next().expect("an escape").1 {
                            'n' => value.push('\n'),
                            c @ ('\\' | '"') => value.push(c),
                            c => panic!("unknown escape \\{c}"),
                        },
                        '\n' => panic!("a raw newline in a label value"),
                        c => value.push(c),
                    }
                };
                labels.insert(label.to_owned(), value);
                rest = &after[end + 1..];
            }
        }
        let value = rest.trim().to_owned();
        value.parse::<f64>().expect("a number");
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    samples
}

/// The value of the one sample of `name` whose labels include `with`.
#[track_caller]
pub(crate) fn value_of(samples: &[Sample], name: &str, with: &[(&str, &str)]) -> String {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            with.iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(found.len(), 1, "one {name} with {with:?}: {found:?}");
    found[0].value.clone()
}

#[test]
fn json_counts_match_the_emulators_state() {
    let env = known_state();
    let run = env.azfh().run([
        "handles", "stats", "stats", "-r", "-o", "json", "--top", "3",
    ]);
    let shares: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let share = &shares[0];
    let held = env.handles("stats");
    let stale = held
        .iter()
        .filter(|h| h.handle.open_time < env.created - Duration::days(7))
        .count();
    assert_eq!(share["account"], "devstoreaccount1");
    assert_eq!(share["share"], "stats");
    assert_eq!(share["success"], true);
    assert_eq!(share["open_handles"], held.len());
    assert_eq!(share["open_handles"], 1_910);
    assert_eq!(share["stale_handles"], stale);
    assert_eq!(share["distinct_clients"], 4);
    assert_eq!(share["root_handles"], 5);
    let paths: Vec<(String, u64, u64)> = share["top_paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["handles"].as_u64().unwrap(),
                p["limit"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        paths,
        vec![
            ("hot.db".to_owned(), 1_900, 2_000),
            (String::new(), 5, 10_000),
            ("dir".to_owned(), 3, 2_000),
        ],
        "--top 3; a directory counts only the handles on itself"
    );
    let clients = share["top_clients"].as_array().unwrap();
    assert_eq!(clients.len(), 3);
    let per_ip: BTreeMap<&str, u64> = clients
        .iter()
        .map(|c| {
            (
                c["client_ip"].as_str().unwrap(),
                c["handles"].as_u64().unwrap(),
            )
        })
        .collect();
    for (ip, handles) in per_ip {
        let expected = held
            .iter()
            .filter(|h| h.handle.client_ip.to_string() == ip)
            .count() as u64;
        assert_eq!(handles, expected, "{ip}");
    }
}

#[test]
fn prometheus_output_parses_back_and_matches_the_emulators_state() {
    let env = known_state();
    let run = env
        .azfh()
        .run(["handles", "stats", "stats", "-r", "-o", "prometheus"]);
    let samples = parse_prometheus(run.ok());
    let share = [("account", "devstoreaccount1"), ("share", "stats")];
    let held = env.handles("stats");
    let stale = held
        .iter()
        .filter(|h| h.handle.open_time < env.created - Duration::days(7))
        .count();
    assert_eq!(
        value_of(&samples, "azfh_share_open_handles", &share),
        held.len().to_string()
    );
    assert_eq!(
        value_of(&samples, "azfh_share_stale_handles", &share),
        stale.to_string()
    );
    assert_eq!(value_of(&samples, "azfh_share_root_handles", &share), "5");
    assert_eq!(value_of(&samples, "azfh_scrape_success", &share), "1");
    let duration: f64 = value_of(&samples, "azfh_scrape_duration_seconds", &share)
        .parse()
        .unwrap();
    assert!(duration >= 0.0);
    let hot = [share[0], share[1], ("path", "hot.db")];
    let number = |name| -> f64 { value_of(&samples, name, &hot).parse().unwrap() };
    let ratio = number("azfh_path_open_handles") / number("azfh_path_handle_limit");
    assert!(ratio > 0.8, "the alert rule of the README fires: {ratio}");
    let root = [share[0], share[1], ("path", "/")];
    assert_eq!(value_of(&samples, "azfh_path_handle_limit", &root), "10000");
    // Every client, its name escaped and read back exactly.
    for (ip, name) in [
        ("10.0.0.1", "WS-ALICE"),
        ("10.0.0.3", HOSTILE_NAME),
        ("10.0.0.4", ""),
    ] {
        let expected = held
            .iter()
            .filter(|h| h.handle.client_ip.to_string() == ip)
            .count();
        let labels = [share[0], share[1], ("client_ip", ip), ("client_name", name)];
        assert_eq!(
            value_of(&samples, "azfh_client_open_handles", &labels),
            expected.to_string(),
            "{ip}"
        );
    }
    assert!(
        run.stdout
            .contains(r#"client_name="WS \"quoted\" back\\slash\nnewline""#)
    );
}

#[test]
fn top_bounds_the_series() {
    let env = known_state();
    let run = env.azfh().run([
        "handles",
        "stats",
        "stats",
        "-r",
        "-o",
        "prometheus",
        "--top",
        "2",
    ]);
    let samples = parse_prometheus(run.ok());
    for name in [
        "azfh_path_open_handles",
        "azfh_path_handle_limit",
        "azfh_client_open_handles",
    ] {
        assert_eq!(
            samples.iter().filter(|s| s.name == name).count(),
            2,
            "{name}"
        );
    }
}

#[test]
fn a_failed_listing_still_reports_scrape_success_zero() {
    let env = known_state();
    let run = env
        .azfh()
        .run(["handles", "stats", "nosuchshare", "-r", "-o", "prometheus"]);
    run.failure("ShareNotFound", "share name");
    let samples = parse_prometheus(&run.stdout);
    let share = [("account", "devstoreaccount1"), ("share", "nosuchshare")];
    assert_eq!(value_of(&samples, "azfh_scrape_success", &share), "0");
    assert!(
        !samples.iter().any(|s| s.name == "azfh_share_open_handles"),
        "no counts for a share that was not listed: {samples:?}"
    );

    let json = env
        .azfh()
        .run(["handles", "stats", "nosuchshare", "-r", "-o", "json"]);
    json.failure("ShareNotFound", "share name");
    // One TARGET is the one-element case of several: its failed share is named, with why.
    let shares: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(shares.as_array().unwrap().len(), 1, "{}", json.stdout);
    assert_eq!(shares[0]["share"], "nosuchshare");
    assert_eq!(shares[0]["success"], false);
    assert_eq!(shares[0]["open_handles"], serde_json::Value::Null);
    assert!(
        shares[0]["error"]
            .as_str()
            .unwrap()
            .contains("ShareNotFound"),
        "{}",
        json.stdout
    );
}

#[test]
fn the_output_file_is_replaced_atomically_never_through_a_symlink() {
    let env = known_state();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("azfh.prom");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink(&victim, &file).unwrap();

    let run = env.azfh().run([
        "handles".as_ref(),
        "stats".as_ref(),
        "stats".as_ref(),
        "-r".as_ref(),
        "-o".as_ref(),
        "prometheus".as_ref(),
        "--output-file".as_ref(),
        file.as_os_str(),
    ]);
    assert!(run.ok().is_empty(), "nothing on stdout: {}", run.stdout);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(
        !std::fs::symlink_metadata(&file).unwrap().is_symlink(),
        "the link was replaced, not written through"
    );
    let written = std::fs::read_to_string(&file).unwrap();
    let samples = parse_prometheus(&written);
    assert_eq!(
        value_of(&samples, "azfh_share_open_handles", &[("share", "stats")]),
        "1910"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["azfh.prom", "victim"], "no temporary file is left");

    // A run that fails before it has results leaves the file as it was.
    let refused = env.azfh().run([
        "handles".as_ref(),
        "stats".as_ref(),
        "https://bad host/stats".as_ref(),
        "-o".as_ref(),
        "prometheus".as_ref(),
        "--output-file".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(refused.status, 2, "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);

    // A directory that does not exist: a usage error naming it, before any request.
    let missing = dir.path().join("no/such/dir/azfh.prom");
    let before = env.requests();
    let failed = env.azfh().run([
        "handles".as_ref(),
        "stats".as_ref(),
        "stats".as_ref(),
        "-o".as_ref(),
        "prometheus".as_ref(),
        "--output-file".as_ref(),
        missing.as_os_str(),
    ]);
    failed.usage_error("no/such/dir");
    assert!(
        failed.stderr.contains("existing directory"),
        "{}",
        failed.stderr
    );
    assert_eq!(env.requests(), before, "nothing was listed");
    assert!(!dir.path().join("no").exists());
}

#[test]
fn watch_redraws_on_a_terminal_until_ctrl_c() {
    let env = known_state();
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "stats",
            "stats",
            "-r",
            "--watch",
            "1s",
            "--no-progress",
        ],
    );
    session.exp_string("counted at").unwrap();
    session.exp_string("hot.db").unwrap();
    // The second pass shows the change since the first.
    session.exp_string("counted at").unwrap();
    session.exp_string("CHANGE").unwrap();
    session.exp_string("hot.db").unwrap();
    session.send_control('c').unwrap();
    session.exp_eof().unwrap();
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    assert_eq!(status, 130);
}

#[test]
fn watch_is_refused_without_a_terminal() {
    let env = known_state();
    let before = env.requests();
    env.azfh()
        .run(["handles", "stats", "stats", "--watch", "30s"])
        .usage_error("--watch redraws a table on a terminal");
    assert_eq!(env.requests(), before, "nothing was sent");
}

#[test]
fn prometheus_is_refused_by_the_other_commands() {
    let env = known_state();
    for args in [
        &["handles", "ls", "stats", "-o", "prometheus"][..],
        &[
            "handles",
            "close",
            "stats",
            "--all",
            "--dry-run",
            "-o",
            "prometheus",
        ],
        &["ls", "stats", "-o", "prometheus"],
    ] {
        env.azfh()
            .run(args)
            .usage_error("-o prometheus is the output of `azfh handles stats` only");
    }
    assert_eq!(env.handles("stats").len(), 1_910);
}

#[test]
fn a_directory_target_counts_below_it_and_leaves_the_root_unknown() {
    let env = known_state();
    let run = env
        .azfh()
        .run(["handles", "stats", "stats/dir", "-r", "-o", "json"]);
    let share = &serde_json::from_str::<serde_json::Value>(run.ok()).unwrap()[0];
    assert_eq!(share["open_handles"], 5, "3 on dir itself, 2 on dir/f.txt");
    assert_eq!(share["root_handles"], serde_json::Value::Null);
    let prometheus = env
        .azfh()
        .run(["handles", "stats", "stats/dir", "-o", "prometheus"]);
    let samples = parse_prometheus(prometheus.ok());
    assert!(
        !samples.iter().any(|s| s.name == "azfh_share_root_handles"),
        "{samples:?}"
    );
    assert_eq!(
        value_of(&samples, "azfh_share_open_handles", &[("share", "stats")]),
        "3",
        "without -r: the directory's own handles"
    );
}

#[test]
fn an_interrupted_pass_writes_nothing_and_exits_130() {
    let env = known_state();
    env.set_faults(azfh_emulator::Faults {
        latency_ms: 200,
        ..azfh_emulator::Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("azfh.prom");
    std::fs::write(&file, "# the previous scrape\n").unwrap();
    let before = env.requests();
    let child = env.azfh().spawn([
        "handles".as_ref(),
        "stats".as_ref(),
        "stats".as_ref(),
        "-r".as_ref(),
        "--page-size".as_ref(),
        "10".as_ref(),
        "-o".as_ref(),
        "prometheus".as_ref(),
        "--output-file".as_ref(),
        file.as_os_str(),
    ]);
    crate::support::wait_until("the listing is under way", || env.requests() > before + 1);
    crate::support::send_signal(child.id(), "TERM");
    let run = crate::support::wait_at_most(child, std::time::Duration::from_secs(20));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# the previous scrape\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file"
    );
}

#[test]
fn hostile_paths_are_escaped_in_every_format() {
    let path = "we\"ird\\dir/new\nline.txt";
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        store.add_share("stats", now);
        let (share, ids) = store.parts("stats").expect("just added");
        let key = share.live.put_file(path, 1, 1, ids, now);
        let id = ids.next_handle_id();
        share.live.open(
            &key,
            OpenHandle {
                id,
                session_id: 1,
                client_ip: "10.0.0.9".parse().unwrap(),
                client_port: 445,
                client_name: Some("WS\u{1b}[31mRED".to_owned()),
                open_time: now,
                last_reconnect_time: None,
                access: [AccessRight::Read].into_iter().collect::<AccessRights>(),
            },
        );
    });
    let run = env
        .azfh()
        .run(["handles", "stats", "stats", "-r", "-o", "prometheus"]);
    let samples = parse_prometheus(run.ok());
    assert_eq!(
        value_of(&samples, "azfh_path_open_handles", &[("path", path)]),
        "1"
    );
    let table = env
        .azfh()
        .run(["handles", "stats", "stats", "-r", "-o", "table"]);
    assert!(!table.ok().contains('\u{1b}'), "{}", table.stdout);
    assert!(
        table.stdout.contains("WS\\u{1b}[31mRED"),
        "{}",
        table.stdout
    );
    let json = env
        .azfh()
        .run(["handles", "stats", "stats", "-r", "-o", "json"]);
    let share = &serde_json::from_str::<serde_json::Value>(json.ok()).unwrap()[0];
    assert_eq!(share["top_paths"][0]["path"], path);
}

#[test]
fn a_table_written_to_a_file_from_a_terminal_has_no_colors() {
    let env = known_state();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stats.txt");
    let file_arg = file.to_str().unwrap();
    let mut session = on_terminal(
        &env,
        &["handles", "stats", "stats", "-r", "--output-file", file_arg],
    );
    session.exp_eof().unwrap();
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    assert_eq!(status, 0);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("hot.db"), "a table: {written}");
    assert!(
        !written.contains('\u{1b}'),
        "no colors in a file: {written:?}"
    );
}

#[test]
fn an_output_file_that_is_not_a_file_is_refused_before_any_request() {
    use std::os::unix::fs::FileTypeExt as _;

    let env = known_state();
    let dir = tempfile::tempdir().unwrap();
    // A pipe stands for any special file, /dev/null among them: renamed over, it would be
    // replaced by a plain file.
    let pipe = dir.path().join("metrics.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let requests = env.requests();
    let run = env.azfh().run([
        "handles".as_ref(),
        "stats".as_ref(),
        "stats".as_ref(),
        "-r".as_ref(),
        "-o".as_ref(),
        "prometheus".as_ref(),
        "--output-file".as_ref(),
        pipe.as_os_str(),
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a regular file"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::symlink_metadata(&pipe)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the pipe is still a pipe"
    );
    assert_eq!(env.requests(), requests, "nothing was listed");
}

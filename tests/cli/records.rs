//! Every handle record names its account and share, whatever the TARGETs: one share or several
//! (`handles ls`, `handles close`'s report and its dry run), Azure Files or Qumulo; overlapping
//! TARGETs list and close each handle once; a sweep that fails prints nothing on stdout.

use std::collections::BTreeSet;

use azfh_emulator::{EmulatorConfig, load::demo};

use crate::config_file::{azfh_with_config, config_for};
use crate::qumulo::Cluster;
use crate::support::{Env, Run};

fn records(run: &Run) -> Vec<serde_json::Value> {
    run.ok()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn ids(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["handle_id"].as_str().unwrap().to_owned())
        .collect()
}

/// `one` (the demo share and an empty one) and `two` (the demo share of another storage
/// account, `twoacct`) under a config file.
fn accounts(dir: &std::path::Path) -> (Env, Env, std::path::PathBuf) {
    let one = Env::with(EmulatorConfig::default(), |store, now| {
        demo::load(store, now);
        store.add_share("empty", now);
    });
    let two = Env::with(
        EmulatorConfig {
            account: "twoacct".into(),
            ..Default::default()
        },
        demo::load,
    );
    let config = config_for(dir, &one, &two, 0o600);
    (one, two, config)
}

#[test]
fn one_target_records_name_the_account_and_share_the_service_knows() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _two, config) = accounts(dir.path());
    // `one` is the config file's name; the records name the account as the service does.
    let listed = records(&azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo/home",
        "-r",
        "-o",
        "jsonl",
    ]));
    assert!(!listed.is_empty());
    for record in &listed {
        assert_eq!(record["account"], "devstoreaccount1", "{record}");
        assert_eq!(record["share"], "demo", "the share, not the TARGET's path");
        assert!(record.get("snapshot").is_none(), "no snapshot was listed");
    }
    let json: Vec<serde_json::Value> = serde_json::from_str(
        azfh_with_config(&config)
            .run(["handles", "ls", "one:demo", "-r", "-o", "json"])
            .ok(),
    )
    .unwrap();
    assert!(
        json.iter()
            .all(|r| r["account"] == "devstoreaccount1" && r["share"] == "demo")
    );

    // tsv keeps one share's columns; --columns names account and share, in tsv and tables.
    let tsv = azfh_with_config(&config).run(["handles", "ls", "one:demo", "-r", "-o", "tsv"]);
    let header = tsv.ok().lines().next().unwrap().to_owned();
    assert!(header.ends_with("\towner_name"), "{header}");
    let chosen = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "-r",
        "-o",
        "tsv",
        "--columns",
        "account,share,handle_id",
    ]);
    let lines: Vec<&str> = chosen.ok().lines().collect();
    assert_eq!(lines[0], "account\tshare\thandle_id");
    assert_eq!(lines.len(), one.handles("demo").len() + 1);
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("devstoreaccount1\tdemo\t"))
    );
    let table = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "-r",
        "-o",
        "table",
        "--columns",
        "share,account,path",
        "--limit",
        "2",
    ]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert!(
        lines[0].starts_with("SHARE") && lines[0].contains("ACCOUNT"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("demo") && lines[1].contains("devstoreaccount1"));
    // The default table of one share keeps its columns.
    let table = azfh_with_config(&config).run(["handles", "ls", "one:demo", "-o", "table"]);
    assert!(table.ok().starts_with("HANDLE ID"), "{}", table.ok());
}

#[test]
fn one_target_close_records_and_dry_run_records_name_them_too() {
    let env = Env::demo();
    let stale = env.ids_where("demo", |h| {
        h.handle.open_time < env.created - time::Duration::days(7)
    });
    let dry = records(&env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--dry-run",
        "-o",
        "jsonl",
    ]));
    assert_eq!(dry.len(), stale.len());
    assert!(
        dry.iter()
            .all(|r| r["account"] == "devstoreaccount1" && r["share"] == "demo")
    );

    let closed = records(&env.azfh().run([
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "-o",
        "jsonl",
    ]));
    assert_eq!(closed.len(), stale.len());
    for record in &closed {
        assert_eq!(record["account"], "devstoreaccount1");
        assert_eq!(record["share"], "demo");
        assert_eq!(record["outcome"], "closed");
    }
    // tsv reports keep their columns (outcome, error, owner_name last).
    let tsv = env.azfh().run([
        "handles",
        "close",
        "demo/home",
        "-r",
        "--client-name",
        "WS-ALICE",
        "--yes",
        "-o",
        "tsv",
    ]);
    let header = tsv.ok().lines().next().unwrap().to_owned();
    assert!(header.ends_with("\toutcome\terror\towner_name"), "{header}");
}

#[test]
fn qumulo_records_name_the_cluster_and_its_file_system() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/home");
    let host = target
        .strip_prefix("qumulo://")
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let listed = records(&cluster.run(&["handles", "ls", &target, "-r", "-o", "jsonl"]));
    assert!(!listed.is_empty());
    for record in &listed {
        assert_eq!(record["account"], host.as_str(), "{record}");
        assert_eq!(record["share"], "/", "{record}");
    }
}

#[test]
fn a_target_given_twice_or_within_another_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = accounts(dir.path());
    let all = one.ids_where("demo", |_| true);
    let listed_once = |args: &[&str], expected: &BTreeSet<String>| {
        let run = azfh_with_config(&config).run(args.iter().copied());
        let listed = ids(&records(&run));
        assert_eq!(listed.len(), expected.len(), "{args:?}: nothing twice");
        assert_eq!(
            &listed.into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{args:?}"
        );
        run
    };
    let run = listed_once(
        &["handles", "ls", "one:demo", "one:demo", "-r", "-o", "jsonl"],
        &all,
    );
    assert!(
        run.stderr.contains("one:demo is given twice: listed once"),
        "{}",
        run.stderr
    );
    // A directory inside a share listed recursively, before or after it.
    let run = listed_once(
        &[
            "handles",
            "ls",
            "one:demo/home",
            "one:demo",
            "-r",
            "-o",
            "jsonl",
        ],
        &all,
    );
    assert!(
        run.stderr
            .contains("one:demo/home is within one:demo: its handles are listed once"),
        "{}",
        run.stderr
    );
    listed_once(
        &[
            "handles",
            "ls",
            "one:demo",
            "one:demo/HOME/",
            "-r",
            "-o",
            "jsonl",
        ],
        &all,
    );
    // Without -r, a directory and the share are not within each other: each its own handles.
    let root = one.ids_where("demo", |h| h.path.is_empty());
    let home = one.ids_where("demo", |h| h.path == "home");
    listed_once(
        &[
            "handles",
            "ls",
            "one:demo",
            "one:demo/home",
            "one:demo",
            "-o",
            "jsonl",
        ],
        &root.union(&home).cloned().collect(),
    );
    // An account given twice: its shares once.
    let run = listed_once(
        &[
            "handles",
            "ls",
            "one:",
            "one:",
            "--all-shares",
            "-r",
            "-o",
            "jsonl",
        ],
        &all,
    );
    assert!(run.stderr.contains("one: is given twice"), "{}", run.stderr);
    assert_eq!(one.emulator.control.operation_count("ListShares"), 1);
    // Two accounts are two places, even when their shares are named alike.
    let both = azfh_with_config(&config)
        .run(["handles", "ls", "one:demo", "two:demo", "-r", "-o", "jsonl"]);
    assert_eq!(
        records(&both).len(),
        one.handles("demo").len() + two.handles("demo").len()
    );
}

#[test]
fn overlapping_targets_close_each_handle_once() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _two, config) = accounts(dir.path());
    let n = one.handles("demo").len();
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo/home",
        "one:demo",
        "one:demo",
        "-r",
        "--all",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let closed = records(&run);
    let closed_ids = ids(&closed);
    assert_eq!(closed_ids.len(), n, "one record a handle: {}", run.stderr);
    assert_eq!(closed_ids.iter().collect::<BTreeSet<_>>().len(), n);
    assert!(
        closed.iter().all(|r| r["outcome"] == "closed"),
        "{}",
        run.stdout
    );
    assert_eq!(
        one.emulator.control.operation_count("ForceCloseHandles"),
        n as u64,
        "one close a handle, never two"
    );
    assert!(one.handles("demo").is_empty());
    assert!(
        run.stderr
            .contains(&format!("{n} closed, 0 already closed, 0 failed")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sweep_that_fails_before_any_record_prints_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _two, config) = accounts(dir.path());
    // The account's shares cannot be listed (a wrong key): no tsv header, no `[]`.
    for format in ["tsv", "json", "table"] {
        let run = azfh_with_config(&config)
            .env(
                "ONE_KEY",
                "d3Jvbmcga2V5IGZvciB0aGUgdGVzdCBhY2NvdW50IG9uZQ==",
            )
            .run(["handles", "ls", "one:", "--all-shares", "-o", format]);
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert_eq!(run.stdout, "", "{format}");
        assert!(
            run.stderr.contains("cannot list the shares of one"),
            "{}",
            run.stderr
        );
    }
    // Every share fails.
    let run =
        azfh_with_config(&config).run(["handles", "ls", "one:missing", "one:gone", "-o", "tsv"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:missing",
        "one:gone",
        "--group-by",
        "share",
        "-o",
        "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(one.handles("demo").len(), Env::demo().handles("demo").len());
}

#[test]
fn an_empty_dry_run_says_nothing_matched() {
    let dir = tempfile::tempdir().unwrap();
    let (_one, _two, config) = accounts(dir.path());
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:demo",
        "-r",
        "--client-name",
        "NOBODY",
        "--dry-run",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.ok(), "");
    assert!(
        run.stderr
            .contains("dry run: no open handle matched on any share; nothing would be closed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("0 shares"), "{}", run.stderr);
}

#[test]
fn a_group_whose_share_failed_is_marked_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let one = Env::with(EmulatorConfig::default(), |store, now| {
        demo::load(store, now);
    });
    let two = Env::with(EmulatorConfig::default(), |store, now| {
        let spec = azfh_emulator::load::generate::GenerateSpec {
            share: "archive".to_owned(),
            handles: 40,
            stale: 0,
        };
        azfh_emulator::load::generate::generate(store, &spec, now);
    });
    let config = config_for(dir.path(), &one, &two, 0o600);
    // Account two's listing repeats its marker: its first page comes, then it fails.
    two.set_faults(azfh_emulator::Faults {
        repeat_marker: true,
        ..azfh_emulator::Faults::default()
    });
    let args = |format: &'static str| {
        [
            "handles",
            "ls",
            "one:demo",
            "two:archive",
            "-r",
            "--page-size",
            "2",
            "--group-by",
            "share",
            "-o",
            format,
        ]
    };
    let run = azfh_with_config(&config).run(args("jsonl"));
    assert_eq!(run.status, 3, "{}", run.stderr);
    let groups: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(groups.len(), 2, "{}", run.stdout);
    assert_eq!(groups[0]["key"], "devstoreaccount1:archive");
    assert_eq!(groups[0]["complete"], false);
    assert!(
        groups[0]["handles"].as_u64().unwrap() < 40,
        "a partial count"
    );
    assert_eq!(groups[1]["key"], "devstoreaccount1:demo");
    assert_eq!(groups[1]["complete"], true);
    assert_eq!(
        groups[1]["handles"].as_u64().unwrap(),
        one.handles("demo").len() as u64
    );
    let table = azfh_with_config(&config).run(args("table"));
    let archive = table
        .stdout
        .lines()
        .find(|l| l.contains(":archive"))
        .unwrap()
        .to_owned();
    assert!(archive.contains("incomplete"), "{}", table.stdout);
    let demo_row = table.stdout.lines().find(|l| l.contains(":demo")).unwrap();
    assert!(!demo_row.contains("incomplete"), "{}", table.stdout);

    // Another key counts every share: with one failed, each group is partial.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--page-size",
        "2",
        "--group-by",
        "client-ip",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(
        run.stdout.lines().all(|l| l.contains("\"complete\":false")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_snapshot_listing_names_its_snapshot_in_a_field_of_its_own() {
    let env = Env::demo();
    let shares = env
        .azfh()
        .run(["shares", "ls", "--snapshots", "-o", "jsonl"]);
    let snapshot = records(&shares)
        .into_iter()
        .find_map(|s| s["snapshot"].as_str().map(str::to_owned))
        .expect("the demo share has a snapshot");
    let listed = records(&env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--snapshot",
        &snapshot,
        "-o",
        "jsonl",
    ]));
    assert!(!listed.is_empty());
    for record in &listed {
        assert_eq!(record["share"], "demo", "{record}");
        assert_eq!(record["snapshot"], snapshot.as_str(), "{record}");
    }
}

#[test]
fn verify_watches_every_share_at_once_and_closes_what_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = accounts(dir.path());
    for env in [&one, &two] {
        env.set_faults(azfh_emulator::Faults {
            reopen_after_ms: 200,
            reopen_times: 1,
            ..azfh_emulator::Faults::default()
        });
    }
    let under = |path: &str| path == "projects" || path.starts_with("projects/");
    let selected = one.ids_where("demo", |h| under(&h.path)).len()
        + two.ids_where("demo", |h| under(&h.path)).len();
    let started = std::time::Instant::now();
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo/projects",
        "two:demo/projects",
        "-r",
        "--all",
        "--verify=4s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let elapsed = started.elapsed();
    let report = records(&run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        report.len() > selected,
        "the reopened handles are reported too: {} of {selected}",
        report.len()
    );
    assert!(
        report.iter().all(|r| r["outcome"] == "closed"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("--verify closed"), "{}", run.stderr);
    std::thread::sleep(std::time::Duration::from_millis(300));
    for env in [&one, &two] {
        assert!(
            env.handles("demo").iter().all(|h| !under(&h.path)),
            "nothing reopened after verification"
        );
    }
    // One window for both shares, not one after the other (8 s).
    assert!(elapsed < std::time::Duration::from_secs(8), "{elapsed:?}");
}

#[test]
fn options_of_one_share_say_why_they_are_refused_over_several() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = accounts(dir.path());
    let run = azfh_with_config(&config).run([
        "handles", "close", "one:demo", "two:demo", "--all", "--marker", "m", "--yes",
    ]);
    run.usage_error("--marker works on one TARGET, not on several shares: a marker resumes one share's '*' close");
    assert!(
        run.stderr
            .contains("close one share at a time with --marker"),
        "{}",
        run.stderr
    );
    azfh_with_config(&config)
        .run([
            "handles",
            "close",
            "one:demo",
            "two:demo",
            "--handle-id",
            "1",
            "--yes",
        ])
        .usage_error("a handle id is one share's");
    assert_eq!(one.requests() + two.requests(), 0);
}

#[test]
fn an_interrupt_gives_the_handles_of_shares_not_reached_their_records() {
    let dir = tempfile::tempdir().unwrap();
    let one = Env::demo();
    let two = Env::with(EmulatorConfig::default(), |store, now| {
        let spec = azfh_emulator::load::generate::GenerateSpec {
            share: "archive".to_owned(),
            handles: 30,
            stale: 10,
        };
        azfh_emulator::load::generate::generate(store, &spec, now);
    });
    let config = config_for(dir.path(), &one, &two, 0o600);
    let stale = |env: &Env, share: &str| {
        env.ids_where(share, |h| {
            h.handle.open_time < env.created - time::Duration::days(7)
        })
    };
    let (stale_one, stale_two) = (stale(&one, "demo"), stale(&two, "archive"));
    one.set_faults(azfh_emulator::Faults {
        latency_ms: 300,
        ..azfh_emulator::Faults::default()
    });
    let child = azfh_with_config(&config).spawn([
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--older-than",
        "7d",
        "--yes",
        "--concurrency",
        "2",
        "-o",
        "jsonl",
    ]);
    let pid = child.id();
    crate::support::wait_until("a close is answered", || {
        one.emulator.control.operation_count("ForceCloseHandles") > 0
    });
    crate::support::send_signal(pid, "TERM");
    let run = crate::support::wait_at_most(child, std::time::Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    let report: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |share: &str| -> Vec<&serde_json::Value> {
        report.iter().filter(|r| r["share"] == share).collect()
    };
    // One record for each selected handle, on both shares.
    let ids_of = |records: &[&serde_json::Value]| -> BTreeSet<String> {
        records
            .iter()
            .map(|r| r["handle_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(of("demo").len(), stale_one.len(), "{}", run.stdout);
    assert_eq!(ids_of(&of("demo")), stale_one);
    assert_eq!(ids_of(&of("archive")), stale_two);
    assert_eq!(of("archive").len(), stale_two.len());
    assert!(
        of("archive")
            .iter()
            .all(|r| r["outcome"] == "not_attempted")
    );
    assert_eq!(two.emulator.control.operation_count("ForceCloseHandles"), 0);
    assert_eq!(two.handles("archive").len(), 30, "nothing closed there");
}

#[test]
fn sigterm_during_the_verify_window_of_several_shares_ends_it_with_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = accounts(dir.path());
    let under = |path: &str| path == "projects" || path.starts_with("projects/");
    let selected = one.ids_where("demo", |h| under(&h.path)).len()
        + two.ids_where("demo", |h| under(&h.path)).len();
    let child = azfh_with_config(&config).spawn([
        "handles",
        "close",
        "one:demo/projects",
        "two:demo/projects",
        "-r",
        "--all",
        "--verify=60s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    let pid = child.id();
    crate::support::wait_until("the closes are done", || {
        one.ids_where("demo", |h| under(&h.path)).is_empty()
            && two.ids_where("demo", |h| under(&h.path)).is_empty()
    });
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    let signalled = std::time::Instant::now();
    crate::support::send_signal(pid, "TERM");
    let run = crate::support::wait_at_most(child, std::time::Duration::from_secs(30));
    assert_eq!(run.status, 130, "{}", run.stderr);
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        signalled.elapsed()
    );
    let report: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(report.len(), selected, "{}", run.stderr);
    assert!(
        report.iter().all(|r| r["outcome"] == "closed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("--verify did not watch to the end"),
        "{}",
        run.stderr
    );
}

/// The prompt of one named TARGET names it as written, account included: `one:demo`, not the
/// share alone, which two accounts may both have.
#[test]
fn the_prompt_of_one_named_share_names_its_account() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _two, config) = accounts(dir.path());
    let config = config.to_str().unwrap().to_owned();
    let vars = [
        ("AZFH_CONFIG", config.as_str()),
        ("ONE_KEY", azfh_emulator::ACCOUNT_KEY),
    ];
    let n = one.handles("demo").len();
    let args = [
        "handles",
        "close",
        "one:demo",
        "-r",
        "--all",
        "--no-progress",
        "-o",
        "tsv",
    ];
    let mut session = crate::support::on_terminal_with(&one, &args, &vars);
    session
        .exp_regex(&format!(
            r"Close {n} handles of \d+ clients on one:demo and below it\? \[y/N\]"
        ))
        .unwrap();
    session.send_line("n").unwrap();
    session.exp_string("nothing was closed").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(one.handles("demo").len(), n);
}

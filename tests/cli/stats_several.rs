//! `handles stats` over several TARGETs and `--all-shares`, across two accounts (two emulators
//! under two names of a config file): one Prometheus exposition for every share, each share's
//! counts checked against its emulator; a share that fails gets `azfh_scrape_success 0` and no
//! counts (exit 3; 1 when all fail); a TARGET whose credential cannot be found is such a
//! failed target, recorded in `--output-file`; `--watch` redraws a block per share.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use azfh_emulator::store::{NodeKey, OpenHandle, ShareProtocol, Store};
use azfh_emulator::{ACCOUNT_KEY, EmulatorConfig, Faults};
use azfh_protocol::{AccessRight, AccessRights};
use time::{Duration, OffsetDateTime};

use crate::config_file::{azfh_with_config, config_for};
use crate::stats::{Sample, load, parse_prometheus, value_of};
use crate::support::{Azfh, Env, Run, on_terminal};

/// `n` handles on a new share `name`: see [`open_more`].
fn small(store: &mut Store, name: &str, now: OffsetDateTime, n: usize) {
    store.add_share(name, now - Duration::days(100));
    open_more(store, name, now, n);
}

/// `n` more handles on share `name`: in turn on the root, on `docs/a.txt` and on `docs`, from
/// three clients; every third (those on the root) 30 days old, the others 1 day.
fn open_more(store: &mut Store, name: &str, now: OffsetDateTime, n: usize) {
    let (share, ids) = store.parts(name).expect("the share is there");
    let file = share.live.put_file("docs/a.txt", 1, 1, ids, now);
    let dir = share.live.ensure_directory("docs", ids, now);
    let root = NodeKey::root();
    let places = [&root, &file, &dir];
    for i in 0..n {
        let id = ids.next_handle_id();
        share.live.open(
            places[i % 3],
            OpenHandle {
                id,
                session_id: 1,
                client_ip: format!("10.1.0.{}", i % 3 + 1).parse::<IpAddr>().unwrap(),
                client_port: 445,
                client_name: Some(format!("WS-{}", i % 3)),
                open_time: now - Duration::days(if i % 3 == 0 { 30 } else { 1 }),
                last_reconnect_time: None,
                access: [AccessRight::Read].into_iter().collect::<AccessRights>(),
            },
        );
    }
}

/// An emulator serving the storage account `name`, so that labels tell two accounts apart.
fn account(name: &str) -> EmulatorConfig {
    EmulatorConfig {
        account: name.to_owned(),
        ..EmulatorConfig::default()
    }
}

/// Account `one`: `stats` (1,910 handles, see stats.rs), `alpha` (7) and an NFS share.
/// Account `two`: `stats` (5) and `beta` (4): a share name both accounts have.
fn two_accounts(dir: &Path) -> (Env, Env, PathBuf) {
    let one = Env::with(account("one"), |store, now| {
        load(store, "stats", now);
        small(store, "alpha", now, 7);
        store.add_share("exports", now).properties.protocol = ShareProtocol::Nfs;
    });
    let two = Env::with(account("two"), |store, now| {
        small(store, "stats", now, 5);
        small(store, "beta", now, 4);
    });
    let config = config_for(dir, &one, &two, 0o600);
    (one, two, config)
}

/// What `share` of `env` holds: open handles, those older than 7 days, those on the root.
fn held(env: &Env, share: &str) -> (usize, usize, usize) {
    let handles = env.handles(share);
    let stale = handles
        .iter()
        .filter(|h| h.handle.open_time < env.created - Duration::days(7))
        .count();
    let root = handles.iter().filter(|h| h.key == NodeKey::root()).count();
    (handles.len(), stale, root)
}

/// The `(account, share)` labels of `name`'s samples.
fn places(samples: &[Sample], name: &str) -> BTreeSet<(String, String)> {
    samples
        .iter()
        .filter(|s| s.name == name)
        .map(|s| (s.labels["account"].clone(), s.labels["share"].clone()))
        .collect()
}

#[track_caller]
fn assert_counts(samples: &[Sample], account: &str, share: &str, env: &Env) {
    let labels = [("account", account), ("share", share)];
    let (open, stale, root) = held(env, share);
    assert!(open > 0, "{account}:{share} has handles");
    let value = |name| value_of(samples, name, &labels);
    assert_eq!(
        value("azfh_share_open_handles"),
        open.to_string(),
        "{account}:{share}"
    );
    assert_eq!(
        value("azfh_share_stale_handles"),
        stale.to_string(),
        "{account}:{share}"
    );
    assert_eq!(
        value("azfh_share_root_handles"),
        root.to_string(),
        "{account}:{share}"
    );
    assert_eq!(value("azfh_scrape_success"), "1", "{account}:{share}");
    let took: f64 = value("azfh_scrape_duration_seconds").parse().unwrap();
    assert!(took >= 0.0);
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, s)| ((*a).to_owned(), (*s).to_owned()))
        .collect()
}

fn args_with_file<'a>(args: &'a [&'a str], file: &'a Path) -> Vec<&'a std::ffi::OsStr> {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.push("--output-file".as_ref());
    all.push(file.as_os_str());
    all
}

#[test]
fn every_share_of_two_accounts_in_one_exposition() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = two_accounts(dir.path());
    let run = azfh_with_config(&config).run([
        "handles",
        "stats",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "-o",
        "prometheus",
    ]);
    // The parser checks each family's TYPE comes once, before its samples.
    let samples = parse_prometheus(run.ok());
    let all = set(&[
        ("one", "alpha"),
        ("one", "stats"),
        ("two", "beta"),
        ("two", "stats"),
    ]);
    assert_eq!(places(&samples, "azfh_scrape_success"), all);
    assert_eq!(places(&samples, "azfh_share_open_handles"), all);
    for (account, share) in [("one", "alpha"), ("one", "stats")] {
        assert_counts(&samples, account, share, &one);
    }
    for (account, share) in [("two", "beta"), ("two", "stats")] {
        assert_counts(&samples, account, share, &two);
    }
    assert_eq!(
        value_of(
            &samples,
            "azfh_path_open_handles",
            &[("account", "one"), ("share", "stats"), ("path", "hot.db")]
        ),
        "1900"
    );
    assert!(
        run.stderr
            .contains("skipped one:exports: an NFS share has no SMB handles"),
        "{}",
        run.stderr
    );
    for family in ["azfh_share_open_handles", "azfh_scrape_success"] {
        let help = format!("# HELP {family} ");
        assert_eq!(run.stdout.matches(&help).count(), 1, "{}", run.stdout);
    }

    // json: one document, an entry per share, the same counts.
    let json = azfh_with_config(&config).run([
        "handles",
        "stats",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "-o",
        "json",
    ]);
    let shares: Vec<serde_json::Value> = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(shares.len(), 4);
    for share in &shares {
        let env = if share["account"] == "one" {
            &one
        } else {
            &two
        };
        let (open, ..) = held(env, share["share"].as_str().unwrap());
        assert_eq!(share["open_handles"], open, "{share}");
        assert_eq!(share["success"], true);
        assert_eq!(share["error"], serde_json::Value::Null);
    }

    // The account label is the one handles ls records carry.
    let ls = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "-o",
        "jsonl",
    ]);
    let listed: BTreeSet<(String, String)> = ls
        .ok()
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                record["account"].as_str().unwrap().to_owned(),
                record["share"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(listed, all);
}

#[test]
fn a_share_that_fails_mid_sweep_has_scrape_success_zero_and_no_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = two_accounts(dir.path());
    // Account two's listings repeat their marker: their first page comes, then they fail.
    two.set_faults(Faults {
        repeat_marker: true,
        ..Faults::default()
    });
    let targets = ["one:alpha", "one:stats", "two:stats", "two:beta"];
    let stats = |format: &str| -> Run {
        let mut args = vec!["handles", "stats"];
        args.extend(targets);
        args.extend(["-r", "--page-size", "2", "-o", format]);
        azfh_with_config(&config).run(args)
    };
    let run = stats("prometheus");
    assert_eq!(run.status, 3, "{}", run.stderr);
    let samples = parse_prometheus(&run.stdout);
    assert_counts(&samples, "one", "alpha", &one);
    assert_counts(&samples, "one", "stats", &one);
    for share in ["stats", "beta"] {
        let labels = [("account", "two"), ("share", share)];
        assert_eq!(value_of(&samples, "azfh_scrape_success", &labels), "0");
        value_of(&samples, "azfh_scrape_duration_seconds", &labels);
    }
    let counted = samples
        .iter()
        .filter(|s| s.labels["account"] == "two")
        .map(|s| s.name.as_str())
        .collect::<BTreeSet<_>>();
    assert_eq!(
        counted,
        BTreeSet::from(["azfh_scrape_success", "azfh_scrape_duration_seconds"]),
        "no partial counts for a share whose listing failed"
    );
    let warnings = run.stderr_lines("warning");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("cannot count two:stats")),
        "{}",
        run.stderr
    );
    assert!(
        warnings.last().unwrap().contains("2 of 4 targets"),
        "{}",
        run.stderr
    );

    // json and the table name the failed share and its error.
    let json = stats("json");
    assert_eq!(json.status, 3, "{}", json.stderr);
    let shares: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    let failed: Vec<&serde_json::Value> = shares.iter().filter(|s| s["success"] == false).collect();
    assert_eq!(failed.len(), 2, "{}", json.stdout);
    for share in failed {
        assert_eq!(share["account"], "two");
        assert_eq!(share["open_handles"], serde_json::Value::Null);
        assert!(!share["error"].as_str().unwrap().is_empty(), "{share}");
    }
    let table = stats("table");
    assert_eq!(table.status, 3, "{}", table.stderr);
    for heading in [
        "== one/alpha ==",
        "== one/stats ==",
        "== two/stats ==",
        "== two/beta ==",
    ] {
        assert!(
            table.stdout.contains(heading),
            "{heading}:\n{}",
            table.stdout
        );
    }
    let two_block = &table.stdout[table.stdout.find("== two/stats ==").unwrap()..];
    assert!(two_block.contains("failed"), "{}", table.stdout);
    assert!(
        two_block.lines().any(|l| l.starts_with("error: ")),
        "{}",
        table.stdout
    );

    // Every target failing is a failure.
    let run = azfh_with_config(&config).run([
        "handles",
        "stats",
        "one:missing",
        "two:stats",
        "-r",
        "--page-size",
        "2",
        "-o",
        "prometheus",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stderr_lines("error").len(), 1, "{}", run.stderr);
    let samples = parse_prometheus(&run.stdout);
    assert_eq!(
        places(&samples, "azfh_scrape_success"),
        set(&[("one", "missing"), ("two", "stats")])
    );
    assert!(
        samples.iter().all(|s| s.name.starts_with("azfh_scrape_")),
        "{samples:?}"
    );
    assert!(
        samples
            .iter()
            .all(|s| s.name != "azfh_scrape_success" || s.value == "0")
    );
}

#[test]
fn the_output_file_holds_every_share_and_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = two_accounts(dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("azfh.prom");
    std::fs::write(&file, "# the previous scrape\n").unwrap();
    let run = azfh_with_config(&config).run(args_with_file(
        &[
            "handles",
            "stats",
            "one:",
            "two:",
            "--all-shares",
            "-r",
            "--share-concurrency",
            "1",
            "-o",
            "prometheus",
        ],
        &file,
    ));
    assert!(run.ok().is_empty(), "nothing on stdout: {}", run.stdout);
    let samples = parse_prometheus(&std::fs::read_to_string(&file).unwrap());
    assert_counts(&samples, "one", "stats", &one);
    assert_counts(&samples, "two", "beta", &two);
    assert_eq!(places(&samples, "azfh_scrape_success").len(), 4);
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["azfh.prom"], "no temporary file is left");
}

/// `azfh` with the config file but without `ONE_KEY`: account one's credential is missing.
fn without_ones_key(config: &Path) -> Azfh {
    let mut azfh = Azfh::bare();
    azfh.env("AZFH_CONFIG", config);
    azfh
}

#[test]
fn a_credential_not_found_is_a_failed_target_recorded_as_scrape_success_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = two_accounts(dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("azfh.prom");
    std::fs::write(
        &file,
        "azfh_scrape_success{account=\"one\",share=\"stats\"} 1\n",
    )
    .unwrap();

    // A credential not found: the file says one's share was not scraped, nothing is sent to
    // one, and two's share is counted.
    let run = without_ones_key(&config).run(args_with_file(
        &[
            "handles",
            "stats",
            "one:stats",
            "two:stats",
            "-r",
            "-o",
            "prometheus",
        ],
        &file,
    ));
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(run.stderr.contains("ONE_KEY"), "{}", run.stderr);
    let samples = parse_prometheus(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(
        places(&samples, "azfh_scrape_success"),
        set(&[("one", "stats"), ("two", "stats")])
    );
    assert!(
        samples
            .iter()
            .filter(|s| s.labels["account"] == "one")
            .all(|s| s.name == "azfh_scrape_success" && s.value == "0"),
        "{samples:?}"
    );
    assert_counts(&samples, "two", "stats", &two);
    assert_eq!(one.requests(), 0);

    // With --all-shares: one sample per account, its share label empty.
    let run = without_ones_key(&config).run(args_with_file(
        &[
            "handles",
            "stats",
            "one:",
            "two:",
            "--all-shares",
            "-o",
            "prometheus",
        ],
        &file,
    ));
    assert_eq!(run.status, 3, "{}", run.stderr);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("azfh_scrape_success{account=\"one\",share=\"\"} 0"),
        "{written}"
    );
    assert_eq!(
        places(&parse_prometheus(&written), "azfh_scrape_success"),
        set(&[("one", ""), ("two", "stats"), ("two", "beta")])
    );
    assert_eq!(one.requests(), 0);
    let two_requests = two.requests();

    // A usage error (bad flags or TARGETs) leaves the file as it was.
    for args in [
        &[
            "handles",
            "stats",
            "one:stats",
            "--top",
            "0",
            "-o",
            "prometheus",
        ][..],
        &[
            "handles",
            "stats",
            "one:stats",
            "one:stats/docs",
            "-o",
            "prometheus",
        ],
        &[
            "handles",
            "stats",
            "qumulo://127.0.0.1/x",
            "-o",
            "prometheus",
        ],
        &[
            "handles",
            "stats",
            "one:stats",
            "--all-shares",
            "-o",
            "prometheus",
        ],
        &[
            "--emulator",
            "handles",
            "stats",
            "one:stats",
            "-o",
            "prometheus",
        ],
    ] {
        let run = azfh_with_config(&config).run(args_with_file(args, &file));
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), written, "{args:?}");
    }
    assert_eq!(one.requests(), 0);
    assert_eq!(two.requests(), two_requests);
}

#[test]
fn an_account_whose_shares_cannot_be_listed_is_a_failed_target() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, _) = two_accounts(dir.path());
    // Account one's key is wrong: List Shares is refused; account two is counted.
    let config = dir.path().join("wrong.toml");
    let wrong = "d3Jvbmcga2V5IGZvciBhY2NvdW50IG9uZQ==";
    assert_ne!(wrong, ACCOUNT_KEY);
    std::fs::write(
        &config,
        format!(
            "[accounts.one]\nendpoint = \"{}\"\nkey = \"{wrong}\"\n\n\
             [accounts.two]\nendpoint = \"{}\"\nkey = \"{ACCOUNT_KEY}\"\n",
            one.emulator.endpoint(),
            two.emulator.endpoint()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &config,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    let run = Azfh::bare().env("AZFH_CONFIG", &config).run([
        "handles",
        "stats",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "-o",
        "prometheus",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot list the shares of one"),
        "{}",
        run.stderr
    );
    let samples = parse_prometheus(&run.stdout);
    assert_eq!(
        value_of(
            &samples,
            "azfh_scrape_success",
            &[("account", "one"), ("share", "")]
        ),
        "0"
    );
    assert_counts(&samples, "two", "stats", &two);
    assert_counts(&samples, "two", "beta", &two);
    assert!(
        samples
            .iter()
            .filter(|s| s.labels["account"] == "one")
            .all(|s| s.name == "azfh_scrape_success"),
        "{samples:?}"
    );
}

#[test]
fn watch_redraws_a_block_per_share_on_a_terminal() {
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        small(store, "alpha", now, 7);
        small(store, "beta", now, 4);
    });
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "stats",
            "alpha",
            "beta",
            "-r",
            "--watch",
            "2s",
            "--no-progress",
        ],
    );
    session.exp_string("2 shares: counted at").unwrap();
    session.exp_string("== devstoreaccount1/alpha ==").unwrap();
    session.exp_string("== devstoreaccount1/beta ==").unwrap();
    session.exp_string("CLIENT IP").unwrap();
    // Between the passes, beta gains 3 handles (4 + 3 = 7, alpha's count, so only the
    // CHANGE column tells the shares apart).
    let now = env.created;
    env.emulator
        .control
        .with_store(|store| open_more(store, "beta", now, 3));
    // The second pass shows each share's change since the first.
    session.exp_string("counted at").unwrap();
    let alpha = session.exp_string("== devstoreaccount1/beta ==").unwrap();
    assert!(alpha.contains("CHANGE"), "{alpha}");
    let alpha_row = alpha
        .lines()
        .find(|l| l.starts_with("devstoreaccount1"))
        .expect("alpha's row");
    assert!(alpha_row.trim_end().ends_with(" 0"), "{alpha_row}");
    let beta = session.exp_string("CLIENT IP").unwrap();
    let beta_row = beta
        .lines()
        .find(|l| l.starts_with("devstoreaccount1"))
        .expect("beta's row");
    assert!(beta_row.trim_end().ends_with(" +3"), "{beta_row}");
    session.send_control('c').unwrap();
    session.exp_eof().unwrap();
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    assert_eq!(status, 130);
}

//! `handles stats` against accounts whose config file names differ from their storage
//! account names, as a reviewer's seven emulators were: results carry the storage account's
//! name also when a target fails (a wrong key, nothing listening, a credential not found),
//! warnings the TARGET as written; one missing credential fails its own target only; a NAME
//! the file lacks is a usage error that writes nothing; the help and refusals of `-o
//! prometheus`; what the counts cover without `-r`; wrapped `error:` lines.

use std::path::{Path, PathBuf};

use azfh_emulator::{ACCOUNT_KEY, EmulatorConfig};

use crate::stats::{Sample, load, parse_prometheus, value_of};
use crate::support::{Azfh, Env, Run};

/// A key the emulators refuse.
const WRONG_KEY: &str = "d3Jvbmcga2V5IGZvciBhY2NvdW50IG9uZQ==";

/// An emulator serving the storage account `account`, with the share `stats` (1,910 handles).
fn serving(account: &str) -> Env {
    Env::with(
        EmulatorConfig {
            account: account.into(),
            ..Default::default()
        },
        |store, now| load(store, "stats", now),
    )
}

/// A loopback port where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Config names that are not the accounts' names: `prod` (account `prodacct`, good key),
/// `badkey` (account `avdprofiles`, a wrong key), `down` (account `downacct`, nothing
/// listening), `nokey` (account `nokeyacct`, its `key_env` unset).
fn config(dir: &Path, prod: &Env, avd: &Env) -> PathBuf {
    let path = dir.join("config.toml");
    let port = closed_port();
    std::fs::write(
        &path,
        format!(
            "[accounts.prod]\nendpoint = \"{}\"\nkey = \"{ACCOUNT_KEY}\"\n\n\
             [accounts.badkey]\nendpoint = \"{}\"\nkey = \"{WRONG_KEY}\"\n\n\
             [accounts.down]\nendpoint = \"http://127.0.0.1:{port}/downacct\"\nkey = \"{ACCOUNT_KEY}\"\n\n\
             [accounts.nokey]\nendpoint = \"http://127.0.0.1:{port}/nokeyacct\"\nkey_env = \"NOKEY_KEY\"\n",
            prod.emulator.endpoint(),
            avd.emulator.endpoint(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &path,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    path
}

fn azfh(config: &Path) -> Azfh {
    let mut azfh = Azfh::bare();
    azfh.env("AZFH_CONFIG", config);
    azfh
}

/// The accounts every sample names.
fn accounts(samples: &[Sample]) -> std::collections::BTreeSet<String> {
    samples
        .iter()
        .map(|s| s.labels["account"].clone())
        .collect()
}

fn set(names: &[&str]) -> std::collections::BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[test]
fn a_failed_account_is_labelled_with_its_storage_account_name() {
    let (prod, avd) = (serving("prodacct"), serving("avdprofiles"));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &prod, &avd);

    // Shares that cannot be listed: a wrong key, nothing listening.
    let run = azfh(&config).run([
        "handles",
        "stats",
        "badkey:",
        "down:",
        "prod:",
        "--all-shares",
        "-r",
        "-o",
        "prometheus",
        "--retries",
        "0",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let samples = parse_prometheus(&run.stdout);
    assert_eq!(
        accounts(&samples),
        set(&["avdprofiles", "downacct", "prodacct"]),
        "{}",
        run.stdout
    );
    for account in ["avdprofiles", "downacct"] {
        assert_eq!(
            value_of(
                &samples,
                "azfh_scrape_success",
                &[("account", account), ("share", "")]
            ),
            "0"
        );
    }
    assert_eq!(
        value_of(
            &samples,
            "azfh_scrape_success",
            &[("account", "prodacct"), ("share", "stats")]
        ),
        "1"
    );
    // Warnings name the TARGETs as written.
    let warnings = run.stderr_lines("warning").join("\n");
    assert!(warnings.contains("badkey"), "{warnings}");
    assert!(warnings.contains("down"), "{warnings}");

    // A share TARGET that fails: its result names the account, its warning the TARGET.
    let run = azfh(&config).run([
        "handles",
        "stats",
        "badkey:stats",
        "prod:stats",
        "-r",
        "-o",
        "prometheus",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let samples = parse_prometheus(&run.stdout);
    assert_eq!(
        value_of(
            &samples,
            "azfh_scrape_success",
            &[("account", "avdprofiles"), ("share", "stats")]
        ),
        "0"
    );
    assert_eq!(accounts(&samples), set(&["avdprofiles", "prodacct"]));
    assert!(
        run.stderr_lines("warning")
            .iter()
            .any(|w| w.contains("cannot count badkey:stats")),
        "{}",
        run.stderr
    );
}

#[test]
fn one_missing_credential_fails_its_own_target_only() {
    let (prod, avd) = (serving("prodacct"), serving("avdprofiles"));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &prod, &avd);
    let file = dir.path().join("azfh.prom");

    let run = azfh(&config).run(
        [
            "handles",
            "stats",
            "prod:",
            "nokey:",
            "--all-shares",
            "-r",
            "-o",
            "prometheus",
            "--output-file",
        ]
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([file.as_os_str()]),
    );
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(
        run.stderr_lines("warning")
            .iter()
            .any(|w| w.contains("nokey") && w.contains("NOKEY_KEY")),
        "{}",
        run.stderr
    );
    let written = std::fs::read_to_string(&file).unwrap();
    let samples = parse_prometheus(&written);
    assert_eq!(
        value_of(
            &samples,
            "azfh_scrape_success",
            &[("account", "nokeyacct"), ("share", "")]
        ),
        "0"
    );
    assert_eq!(
        value_of(
            &samples,
            "azfh_share_open_handles",
            &[("account", "prodacct"), ("share", "stats")]
        ),
        prod.handles("stats").len().to_string()
    );

    // Every TARGET's credential missing: exit 1, and the file says so.
    let run = azfh(&config).run(
        [
            "handles",
            "stats",
            "nokey:stats",
            "-r",
            "-o",
            "prometheus",
            "--output-file",
        ]
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([file.as_os_str()]),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr_lines("error")[0].contains("NOKEY_KEY"),
        "{}",
        run.stderr
    );
    let samples = parse_prometheus(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(
        samples
            .iter()
            .map(|s| (s.name.as_str(), s.value.as_str()))
            .collect::<Vec<_>>(),
        [("azfh_scrape_success", "0")]
    );

    // A misspelt NAME: a usage error, nothing sent, the file as it was.
    let before = std::fs::read_to_string(&file).unwrap();
    let requests = prod.requests();
    let run = azfh(&config).run(
        [
            "handles",
            "stats",
            "prod:",
            "nosuchname:",
            "--all-shares",
            "-o",
            "prometheus",
            "--output-file",
        ]
        .iter()
        .map(std::ffi::OsStr::new)
        .chain([file.as_os_str()]),
    );
    run.usage_error("nosuchname");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    assert_eq!(prod.requests(), requests);
}

#[test]
fn without_r_the_counts_say_they_are_of_the_target_only() {
    let env = Env::with(EmulatorConfig::default(), |store, now| {
        load(store, "stats", now);
    });
    let shallow = env
        .azfh()
        .run(["handles", "stats", "stats", "-o", "prometheus"]);
    assert_eq!(shallow.status, 0, "{}", shallow.stderr);
    assert!(
        shallow.stderr.contains("note: without -r"),
        "{}",
        shallow.stderr
    );
    assert!(
        shallow
            .stdout
            .contains("# HELP azfh_share_open_handles Open SMB handles listed at TARGET only"),
        "{}",
        shallow.stdout
    );

    let whole = env
        .azfh()
        .run(["handles", "stats", "stats", "-r", "-o", "prometheus"]);
    assert_eq!(whole.status, 0, "{}", whole.stderr);
    assert!(!whole.stderr.contains("note:"), "{}", whole.stderr);
    assert!(
        whole
            .stdout
            .contains("# HELP azfh_share_open_handles Open SMB handles listed at TARGET and below"),
        "{}",
        whole.stdout
    );

    let part = env
        .azfh()
        .run(["handles", "stats", "stats/dir", "-r", "-o", "prometheus"]);
    assert_eq!(part.status, 0, "{}", part.stderr);
    assert!(
        part.stderr.contains("note:") && part.stderr.contains("is a directory"),
        "{}",
        part.stderr
    );
}

#[test]
fn prometheus_is_offered_by_stats_help_and_refused_elsewhere() {
    let env = Env::demo();
    for flag in ["-h", "--help"] {
        let help = env.azfh().run(["handles", "stats", flag]);
        assert_eq!(help.status, 0);
        let line = help
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with("-o"))
            .unwrap_or_default()
            .to_owned();
        let described = if flag == "-h" {
            line
        } else {
            help.stdout.clone()
        };
        assert!(described.contains("prometheus"), "{flag}: {}", help.stdout);
    }
    for args in [
        &["shares", "ls", "-o", "prometheus"][..],
        &["config", "check", "-o", "prometheus"],
        &["sessions", "ls", "qumulo://127.0.0.1:1", "-o", "prometheus"],
    ] {
        let run = env.azfh().run(args);
        run.usage_error("-o prometheus is the output of `azfh handles stats` only");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn error_lines_wrap_between_words_at_the_width() {
    let (prod, avd) = (serving("prodacct"), serving("avdprofiles"));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &prod, &avd);
    let run: Run = azfh(&config).env("COLUMNS", "50").run([
        "handles",
        "stats",
        "badkey:stats",
        "prod:stats",
        "-r",
        "-o",
        "table",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("error: "))
        .expect("an error line");
    let mut error = vec![lines[start]];
    error.extend(
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with("       ") && !l.trim().is_empty()),
    );
    assert!(error.len() > 1, "a long error is wrapped:\n{}", run.stdout);
    assert!(error.iter().all(|l| l.chars().count() <= 50), "{error:#?}");
    // Joined again by spaces, the lines are the error's words: none was cut.
    let joined: Vec<&str> = error.iter().flat_map(|l| l.split_whitespace()).collect();
    let warning = run
        .stderr_lines("warning")
        .into_iter()
        .find(|w| w.contains("badkey:stats"))
        .expect("a warning for the failed share")
        .to_owned();
    let words: Vec<&str> = warning
        .split_once("badkey:stats: ")
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    assert_eq!(joined[1..], words[..], "{error:#?}");
}

/// The `account` and `share` columns of `-o tsv`, row by row.
fn tsv_places(run: &Run) -> Vec<(String, String)> {
    run.stdout
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.split('\t');
            (
                fields.next().unwrap().to_owned(),
                fields.next().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn results_come_in_target_order_whatever_failed() {
    let (prod, avd) = (serving("prodacct"), serving("avdprofiles"));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &prod, &avd);
    let place = |account: &str, share: &str| (account.to_owned(), share.to_owned());

    // A credential not found, a share counted, a share whose listing fails.
    let run = azfh(&config).run([
        "handles",
        "stats",
        "nokey:stats",
        "prod:stats",
        "badkey:stats",
        "-r",
        "-o",
        "tsv",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert_eq!(
        tsv_places(&run),
        [
            place("nokeyacct", "stats"),
            place("prodacct", "stats"),
            place("avdprofiles", "stats")
        ],
        "{}",
        run.stdout
    );

    // --all-shares: an account counted between one whose credential is missing and one whose
    // shares could not be listed.
    let run = azfh(&config).run([
        "handles",
        "stats",
        "down:",
        "nokey:",
        "prod:",
        "--all-shares",
        "-r",
        "--retries",
        "0",
        "-o",
        "tsv",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert_eq!(
        tsv_places(&run),
        [
            place("downacct", ""),
            place("nokeyacct", ""),
            place("prodacct", "stats")
        ],
        "{}",
        run.stdout
    );
}

//! Named accounts: a config file names two emulators (two accounts), TARGETs `NAME:SHARE` and
//! `NAME:` reach them, an inline key other users can read is refused, and `azfh config check`
//! says what each name resolves to without showing a secret.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use azfh_emulator::ACCOUNT_KEY;

use crate::shares::several_shares;
use crate::support::{Azfh, Env};

/// A config file naming `one` (key from `ONE_KEY`) and `two` (inline key), mode `mode`.
pub(crate) fn config_for(dir: &Path, one: &Env, two: &Env, mode: u32) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[accounts.one]\nendpoint = \"{}\"\nkey_env = \"ONE_KEY\"\n\n\
             [accounts.two]\nendpoint = \"{}\"\nkey = \"{ACCOUNT_KEY}\"\n",
            one.emulator.endpoint(),
            two.emulator.endpoint()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

/// `azfh` with only the config file (and `ONE_KEY`) in its environment: no connection string.
pub(crate) fn azfh_with_config(config: &Path) -> Azfh {
    let mut azfh = Azfh::bare();
    azfh.env("AZFH_CONFIG", config).env("ONE_KEY", ACCOUNT_KEY);
    azfh
}

#[test]
fn named_targets_reach_their_accounts() {
    let (one, two) = (several_shares(), Env::demo());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);

    let listed = azfh_with_config(&config).run(["handles", "ls", "two:demo", "-r", "-o", "jsonl"]);
    let expected = two.ids_where("demo", |_| true);
    assert!(!expected.is_empty());
    assert_eq!(listed.jsonl_ids(), expected);

    let shares =
        azfh_with_config(&config).run(["shares", "ls", "one:", "-o", "tsv", "--no-header"]);
    let names: Vec<&str> = shares
        .ok()
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "bravo", "charlie", "delta", "exports"]);
    assert_eq!(two.emulator.control.operation_count("ListShares"), 0);

    // --config wins over AZFH_CONFIG.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[accounts.three]\naccount = \"threeacct\"\n").unwrap();
    azfh_with_config(&config)
        .run(["--config", other.to_str().unwrap(), "ls", "two:demo"])
        .usage_error("no account named 'two'");
}

#[test]
fn names_that_do_not_resolve_are_usage_errors_before_any_request() {
    let (one, two) = (several_shares(), Env::demo());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);

    azfh_with_config(&config)
        .run(["handles", "ls", "three:demo"])
        .usage_error("no account named 'three'");
    azfh_with_config(&config)
        .run(["handles", "ls", "two:"])
        .usage_error("names an account, not a share");
    let mut without_key = Azfh::bare();
    without_key.env("AZFH_CONFIG", &config);
    without_key
        .run(["handles", "ls", "one:alpha"])
        .usage_error("ONE_KEY is not set");
    Azfh::bare()
        .run([
            "--config",
            dir.path().join("absent.toml").to_str().unwrap(),
            "ls",
            "one:alpha",
        ])
        .usage_error("cannot read the config file");
    assert_eq!(one.requests() + two.requests(), 0);
}

#[test]
fn an_inline_key_other_users_can_read_is_refused() {
    let (one, two) = (several_shares(), Env::demo());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o644);
    let run = azfh_with_config(&config).run(["handles", "ls", "two:demo"]);
    run.usage_error("other users can read it");
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    assert_eq!(two.requests(), 0);
}

#[test]
fn config_check_says_what_each_name_resolves_to_and_never_shows_a_secret() {
    let (one, two) = (several_shares(), Env::demo());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);

    let run = azfh_with_config(&config).run(["config", "check", "-o", "json"]);
    let rows: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(rows[0]["name"], "one");
    assert_eq!(rows[0]["endpoint"], one.emulator.endpoint());
    assert_eq!(rows[0]["credential"], "account key from $ONE_KEY");
    assert_eq!(rows[1]["credential"], "account key inline (redacted)");
    assert!(rows.as_array().unwrap().iter().all(|r| r["ok"] == true));
    assert!(!run.stdout.contains(ACCOUNT_KEY) && !run.stderr.contains(ACCOUNT_KEY));

    // An entry that cannot work is reported by name, the others still are; exit 2.
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[accounts.broken]\nendpoint = \"http://192.0.2.1/acct\"\n");
    std::fs::write(&config, text).unwrap();
    let mut without_key = Azfh::bare();
    without_key.env("AZFH_CONFIG", &config);
    let run = without_key.run(["config", "check", "-o", "tsv"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "name\tendpoint\tcredential\tok\terror");
    assert!(lines[1].starts_with("broken\t\t\tfalse\t") && lines[1].contains("clear text"));
    assert!(lines[2].starts_with("one\t") && lines[2].contains("ONE_KEY is not set"));
    assert!(lines[3].starts_with("two\t") && lines[3].contains("\ttrue\t"));
    assert!(!run.stdout.contains(ACCOUNT_KEY));
    assert_eq!(one.requests() + two.requests(), 0);
}

#[test]
fn the_embedded_emulator_takes_no_named_account() {
    let (one, two) = (several_shares(), Env::demo());
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(dir.path(), &one, &two, 0o600);
    azfh_with_config(&config)
        .run(["--emulator", "handles", "ls", "two:demo"])
        .usage_error("--emulator serves its own account");
    azfh_with_config(&config)
        .run(["--emulator", "shares", "ls", "two:"])
        .usage_error("--emulator serves its own account");
    assert_eq!(two.requests(), 0);
}

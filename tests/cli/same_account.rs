//! One storage account reached through two TARGET spellings: two endpoints of one account
//! (`127.0.0.1` and `localhost`, as a private endpoint beside the public one), or one endpoint
//! under two names with two credentials. Storage account names are unique, so a share is one
//! share however it is reached: listed once, closed once, counted once against `--max`, and
//! the note says which TARGET (and so which credential) was used.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use azfh_emulator::ACCOUNT_KEY;

use crate::support::{Azfh, Env, Run, closed_ids, request_log};

/// A key the emulator refuses (valid base64, not the account's).
const WRONG_KEY: &str = "d3Jvbmcga2V5IHdyb25nIGtleSB3cm9uZyBrZXkgd3Jvbmcga2V5IHdyb25nIGtleQ==";

/// `prod` (the emulator at 127.0.0.1), `prodlocal` (the same emulator at localhost) and
/// `badkey` (127.0.0.1 with a key it refuses).
fn config(dir: &Path, env: &Env) -> PathBuf {
    let endpoint = env.emulator.endpoint();
    let local = endpoint.replacen("127.0.0.1", "localhost", 1);
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[accounts.prod]\nendpoint = \"{endpoint}\"\nkey = \"{ACCOUNT_KEY}\"\n\n\
             [accounts.prodlocal]\nendpoint = \"{local}\"\nkey = \"{ACCOUNT_KEY}\"\n\n\
             [accounts.badkey]\nendpoint = \"{endpoint}\"\nkey = \"{WRONG_KEY}\"\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn azfh(config: &Path) -> Azfh {
    let mut azfh = Azfh::bare();
    azfh.env("AZFH_CONFIG", config);
    azfh
}

fn jsonl(run: &Run) -> Vec<serde_json::Value> {
    run.ok()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn one_account_through_two_endpoints_is_listed_and_closed_once() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &env);
    let n = env.handles("demo").len();

    let run = azfh(&config).run([
        "handles",
        "ls",
        "prod:demo",
        "prodlocal:demo",
        "-r",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl(&run).len(), n, "every handle once");
    assert!(
        run.stderr.contains(
            "prodlocal:demo names the same share as prod:demo (devstoreaccount1/demo): listed once, as prod:demo"
        ),
        "{}",
        run.stderr
    );

    // --all-shares: the account once.
    let run = azfh(&config).run([
        "handles",
        "ls",
        "prod:",
        "prodlocal:",
        "--all-shares",
        "-r",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl(&run).len(), n, "every handle once");
    assert!(
        run.stderr
            .contains("prodlocal: names the same account as prod: (devstoreaccount1)"),
        "{}",
        run.stderr
    );

    // --max counts each handle once, and each is sent one close.
    let (env, log_dir, log) = crate::support::logged_demo();
    let _keep = log_dir;
    let config = self::config(dir.path(), &env);
    let n = env.handles("demo").len();
    let run = azfh(&config).run([
        "handles",
        "close",
        "prod:demo",
        "prodlocal:demo",
        "-r",
        "--all",
        "--max",
        &n.to_string(),
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl(&run).len(), n, "one record a handle");
    assert!(env.handles("demo").is_empty());
    let closed = closed_ids(&request_log(&log));
    let distinct: std::collections::BTreeSet<&String> = closed.iter().collect();
    assert_eq!(closed.len(), distinct.len(), "no handle closed twice");
    assert_eq!(closed.len(), n);
}

#[test]
fn a_share_given_under_two_credentials_says_which_one_was_used() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &env);

    // The first is kept, whatever it is, and the note says so.
    let run = azfh(&config).run([
        "handles",
        "ls",
        "badkey:demo",
        "prod:demo",
        "-r",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "prod:demo names the same share as badkey:demo (devstoreaccount1/demo): listed once, as badkey:demo"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("is given twice"), "{}", run.stderr);
    let run = azfh(&config).run([
        "handles",
        "ls",
        "prod:demo",
        "badkey:demo",
        "-r",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl(&run).len(), env.handles("demo").len());
    assert!(
        run.stderr.contains("listed once, as prod:demo"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_share_refused_among_several_keeps_its_hint() {
    let env = Env::with(azfh_emulator::EmulatorConfig::default(), |store, now| {
        azfh_emulator::load::demo::load(store, now);
        store.add_share("empty", now);
    });
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &env);
    let run = azfh(&config).run([
        "handles",
        "ls",
        "badkey:demo",
        "prod:empty",
        "-r",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let warning = run.stderr_lines("warning");
    assert!(
        warning
            .iter()
            .any(|l| l.contains("cannot list badkey:demo") && l.contains("403")),
        "{}",
        run.stderr
    );
    // The hint one TARGET gets, here too.
    let alone = azfh(&config).run(["handles", "ls", "badkey:demo"]);
    let hint = alone.stderr_lines("hint");
    assert_eq!(hint.len(), 1, "{}", alone.stderr);
    assert_eq!(run.stderr_lines("hint"), hint, "{}", run.stderr);
}

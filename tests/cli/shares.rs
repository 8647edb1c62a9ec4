//! `azfh shares ls`: every share of the account through every page, in every format.

use azfh_emulator::EmulatorConfig;
use azfh_emulator::store::ShareProtocol;

use crate::support::Env;

/// An account with SMB shares (one with a snapshot) and an NFS share.
pub(crate) fn several_shares() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        for name in ["alpha", "bravo", "charlie", "delta"] {
            store.add_share(name, now);
        }
        store
            .share_mut("bravo")
            .expect("added")
            .snapshot("2026-11-01T00:00:00.0000000Z");
        let exports = store.add_share("exports", now);
        exports.properties.protocol = ShareProtocol::Nfs;
        exports.properties.quota_gib = 5120;
        "Hot".clone_into(&mut exports.properties.access_tier);
    })
}

fn jsonl(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn every_share_through_every_page() {
    let env = several_shares();
    let run = env
        .azfh()
        .run(["shares", "ls", "-o", "jsonl", "--page-size", "2"]);
    let shares = jsonl(run.ok());
    let names: Vec<&str> = shares.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alpha", "bravo", "charlie", "delta", "exports"]);
    let exports = &shares[4];
    assert_eq!(exports["protocol"], "NFS");
    assert_eq!(exports["quota_gib"], 5120);
    assert_eq!(exports["access_tier"], "Hot");
    assert_eq!(shares[0]["protocol"], "SMB");
    assert!(shares[0]["last_modified"].as_str().unwrap().ends_with('Z'));
    assert!(shares.iter().all(|s| s["snapshot"].is_null()));
    // Three pages: 2 + 2 + 1.
    assert_eq!(env.emulator.control.operation_count("ListShares"), 3);
}

#[test]
fn snapshots_are_listed_before_their_share_with_snapshots() {
    let env = several_shares();
    let run = env.azfh().run(["shares", "ls", "--snapshots", "-o", "tsv"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert_eq!(
        lines[0],
        "name\tsnapshot\tquota_gib\tprotocol\tlast_modified\taccess_tier\tetag"
    );
    assert!(
        lines[2].starts_with("bravo\t2026-11-01T00:00:00.0000000Z\t"),
        "{lines:?}"
    );
    assert!(lines[3].starts_with("bravo\t\t"), "{lines:?}");
    assert_eq!(lines.len(), 1 + 6);
}

#[test]
fn a_table_and_json_show_the_same_shares() {
    let env = several_shares();
    let table = env.azfh().run(["shares", "ls", "-o", "table"]);
    let text = table.ok();
    assert!(text.starts_with("NAME"), "{text}");
    let exports = text.lines().find(|l| l.starts_with("exports")).unwrap();
    assert!(
        exports.contains("5120 GiB") && exports.contains("NFS") && exports.contains("Hot"),
        "{text}"
    );
    let json = env
        .azfh()
        .run(["shares", "ls", "-o", "json", "--prefix", "ch"]);
    let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);
    assert_eq!(value[0]["name"], "charlie");
}

#[test]
fn an_account_url_names_the_account() {
    let env = several_shares();
    let url = env.emulator.endpoint();
    let run = env.azfh().run(["shares", "ls", &url, "-o", "jsonl"]);
    assert_eq!(jsonl(run.ok()).len(), 5);

    let with_share = env
        .azfh()
        .run(["shares", "ls", &format!("{url}/alpha"), "-o", "jsonl"]);
    with_share.usage_error("names a share or path");
    assert_eq!(env.emulator.control.operation_count("ListShares"), 1);
}

#[test]
fn snapshot_is_refused_for_it_names_one_share() {
    let env = several_shares();
    env.azfh()
        .run(["shares", "ls", "--snapshot", "2026-11-01T00:00:00.0000000Z"])
        .usage_error("--snapshot names one share's snapshot");
    assert_eq!(env.requests(), 0);
}

#[test]
fn the_account_of_the_connection_options_is_the_default_account() {
    let env = several_shares();
    let endpoint = env.emulator.endpoint();
    let key = azfh_emulator::ACCOUNT_KEY;
    let by_flag = crate::support::Azfh::bare().run([
        "--account",
        "devstoreaccount1",
        "--account-key",
        key,
        "--endpoint",
        &endpoint,
        "shares",
        "ls",
        "-o",
        "jsonl",
    ]);
    assert_eq!(jsonl(by_flag.ok()).len(), 5);
    let by_environment = crate::support::Azfh::bare()
        .env("AZURE_STORAGE_ACCOUNT", "devstoreaccount1")
        .env("AZURE_STORAGE_KEY", key)
        .run(["--endpoint", &endpoint, "shares", "ls", "-o", "jsonl"]);
    assert_eq!(jsonl(by_environment.ok()).len(), 5);
}

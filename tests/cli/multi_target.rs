//! `handles ls` over several TARGETs and `--all-shares`, across two accounts (two emulators
//! serving two storage accounts, under two names of a config file): every record carries its
//! account (as the service names it) and share, NFS shares are skipped, a share that fails
//! does not stop the others (exit 3; 1 when all fail).

use std::collections::BTreeSet;
use std::path::Path;

use azfh_emulator::store::ShareProtocol;
use azfh_emulator::{EmulatorConfig, Faults, load::demo};

use crate::config_file::{azfh_with_config, config_for};
use crate::support::{Env, Run};

/// Account `one`: the demo share, an empty SMB share and an NFS share.
fn account_one() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        demo::load(store, now);
        store.add_share("empty", now);
        store.add_share("exports", now).properties.protocol = ShareProtocol::Nfs;
    })
}

/// Account `two` (storage account [`TWO`]): a share `archive` of 60 handles, 20 of them
/// opened more than 7 days ago.
fn account_two() -> Env {
    let config = EmulatorConfig {
        account: TWO.into(),
        ..Default::default()
    };
    Env::with(config, |store, now| {
        let spec = azfh_emulator::load::generate::GenerateSpec {
            share: "archive".to_owned(),
            handles: 60,
            stale: 20,
        };
        azfh_emulator::load::generate::generate(store, &spec, now);
    })
}

/// The account every record of `one` names: the service's name for it, not the config
/// file's.
const ACCOUNT: &str = "devstoreaccount1";
/// The storage account `two` serves.
const TWO: &str = "archiveacct";

fn records(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// The handle ids listed on `account:share`.
fn ids_of(records: &[serde_json::Value], account: &str, share: &str) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| r["account"] == account && r["share"] == share)
        .map(|r| r["handle_id"].as_str().unwrap().to_owned())
        .collect()
}

fn setup(dir: &Path) -> (Env, Env, std::path::PathBuf) {
    let (one, two) = (account_one(), account_two());
    let config = config_for(dir, &one, &two, 0o600);
    (one, two, config)
}

#[test]
fn all_shares_of_two_accounts_are_listed_with_their_account_and_share() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "-o",
        "jsonl",
    ]);
    run.ok();
    let all = records(&run);
    assert_eq!(
        ids_of(&all, ACCOUNT, "demo"),
        one.ids_where("demo", |_| true)
    );
    assert_eq!(
        ids_of(&all, TWO, "archive"),
        two.ids_where("archive", |_| true)
    );
    assert_eq!(
        all.len(),
        one.handles("demo").len() + two.handles("archive").len(),
        "nothing else, nothing twice"
    );
    assert!(
        run.stderr
            .contains("skipped one:exports: an NFS share has no SMB handles"),
        "{}",
        run.stderr
    );
    assert_eq!(one.emulator.control.operation_count("ListShares"), 1);
    // The NFS share was never asked for handles (the empty one was).
    assert!(one.emulator.control.operation_count("ListHandles") >= 2);
}

#[test]
fn several_targets_and_the_filters_apply_to_each() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--client-name",
        "WS-ALICE",
        "-o",
        "jsonl",
    ]);
    run.ok();
    let all = records(&run);
    let alice = |h: &azfh_emulator::store::ListedHandle| {
        h.handle.client_name.as_deref() == Some("WS-ALICE")
    };
    let expected_one = one.ids_where("demo", alice);
    assert!(!expected_one.is_empty());
    assert_eq!(ids_of(&all, ACCOUNT, "demo"), expected_one);
    assert_eq!(
        ids_of(&all, TWO, "archive"),
        two.ids_where("archive", alice)
    );

    // A table names the share of each row; tsv appends account and share.
    let table = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "-o",
        "table",
    ]);
    let text = table.ok();
    assert!(text.lines().next().unwrap().starts_with("SHARE"), "{text}");
    assert!(
        text.contains("devstoreaccount1:demo") && text.contains("archiveacct:archive"),
        "{text}"
    );
    let tsv = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "-o",
        "tsv",
    ]);
    let header = tsv.ok().lines().next().unwrap().to_owned();
    assert!(header.starts_with("handle_id\tpath\t") && header.ends_with("\taccount\tshare"));
    // Scripts pick columns by the header's names: every row has exactly its fields.
    let names = header.split('\t').count();
    for row in tsv.ok().lines().skip(1) {
        assert_eq!(row.split('\t').count(), names, "{header}\n{row}");
        assert!(
            row.ends_with("\tdevstoreaccount1\tdemo") || row.ends_with("\tarchiveacct\tarchive"),
            "{row}"
        );
    }

    // --limit counts over the whole sweep.
    let limited = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--limit",
        "3",
        "-o",
        "jsonl",
    ]);
    assert_eq!(records(&limited).len(), 3, "{}", limited.stderr);
}

#[test]
fn a_share_that_fails_mid_sweep_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    // Account two's listings repeat their marker: its first page comes, then it fails.
    two.set_faults(Faults {
        repeat_marker: true,
        ..Faults::default()
    });
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--page-size",
        "2",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let all = records(&run);
    assert_eq!(
        ids_of(&all, ACCOUNT, "demo"),
        one.ids_where("demo", |_| true)
    );
    let warnings = run.stderr_lines("warning");
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].contains("cannot list two:archive"),
        "{}",
        run.stderr
    );
    assert!(warnings[1].contains("1 of 2 targets"), "{}", run.stderr);

    // Every target failing is a failure.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:missing",
        "two:archive",
        "-r",
        "--page-size",
        "2",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot list one:missing"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr_lines("error").len(), 1, "{}", run.stderr);
}

#[test]
fn with_all_shares_a_target_names_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    azfh_with_config(&config)
        .run(["handles", "ls", "one:demo", "--all-shares"])
        .usage_error("TARGET 'one:demo' must name an account");
    azfh_with_config(&config)
        .run(["handles", "ls", "demo", "--all-shares"])
        .usage_error("must name an account");
    assert_eq!(one.requests() + two.requests(), 0);

    // Left out, the account is the connection options'.
    let run = one
        .azfh()
        .run(["handles", "ls", "--all-shares", "-r", "-o", "jsonl"]);
    let all = records(&run);
    assert_eq!(
        ids_of(&all, "devstoreaccount1", "demo"),
        one.ids_where("demo", |_| true)
    );
}

#[test]
fn close_over_several_shares_lists_everything_first_and_max_counts_the_whole_selection() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let (n_one, n_two) = (one.handles("demo").len(), two.handles("archive").len());
    let total = n_one + n_two;

    // --max one below the total: nothing is closed on either account.
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--all",
        "--max",
        &(total - 1).to_string(),
        "--yes",
    ]);
    run.usage_error(&format!("{total} handles selected on 2 shares"));
    assert!(
        run.stderr.contains(&format!("one:demo {n_one}"))
            && run.stderr.contains(&format!("two:archive {n_two}")),
        "{}",
        run.stderr
    );
    assert_eq!(
        (one.handles("demo").len(), two.handles("archive").len()),
        (n_one, n_two)
    );
    assert_eq!(one.emulator.control.operation_count("ForceCloseHandles"), 0);

    // A dry run shows the whole selection with account and share, and closes nothing.
    let dry = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--all",
        "--dry-run",
        "-o",
        "jsonl",
    ]);
    let shown = records(&dry);
    assert_eq!(
        ids_of(&shown, ACCOUNT, "demo"),
        one.ids_where("demo", |_| true)
    );
    assert_eq!(
        ids_of(&shown, TWO, "archive"),
        two.ids_where("archive", |_| true)
    );
    assert_eq!(two.emulator.control.operation_count("ForceCloseHandles"), 0);

    // The selection of each share is closed on its own account; each record names it.
    let stale_one = one.ids_where("demo", |h| {
        h.handle.open_time < one.created - time::Duration::days(7)
    });
    let stale_two = two.ids_where("archive", |h| {
        h.handle.open_time < two.created - time::Duration::days(7)
    });
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--older-than",
        "7d",
        "--max",
        &(stale_one.len() + stale_two.len()).to_string(),
        "--yes",
        "-o",
        "jsonl",
    ]);
    run.ok();
    let closed = records(&run);
    assert!(
        closed.iter().all(|r| r["outcome"] == "closed"),
        "{}",
        run.stdout
    );
    assert_eq!(ids_of(&closed, ACCOUNT, "demo"), stale_one);
    assert_eq!(ids_of(&closed, TWO, "archive"), stale_two);
    assert!(one.ids_where("demo", |_| true).is_disjoint(&stale_one));
    assert!(two.ids_where("archive", |_| true).is_disjoint(&stale_two));
    assert_eq!(one.handles("demo").len(), n_one - stale_one.len());
}

#[test]
fn the_prompt_names_the_count_on_each_account_and_share() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let (n_one, n_two) = (one.handles("demo").len(), two.handles("archive").len());
    let config = config.to_str().unwrap().to_owned();
    let vars = [
        ("AZFH_CONFIG", config.as_str()),
        ("ONE_KEY", azfh_emulator::ACCOUNT_KEY),
    ];
    let args = [
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--all",
        "--no-progress",
        "-o",
        "tsv",
    ];
    let mut refused = crate::support::on_terminal_with(&one, &args, &vars);
    refused
        .exp_string(&format!(
            "Close {} handles on 2 shares (one:demo {n_one}, two:archive {n_two})?",
            n_one + n_two
        ))
        .unwrap();
    refused.exp_string("[y/N]").unwrap();
    refused.send_line("n").unwrap();
    refused.exp_string("nothing was closed").unwrap();
    refused.exp_eof().unwrap();
    assert_eq!(one.handles("demo").len(), n_one);
    assert_eq!(two.handles("archive").len(), n_two);

    let mut accepted = crate::support::on_terminal_with(&one, &args, &vars);
    accepted.exp_string("[y/N]").unwrap();
    accepted.send_line("y").unwrap();
    accepted.exp_eof().unwrap();
    assert!(one.handles("demo").is_empty() && two.handles("archive").is_empty());
}

#[test]
fn close_options_of_one_target_are_refused_with_several() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    azfh_with_config(&config)
        .run([
            "handles",
            "close",
            "one:demo",
            "two:archive",
            "--handle-id",
            "1",
            "--yes",
        ])
        .usage_error("--handle-id works on one TARGET");
    azfh_with_config(&config)
        .run(["handles", "close", "one:demo", "two:archive", "--yes"])
        .usage_error("say which handles to close");
    // Without a terminal, --yes is needed, before any request.
    azfh_with_config(&config)
        .run(["handles", "close", "one:demo", "two:archive", "--all"])
        .usage_error("--yes was not given");
    assert_eq!(one.requests() + two.requests(), 0);
}

#[test]
fn group_by_share_and_account_count_each_place() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--group-by",
        "share",
        "-o",
        "json",
    ]);
    let groups: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    let counts: Vec<(String, u64)> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert_eq!(g["group_by"], "share");
            (
                g["key"].as_str().unwrap().to_owned(),
                g["handles"].as_u64().unwrap(),
            )
        })
        .collect();
    // One row per share, the empty one too.
    assert_eq!(
        counts,
        [
            (
                "archiveacct:archive".to_owned(),
                two.handles("archive").len() as u64
            ),
            (
                "devstoreaccount1:demo".to_owned(),
                one.handles("demo").len() as u64
            ),
            ("devstoreaccount1:empty".to_owned(), 0),
        ]
    );
    assert!(
        groups
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["complete"] == true)
    );
    let by_account = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--older-than",
        "7d",
        "--group-by",
        "account",
        "-o",
        "tsv",
    ]);
    let lines: Vec<&str> = by_account.ok().lines().collect();
    let stale = |env: &Env, share: &str| {
        env.ids_where(share, |h| {
            h.handle.open_time < env.created - time::Duration::days(7)
        })
        .len()
    };
    // One row per account, as records name it.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[1].starts_with(&format!(
            "account\tarchiveacct\t{}\t",
            stale(&two, "archive")
        )) && lines[2].starts_with(&format!(
            "account\tdevstoreaccount1\t{}\t",
            stale(&one, "demo")
        )),
        "{lines:?}"
    );
}

#[test]
fn the_other_group_by_keys_and_sort_work_over_several_shares() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    // Paths are grouped on their share: ACCOUNT:SHARE/PATH.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--group-by",
        "path",
        "-o",
        "jsonl",
    ]);
    let groups = records(&run);
    let total: u64 = groups.iter().map(|g| g["handles"].as_u64().unwrap()).sum();
    assert_eq!(
        total,
        (one.handles("demo").len() + two.handles("archive").len()) as u64
    );
    assert!(groups.iter().all(|g| {
        let key = g["key"].as_str().unwrap();
        g["group_by"] == "path"
            && (key.starts_with("devstoreaccount1:demo/")
                || key.starts_with("archiveacct:archive/d0"))
    }));
    // A client counts across shares.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--group-by",
        "client-name",
        "-o",
        "jsonl",
    ]);
    let groups = records(&run);
    let alice = groups.iter().find(|g| g["key"] == "WS-ALICE").unwrap();
    let expected = one.ids_where("demo", |h| {
        h.handle.client_name.as_deref() == Some("WS-ALICE")
    });
    assert_eq!(alice["handles"].as_u64().unwrap(), expected.len() as u64);

    // --sort orders the whole selection, over every share; --limit keeps the first N.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--sort",
        "open-time",
        "-o",
        "jsonl",
    ]);
    let sorted = records(&run);
    assert_eq!(
        sorted.len(),
        one.handles("demo").len() + two.handles("archive").len()
    );
    let times: Vec<time::OffsetDateTime> = sorted
        .iter()
        .map(|r| {
            let text = r["open_time"].as_str().unwrap();
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                .unwrap()
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(sorted.iter().any(|r| r["share"] == "demo"));
    assert!(sorted.iter().any(|r| r["share"] == "archive"));
    let first = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "two:archive",
        "-r",
        "--sort",
        "open-time",
        "--limit",
        "5",
        "-o",
        "jsonl",
    ]);
    assert_eq!(records(&first), sorted[..5]);
}

/// An account of `shares` shares with `handles` handles each.
fn many_shares(shares: usize, handles: u64) -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        for index in 0..shares {
            let spec = azfh_emulator::load::generate::GenerateSpec {
                share: format!("share{index:02}"),
                handles,
                stale: 0,
            };
            azfh_emulator::load::generate::generate(store, &spec, now);
        }
    })
}

#[test]
fn jsonl_memory_does_not_grow_with_the_number_of_shares() {
    let peak = |shares: usize| {
        let env = many_shares(shares, 2_000);
        let watched = crate::watched::run_watched(
            &mut env.azfh(),
            ["handles", "ls", "--all-shares", "-r", "-o", "jsonl"],
            std::time::Duration::from_secs(120),
        );
        assert_eq!(watched.run.status, 0, "{}", watched.run.stderr);
        assert_eq!(watched.run.stdout.lines().count(), shares * 2_000);
        watched.peak_kib
    };
    // Both above --share-concurrency (8): the pages in flight are the same.
    let (few, many) = (peak(12), peak(60));
    if few == 0 {
        return; // no /proc: nothing to measure
    }
    // The 96,000 handles more, held at once, would take tens of MiB more; pages in flight
    // are bounded by --share-concurrency whatever the number of shares (the margin is the
    // allocator's: more pages come and go).
    assert!(
        many < few + 12 * 1024,
        "peak RSS grew from {few} KiB at 12 shares to {many} KiB at 60"
    );
}

#[test]
fn a_dry_run_over_several_shares_refuses_more_than_max_as_one_share_does() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    let total = one.handles("demo").len() + two.handles("archive").len();
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--all",
        "--dry-run",
        "--max",
        &(total - 1).to_string(),
        "-o",
        "jsonl",
    ]);
    run.usage_error(&format!("{total} handles selected on 2 shares"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("without --max, --dry-run lists them"),
        "{}",
        run.stderr
    );
    // At --max, the dry run lists them.
    let run = azfh_with_config(&config).run([
        "handles",
        "close",
        "one:demo",
        "two:archive",
        "-r",
        "--all",
        "--dry-run",
        "--max",
        &total.to_string(),
        "-o",
        "jsonl",
    ]);
    assert_eq!(records(&run).len(), total);
    assert_eq!(
        one.emulator.control.operation_count("ForceCloseHandles")
            + two.emulator.control.operation_count("ForceCloseHandles"),
        0
    );
}

#[test]
fn group_by_share_or_account_gives_a_row_to_what_failed_or_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, config) = setup(dir.path());
    // Account two refuses to list its shares: it still has a row, incomplete.
    two.set_faults(Faults {
        busy_every: 1,
        retry_after_secs: 0,
        ..Faults::default()
    });
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--retries",
        "0",
        "--group-by",
        "account",
        "-o",
        "tsv",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert!(
        rows[0].starts_with(&format!("account\t{TWO}\t0\t")) && rows[0].ends_with("\tfalse"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with(&format!(
            "account\t{ACCOUNT}\t{}\t",
            one.handles("demo").len()
        )) && rows[1].ends_with("\ttrue"),
        "{rows:?}"
    );
    // By share, the same account has a row too: `ACCOUNT:` (no share known), incomplete.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--retries",
        "0",
        "--group-by",
        "share",
        "-o",
        "tsv",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let unlisted = format!("share\t{TWO}:\t0\t");
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(
        rows.iter()
            .filter(|r| r.starts_with(&unlisted) && r.ends_with("\tfalse"))
            .count(),
        1,
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .filter(|r| !r.starts_with(&unlisted))
            .all(|r| r.starts_with(&format!("share\t{ACCOUNT}:")) && r.ends_with("\ttrue")),
        "{rows:?}"
    );
    let json = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--retries",
        "0",
        "--group-by",
        "share",
        "-o",
        "json",
    ]);
    let groups: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g["key"] == format!("{TWO}:") && g["handles"] == 0 && g["complete"] == false),
        "{groups:?}"
    );
    let table = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "two:",
        "--all-shares",
        "-r",
        "--retries",
        "0",
        "--group-by",
        "share",
    ]);
    assert!(
        table.stdout.lines().any(|l| l.contains(&format!("{TWO}:"))),
        "{}",
        table.stdout
    );
    // A named share without a handle: a row with 0, complete.
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:demo",
        "one:empty",
        "-r",
        "--group-by",
        "share",
        "-o",
        "json",
    ]);
    let groups: Vec<serde_json::Value> = serde_json::from_str(run.ok()).unwrap();
    let rows: Vec<(&str, u64, bool)> = groups
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap(),
                g["handles"].as_u64().unwrap(),
                g["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    let demo = format!("{ACCOUNT}:demo");
    let empty = format!("{ACCOUNT}:empty");
    assert_eq!(
        rows,
        [
            (demo.as_str(), one.handles("demo").len() as u64, true),
            (empty.as_str(), 0, true)
        ]
    );
}

#[test]
fn group_by_path_over_several_shares_shows_each_paths_limit() {
    let dir = tempfile::tempdir().unwrap();
    let hot = Env::with(EmulatorConfig::default(), |store, now| {
        let json = format!(
            r#"{{"shares":[{{"name":"hot","files":[{{"path":"db/app.sqlite"}}],"handles":[{}]}}]}}"#,
            vec![r#"{"path":"db/app.sqlite","client_ip":"10.1.1.1:445","age":"2d"}"#; 2_100]
                .join(",")
        );
        azfh_emulator::load::state_file::load(store, &json, now).unwrap();
    });
    let two = account_two();
    let config = config_for(dir.path(), &hot, &two, 0o600);
    let grouped = |format: &str| {
        azfh_with_config(&config).run([
            "handles",
            "ls",
            "one:hot",
            "two:archive",
            "-r",
            "--group-by",
            "path",
            "-o",
            format,
        ])
    };
    let tsv = grouped("tsv");
    let row: Vec<&str> = tsv.ok().lines().nth(1).unwrap().split('\t').collect();
    assert_eq!(&row[..2], ["path", &format!("{ACCOUNT}:hot/db/app.sqlite")]);
    assert_eq!(&row[4..], ["2100", "2000", "true"], "{}", tsv.stdout);
    let table = grouped("table");
    assert!(
        table
            .ok()
            .lines()
            .any(|l| l.contains("hot/db/app.sqlite") && l.contains("AT LIMIT: 2100/2000 open")),
        "{}",
        table.stdout
    );
    // Paths far from their limit leave the columns empty, as on one share.
    for line in tsv.ok().lines().filter(|l| l.contains(":archive/")) {
        let row: Vec<&str> = line.split('\t').collect();
        assert_eq!(&row[4..], ["", "", "true"], "{line}");
    }
}

#[test]
fn an_account_whose_shares_cannot_be_listed_gets_its_hint_and_is_counted_as_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (account_one(), account_two());
    let config = dir.path().join("config.toml");
    // `badkey`: account two, with a key it refuses.
    let wrong = "d3Jvbmcga2V5IGZvciBhY2NvdW50IG9uZQ==";
    std::fs::write(
        &config,
        format!(
            "[accounts.one]\nendpoint = \"{}\"\nkey = \"{}\"\n\n\
             [accounts.badkey]\nendpoint = \"{}\"\nkey = \"{wrong}\"\n",
            one.emulator.endpoint(),
            azfh_emulator::ACCOUNT_KEY,
            two.emulator.endpoint(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &config,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    let run = azfh_with_config(&config).run([
        "handles",
        "ls",
        "one:",
        "badkey:",
        "--all-shares",
        "-r",
        "-o",
        "tsv",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let warnings = run.stderr_lines("warning");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("cannot list the shares of badkey")),
        "{}",
        run.stderr
    );
    // The hint one TARGET would get, once.
    let hints = run.stderr_lines("hint");
    assert_eq!(
        hints
            .iter()
            .filter(|h| h.contains("check the account key"))
            .count(),
        1,
        "{}",
        run.stderr
    );
    // Counted in the user's terms: an account, not one more target among the shares.
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the shares of 1 of 2 accounts could not be listed")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("targets could not be listed"),
        "{}",
        run.stderr
    );
}

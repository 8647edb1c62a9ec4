//! `handles close` promises beyond the happy path: a resume hint that is safe to paste
//! whatever marker the service sent, `--verify` that sees handles reopened with a fresh open
//! time, an empty `--handle-id -` (a pipeline that matched nothing), and the emulator's
//! `--print-connection-string` example as its help writes it.

use std::collections::BTreeSet;
use std::time::Duration;

use azfh_emulator::{Faults, load::demo};

use crate::hostile::{Hostile, Reply};
use crate::support::{Env, outcomes, wait_at_most};

#[test]
fn the_resume_hint_quotes_a_hostile_marker_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let somefile = dir.path().join("SOMEFILE");
    let marker = format!(
        "'; touch {}; '\t$(touch {})\\033[2J",
        somefile.display(),
        somefile.display()
    );
    let hostile_marker = marker.clone();
    let server = Hostile::start(move |request| {
        if request.query("marker").is_none() {
            Reply::with(
                200,
                &[
                    ("x-ms-number-of-handles-closed", "2"),
                    ("x-ms-number-of-handles-failed", "0"),
                    ("x-ms-marker", &hostile_marker),
                ],
                "",
            )
        } else {
            Reply::azure_error(403, "AuthorizationFailure", "stop here")
        }
    });
    let target = "myshare/it's here";
    let run = server.azfh().run([
        "handles", "close", target, "-r", "--all", "--yes", "-o", "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let hint = run
        .stderr
        .lines()
        .find_map(|line| line.strip_prefix("warning: to resume: "))
        .unwrap_or_else(|| panic!("a resume hint: {}", run.stderr));
    assert!(
        !run.stderr.contains('\t') && !run.stderr.contains('\u{1b}'),
        "no control character reaches the terminal raw: {:?}",
        run.stderr
    );
    // Pasted into a shell, with `azfh` standing for a function that prints its words.
    let script =
        format!("azfh() {{ for word in \"$@\"; do printf '%s\\0' \"$word\"; done; }}\n{hint}\n");
    let pasted = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(pasted.status.success(), "{pasted:?}");
    assert!(!somefile.exists(), "the hint ran a command: {hint}");
    let words: Vec<String> = String::from_utf8(pasted.stdout)
        .unwrap()
        .split_terminator('\0')
        .map(str::to_owned)
        .collect();
    assert_eq!(
        words,
        [
            "handles", "close", target, "--all", "-r", "--yes", "-o", "json", "--marker", &marker
        ],
        "every word round-trips: {hint}"
    );
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["marker"], marker.as_str());
    assert_eq!(summary[0]["closed"], 2);
}

/// A Force Close answer whose count cannot be read still came from a service that acted on
/// the request: the summary counts the round and says `closed` is a lower bound, instead of
/// "closed 0 in 0 rounds" after a request that may have closed everything.
#[test]
fn an_unreadable_close_count_is_a_round_that_may_have_closed_any_number() {
    let server =
        Hostile::start(|_| Reply::with(200, &[("x-ms-number-of-handles-closed", "lots")], ""));
    let run = server.azfh().run([
        "handles",
        "close",
        "share/dir",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let errors = run.stderr_lines("error");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("cannot be read"), "{}", run.stderr);
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["rounds"], 1, "{summary:?}");
    assert_eq!(summary[0]["closed"], 0, "{summary:?}");
    assert_eq!(summary[0]["closed_uncertain"], true, "{summary:?}");
    assert!(
        run.stderr
            .contains("stopped after closing at least 0 handles in 1 round"),
        "{}",
        run.stderr
    );
}

/// A marker the service repeats stops the loop; the answer that repeated it is not counted,
/// so `closed` is a lower bound, and no resume hint is printed: resuming would loop again.
#[test]
fn a_repeated_close_marker_prints_no_resume_hint_and_counts_every_round() {
    let server = Hostile::start(|_| {
        Reply::with(
            200,
            &[
                ("x-ms-number-of-handles-closed", "1"),
                ("x-ms-number-of-handles-failed", "0"),
                ("x-ms-marker", "same"),
            ],
            "",
        )
    });
    let run = server.azfh().run([
        "handles",
        "close",
        "share/dir",
        "-r",
        "--all",
        "--yes",
        "-o",
        "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("marker it had already sent"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("to resume"), "{}", run.stderr);
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary[0]["marker"], serde_json::Value::Null, "{summary:?}");
    assert_eq!(summary[0]["rounds"], 2, "{summary:?}");
    assert_eq!(
        summary[0]["closed"], 2,
        "both answers' closes are counted: {summary:?}"
    );
    assert_eq!(summary[0]["closed_uncertain"], false, "{summary:?}");
}

#[test]
fn verify_with_a_time_filter_closes_what_clients_reopen() {
    let env = Env::demo();
    let cutoff = env.created - time::Duration::days(7);
    let under = |path: &str| path == "projects" || path.starts_with("projects/");
    let fresh_before = env.ids_where("demo", |h| under(&h.path) && h.handle.open_time >= cutoff);
    let stale = env.ids_where("demo", |h| under(&h.path) && h.handle.open_time < cutoff);
    env.set_faults(Faults {
        reopen_after_ms: 200,
        reopen_times: 1,
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/projects",
        "-r",
        "--older-than",
        "7d",
        "--verify=3s",
        "--yes",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = outcomes(&run);
    let reopened: BTreeSet<&String> = report.keys().filter(|id| !stale.contains(*id)).collect();
    assert_eq!(
        reopened.len(),
        stale.len(),
        "each closed handle came back once, and --verify reported it"
    );
    assert!(report.values().all(|o| o == "closed"), "{report:?}");
    assert!(
        run.stderr.contains(&format!(
            "--verify closed {0} of {0} reopened handles",
            stale.len()
        )),
        "{}",
        run.stderr
    );
    // The summary's own counts are the records', as several shares' are: the selection's
    // closes and the reopened handles' (also counted in the --verify part).
    assert!(
        run.stderr
            .contains(&format!("closed {}, already closed 0", 2 * stale.len())),
        "{}",
        run.stderr
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        env.ids_where("demo", |h| under(&h.path)),
        fresh_before,
        "what was open and not selected stays open; nothing reopened stays open"
    );

    // --all: the summary record and line count them too, and tell them from a handle the
    // service failed to close (open all along, under the same id).
    let scans = env.ids_where("demo", |h| h.path.starts_with("scans"));
    let sticky: u64 = scans.iter().next().unwrap().parse().unwrap();
    env.set_faults(Faults {
        reopen_after_ms: 200,
        reopen_times: 1,
        fail_close_ids: vec![sticky],
        ..Faults::default()
    });
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/scans",
        "-r",
        "--all",
        "--verify=3s",
        "--yes",
        "-o",
        "json",
    ]);
    assert_eq!(run.status, 3, "{}", run.stderr);
    let summary: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let reopened = scans.len() as u64 - 1;
    assert_eq!(
        summary[0]["reopened"].as_u64(),
        Some(reopened),
        "{summary:?}"
    );
    assert_eq!(summary[0]["reopened_closed"].as_u64(), Some(reopened));
    assert_eq!(summary[0]["survivors"], 1, "the one that fails to close");
    assert!(
        run.stderr.contains(&format!(
            "--verify closed {reopened} of {reopened} reopened handles"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn the_readme_pipeline_that_matches_nothing_closes_nothing_and_succeeds() {
    let env = Env::demo();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_azfh"))
        .parent()
        .unwrap()
        .to_owned();
    let output = std::process::Command::new("sh")
        .env_clear()
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .args([
            "-c",
            "azfh handles ls demo -r --client-name 'NOBODY-*' -o tsv | tail -n +2 | cut -f1 \
             | azfh handles close demo -r --handle-id - --yes",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("no handle ids on stdin: nothing to close"),
        "{stderr}"
    );
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);
    assert_eq!(env.handles("demo").len(), demo::DEMO_HANDLES);
}

#[test]
fn the_emulator_help_example_returns_and_serves() {
    let help = crate::support::Azfh::bare().run(["emulator", "--help"]);
    let example: Vec<&str> = help
        .ok()
        .lines()
        .map(str::trim)
        .skip_while(|line| !line.starts_with("Examples:"))
        .skip_while(|line| !line.starts_with("azfh emulator --demo &"))
        .take(3)
        .collect();
    assert_eq!(example.len(), 3, "{}", help.stdout);
    assert!(example[1].contains("azfh emulator --print-connection-string"));
    assert!(example[2].starts_with("export AZURE_STORAGE_CONNECTION_STRING="));
    // As written, on a free port instead of the default one (tests run side by side).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("azfh emulator --listen 127.0.0.1:{port}");
    let script = format!(
        "trap 'kill $! 2>/dev/null' EXIT\n{}\n{}\n{}\n\
         for try in 1 2 3 4 5 6 7 8 9 10; do\n\
           azfh handles ls demo -r -o tsv > listing.tsv && break\n\
           sleep 0.5\n\
         done\n\
         wc -l < listing.tsv\n",
        example[0].replacen("azfh emulator", &listen, 1),
        example[1].replacen("azfh emulator", &listen, 1),
        example[2],
    );
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_azfh"))
        .parent()
        .unwrap()
        .to_owned();
    let child = std::process::Command::new("sh")
        .env_clear()
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .current_dir(dir.path())
        .args(["-c", &script])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let run = wait_at_most(child, Duration::from_secs(30));
    assert_eq!(run.status, 0, "{script}\n{}", run.stderr);
    // The background emulator printed its connection string first.
    assert_eq!(
        run.stdout.lines().last().map(str::trim),
        Some((demo::DEMO_HANDLES + 1).to_string().as_str()),
        "the listing reached the emulator: {}",
        run.stderr
    );
}

//! What operators coming from az and PowerShell type, and what a wrong endpoint answers: each
//! gets one `error:` line naming the problem and one `hint:` line naming the fix (not the same
//! sentence twice), and nothing is sent that the hint would not send.

use std::time::{Duration, Instant};

use crate::hostile::{Hostile, Reply};
use crate::support::{Env, Run};

/// Asserts exit 2, one error naming `error`, one hint naming `hint`, nothing on stdout.
#[track_caller]
fn refused_with(run: &Run, error: &str, hint: &str) {
    run.usage_error(error);
    let hints = run.stderr_lines("hint");
    assert!(
        hints.len() == 1 && hints[0].contains(hint),
        "the hint names '{hint}':\n{}",
        run.stderr
    );
}

#[test]
fn az_and_powershell_habits_get_the_azfh_form_in_the_hint() {
    let env = Env::demo();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["handles", "close", "demo", "--close-all"],
            "--close-all",
            "--all",
        ),
        (
            &["handles", "ls", "--name", "demo"],
            "--name",
            "azfh handles ls SHARE[/PATH]",
        ),
        (
            &["handles", "close", "demo", "--handle-id", "*", "--yes"],
            "'*' is not a handle id",
            "use --all",
        ),
        (
            &["handles", "ls", "demo", "-o", "yaml"],
            "yaml",
            "table, tsv, json, jsonl",
        ),
        (
            &[
                "handles", "close", "demo", "--all", "--verify", "2m", "--yes",
            ],
            "'2m'",
            "--verify=2m",
        ),
        (
            &["handles", "ls", "demo", "--older-than", "7x"],
            "s, m, h, d, w",
            "",
        ),
        (&["list-handle", "demo"], "list-handle", "azfh handles ls"),
        (&["list-handles", "demo"], "list-handles", "azfh handles ls"),
        (
            &["close-handle", "demo"],
            "close-handle",
            "azfh handles close",
        ),
        (
            &["close-handles", "demo"],
            "close-handles",
            "azfh handles close",
        ),
        (&["handles", "ls", "-n", "demo"], "'-n'", "in TARGET"),
        (&["handles", "ls", "demo", "-Recursive"], "'-R'", "-r"),
        (
            &["handles", "close", "demo", "-Recurse", "--all"],
            "'-R'",
            "-r",
        ),
        (
            &["handles", "close", "demo", "--handle-id", "1,2", "--yes"],
            "'1,2'",
            "repeat --handle-id, or pass ids on stdin with --handle-id -",
        ),
    ];
    for (args, error, hint) in cases {
        let before = env.requests();
        let run = env.azfh().run(*args);
        if hint.is_empty() {
            run.usage_error(error);
        } else {
            refused_with(&run, error, hint);
        }
        assert_eq!(env.requests(), before, "{args:?} sent a request");
    }
    // `handles ls -o tsv | cut -f1` keeps the header line: the hint names --no-header.
    let dir = tempfile::tempdir().unwrap();
    let ids = dir.path().join("ids.tsv");
    std::fs::write(&ids, "handle_id\n14537654004\n").unwrap();
    let before = env.requests();
    let run = env
        .azfh()
        .stdin_from(std::fs::File::open(&ids).unwrap())
        .run(["handles", "close", "demo", "--handle-id", "-", "--yes"]);
    refused_with(&run, "stdin line 1", "--no-header");
    assert_eq!(env.requests(), before, "the header line sent a request");
    let units = env
        .azfh()
        .run(["handles", "ls", "demo", "--older-than", "7x"]);
    assert!(!units.stderr.contains("months"), "{}", units.stderr);
}

#[test]
fn a_missing_target_hints_the_usage_not_a_connection_option() {
    // The connection string comes from the environment, as it usually does.
    let env = Env::demo();
    let run = env.azfh().run(["handles", "ls"]);
    refused_with(
        &run,
        "<TARGET>",
        "usage: azfh handles ls [OPTIONS] [TARGET]...",
    );
    assert!(
        !run.stderr.contains("--connection-string"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--endpoint"), "{}", run.stderr);
}

#[test]
fn a_bad_key_says_the_problem_then_the_fix() {
    let env = Env::demo();
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "--account-key",
        "not*base64",
        "--auth-mode",
        "key",
    ]);
    refused_with(&run, "not valid base64", "copy key1 or key2");
    let error = run.stderr_lines("error")[0];
    assert!(!error.contains("copy key1"), "{}", run.stderr);
}

#[test]
fn impossible_time_filters_print_times_a_person_reads() {
    let env = Env::demo();
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "--older-than",
        "10d",
        "--newer-than",
        "7d",
    ]);
    run.usage_error("select nothing");
    let error = run.stderr_lines("error")[0];
    assert!(error.contains(" UTC"), "{error}");
    assert!(!error.contains('.'), "no fractions of a second: {error}");
    assert!(
        error.contains("--newer-than"),
        "names what to loosen: {error}"
    );
}

#[test]
fn client_ip_takes_the_address_and_port_the_client_column_shows() {
    let env = Env::demo();
    let listed = |client: &str| -> std::collections::BTreeSet<String> {
        env.azfh()
            .run([
                "handles",
                "ls",
                "demo",
                "-r",
                "-o",
                "jsonl",
                "--client-ip",
                client,
            ])
            .jsonl_ids()
    };
    let handles = env.handles("demo");
    let v4 = &handles
        .iter()
        .find(|h| h.handle.client_ip.is_ipv4())
        .unwrap()
        .handle;
    let v6 = &handles
        .iter()
        .find(|h| h.handle.client_ip.is_ipv6())
        .expect("an IPv6 client")
        .handle;
    for (shown, ip, port) in [
        (
            format!("{}:{}", v4.client_ip, v4.client_port),
            v4.client_ip,
            v4.client_port,
        ),
        (
            format!("[{}]:{}", v6.client_ip, v6.client_port),
            v6.client_ip,
            v6.client_port,
        ),
    ] {
        let expected = env.ids_where("demo", |h| {
            h.handle.client_ip == ip && h.handle.client_port == port
        });
        assert!(!expected.is_empty());
        assert_eq!(listed(&shown), expected, "{shown}");
        // The address alone matches every port; another port matches none of these.
        let any_port = env.ids_where("demo", |h| h.handle.client_ip == ip);
        let bare = if ip.is_ipv6() {
            format!("{ip}")
        } else {
            ip.to_string()
        };
        assert_eq!(listed(&bare), any_port);
        let other = env.ids_where("demo", |h| {
            h.handle.client_ip == ip && h.handle.client_port == port.wrapping_add(1)
        });
        let shifted = shown.replace(&format!(":{port}"), &format!(":{}", port.wrapping_add(1)));
        assert_eq!(listed(&shifted), other, "{shifted}");
    }
}

#[test]
fn az_storage_auth_mode_is_honoured_and_azfh_auth_mode_wins() {
    let env = Env::demo();
    let ls = ["handles", "ls", "demo"];
    let mut az = env.azfh_without_credential();
    az.env("AZURE_STORAGE_AUTH_MODE", "key");
    az.run(ls)
        .usage_error("--auth-mode key needs an account key");
    let mut both = env.azfh_without_credential();
    both.env("AZURE_STORAGE_AUTH_MODE", "key")
        .env("AZFH_AUTH_MODE", "sas");
    both.run(ls)
        .usage_error("--auth-mode sas needs a SAS token");
    let mut bad = env.azfh_without_credential();
    bad.env("AZURE_STORAGE_AUTH_MODE", "certificate");
    refused_with(&bad.run(ls), "AZURE_STORAGE_AUTH_MODE", "key, sas or login");
    assert_eq!(env.requests(), 0);
}

#[test]
fn the_emulator_listens_on_localhost_as_loopback() {
    let run = crate::support::Azfh::bare().run([
        "emulator",
        "--listen",
        "localhost:10180",
        "--print-connection-string",
    ]);
    assert!(
        run.ok().contains("FileEndpoint=http://127.0.0.1:10180/"),
        "{}",
        run.stdout
    );
    let name = crate::support::Azfh::bare().run(["emulator", "--listen", "nas01:10180"]);
    name.usage_error("127.0.0.1:10100");
}

#[test]
fn a_host_name_that_does_not_resolve_fails_at_once_naming_the_endpoint() {
    // `.invalid` never resolves (RFC 6761): nothing is sent anywhere.
    let endpoint = "http://devstoreaccount1.invalid/devstoreaccount1";
    let started = Instant::now();
    let run = crate::support::Azfh::bare().run([
        "handles",
        "ls",
        "demo",
        "--endpoint",
        endpoint,
        "--account-key",
        azfh_emulator::ACCOUNT_KEY,
        "--allow-http",
    ]);
    run.failure("does not resolve", "devstoreaccount1.invalid");
    assert!(
        !run.stderr.contains("attempts"),
        "not retried: {}",
        run.stderr
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_qumulo_cluster_name_that_does_not_resolve_fails_at_once() {
    let started = Instant::now();
    let run = crate::support::Azfh::bare()
        .env("QUMULO_TOKEN", "access-v1:token")
        .run(["handles", "ls", "qumulo://nas01.invalid/projects"]);
    run.failure("does not resolve", "nas01.invalid");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_web_server_that_is_not_azure_files_is_named_so() {
    for status in [404, 501] {
        let server = Hostile::start(move |_| {
            Reply::with(
                status,
                &[("Content-Type", "text/html")],
                "<html><body>Not here</body></html>",
            )
        });
        let ls = server.azfh().run(["handles", "ls", "demo", "-r"]);
        ls.failure(&status.to_string(), "does not look like Azure Files");
        let close = server
            .azfh()
            .run(["handles", "close", "demo", "-r", "--all", "--yes"]);
        close.failure(&status.to_string(), "does not look like Azure Files");
        assert!(
            close.stdout.is_empty(),
            "no `closed 0` row before the error:\n{}",
            close.stdout
        );
    }
    let page = Hostile::start(|_| {
        Reply::with(
            200,
            &[("Content-Type", "text/html")],
            "<html><body>Welcome</body></html>",
        )
    });
    for args in [&["handles", "ls", "demo"][..], &["ls", "demo", "-l"]] {
        let run = page.azfh().run(args);
        run.failure(
            "not an Azure Files answer",
            "something other than Azure Files answered",
        );
        assert!(!run.stderr.contains("API version"), "{}", run.stderr);
    }
}

#[test]
fn a_server_that_never_answers_is_reported_with_the_timeout_to_raise() {
    let server = Hostile::start(|_| Reply::Stall);
    let run = server
        .azfh()
        .run(["handles", "ls", "demo", "--timeout", "1s", "--retries", "0"]);
    run.failure(
        &format!("timed out: {} sent nothing for 1s (--timeout)", server.addr),
        "raise --timeout",
    );
}

#[test]
fn a_qumulo_cluster_that_never_answers_is_reported_with_the_timeout_to_raise() {
    let server = Hostile::start_tls(|_| Reply::Stall);
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("cluster.pem");
    std::fs::write(&pem, server.certificate_pem.as_deref().unwrap()).unwrap();
    let run = crate::support::Azfh::bare()
        .env("QUMULO_TOKEN", "access-v1:token")
        .run([
            "handles",
            "ls",
            &server.qumulo_target("/projects"),
            "--ca-cert",
            pem.to_str().unwrap(),
            "--timeout",
            "1s",
            "--retries",
            "0",
        ]);
    run.failure("sent nothing for 1s (--timeout)", "raise --timeout");
}

#[test]
fn get_r_resume_into_a_regular_file_is_one_clear_line() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup");
    std::fs::write(&file, "mine").unwrap();
    let run = env.azfh().run([
        "get",
        "demo/projects",
        "-r",
        "--resume",
        file.to_str().unwrap(),
    ]);
    refused_with(&run, "is not a directory", "give DEST a directory");
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
    assert_eq!(env.requests(), 0);
}

#[test]
fn get_to_a_terminal_refuses_binary() {
    let env = Env::demo();
    let path = "projects/apollo/budget 2026.xlsx";
    assert!(
        env.file_bytes("demo", path).contains(&0),
        "the demo file is binary"
    );
    let source = format!("demo/{path}");
    let mut session = crate::support::on_terminal(&env, &["get", &source, "-"]);
    let output = session.exp_eof().unwrap();
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 2)),
        "{status:?}\n{output}"
    );
    assert!(
        output.contains("is binary: not written to the terminal") && output.contains("> FILE"),
        "{output}"
    );
}

#[test]
fn the_demos_text_files_print_as_text() {
    let env = Env::demo();
    for path in [
        "projects/apollo/build/output.log",
        "projects/apollo/src/main.c",
        "home/frank/notes & ideas.md",
    ] {
        let run = env.azfh().run(["get", &format!("demo/{path}"), "-"]);
        let text = run.ok();
        assert!(text.len() > 64, "{path}: {} bytes", text.len());
        assert!(text.ends_with('\n'), "{path}: whole lines");
        assert!(
            text.bytes()
                .all(|b| b == b'\n' || b == b' ' || b.is_ascii_graphic()),
            "{path}: printable"
        );
    }
}

#[test]
fn a_path_naming_a_directory_notes_the_handles_below_it() {
    let env = Env::demo();
    let run = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--path",
        "home/alice",
        "-o",
        "tsv",
    ]);
    run.ok();
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("--path home/alice matches that path only"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stderr);
    assert!(notes[0].contains("--path 'home/alice/**'"), "{}", notes[0]);
    // Asked for: no note.
    let both = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--path",
        "home/alice",
        "--path",
        "home/alice/**",
    ]);
    both.ok();
    assert!(
        !both.stderr.contains("matches that path only"),
        "{}",
        both.stderr
    );
    let glob = env
        .azfh()
        .run(["handles", "ls", "demo", "-r", "--path", "home/*"]);
    assert!(
        !glob.stderr.contains("matches that path only"),
        "{}",
        glob.stderr
    );
}

#[test]
fn an_id_open_below_target_without_r_notes_r() {
    let env = Env::demo();
    let below = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo/home",
            "-r",
            "--path",
            "home/*/**",
            "-o",
            "tsv",
            "--no-header",
            "--columns",
            "handle_id",
            "--limit",
            "1",
        ])
        .ok()
        .trim()
        .to_owned();
    assert!(!below.is_empty(), "the demo has handles below home");
    let run = env.azfh().run([
        "handles",
        "close",
        "demo/home",
        "--handle-id",
        &below,
        "--yes",
    ]);
    run.ok();
    assert!(
        run.stderr.contains("not open on demo/home") && run.stderr.contains("add -r"),
        "{}",
        run.stderr
    );
    let with_r = env.azfh().run([
        "handles",
        "close",
        "demo/home",
        "-r",
        "--handle-id",
        &below,
        "--yes",
    ]);
    with_r.ok();
    assert!(!with_r.stderr.contains("add -r"), "{}", with_r.stderr);
}

#[test]
fn an_emulator_port_in_use_hints_another_port() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = holder.local_addr().unwrap().to_string();
    let run = crate::support::Azfh::bare().run(["emulator", "--demo", "--listen", &address]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!("error: cannot listen on {address}: another program holds that port").as_str(),
            "hint: stop it, or give another port: --listen 127.0.0.1:PORT (127.0.0.1:0 picks a free one)",
        ],
    );
}

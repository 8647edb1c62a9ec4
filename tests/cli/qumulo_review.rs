//! What a Qumulo admin found trying azfh against the emulated cluster (issue 16's review):
//! each finding, as the admin met it, from the outside.

use crate::qumulo::Cluster;

#[test]
fn a_misspelled_directory_fails_with_or_without_recursion() {
    let cluster = Cluster::start(50, |_| {});
    let plain = cluster.run(&["handles", "ls", &cluster.target("/projetcs")]);
    plain.failure("fs_no_such_entry_error", "absolute path");
    let recursive = cluster.run(&["handles", "ls", &cluster.target("/projetcs"), "-r"]);
    recursive.failure("fs_no_such_entry_error", "absolute path");
    assert_eq!(
        recursive.stderr, plain.stderr,
        "the same message as without -r"
    );
    assert!(recursive.stdout.is_empty());

    let before = cluster.emulator.view.requests();
    let close = cluster.run(&[
        "handles",
        "close",
        &cluster.target("/projetcs"),
        "-r",
        "--all",
        "--yes",
    ]);
    close.failure("fs_no_such_entry_error", "absolute path");
    assert!(close.stdout.is_empty(), "{}", close.stdout);
    assert!(cluster.emulator.view.requests() > before);

    // The cluster decides what exists, case included.
    let cased = cluster.run(&["handles", "ls", &cluster.target("/Projects"), "-r"]);
    cased.failure("fs_no_such_entry_error", "absolute path");
    let right = cluster.run(&["handles", "ls", &cluster.target("/projects/"), "-r"]);
    assert_eq!(
        right.jsonl_ids(),
        cluster.expected(|h| h.path.starts_with("/projects/"))
    );
}

/// `args` against `cluster` with the table fitted to 80 columns (as `COLUMNS=80` asks).
fn at_80_columns(cluster: &Cluster, args: &[&str]) -> crate::support::Run {
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let mut all = args.to_vec();
    all.extend(["-o", "table", "--ca-cert", ca.as_str()]);
    Cluster::login().env("COLUMNS", "80").run(all)
}

#[test]
fn session_tables_fit_80_columns_with_locations_whole_and_one_line_a_row() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let locations: Vec<String> = cluster
        .demo
        .sessions
        .values()
        .map(|s| s.location.clone())
        .collect();
    assert_eq!(locations.len(), 10);
    for args in [
        vec!["sessions", "ls", target.as_str()],
        vec!["sessions", "close", target.as_str(), "--all", "--dry-run"],
        vec!["sessions", "close", target.as_str(), "--all", "--yes"],
    ] {
        let run = at_80_columns(&cluster, &args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(
            lines.len(),
            11,
            "a header and one line a session:\n{}",
            run.stdout
        );
        assert!(lines[0].starts_with("LOCATION  USER"), "{}", run.stdout);
        if args.contains(&"--yes") {
            assert!(
                lines[0].ends_with("OUTCOME  ERROR"),
                "the headers whole: {}",
                run.stdout
            );
        }
        for line in &lines {
            assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
        }
        for location in &locations {
            assert_eq!(
                lines
                    .iter()
                    .filter(|l| l.split_whitespace().next() == Some(location.as_str()))
                    .count(),
                1,
                "{location} whole, on one row:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn tsv_ends_with_the_owner_name_and_columns_take_it() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/home");
    let tsv = cluster.run(&["handles", "ls", &target, "-r", "-o", "tsv"]);
    let lines: Vec<&str> = tsv.ok().lines().collect();
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(header.len(), 14, "{}", lines[0]);
    assert_eq!(
        header[11], "owner",
        "the columns before stay where they were"
    );
    assert_eq!(header.last(), Some(&"owner_name"));
    assert!(lines.len() > 1);
    for line in &lines[1..] {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 14, "{line}");
        match fields[11] {
            "500" => assert_eq!(fields[13], "admin"),
            "12884901890" => assert_eq!(fields[13], "CORP\\\\alice", "escaped as tsv"),
            _ => assert!(fields[13].starts_with("CORP"), "{line}"),
        }
    }

    let chosen = cluster.run(&[
        "handles",
        "ls",
        &target,
        "-r",
        "-o",
        "tsv",
        "--columns",
        "owner,owner_name",
    ]);
    let chosen: Vec<&str> = chosen.ok().lines().collect();
    assert_eq!(chosen[0], "owner\towner_name");
    assert!(chosen.contains(&"500\tadmin"), "{chosen:?}");

    // A close report keeps outcome and error where they were, the name after them.
    let close = cluster.run(&[
        "handles", "close", &target, "-r", "--owner", "admin", "--yes", "-o", "tsv",
    ]);
    let lines: Vec<&str> = close.ok().lines().collect();
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(&header[13..], ["outcome", "error", "owner_name"]);
    assert!(lines[1].ends_with("closed\t\tadmin"), "{}", lines[1]);
}

#[test]
fn tsv_owner_name_is_empty_on_azure() {
    let env = crate::support::Env::demo();
    let run = env
        .azfh()
        .run(["handles", "ls", "demo", "-r", "-o", "tsv", "--limit", "3"]);
    let lines: Vec<&str> = run.ok().lines().collect();
    assert!(
        lines[0].ends_with("\tbyte_range_locks\towner_name"),
        "{}",
        lines[0]
    );
    for line in &lines[1..] {
        assert!(line.ends_with('\t'), "an empty owner_name: {line:?}");
        assert_eq!(line.split('\t').count(), 14);
    }
}

#[test]
fn sessions_refuse_a_port_without_suggesting_one() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    for command in ["ls", "close"] {
        let before = cluster.emulator.view.requests();
        let run = cluster.run(&[
            "sessions",
            command,
            &target,
            "--client-ip",
            "127.0.2.11:445",
        ]);
        run.usage_error("sessions take an IP address");
        let error = run.stderr_lines("error")[0];
        assert!(
            error.contains("has no port to match: use 127.0.2.11"),
            "{error}"
        );
        assert!(!error.contains("with its port"), "{error}");
        assert!(!error.contains(":445,"), "no IP:PORT example: {error}");
        assert_eq!(cluster.emulator.view.requests(), before, "no request sent");

        let garbage = cluster.run(&["sessions", command, &target, "--client-ip", "nas-17"]);
        garbage.usage_error("invalid address 'nas-17': sessions take an IP address");
        assert!(
            !garbage.stderr.contains("with its port"),
            "{}",
            garbage.stderr
        );
    }
    let bracketed = cluster.run(&["sessions", "ls", &target, "--client-ip", "[::1]:445"]);
    bracketed.usage_error("use ::1");
    let fine = cluster.run(&["sessions", "ls", &target, "--client-ip", "127.0.2.0/24"]);
    assert_eq!(fine.ok().lines().count(), 2, "{}", fine.stdout);
}

#[test]
fn user_and_password_flags_get_the_azfh_form_in_the_hint() {
    let cases: &[(&[&str], &str, &[&str])] = &[
        (
            &["handles", "ls", "qumulo://127.0.0.1:9/", "--user", "alice"],
            "--user",
            &["--owner", "--qumulo-user", "QUMULO_USER"],
        ),
        (
            &[
                "sessions",
                "ls",
                "qumulo://127.0.0.1:9/",
                "--qumulo-password",
                "hunter2-pw",
            ],
            "--qumulo-password",
            &["QUMULO_PASSWORD", "--qumulo-user"],
        ),
        (
            &["emulator", "--qumulo", "--qumulo-password", "hunter2-pw"],
            "--qumulo-password",
            &["--qumulo-login USER:PASSWORD"],
        ),
        (
            &["emulator", "--qumulo", "--user", "alice"],
            "--user",
            &["--qumulo-login USER:PASSWORD"],
        ),
    ];
    for (args, error, hints) in cases {
        let run = crate::support::Azfh::bare().run(*args);
        run.usage_error(error);
        let hint = run.stderr_lines("hint");
        assert_eq!(hint.len(), 1, "{}", run.stderr);
        for word in *hints {
            assert!(
                hint[0].contains(word),
                "{args:?}: the hint names {word}: {}",
                hint[0]
            );
        }
        assert!(!run.stderr.contains("hunter2-pw"), "{}", run.stderr);
    }
}

#[test]
fn a_path_pattern_with_a_trailing_slash_matches_the_directory() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let directory = cluster.expected(|h| h.path == "/projects/dept-01/");
    assert!(!directory.is_empty());
    for pattern in [
        "projects/dept-01/",
        "projects/dept-01",
        "/projects/dept-01/",
    ] {
        let run = cluster.run(&["handles", "ls", &target, "-r", "--path", pattern]);
        assert_eq!(
            run.jsonl_ids(),
            directory,
            "--path {pattern}: {}",
            run.stderr
        );
    }

    // Azure: the same pattern, the same directory (the demo share's clients hold
    // projects/apollo open).
    let env = crate::support::Env::demo();
    let ls = |pattern: &str| {
        env.azfh()
            .run([
                "handles", "ls", "demo", "-r", "-o", "jsonl", "--path", pattern,
            ])
            .jsonl_ids()
    };
    let apollo = env.ids_where("demo", |h| h.path == "projects/apollo");
    assert!(!apollo.is_empty());
    assert_eq!(ls("projects/apollo/"), apollo);
    assert_eq!(ls("projects/apollo"), apollo);
}

#[test]
fn groups_on_qumulo_leave_out_the_oldest_open_time_it_never_reports() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    for key in ["owner", "path"] {
        let run = cluster.run(&[
            "handles",
            "ls",
            &target,
            "-r",
            "--group-by",
            key,
            "-o",
            "table",
        ]);
        let lines: Vec<&str> = run.ok().lines().collect();
        assert!(lines.len() > 1, "{}", run.stdout);
        assert!(!lines[0].contains("OLDEST"), "{}", run.stdout);
        assert!(lines[0].contains("HANDLES"), "{}", run.stdout);
        assert!(
            lines[1..].iter().all(|l| !l.trim_end().ends_with(" -")),
            "no column of dashes: {}",
            run.stdout
        );
    }
    // json keeps its schema: the field is there, null.
    let json = cluster.run(&["handles", "ls", &target, "-r", "--group-by", "owner"]);
    let record: serde_json::Value =
        serde_json::from_str(json.ok().lines().next().unwrap()).unwrap();
    assert!(record["oldest_open_time"].is_null(), "{record}");

    let env = crate::support::Env::demo();
    let azure = env.azfh().run([
        "handles",
        "ls",
        "demo",
        "-r",
        "--group-by",
        "client-ip",
        "-o",
        "table",
    ]);
    assert!(azure.ok().lines().next().unwrap().contains("OLDEST"));
}

#[test]
fn a_wrong_password_is_never_shown_and_the_service_s_sentence_is() {
    let cluster = Cluster::start(50, |_| {});
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let target = cluster.target("/");
    let sentence = "Login failed: the user name or password is wrong.";
    for password in ["wrong", "not-the-password-0123"] {
        let run = Cluster::login().env("QUMULO_PASSWORD", password).run([
            "handles",
            "ls",
            &target,
            "-r",
            "--ca-cert",
            &ca,
        ]);
        run.failure(sentence, "QUMULO_PASSWORD");
        assert!(!run.stderr.contains("[REDACTED]"), "{}", run.stderr);
        if password != "wrong" {
            assert!(!run.stderr.contains(password), "{}", run.stderr);
        }
    }
}

#[test]
fn the_emulator_withholds_a_privilege_from_the_command_line() {
    use std::io::BufRead;
    let mut child = crate::support::Azfh::bare().spawn([
        "emulator",
        "--qumulo",
        "--demo",
        "--listen",
        "127.0.0.1:0",
        "--qumulo-login",
        "admin:emulated-pw-0123",
        "--qumulo-withhold-privilege",
        "PRIVILEGE_SMB_FILE_HANDLE_WRITE",
    ]);
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut target = String::new();
    stdout.read_line(&mut target).unwrap();
    let target = target.trim().to_owned();
    let login = || {
        let mut azfh = Cluster::login();
        azfh.env("QUMULO_PASSWORD", "emulated-pw-0123");
        azfh
    };
    let projects = format!("{target}/projects");
    let listed = login().run(["handles", "ls", &projects, "-r", "--insecure"]);
    let listed_ok = listed.status == 0 && listed.stdout.lines().count() > 0;
    let close = login().run([
        "handles",
        "close",
        &projects,
        "-r",
        "--all",
        "--yes",
        "--insecure",
    ]);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(target.starts_with("qumulo://127.0.0.1:"), "{target}");
    assert!(
        listed_ok,
        "listing needs only the read privilege: {}",
        listed.stderr
    );
    close.failure(
        "lacks PRIVILEGE_SMB_FILE_HANDLE_WRITE",
        "PRIVILEGE_SMB_FILE_HANDLE_WRITE",
    );

    let unknown = crate::support::Azfh::bare().run([
        "emulator",
        "--qumulo",
        "--qumulo-withhold-privilege",
        "PRIVILEGE_EVERYTHING",
    ]);
    unknown.usage_error("PRIVILEGE_SMB_SESSION_WRITE");
}

#[test]
fn the_sessions_close_prompt_and_report_fit_an_80_column_terminal() {
    let cluster = Cluster::start(50, |_| {});
    let target = cluster.target("/");
    let ca = cluster.ca_cert.to_string_lossy().into_owned();
    let mut command = std::process::Command::new("sh");
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env("QUMULO_TOKEN", crate::qumulo::TOKEN)
        .arg("-c")
        .arg("stty cols 80 rows 50 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_azfh"))
        .args(["sessions", "close", &target, "--all", "--ca-cert", &ca]);
    let mut session =
        rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal");
    let before = session.exp_string("[y/N]").unwrap();
    session.send_line("y").unwrap();
    let after = session.exp_eof().unwrap();
    let text = format!("{before}\n{after}");
    // What stays on the screen of each line: after the last carriage return (progress).
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| {
            l.trim_end_matches('\r')
                .rsplit('\r')
                .next()
                .unwrap_or_default()
        })
        .map(|l| l.trim_start_matches("\u{1b}[2K").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(text.contains("closed 10 of 10 sessions"), "{text}");
    let header = lines
        .iter()
        .position(|l| l.starts_with("LOCATION  USER"))
        .unwrap_or_else(|| panic!("the report's header: {text}"));
    assert!(lines[header].ends_with("OUTCOME  ERROR"), "{text}");
    // The header and ten rows, each on one line within 80 columns.
    for line in &lines[header..=header + 10] {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    for s in cluster.demo.sessions.values() {
        let rows = lines
            .iter()
            .filter(|l| l.split_whitespace().next() == Some(s.location.as_str()))
            .count();
        assert_eq!(rows, 1, "{} whole on its row:\n{text}", s.location);
    }
}

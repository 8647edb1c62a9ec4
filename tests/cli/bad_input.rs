//! Bad input: exit 2, one `error:` line naming the problem (and at most one `hint:`), nothing
//! on stdout, and no request sent (the emulator's counter proves it).

use crate::support::Env;

#[test]
fn bad_input_is_refused_before_any_request() {
    let env = Env::demo();
    let ls = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["handles".to_owned(), "ls".to_owned()];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (ls(&["demo", "--older-than", "7x"]), "7x"),
        (ls(&["demo", "--older-than", "-1d"]), "-1d"),
        (ls(&["demo", "--newer-than", "0s"]), "0s"),
        (ls(&["demo", "--opened-before", "yesterday"]), "yesterday"),
        (ls(&["demo", "--client-ip", "10.0.0.0/33"]), "10.0.0.0/33"),
        (ls(&["demo", "--client-ip", "10.0.0/8"]), "10.0.0/8"),
        (ls(&["demo", "--exclude-client-ip", "::/129"]), "::/129"),
        (ls(&["demo", "--client-name", "ws-{a"]), "ws-{a"),
        (ls(&["demo", "--path", "projects/["]), "projects/["),
        (ls(&["demo", "--session-id", "abc"]), "abc"),
        (ls(&["demo", "--access", "execute"]), "execute"),
        (
            ls(&["demo", "--older-than", "10d", "--newer-than", "7d"]),
            "select nothing",
        ),
        (ls(&["demo", "--page-size", "0"]), "0"),
        (ls(&["demo", "--page-size", "5001"]), "5001"),
        (ls(&["demo", "--group-by", "color"]), "color"),
        (ls(&["demo", "-o", "yaml"]), "yaml"),
        (ls(&[""]), "TARGET is empty"),
        (ls(&["Demo"]), "lower-case"),
        (ls(&["my_share"]), "my_share"),
        (ls(&["demo/../x"]), ".."),
        (ls(&["demo/*.docx"]), "'*'"),
        (ls(&["ftp://host/share"]), "ftp"),
        (ls(&["http://127.0.0.1:1/"]), "no account"),
        (ls(&["demo", "--snapshot", "last week"]), "--snapshot"),
        (
            ls(&["demo", "--account-key", "not*base64", "--auth-mode", "key"]),
            "base64",
        ),
        (
            ls(&[
                "demo",
                "--sas-token",
                "sv=2026-10-06&sp=l",
                "--auth-mode",
                "sas",
            ]),
            "no signature",
        ),
        (ls(&["demo", "--timeout", "soon"]), "soon"),
        (ls(&["demo", "--quiet", "--verbose"]), "--verbose"),
        (ls(&["demo", "--frobnicate"]), "--frobnicate"),
        (vec!["handles".into(), "ls".into()], "TARGET"),
    ];
    for (args, needle) in &cases {
        let before = env.requests();
        env.azfh().run(args).usage_error(needle);
        assert_eq!(env.requests(), before, "{args:?} sent a request");
    }

    let connection_strings = [
        ("AccountName=devstoreaccount1;AccountKeyABC", "no '='"),
        ("AccountName=devstoreaccount1;AcountKey=abc", "AcountKey"),
        ("AccountKey=abc", "neither AccountName nor FileEndpoint"),
        (
            "DefaultEndpointsProtocol=gopher;AccountName=devstoreaccount1",
            "https or http",
        ),
        (";;", "empty"),
        ("FileEndpoint=notaurl;AccountKey=abc", "not a valid URL"),
    ];
    for (connection_string, needle) in connection_strings {
        let before = env.requests();
        crate::support::Azfh::bare()
            .env("AZURE_STORAGE_CONNECTION_STRING", connection_string)
            .run(["handles", "ls", "demo"])
            .usage_error(needle);
        assert_eq!(env.requests(), before);
    }

    let without_account = crate::support::Azfh::bare().run(["handles", "ls", "demo"]);
    without_account.usage_error("no storage account");
    let ambiguous = crate::support::Azfh::bare()
        .env("AZURE_STORAGE_ACCOUNT", "acct")
        .env("AZURE_STORAGE_KEY", "a2V5")
        .env("AZURE_STORAGE_SAS_TOKEN", "sv=2026-10-06&sig=abc")
        .run(["handles", "ls", "demo"]);
    ambiguous.usage_error("both an account key");
    let clear_text = crate::support::Azfh::bare()
        .env("AZURE_STORAGE_KEY", "a2V5")
        .run(["handles", "ls", "http://files.example.com/acct/share"]);
    clear_text.usage_error("clear text");
}

#[test]
fn missing_share_and_path_are_service_errors_with_hints() {
    let env = Env::demo();
    let share = env.azfh().run(["handles", "ls", "nosuchshare"]);
    share.failure("404 ShareNotFound", "check the share name");
    let path = env
        .azfh()
        .run(["handles", "ls", "demo/projects/nope", "-r"]);
    path.failure(
        "List Handles on demo/projects/nope failed: 404 ResourceNotFound",
        "the file or directory does not exist",
    );
    let parent = env.azfh().run(["handles", "ls", "demo/nope/deeper"]);
    assert!(
        parent.stderr.contains("ParentNotFound"),
        "{}",
        parent.stderr
    );
}

/// The other commands: `handles close`, `ls`, `get`, `emulator`, `completions` and the global
/// options, with the same promise (exit 2, one error line naming the value, at most one hint,
/// nothing on stdout, no request).
#[test]
fn bad_input_across_commands_is_refused_before_any_request() {
    let env = Env::demo();
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("exists.txt");
    std::fs::write(&existing, b"keep me").unwrap();
    let existing = existing.to_str().unwrap().to_owned();
    let missing_dir = dir.path().join("no/such/dir/x.txt");
    let missing_dir = missing_dir.to_str().unwrap().to_owned();
    let file = "demo/projects/apollo/empty.txt";
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let cases: Vec<(Vec<String>, &str)> = vec![
        // handles close
        (args(&["handles", "close", "demo", "--yes"]), "--all"),
        (
            args(&["handles", "close", "demo", "--all", "--handle-id", "1"]),
            "--handle-id",
        ),
        (
            args(&["handles", "close", "demo", "--handle-id", "abc"]),
            "abc",
        ),
        (
            args(&["handles", "close", "demo", "--marker", "m1"]),
            "--all",
        ),
        (
            args(&["handles", "close", "demo", "--all", "--max", "-1"]),
            "-1",
        ),
        (
            args(&["handles", "close", "demo", "--all", "--verify=soon"]),
            "soon",
        ),
        (
            args(&["handles", "close", "demo", "--all", "--concurrency", "0"]),
            "0",
        ),
        (
            args(&["handles", "close", "demo", "--yes", "--older-than", "7"]),
            "'7'",
        ),
        // ls
        (args(&["ls", "demo", "--page-size", "-1"]), "-1"),
        (args(&["ls", "demo", "-r", "--concurrency", "0"]), "0"),
        (args(&["ls", "demo/projects/../home"]), ".."),
        (args(&["ls", "demo", "-o", "xml"]), "xml"),
        (args(&["ls", "https://acct.file.core.windows.net"]), "share"),
        // get
        (args(&["get", file, "--range", "9-3"]), "9-3"),
        (args(&["get", file, "--range", "abc"]), "abc"),
        (args(&["get", file, "--block-size", "1K"]), "1K"),
        (args(&["get", file, "--block-size", "lots"]), "lots"),
        (args(&["get", file, "--concurrency", "0"]), "0"),
        (args(&["get", file, &missing_dir]), "does not exist"),
        (args(&["get", file, &existing]), "already exists"),
        (args(&["get", file, "-", "--resume"]), "--resume"),
        (args(&["get", "demo/projects", "-", "-r"]), "stdout"),
        (
            args(&["get", "demo/projects", &missing_dir, "-r", "--range", "0-1"]),
            "--range",
        ),
        (args(&["get", "demo"]), "is a share, not a file"),
        // global options and the other commands
        (args(&["ls", "demo", "--color", "sometimes"]), "sometimes"),
        (args(&["ls", "demo", "--auth-mode", "magic"]), "magic"),
        (args(&["ls", "demo", "--retries", "many"]), "many"),
        (
            args(&[
                "ls",
                "demo",
                "--auth-mode",
                "sas",
                "--sas-token",
                "sv=2026-10-06&ss=f&srt=sco&sp=rl&se=2020-01-01T00:00:00Z&sig=c2ln",
            ]),
            "expired",
        ),
        (
            args(&[
                "ls",
                "https://acct.file.core.windows.net/demo?sv=2026-10-06&sp=rl",
            ]),
            "no signature",
        ),
        (args(&["completions", "tcsh"]), "tcsh"),
        (args(&["emulator", "--file", "nopath"]), "nopath"),
        (args(&["emulator", "--tree", "t:1:1"]), "'t'"),
        (args(&["emulator", "--listen", "10.1.2.3:80"]), "loopback"),
        (args(&["emulator", "--throttle", "fast"]), "fast"),
    ];
    for (args, needle) in &cases {
        let before = env.requests();
        env.azfh().run(args).usage_error(needle);
        assert_eq!(env.requests(), before, "{args:?} sent a request");
    }
    assert_eq!(
        std::fs::read(dir.path().join("exists.txt")).unwrap(),
        b"keep me",
        "a refused get touched nothing"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "and created nothing"
    );
}

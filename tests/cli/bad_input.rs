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

//! Credentials: Shared Key, SAS (option, URL, connection string), OAuth through azure_identity;
//! failures are clear and no secret is ever printed.

use std::os::unix::fs::PermissionsExt;

use azfh_emulator::{ACCOUNT, EmulatorConfig, load::demo};
use azfh_protocol::sas::SasFields;
use base64::Engine;

use crate::support::{Azfh, Env};

/// A key that is secret to this test (not the well-known development key).
pub(crate) const SECRET_KEY: &str =
    "c2VjcmV0LWtleS1mb3ItYXpmaC10ZXN0cy1vbmx5LWRvLW5vdC11c2UtaXQtYW55d2hlcmUtZWxzZS0xMjM0NQ==";

pub(crate) fn secret_env() -> Env {
    Env::with(
        EmulatorConfig {
            account_key: SECRET_KEY.into(),
            bearer_tokens: vec![
                "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-bearer-token-for-azfh".into(),
            ],
            ..EmulatorConfig::default()
        },
        demo::load,
    )
}

fn sas(permissions: &str, expiry: &str) -> (String, String) {
    let fields = SasFields {
        version: "2026-10-06".into(),
        permissions: permissions.into(),
        expiry: expiry.into(),
        services: Some("f".into()),
        resource_types: Some("sco".into()),
        ..SasFields::default()
    };
    let key = base64::engine::general_purpose::STANDARD
        .decode(SECRET_KEY)
        .unwrap();
    let token = fields.sign(ACCOUNT, "", &key);
    let signature = fields.string_to_sign(ACCOUNT, "");
    let sig = azfh_protocol::signing::sign(&key, &signature);
    (token, sig)
}

fn assert_no_secret(run: &crate::support::Run, secrets: &[&str]) {
    for secret in secrets {
        assert!(!run.stdout.contains(secret), "a secret reached stdout");
        assert!(
            !run.stderr.contains(secret),
            "a secret reached stderr:\n{}",
            run.stderr
        );
    }
}

#[test]
fn shared_key_works_and_a_wrong_key_fails_clearly_without_leaking() {
    let env = secret_env();
    let all = env.ids_where("demo", |_| true);
    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_KEY", SECRET_KEY)
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl", "-vvv"]);
    assert_eq!(run.jsonl_ids(), all);
    assert!(
        run.stderr.contains("SharedKey devstoreaccount1:[REDACTED]"),
        "-vvv shows headers, redacted"
    );
    assert!(
        run.stderr.contains("List Handles GET http://127.0.0.1:"),
        "-vv logs every request"
    );
    assert_no_secret(&run, &[SECRET_KEY]);

    let wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_KEY", wrong)
        .run(["handles", "ls", "demo", "-vv"]);
    run.failure("403 AuthenticationFailed", "check the account key");
    assert!(
        run.stderr_lines("error")[0].contains("x-ms-request-id:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("MAC signature found in the HTTP request '[REDACTED]'"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run, &[SECRET_KEY, wrong]);
}

#[test]
fn a_clock_far_off_is_named_in_the_detail() {
    // The emulator refuses dates more than 15 minutes off; azfh's own clock is right, so check
    // the emulator side directly with a signed request from the past.
    let env = Env::demo();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        let key = base64::engine::general_purpose::STANDARD
            .decode(azfh_emulator::ACCOUNT_KEY)
            .unwrap();
        let date = httpdate::fmt_http_date(
            std::time::SystemTime::now() - std::time::Duration::from_secs(3600),
        );
        let path = format!("/{ACCOUNT}/demo");
        let headers = vec![
            ("x-ms-date".to_owned(), date.clone()),
            ("x-ms-version".to_owned(), "2024-11-04".to_owned()),
        ];
        let query = vec![("comp".to_owned(), "listhandles".to_owned())];
        let auth = azfh_protocol::signing::authorization(
            ACCOUNT,
            &key,
            &azfh_protocol::signing::SigningInput {
                method: "GET",
                path: &path,
                query: &query,
                headers: &headers,
            },
        );
        let response = reqwest::Client::new()
            .get(format!(
                "http://{}{path}?comp=listhandles",
                env.emulator.addr
            ))
            .header("x-ms-date", date)
            .header("x-ms-version", "2024-11-04")
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    });
    assert_eq!(status.0, 403);
    assert!(
        status.1.contains("Request date header too old"),
        "{}",
        status.1
    );
}

#[test]
fn sas_from_the_option_the_url_and_the_connection_string() {
    let env = secret_env();
    let all = env.ids_where("demo", |_| true);
    let (token, sig) = sas("rl", "2099-01-01T00:00:00Z");

    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_SAS_TOKEN", format!("?{token}"))
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl", "-vv"]);
    assert_eq!(run.jsonl_ids(), all);
    assert!(run.stderr.contains("sig=[REDACTED]"), "{}", run.stderr);
    assert_no_secret(
        &run,
        &[
            &sig,
            &azfh_protocol::percent::encode_component(&sig),
            SECRET_KEY,
        ],
    );

    let url = format!("{}/demo?{token}", env.emulator.endpoint());
    let run = Azfh::bare().run(["handles", "ls", &url, "-r", "-o", "jsonl", "-vv"]);
    assert_eq!(run.jsonl_ids(), all);
    assert_no_secret(&run, &[&sig]);

    let connection = format!(
        "FileEndpoint={};SharedAccessSignature={token}",
        env.emulator.endpoint()
    );
    let run = Azfh::bare()
        .env("AZURE_STORAGE_CONNECTION_STRING", connection)
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl"]);
    assert_eq!(run.jsonl_ids(), all);

    // A SAS that cannot list: the service refuses, with a hint naming the permission.
    let (read_only, read_sig) = sas("r", "2099-01-01T00:00:00Z");
    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_SAS_TOKEN", &read_only)
        .run(["handles", "ls", "demo", "-vv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("AuthorizationPermissionMismatch"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: the SAS lacks a permission"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run, &[&read_sig]);

    // An expired SAS is refused before any request.
    let before = env.requests();
    let (expired, expired_sig) = sas("rl", "2020-01-01T00:00:00Z");
    let run = env
        .azfh_without_credential()
        .env("AZURE_STORAGE_SAS_TOKEN", &expired)
        .run(["handles", "ls", "demo"]);
    run.usage_error("expired");
    assert_no_secret(&run, &[&expired_sig]);
    assert_eq!(env.requests(), before);
}

/// A fake `az` that prints a token (or fails), like `az account get-access-token -o json`.
pub(crate) fn fake_az(dir: &std::path::Path, script: &str) {
    let path = dir.join("az");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn login_uses_the_azure_cli_token_and_sends_the_backup_intent() {
    let env = secret_env();
    let all = env.ids_where("demo", |_| true);
    let bin = tempfile::tempdir().unwrap();
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-bearer-token-for-azfh";
    fake_az(
        bin.path(),
        &format!(
            r#"echo '{{"accessToken":"{token}","expires_on":4102444800,"tokenType":"Bearer"}}'"#
        ),
    );
    let run = env
        .azfh_without_credential()
        .path_prepend(bin.path())
        .env("AZURE_TOKEN_CREDENTIALS", "dev")
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl", "-vvv"]);
    assert_eq!(
        run.jsonl_ids(),
        all,
        "the emulator accepts the token only with x-ms-file-request-intent: backup"
    );
    assert!(
        run.stderr.contains("x-ms-file-request-intent: backup"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Bearer [REDACTED]"), "{}", run.stderr);
    assert_no_secret(&run, &[token]);

    // A token the service does not accept.
    fake_az(
        bin.path(),
        r#"echo '{"accessToken":"not-a-valid-token-value","expires_on":4102444800,"tokenType":"Bearer"}'"#,
    );
    let run = env
        .azfh_without_credential()
        .path_prepend(bin.path())
        .env("AZURE_TOKEN_CREDENTIALS", "dev")
        .run(["handles", "ls", "demo", "-vv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("401 InvalidAuthenticationInfo"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: the bearer token was refused"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run, &["not-a-valid-token-value"]);

    // No sign-in at all: exit 1 with a hint, and no request.
    fake_az(
        bin.path(),
        "echo 'ERROR: Please run az login to setup account.' >&2; exit 1",
    );
    let before = env.requests();
    let run = env
        .azfh_without_credential()
        .path_prepend(bin.path())
        .env("AZURE_TOKEN_CREDENTIALS", "dev")
        .run(["handles", "ls", "demo"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: cannot sign in"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("az login"), "{}", run.stderr);
    assert_eq!(env.requests(), before);
}

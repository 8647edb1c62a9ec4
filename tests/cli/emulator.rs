//! The emulator speaks the service's protocol: checked with raw signed requests, so that the
//! emulator's own behaviour (not only what azfh happens to send) is pinned down.

use std::time::SystemTime;

use azfh_client::azure::decode::decode_list_handles;
use azfh_emulator::{ACCOUNT, ACCOUNT_KEY, EmulatorConfig, load::demo};
use azfh_protocol::signing::{SigningInput, authorization};
use azfh_protocol::wire::BOM;
use base64::Engine;
use serde_json::json;

use crate::support::{Azfh, Env};

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET path?query` with `headers`, signed with the development key unless `sign` is off.
fn get(
    env: &Env,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    sign: bool,
) -> Answer {
    send(env, "GET", path, query, headers, sign)
}

/// Sends `METHOD path?query` with `headers` (a PUT gets `Content-Length: 0`), signed with the
/// development key unless `sign` is off.
fn send(
    env: &Env,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    sign: bool,
) -> Answer {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let path = format!("/{ACCOUNT}/{path}");
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let mut all: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        all.push((
            "x-ms-date".into(),
            httpdate::fmt_http_date(SystemTime::now()),
        ));
        if method == "PUT" {
            all.push(("content-length".into(), "0".into()));
        }
        let url = format!(
            "http://{}{}?{}",
            env.emulator.addr,
            path,
            query
                .iter()
                .map(|(n, v)| format!("{n}={}", azfh_protocol::percent::encode_component(v)))
                .collect::<Vec<_>>()
                .join("&")
        );
        let mut request = reqwest::Client::new().request(method.parse().unwrap(), url);
        for (name, value) in &all {
            request = request.header(name.as_str(), value.as_str());
        }
        if sign {
            let key = base64::engine::general_purpose::STANDARD
                .decode(ACCOUNT_KEY)
                .unwrap();
            let input = SigningInput {
                method,
                path: &path,
                query: &query,
                headers: &all,
            };
            request = request.header("authorization", authorization(ACCOUNT, &key, &input));
        }
        let response = request.body(Vec::new()).send().await.unwrap();
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    })
}

const LIST: &[(&str, &str)] = &[("comp", "listhandles")];

#[test]
fn answers_carry_the_service_headers_and_a_bom() {
    let env = Env::demo();
    let answer = get(
        &env,
        "demo",
        LIST,
        &[
            ("x-ms-version", "2026-10-06"),
            ("x-ms-client-request-id", "my-id-1"),
        ],
        true,
    );
    assert_eq!(answer.status, 200);
    assert!(
        answer.body.starts_with(BOM),
        "XML bodies start with a byte-order mark"
    );
    assert!(
        answer
            .header("x-ms-request-id")
            .is_some_and(|id| id.len() >= 32)
    );
    assert_eq!(answer.header("x-ms-version"), Some("2026-10-06"));
    assert_eq!(answer.header("x-ms-client-request-id"), Some("my-id-1"));
    assert!(
        answer
            .header("date")
            .is_some_and(|d| httpdate::parse_http_date(d).is_ok())
    );
    assert_eq!(answer.header("content-type"), Some("application/xml"));
    assert!(
        answer.text().contains("<Entries>"),
        "the service's element, not the documented <HandleList>"
    );
}

#[test]
fn fields_follow_the_request_version() {
    let env = Env::demo();
    let text = |version: &str| {
        get(
            &env,
            "demo/archive",
            LIST,
            &[("x-ms-version", version), ("x-ms-recursive", "true")],
            true,
        )
        .text()
    };
    let newest = text("2026-10-06");
    assert!(
        newest.contains("<ClientName>")
            && newest.contains("<AccessRightList>")
            && newest.contains("Encoded=\"true\"")
    );
    let rights_only = text("2023-01-03");
    assert!(!rights_only.contains("<ClientName>") && rights_only.contains("<AccessRightList>"));
    let old = text("2019-07-07");
    assert!(
        !old.contains("<ClientName>")
            && !old.contains("<AccessRightList>")
            && !old.contains("Encoded=")
    );
    for version in ["2026-10-06", "2023-01-03", "2021-12-02", "2019-07-07"] {
        let page = decode_list_handles(text(version).as_bytes()).unwrap();
        assert!(!page.handles.is_empty(), "{version}");
    }
}

#[test]
fn refusals_have_the_service_codes() {
    let env = Env::with(
        EmulatorConfig {
            bearer_tokens: vec!["good-token".into()],
            ..EmulatorConfig::default()
        },
        demo::load,
    );
    let code = |answer: &Answer| {
        answer
            .header("x-ms-error-code")
            .unwrap_or_default()
            .to_owned()
    };

    let missing_version = get(&env, "demo", LIST, &[], true);
    assert_eq!(
        (missing_version.status, code(&missing_version).as_str()),
        (400, "MissingRequiredHeader")
    );
    let unknown_version = get(&env, "demo", LIST, &[("x-ms-version", "2027-01-01")], true);
    assert_eq!(
        (unknown_version.status, code(&unknown_version).as_str()),
        (400, "InvalidHeaderValue")
    );
    assert!(
        unknown_version
            .text()
            .contains("<HeaderName>x-ms-version</HeaderName>")
    );
    let anonymous = get(&env, "demo", LIST, &[("x-ms-version", "2026-10-06")], false);
    assert_eq!(
        (anonymous.status, code(&anonymous).as_str()),
        (401, "NoAuthenticationInformation")
    );
    let bad_max = get(
        &env,
        "demo",
        &[("comp", "listhandles"), ("maxresults", "0")],
        &[("x-ms-version", "2026-10-06")],
        true,
    );
    assert_eq!(
        (bad_max.status, code(&bad_max).as_str()),
        (400, "OutOfRangeQueryParameterValue")
    );
    let bad_marker = get(
        &env,
        "demo",
        &[("comp", "listhandles"), ("marker", "1!3!abc")],
        &[("x-ms-version", "2026-10-06")],
        true,
    );
    assert_eq!(
        (bad_marker.status, code(&bad_marker).as_str()),
        (400, "InvalidQueryParameterValue")
    );

    let bearer = |headers: &[(&str, &str)]| get(&env, "demo", LIST, headers, false);
    let no_intent = bearer(&[
        ("x-ms-version", "2026-10-06"),
        ("authorization", "Bearer good-token"),
    ]);
    assert_eq!(
        (no_intent.status, code(&no_intent).as_str()),
        (400, "MissingRequiredHeader")
    );
    assert!(
        no_intent
            .text()
            .contains("<HeaderName>x-ms-file-request-intent</HeaderName>")
    );
    let with_intent = bearer(&[
        ("x-ms-version", "2026-10-06"),
        ("authorization", "Bearer good-token"),
        ("x-ms-file-request-intent", "backup"),
    ]);
    assert_eq!(with_intent.status, 200);
    let unknown_token = bearer(&[
        ("x-ms-version", "2026-10-06"),
        ("authorization", "Bearer nope"),
        ("x-ms-file-request-intent", "backup"),
    ]);
    assert_eq!(
        (unknown_token.status, code(&unknown_token).as_str()),
        (401, "InvalidAuthenticationInfo")
    );
    assert!(
        unknown_token
            .header("www-authenticate")
            .is_some_and(|v| v.starts_with("Bearer "))
    );
    let old_oauth = bearer(&[
        ("x-ms-version", "2021-06-08"),
        ("authorization", "Bearer good-token"),
        ("x-ms-file-request-intent", "backup"),
    ]);
    assert_eq!(old_oauth.status, 403);
}

#[test]
fn force_close_answers_follow_the_version_and_the_recorded_facts() {
    let env = Env::demo();
    let put = |headers: &[(&str, &str)], path: &str| {
        send(
            &env,
            "PUT",
            path,
            &[("comp", "forceclosehandles")],
            headers,
            true,
        )
    };
    let old = put(
        &[("x-ms-version", "2018-11-09"), ("x-ms-handle-id", "1")],
        "demo",
    );
    assert_eq!(old.status, 200);
    assert_eq!(
        old.header("x-ms-number-of-handles-closed"),
        Some("0"),
        "an unknown id closes nothing, 200"
    );
    assert_eq!(
        old.header("x-ms-number-of-handles-failed"),
        None,
        "no failed count before 2019-07-07"
    );
    let new = put(
        &[("x-ms-version", "2026-10-06"), ("x-ms-handle-id", "1")],
        "demo",
    );
    assert_eq!(new.header("x-ms-number-of-handles-failed"), Some("0"));
    let bad_id = put(
        &[
            ("x-ms-version", "2026-10-06"),
            ("x-ms-handle-id", "nonExistantHandleId"),
        ],
        "demo/no/such/dir",
    );
    assert_eq!(
        (bad_id.status, bad_id.header("x-ms-error-code")),
        (400, Some("InvalidHeaderValue")),
        "the id is checked before the path"
    );
    assert!(
        bad_id
            .text()
            .contains("<HeaderName>x-ms-handle-id</HeaderName>")
    );
    let on_file = put(
        &[
            ("x-ms-version", "2026-10-06"),
            ("x-ms-handle-id", "*"),
            ("x-ms-recursive", "true"),
        ],
        "demo/shared/Open%20Questions.docx",
    );
    assert_eq!(on_file.status, 400, "x-ms-recursive on a file");
    let missing = put(
        &[("x-ms-version", "2026-10-06"), ("x-ms-handle-id", "*")],
        "demo/nope",
    );
    assert_eq!(
        (missing.status, missing.header("x-ms-error-code")),
        (404, Some("ResourceNotFound"))
    );
}

#[test]
fn faults_change_while_the_emulator_runs() {
    let env = Env::demo();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("http://{}/_emulator/faults", env.emulator.addr);
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .put(&url)
            .body(r#"{"busy_every":1,"retry_after_secs":0}"#)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 200);
    let run = env.azfh().run(["handles", "ls", "demo", "--retries", "1"]);
    run.failure("503 ServerBusy", "the service is busy");
    let refused = runtime.block_on(async {
        reqwest::Client::new()
            .put(&url)
            .body(r#"{"bogus":1}"#)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(refused, 400, "unknown fault names are refused");
    runtime.block_on(async {
        reqwest::Client::new()
            .put(&url)
            .body("{}")
            .send()
            .await
            .unwrap()
    });
    env.azfh().run(["handles", "ls", "demo"]).ok();
}

#[test]
fn patching_faults_changes_only_the_fields_given() {
    let env = Env::demo();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = format!("http://{}/_emulator/faults", env.emulator.addr);
    let send = |request: reqwest::RequestBuilder| {
        runtime.block_on(async {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).unwrap(),
            )
        })
    };
    let client = reqwest::Client::new();
    let (status, _) = send(
        client
            .put(&url)
            .body(r#"{"latency_ms":1,"retry_after_secs":9,"reopen_times":4}"#),
    );
    assert_eq!(status, 200);
    // The README's example: one fault on, the others as they were.
    let (status, faults) = send(client.patch(&url).body(r#"{"busy_every":3}"#));
    assert_eq!(status, 200);
    assert_eq!(
        (
            &faults["busy_every"],
            &faults["latency_ms"],
            &faults["retry_after_secs"],
            &faults["reopen_times"]
        ),
        (&json!(3), &json!(1), &json!(9), &json!(4)),
        "{faults}"
    );
    let (_, now) = send(client.get(&url));
    assert_eq!(now, faults, "GET shows what PATCH answered");
    let (status, _) = send(client.patch(&url).body(r#"{"bogus":1}"#));
    assert_eq!(status, 400, "unknown fault names are refused");
    let (_, unchanged) = send(client.get(&url));
    assert_eq!(unchanged, faults, "a refused PATCH changes nothing");
    let (_, reset) = send(client.put(&url).body("{}"));
    assert_eq!(reset["busy_every"], json!(0), "PUT {{}} resets: {reset}");
    env.azfh().run(["handles", "ls", "demo"]).ok();
}

#[test]
fn the_emulator_command_refuses_what_it_cannot_do() {
    let outside = Azfh::bare().run(["emulator", "--listen", "0.0.0.0:0"]);
    outside.usage_error("loopback");
    assert!(
        outside.stderr_lines("warning").is_empty(),
        "a refused --listen is the only thing said:\n{}",
        outside.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(
        &state,
        r#"{"shares":[{"name":"dat","handles":[{"path":"missing.txt","client_ip":"10.0.0.1:1"}]}]}"#,
    )
    .unwrap();
    Azfh::bare()
        .run([
            "emulator",
            "--state",
            state.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .usage_error("missing.txt");
    Azfh::bare()
        .run(["emulator", "--generate", "big:ten"])
        .usage_error("big:ten");
    Azfh::bare()
        .run(["emulator", "--tree", "t:10:10"])
        .usage_error("'t' is not a valid share name");
}

#[test]
fn the_emulator_command_serves_and_prints_its_connection_string() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_azfh"))
        .args([
            "emulator",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--request-log",
            log.to_str().unwrap(),
        ])
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let connection_string = line.trim().to_owned();
    assert!(
        connection_string
            .starts_with("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;")
    );
    let run = Azfh::bare()
        .env("AZURE_STORAGE_CONNECTION_STRING", &connection_string)
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "jsonl",
            "--page-size",
            "100",
        ]);
    assert_eq!(run.jsonl_ids().len(), demo::DEMO_HANDLES);
    child.kill().unwrap();
    child.wait().unwrap();
    let entries: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 3, "one log line per request");
    assert!(
        entries
            .iter()
            .all(|e| e["operation"] == "ListHandles" && e["status"] == 200)
    );
    assert!(
        entries.iter().all(|e| e["client_request_id"].is_string()),
        "azfh sends a client request id"
    );
    let ids: std::collections::HashSet<&str> = entries
        .iter()
        .map(|e| e["client_request_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "a fresh x-ms-client-request-id per request");
}

#[test]
fn the_emulator_serves_an_account_of_the_name_given() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_azfh"))
        .args([
            "emulator",
            "--demo",
            "--account",
            "contosofiles",
            "--listen",
            "127.0.0.1:0",
        ])
        .env_clear()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let connection_string = line.trim().to_owned();
    assert!(
        connection_string.contains("AccountName=contosofiles;")
            && connection_string.ends_with("/contosofiles;"),
        "{connection_string}"
    );
    let run = Azfh::bare()
        .env("AZURE_STORAGE_CONNECTION_STRING", &connection_string)
        .run(["handles", "ls", "demo", "-r", "-o", "jsonl"]);
    let records: Vec<serde_json::Value> = run
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), demo::DEMO_HANDLES);
    assert!(records.iter().all(|r| r["account"] == "contosofiles"));
    // The development account's name is not served by it.
    let other = connection_string.replace("contosofiles", "devstoreaccount1");
    let refused = Azfh::bare()
        .env("AZURE_STORAGE_CONNECTION_STRING", &other)
        .run(["handles", "ls", "demo"]);
    assert_ne!(refused.status, 0, "{}", refused.stderr);
    child.kill().unwrap();
    child.wait().unwrap();
    for bad in [
        "ab",
        "Contoso",
        "contoso-files",
        "a23456789012345678901234x",
    ] {
        Azfh::bare()
            .run(["emulator", "--account", bad, "--listen", "127.0.0.1:0"])
            .usage_error(bad);
    }
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let env = Env::demo();
    let plain = env.azfh().run(["handles", "ls", "demo", "-o", "table"]);
    assert!(!plain.ok().contains('\u{1b}'), "no escape codes in a pipe");
    let forced = env
        .azfh()
        .run(["handles", "ls", "demo", "-o", "table", "--color", "always"]);
    assert!(
        forced.ok().contains("\u{1b}[1m"),
        "bold headers with --color always"
    );
    let error = env
        .azfh()
        .run(["handles", "ls", "nosuchshare", "--color", "always"]);
    assert!(error.stderr.contains("\u{1b}["), "colored error label");
    let never = env
        .azfh()
        .env("NO_COLOR", "1")
        .run(["handles", "ls", "nosuchshare"]);
    assert!(!never.stderr.contains('\u{1b}'));
    let never = env
        .azfh()
        .run(["handles", "ls", "nosuchshare", "--color", "never"]);
    assert!(!never.stderr.contains('\u{1b}'));
}

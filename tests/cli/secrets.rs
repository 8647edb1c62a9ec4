//! The secrets audit: every command, at `-vv` and `-vvv`, with every kind of credential, right
//! and wrong; neither the account key, nor a SAS signature, nor a bearer token may appear on
//! stdout, on stderr, or in any file azfh writes (downloads, partial files, resume state).

use std::path::{Path, PathBuf};

use azfh_emulator::ACCOUNT;
use azfh_protocol::sas::SasFields;
use base64::Engine;

use crate::auth::{SECRET_KEY, fake_az, secret_env};
use crate::support::{Azfh, Env, Run, files_below};

/// The token the emulator accepts (`secret_env`).
const GOOD_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-bearer-token-for-azfh";
/// A token it refuses.
const BAD_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.refused-secret-token-value";
/// A well-formed key that is not the account's.
const WRONG_KEY: &str =
    "d3Jvbmcta2V5LWZvci1henZoLXRlc3RzLW9ubHktZG8tbm90LXVzZS1pdC1hbnl3aGVyZS1lbHNlLTY3ODk=";

/// An account SAS for every operation, signed with `key`: the token and its signature.
fn account_sas(key: &str) -> (String, String) {
    let key = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap();
    let fields = SasFields {
        version: "2026-10-06".into(),
        permissions: "rwdl".into(),
        expiry: "2099-01-01T00:00:00Z".into(),
        services: Some("f".into()),
        resource_types: Some("sco".into()),
        ..SasFields::default()
    };
    let token = fields.sign(ACCOUNT, "", &key);
    let sig = azfh_protocol::signing::sign(&key, &fields.string_to_sign(ACCOUNT, ""));
    (token, sig)
}

/// How a run gets its credential.
#[derive(Debug, Clone, Copy)]
enum Via {
    KeyOption,
    KeyConnectionString,
    SasOption,
    SasConnectionString,
    SasInUrl,
    Login,
}

const VIAS: [Via; 6] = [
    Via::KeyOption,
    Via::KeyConnectionString,
    Via::SasOption,
    Via::SasConnectionString,
    Via::SasInUrl,
    Via::Login,
];

/// The commands, each as arguments given a TARGET maker (plain `share/path`, or a URL).
fn commands(target: &dyn Fn(&str) -> String, out: &Path) -> Vec<Vec<String>> {
    let dest = |name: &str| out.join(name).to_string_lossy().into_owned();
    let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let with = |mut head: Vec<String>, tail: &[&str]| {
        head.extend(tail.iter().map(|s| (*s).to_owned()));
        head
    };
    vec![
        with(list(&["handles", "ls", &target("demo")]), &["-r"]),
        with(
            list(&["handles", "close", &target("demo/projects")]),
            &["-r", "--older-than", "7d", "--dry-run"],
        ),
        with(
            list(&["handles", "close", &target("demo/scans")]),
            &["-r", "--older-than", "7d", "--yes"],
        ),
        with(list(&["ls", &target("demo")]), &["-r", "-l"]),
        list(&[
            "get",
            &target("demo/projects/apollo/src/main.c"),
            &dest("main.c"),
            "--force",
            "--block-size",
            "256K",
        ]),
        list(&[
            "get",
            &target("demo/projects/apollo/src"),
            &dest("src"),
            "-r",
            "--force",
        ]),
    ]
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Writes a TARGET (`share/path`) the way a credential needs it.
type TargetForm = Box<dyn Fn(&str) -> String>;

/// One credential, right (`good`) or wrong, set up on `azfh`; returns the secrets it carries
/// and how TARGETs are written.
fn credential(env: &Env, via: Via, good: bool, bin: &Path) -> (Azfh, Vec<String>, TargetForm) {
    let key = if good { SECRET_KEY } else { WRONG_KEY };
    let (token, sig) = account_sas(key);
    let sas_secrets = vec![sig.clone(), azfh_protocol::percent::encode_component(&sig)];
    let plain: TargetForm = Box::new(str::to_owned);
    let endpoint = env.emulator.endpoint();
    match via {
        Via::KeyOption => {
            let mut azfh = env.azfh_without_credential();
            azfh.env("AZURE_STORAGE_KEY", key);
            (azfh, vec![key.to_owned()], plain)
        }
        Via::KeyConnectionString => {
            let mut azfh = Azfh::bare();
            azfh.env(
                "AZURE_STORAGE_CONNECTION_STRING",
                format!("AccountName={ACCOUNT};AccountKey={key};FileEndpoint={endpoint}"),
            );
            (azfh, vec![key.to_owned()], plain)
        }
        Via::SasOption => {
            let mut azfh = env.azfh_without_credential();
            azfh.env("AZURE_STORAGE_SAS_TOKEN", &token);
            (azfh, sas_secrets, plain)
        }
        Via::SasConnectionString => {
            let mut azfh = Azfh::bare();
            azfh.env(
                "AZURE_STORAGE_CONNECTION_STRING",
                format!("FileEndpoint={endpoint};SharedAccessSignature={token}"),
            );
            (azfh, sas_secrets, plain)
        }
        Via::SasInUrl => {
            let url = move |target: &str| {
                let path: Vec<String> = target
                    .split('/')
                    .map(azfh_protocol::percent::encode_component)
                    .collect();
                format!("{endpoint}/{}?{token}", path.join("/"))
            };
            (Azfh::bare(), sas_secrets, Box::new(url))
        }
        Via::Login => {
            let bearer = if good { GOOD_TOKEN } else { BAD_TOKEN };
            fake_az(
                bin,
                &format!(
                    r#"echo '{{"accessToken":"{bearer}","expires_on":4102444800,"tokenType":"Bearer"}}'"#
                ),
            );
            let mut azfh = env.azfh_without_credential();
            azfh.path_prepend(bin).env("AZURE_TOKEN_CREDENTIALS", "dev");
            (azfh, vec![bearer.to_owned()], plain)
        }
    }
}

#[test]
fn no_secret_reaches_output_logs_or_files() {
    let env = secret_env();
    let out = tempfile::tempdir().unwrap();
    let mut runs = 0;
    let mut all_secrets = vec![
        SECRET_KEY.to_owned(),
        WRONG_KEY.to_owned(),
        GOOD_TOKEN.to_owned(),
        BAD_TOKEN.to_owned(),
    ];
    for via in VIAS {
        for good in [true, false] {
            for verbosity in ["-vv", "-vvv"] {
                let bin = tempfile::tempdir().unwrap();
                let (_, secrets, target) = credential(&env, via, good, bin.path());
                all_secrets.extend(secrets.iter().cloned());
                for mut args in commands(&*target, out.path()) {
                    args.push(verbosity.to_owned());
                    let (mut azfh, _, _) = credential(&env, via, good, bin.path());
                    let run: Run = azfh.run(&args);
                    runs += 1;
                    let what = format!("{via:?} good={good} {args:?}");
                    if good {
                        assert_eq!(run.status, 0, "{what}\n{}", run.stderr);
                    } else {
                        assert_eq!(run.status, 1, "{what}\n{}", run.stderr);
                        assert!(run.stderr.contains("error:"), "{what}\n{}", run.stderr);
                    }
                    assert!(
                        run.stderr.contains("GET ") || run.stderr.contains("PUT "),
                        "{what}: -vv logs requests\n{}",
                        run.stderr
                    );
                    for secret in &secrets {
                        assert!(!run.stdout.contains(secret.as_str()), "{what}: stdout");
                        assert!(
                            !run.stderr.contains(secret.as_str()),
                            "{what}: stderr holds a secret:\n{}",
                            run.stderr
                        );
                    }
                }
            }
        }
    }
    assert_eq!(runs, 6 * 2 * 2 * 6);
    let written: Vec<(PathBuf, Vec<u8>)> = files_below(out.path())
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    assert!(
        written.len() > 3,
        "the downloads are there: {}",
        written.len()
    );
    for (path, bytes) in &written {
        for secret in &all_secrets {
            assert!(
                !contains(bytes, secret),
                "{} holds a secret",
                path.display()
            );
        }
    }
}

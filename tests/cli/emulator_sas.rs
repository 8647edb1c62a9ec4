//! SAS as the service checks it: an account SAS's resource types (`srt`) and every SAS's
//! permissions per operation, start and expiry in each form the service accepts, and the
//! service's codes with their detail when it refuses.

use azfh_emulator::load::state_file;
use azfh_emulator::{ACCOUNT, ACCOUNT_KEY, EmulatorConfig};
use azfh_protocol::sas::SasFields;
use base64::Engine;

use crate::emulator_requests::{Answer, Credential, VERSION, send};
use crate::support::Env;

const STATE: &str = r#"{"shares": [{"name": "data",
  "files": [{"path": "docs/a.txt", "size": 5}],
  "handles": [{"path": "docs/a.txt", "client_ip": "10.0.0.1:5"}]}]}"#;

fn env() -> Env {
    Env::with(EmulatorConfig::default(), |store, now| {
        state_file::load(store, STATE, now).unwrap();
    })
}

fn key() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(ACCOUNT_KEY)
        .unwrap()
}

/// An account SAS for the file service.
fn account_sas(resource_types: &str, permissions: &str, expiry: &str) -> String {
    SasFields {
        version: VERSION.into(),
        permissions: permissions.into(),
        expiry: expiry.into(),
        services: Some("f".into()),
        resource_types: Some(resource_types.into()),
        ..SasFields::default()
    }
    .sign(ACCOUNT, "", &key())
}

/// A service SAS for share `data`.
fn share_sas(permissions: &str, start: Option<&str>, expiry: &str) -> String {
    SasFields {
        version: VERSION.into(),
        permissions: permissions.into(),
        start: start.map(str::to_owned),
        expiry: expiry.into(),
        resource: Some("s".into()),
        ..SasFields::default()
    }
    .sign(ACCOUNT, "/data", &key())
}

/// A call a SAS is tried on: what it is, method, path, query.
type Call = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CALLS: &[Call] = &[
    ("list shares", "GET", "", &[("comp", "list")]),
    ("share properties", "GET", "data", &[("restype", "share")]),
    (
        "list directory",
        "GET",
        "data",
        &[("restype", "directory"), ("comp", "list")],
    ),
    (
        "directory properties",
        "HEAD",
        "data/docs",
        &[("restype", "directory")],
    ),
    ("list handles", "GET", "data", &[("comp", "listhandles")]),
    ("read a file", "GET", "data/docs/a.txt", &[]),
];

fn call(env: &Env, what: &str, token: &str) -> Answer {
    let (_, method, path, query) = CALLS.iter().find(|c| c.0 == what).unwrap();
    send(env, method, path, query, &Credential::Sas(token))
}

#[test]
fn account_sas_resource_types_are_checked_per_operation() {
    let env = env();
    // What each resource type reaches: s the service, c shares and listings, o the rest.
    let reach: &[(&str, &[&str])] = &[
        ("s", &["list shares"]),
        ("c", &["share properties", "list directory"]),
        (
            "o",
            &["directory properties", "list handles", "read a file"],
        ),
    ];
    for (types, allowed) in reach {
        let token = account_sas(types, "rl", "2099-01-01T00:00:00Z");
        for (what, ..) in CALLS {
            let answer = call(&env, what, &token);
            if allowed.contains(what) {
                assert_eq!(answer.status, 200, "srt={types} {what}: {}", answer.text());
            } else {
                assert_eq!(
                    (answer.status, answer.code()),
                    (403, "AuthorizationResourceTypeMismatch"),
                    "srt={types} {what}"
                );
            }
        }
    }
    let all = account_sas("sco", "rl", "2099-01-01T00:00:00Z");
    for (what, ..) in CALLS {
        assert_eq!(call(&env, what, &all).status, 200, "srt=sco {what}");
    }
}

#[test]
fn permissions_are_checked_per_operation() {
    let env = env();
    let list_only = share_sas("l", None, "2099-01-01");
    assert_eq!(call(&env, "list handles", &list_only).status, 200);
    let read = call(&env, "read a file", &list_only);
    assert_eq!(
        (read.status, read.code()),
        (403, "AuthorizationPermissionMismatch")
    );
    assert!(
        read.text().contains("<AuthenticationErrorDetail>"),
        "{}",
        read.text()
    );

    let read_only = share_sas("r", None, "2099-01-01");
    assert_eq!(call(&env, "read a file", &read_only).status, 200);
    let listing = call(&env, "list handles", &read_only);
    assert_eq!(
        (listing.status, listing.code()),
        (403, "AuthorizationPermissionMismatch")
    );

    let close = |token: &str| {
        send(
            &env,
            "PUT",
            "data/docs/a.txt",
            &[("comp", "forceclosehandles")],
            &Credential::Sas(token),
        )
    };
    let refused = close(&share_sas("rl", None, "2099-01-01"));
    assert_eq!(
        (refused.status, refused.code()),
        (403, "AuthorizationPermissionMismatch")
    );
    assert_eq!(
        env.handles("data").len(),
        1,
        "a refused close closes nothing"
    );
}

#[test]
fn start_and_expiry_in_every_form_the_service_accepts() {
    let env = env();
    for expiry in [
        "2099-01-01",
        "2099-01-01T00:00Z",
        "2099-01-01T00:00:00Z",
        "2099-01-01T00:00:00.0000000Z",
    ] {
        for start in [None, Some("2020-01-01"), Some("2020-01-01T08:30Z")] {
            let answer = call(&env, "list handles", &share_sas("l", start, expiry));
            assert_eq!(
                answer.status,
                200,
                "se={expiry} st={start:?}: {}",
                answer.text()
            );
        }
    }
    let refusals = [
        (
            None,
            "2020-01-01",
            "Signature not valid in the specified time frame",
        ),
        (
            Some("2098-01-01T00:00Z"),
            "2099-01-01",
            "Signature not valid in the specified time frame",
        ),
        (
            None,
            "next tuesday",
            "Signed expiry time is missing or malformed.",
        ),
        (
            Some("2020-01-01T10"),
            "2099-01-01",
            "Signed start time is malformed.",
        ),
    ];
    for (start, expiry, detail) in refusals {
        let answer = call(&env, "list handles", &share_sas("l", start, expiry));
        assert_eq!(
            (answer.status, answer.code()),
            (403, "AuthenticationFailed"),
            "se={expiry} st={start:?}"
        );
        let text = answer.text();
        assert!(
            text.contains(&format!("<AuthenticationErrorDetail>{detail}")),
            "se={expiry} st={start:?}: {text}"
        );
    }
}

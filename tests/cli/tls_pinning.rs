//! `--ca-cert FILE` trusts the certificate a cluster presents, including the self-signed
//! `CA:TRUE` certificates appliances ship (pinned: byte-equal to one in FILE); every other
//! refusal names its exact reason (expired, another name, a CA certificate that is not the
//! pinned one, an unknown issuer) with a hint that fits what the user already passed.

use std::path::PathBuf;
use std::time::Duration;

use azfh_emulator::qumulo::tls::CertificateKind;
use azfh_emulator::qumulo::{BackgroundQumulo, QumuloConfig, state};

use super::support::{Azfh, Run};
use super::watched::run_watched;

const TOKEN: &str = "access-v1:emulated-secret-token-0123456789";

struct Cluster {
    emulator: BackgroundQumulo,
    ca_cert: PathBuf,
    _dir: tempfile::TempDir,
}

impl Cluster {
    fn presenting(kind: CertificateKind) -> Self {
        let mut cluster = state::demo();
        cluster.tokens.insert(TOKEN.into());
        let emulator = BackgroundQumulo::start_presenting(QumuloConfig::default(), cluster, kind)
            .expect("the cluster starts");
        let dir = tempfile::tempdir().unwrap();
        let ca_cert = dir.path().join("cluster.pem");
        std::fs::write(&ca_cert, &emulator.certificate_pem).unwrap();
        Self {
            emulator,
            ca_cert,
            _dir: dir,
        }
    }

    fn ls(&self, ca_cert: Option<&PathBuf>) -> Run {
        let mut azfh = Azfh::bare();
        azfh.env("QUMULO_TOKEN", TOKEN).env("AZFH_OUTPUT", "jsonl");
        let target = format!("{}/", self.emulator.target);
        let mut args = vec!["handles".to_owned(), "ls".into(), target, "-r".into()];
        if let Some(path) = ca_cert {
            args.extend(["--ca-cert".to_owned(), path.to_string_lossy().into_owned()]);
        }
        run_watched(&mut azfh, &args, Duration::from_secs(60)).run
    }
}

#[track_caller]
fn refused(run: &Run, reason: &str, hint: &str) {
    assert_eq!(run.status, 1, "{}", run.stderr);
    let errors = run.stderr_lines("error");
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].contains(reason),
        "the error names '{reason}':\n{}",
        run.stderr
    );
    let hints = run.stderr_lines("hint");
    assert_eq!(hints.len(), 1, "{}", run.stderr);
    assert!(
        hints[0].contains(hint),
        "the hint names '{hint}':\n{}",
        run.stderr
    );
}

#[test]
fn a_self_signed_ca_certificate_is_trusted_when_it_is_the_one_in_ca_cert() {
    let cluster = Cluster::presenting(CertificateKind::SelfSignedCa);
    let listed = cluster.ls(Some(&cluster.ca_cert));
    assert!(!listed.ok().is_empty(), "{}", listed.stderr);
    let trusted_requests = cluster.emulator.view.requests();

    // Without --ca-cert: the reason, and the hint to pass it.
    let untrusted = cluster.ls(None);
    refused(
        &untrusted,
        "CA certificate (CA:TRUE)",
        "trust exactly this certificate with --ca-cert FILE",
    );
    // A plain self-signed certificate, and a --ca-cert that does not hold it: the issuer is
    // unknown, and the hint does not ask for --ca-cert again.
    let plain = Cluster::presenting(CertificateKind::SelfSigned);
    refused(
        &plain.ls(None),
        "signed by no trusted certificate",
        "--ca-cert FILE",
    );
    let unknown = plain.ls(Some(&cluster.ca_cert));
    refused(
        &unknown,
        "signed by no trusted certificate",
        "neither --ca-cert",
    );

    // Another cluster's CA:TRUE certificate in --ca-cert: not pinned, so not trusted, and the
    // hint does not ask for the --ca-cert the user gave.
    let other = Cluster::presenting(CertificateKind::SelfSignedCa);
    let wrong = cluster.ls(Some(&other.ca_cert));
    refused(
        &wrong,
        "CA certificate (CA:TRUE)",
        "not the one the server presents",
    );
    assert!(!wrong.stderr.contains("pass --ca-cert"), "{}", wrong.stderr);
    assert_eq!(
        cluster.emulator.view.requests(),
        trusted_requests,
        "no request passes a refused handshake"
    );
}

#[test]
fn an_expired_certificate_and_one_for_another_name_each_give_their_reason() {
    let expired = Cluster::presenting(CertificateKind::Expired);
    refused(
        &expired.ls(Some(&expired.ca_cert)),
        "has expired",
        "renew the server's certificate",
    );
    let renamed = Cluster::presenting(CertificateKind::OtherName);
    refused(
        &renamed.ls(Some(&renamed.ca_cert)),
        "for another name",
        "host name the certificate lists",
    );
    assert_eq!(expired.emulator.view.requests(), 0);
    assert_eq!(renamed.emulator.view.requests(), 0);
}

/// Azure Files over HTTPS goes through the same HTTP stack as Qumulo: a certificate no root
/// vouches for is refused with its reason and the `--ca-cert` hint, before any request, and
/// `--ca-cert` with that certificate lets the listing through.
#[test]
fn an_azure_endpoint_over_https_gets_the_same_certificate_reasons_and_hints() {
    use super::hostile::{Hostile, Reply};
    let server = Hostile::start_tls(|_| {
        Reply::xml(
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Entries><Handle><HandleId>7</HandleId><Path>a.txt</Path><FileId>1</FileId><ParentId>0</ParentId><SessionId>1</SessionId><ClientIp>10.0.0.1:445</ClientIp><OpenTime>Fri, 03 May 2019 05:59:43 GMT</OpenTime></Handle></Entries><NextMarker /></EnumerationResults>",
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let ca_cert = dir.path().join("server.pem");
    std::fs::write(&ca_cert, server.certificate_pem.as_deref().unwrap()).unwrap();
    // The protocol and the endpoint, both http:// in the kit's connection string.
    let connection_string = server.connection_string().replace("http", "https");
    let ls = |ca_cert: Option<&PathBuf>| {
        let mut azfh = Azfh::bare();
        azfh.env("AZURE_STORAGE_CONNECTION_STRING", &connection_string)
            .env("AZFH_OUTPUT", "jsonl");
        let mut args = vec!["handles".to_owned(), "ls".into(), "share".into()];
        if let Some(path) = ca_cert {
            args.extend(["--ca-cert".to_owned(), path.to_string_lossy().into_owned()]);
        }
        run_watched(&mut azfh, &args, Duration::from_secs(60)).run
    };

    refused(
        &ls(None),
        "signed by no trusted certificate",
        "--ca-cert FILE",
    );
    assert!(
        server.requests().is_empty(),
        "no request passes a refused handshake"
    );

    let trusted = ls(Some(&ca_cert));
    assert_eq!(trusted.status, 0, "{}", trusted.stderr);
    assert!(
        trusted.ok().contains("\"handle_id\":\"7\""),
        "{}",
        trusted.stdout
    );
}

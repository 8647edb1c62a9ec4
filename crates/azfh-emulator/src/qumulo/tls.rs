//! The emulated cluster's certificate: self-signed and made fresh at each start, as a real
//! cluster's is self-signed, so that clients meet the same trust question (`--ca-cert` or
//! `--insecure`). Tests can ask for the certificates that trip clients up: a self-signed one
//! with `CA:TRUE` (what appliances ship and `openssl req -x509` makes), an expired one, and
//! one for another name.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use rustls::ServerConfig;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// Which certificate the emulated cluster presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CertificateKind {
    /// Self-signed for `localhost`, `127.0.0.1` and `::1`, without basic constraints.
    #[default]
    SelfSigned,
    /// The same names, self-signed with `basicConstraints: CA:TRUE`.
    SelfSignedCa,
    /// The same names, valid only in 2020.
    Expired,
    /// Self-signed for `cluster.invalid` only.
    OtherName,
}

/// A certificate for `localhost`, `127.0.0.1` and `::1`, and the server configuration
/// presenting it. The PEM is what a client trusts with `--ca-cert`.
pub fn self_signed() -> std::io::Result<(String, Arc<ServerConfig>)> {
    certificate(CertificateKind::SelfSigned)
}

/// A certificate of `kind`, and the server configuration presenting it.
pub fn certificate(kind: CertificateKind) -> std::io::Result<(String, Arc<ServerConfig>)> {
    let invalid = |err: &dyn std::fmt::Display| std::io::Error::other(err.to_string());
    let names = match kind {
        CertificateKind::OtherName => vec!["cluster.invalid".to_owned()],
        _ => vec![
            "localhost".to_owned(),
            "127.0.0.1".to_owned(),
            "::1".to_owned(),
        ],
    };
    let mut params = CertificateParams::new(names).map_err(|e| invalid(&e))?;
    match kind {
        CertificateKind::SelfSignedCa => {
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        CertificateKind::Expired => {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2020, 12, 31);
        }
        CertificateKind::SelfSigned | CertificateKind::OtherName => {}
    }
    let signing_key = KeyPair::generate().map_err(|e| invalid(&e))?;
    let cert = params.self_signed(&signing_key).map_err(|e| invalid(&e))?;
    let pem = cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .map_err(|e| invalid(&e))?;
    Ok((pem, Arc::new(config)))
}

//! The emulated cluster's certificate: self-signed and made fresh at each start, as a real
//! cluster's is self-signed, so that clients meet the same trust question (`--ca-cert` or
//! `--insecure`).

use std::sync::Arc;

use rustls::ServerConfig;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate for `localhost`, `127.0.0.1` and `::1`, and the server configuration
/// presenting it. The PEM is what a client trusts with `--ca-cert`.
pub fn self_signed() -> std::io::Result<(String, Arc<ServerConfig>)> {
    let invalid = |err: &dyn std::fmt::Display| std::io::Error::other(err.to_string());
    let names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| invalid(&e))?;
    let pem = certified.cert.pem();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .map_err(|e| invalid(&e))?;
    Ok((pem, Arc::new(config)))
}

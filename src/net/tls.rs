//! Which server certificates a backend's HTTPS client trusts.
//!
//! Qumulo clusters ship self-signed certificates, and private endpoints may sit behind a
//! company CA: `--ca-cert FILE` adds the PEM certificates of FILE to the system's roots, and
//! `--insecure` turns verification off (the command warns on stderr every time). The file is
//! read and checked once, before any request; applying the settings to a client cannot fail.

use std::path::Path;

/// The trust settings of the HTTPS clients, from the global options.
#[derive(Debug, Clone, Default)]
pub struct TlsSettings {
    /// Certificates to trust besides the system's roots.
    extra_roots: Vec<reqwest::Certificate>,
    /// Accept any certificate (for a cluster whose certificate cannot be obtained).
    insecure: bool,
}

/// A `--ca-cert` file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(pub String);

impl TlsSettings {
    /// Reads the PEM certificates of `ca_cert`, if given.
    pub fn load(ca_cert: Option<&Path>, insecure: bool) -> Result<Self, TlsError> {
        let mut extra_roots = Vec::new();
        if let Some(path) = ca_cert {
            let pem = std::fs::read(path).map_err(|err| {
                TlsError(format!("cannot read --ca-cert {}: {err}", path.display()))
            })?;
            extra_roots = reqwest::Certificate::from_pem_bundle(&pem)
                .ok()
                .filter(|certs| !certs.is_empty())
                .ok_or_else(|| {
                    TlsError(format!(
                        "--ca-cert {} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                        path.display()
                    ))
                })?;
        }
        Ok(Self {
            extra_roots,
            insecure,
        })
    }

    /// Applies the settings to a reqwest client builder.
    pub fn apply(&self, mut builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        for certificate in &self.extra_roots {
            builder = builder.add_root_certificate(certificate.clone());
        }
        if self.insecure {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        builder
    }
}

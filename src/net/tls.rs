//! Which server certificates a backend's HTTPS client trusts.
//!
//! Qumulo clusters ship self-signed certificates, and private endpoints may sit behind a
//! company CA: `--ca-cert FILE` adds the PEM certificates of FILE to the system's roots, and
//! `--insecure` turns verification off (the command warns on stderr every time).

use std::path::PathBuf;

/// The trust settings of the HTTPS clients, from the global options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsSettings {
    /// PEM certificates to trust besides the system's roots.
    pub ca_cert: Option<PathBuf>,
    /// Accept any certificate (for a cluster whose certificate cannot be obtained).
    pub insecure: bool,
}

/// A `--ca-cert` file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(pub String);

impl TlsSettings {
    /// Applies the settings to a reqwest client builder.
    pub fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, TlsError> {
        if let Some(path) = &self.ca_cert {
            let pem = std::fs::read(path).map_err(|err| {
                TlsError(format!("cannot read --ca-cert {}: {err}", path.display()))
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .ok()
                .filter(|certs| !certs.is_empty())
                .ok_or_else(|| {
                    TlsError(format!(
                        "--ca-cert {} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                        path.display()
                    ))
                })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        if self.insecure {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }
}

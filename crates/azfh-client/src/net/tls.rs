//! Which server certificates a backend's HTTPS client trusts, and why one was refused.
//!
//! Qumulo clusters ship self-signed certificates, and private endpoints may sit behind a
//! company CA: `--ca-cert FILE` adds the PEM certificates of FILE to the system's roots, and
//! `--insecure` turns verification off (the command warns on stderr every time). The file is
//! read and checked once, before any request; applying the settings to a client cannot fail.
//!
//! A certificate in `--ca-cert` is also *pinned*: a server presenting exactly that certificate
//! (byte for byte) is trusted even when it is a self-signed certificate with `CA:TRUE`, as
//! appliances and `openssl req -x509` make them, which WebPKI alone refuses as "a CA used as an
//! end entity". Its name is still checked, as are its dates, and the handshake's signatures are
//! still verified with the crypto provider's algorithms.

use std::error::Error as StdError;
use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

use super::platform_roots::PlatformRoots;

/// The trust settings of the HTTPS clients, from the global options.
#[derive(Debug, Clone)]
pub struct TlsSettings {
    /// Without `--ca-cert`: the system's roots, loaded at the first handshake (see
    /// [`PlatformRoots`]); shared by every client of the run.
    platform: Arc<rustls::ClientConfig>,
    /// With `--ca-cert`: a client configuration whose verifier trusts the system's roots, the
    /// file's certificates as roots, and the file's certificates pinned.
    pinned: Option<Arc<rustls::ClientConfig>>,
    /// Accept any certificate (for a cluster whose certificate cannot be obtained).
    insecure: bool,
}

impl Default for TlsSettings {
    /// The system's roots, verification on.
    fn default() -> Self {
        Self {
            platform: platform_config(),
            pinned: None,
            insecure: false,
        }
    }
}

/// A client configuration over `verifier`, as reqwest would make its own: the provider's safe
/// protocol versions (TLS 1.2 and 1.3), HTTP/1.1 offered by ALPN, no client certificate.
fn client_config(
    provider: Arc<CryptoProvider>,
    verifier: Arc<dyn ServerCertVerifier>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The configuration that trusts the system's roots, loaded when first needed.
fn platform_config() -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = Arc::new(PlatformRoots::new(provider.clone()));
    Arc::new(
        client_config(provider, verifier)
            .expect("aws-lc-rs supports the safe default protocol versions"),
    )
}

/// A `--ca-cert` file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(pub String);

impl TlsSettings {
    /// Reads the PEM certificates of `ca_cert`, if given.
    pub fn load(ca_cert: Option<&Path>, insecure: bool) -> Result<Self, TlsError> {
        let Some(path) = ca_cert else {
            return Ok(Self {
                insecure,
                ..Self::default()
            });
        };
        let pem = std::fs::read(path)
            .map_err(|err| TlsError(format!("cannot read --ca-cert {}: {err}", path.display())))?;
        let no_certificate = || {
            TlsError(format!(
                "--ca-cert {} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                path.display()
            ))
        };
        let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<_, _>>()
            .map_err(|_| no_certificate())?;
        if certificates.is_empty() {
            return Err(no_certificate());
        }
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let unusable = |err: &dyn std::fmt::Display| {
            TlsError(format!(
                "--ca-cert {}: a certificate cannot be used: {err}",
                path.display()
            ))
        };
        let verifier = PinningVerifier {
            inner: rustls_platform_verifier::Verifier::new_with_extra_roots(
                certificates.clone(),
                provider.clone(),
            )
            .map_err(|err| unusable(&err))?,
            pinned: certificates,
        };
        let config = client_config(provider, Arc::new(verifier)).map_err(|err| unusable(&err))?;
        Ok(Self {
            pinned: Some(Arc::new(config)),
            insecure,
            ..Self::default()
        })
    }

    /// Whether `--ca-cert` was given: hints must not tell the user to pass it again.
    pub fn has_ca_cert(&self) -> bool {
        self.pinned.is_some()
    }

    /// Applies the settings to a reqwest client builder.
    pub fn apply(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        if self.insecure {
            return builder.tls_danger_accept_invalid_certs(true);
        }
        let config = self.pinned.as_ref().unwrap_or(&self.platform);
        builder.use_preconfigured_tls(rustls::ClientConfig::clone(config))
    }
}

/// The WebPKI verification of the platform (system roots plus `--ca-cert`), except that a
/// certificate of `--ca-cert` itself is accepted although it is a CA certificate.
#[derive(Debug)]
struct PinningVerifier {
    inner: rustls_platform_verifier::Verifier,
    pinned: Vec<CertificateDer<'static>>,
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        match verdict {
            // WebPKI checks the dates before the basic constraints, so a pinned certificate
            // refused only for being a CA is within its dates; its name is checked here, as
            // WebPKI would have checked it next.
            Err(rustls::Error::InvalidCertificate(CertificateError::Other(other)))
                if is_ca_used_as_end_entity(&other)
                    && self
                        .pinned
                        .iter()
                        .any(|pinned| pinned.as_ref() == end_entity.as_ref()) =>
            {
                let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
                rustls::client::verify_server_name(&parsed, server_name)?;
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    // The handshake's signatures: as the platform's verifier checks them.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// WebPKI's `CaUsedAsEndEntity`, which rustls passes on as an opaque "other" error.
fn is_ca_used_as_end_entity(other: &rustls::OtherError) -> bool {
    format!("{other:?}").contains("CaUsedAsEndEntity")
}

/// Why a server's certificate was refused, for one clear message and a hint that fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateProblem {
    Expired,
    NotYetValid,
    /// The certificate does not name the host azfh connected to.
    WrongName,
    /// A CA certificate (`CA:TRUE`) presented as the server's own, and not the pinned one.
    CaUsedAsEndEntity,
    /// Signed by no trusted certificate.
    UnknownIssuer,
    /// Anything else rustls refused.
    Other,
}

impl CertificateProblem {
    /// The certificate problem behind a failed request, if that is why it failed.
    pub fn of(err: &(dyn StdError + 'static)) -> Option<Self> {
        let mut cause: Option<&(dyn StdError + 'static)> = Some(err);
        while let Some(mut current) = cause {
            // io::Error's source() skips the error it wraps: look inside (and inside that).
            while let Some(inner) = current
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
            {
                current = inner;
            }
            if let Some(rustls) = current.downcast_ref::<rustls::Error>() {
                return Self::of_rustls(rustls);
            }
            cause = current.source();
        }
        None
    }

    fn of_rustls(err: &rustls::Error) -> Option<Self> {
        let rustls::Error::InvalidCertificate(certificate) = err else {
            return None;
        };
        Some(match certificate {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => Self::Expired,
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                Self::NotYetValid
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                Self::WrongName
            }
            // A bad signature: a trusted certificate of the issuer's name, but another key
            // (self-signed certificates of one appliance model share a name).
            CertificateError::UnknownIssuer | CertificateError::BadSignature => Self::UnknownIssuer,
            CertificateError::Other(other) if is_ca_used_as_end_entity(other) => {
                Self::CaUsedAsEndEntity
            }
            _ => Self::Other,
        })
    }

    /// What is wrong, for the error line.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Expired => "the server's certificate has expired",
            Self::NotYetValid => "the server's certificate is not valid yet",
            Self::WrongName => "the server's certificate is for another name",
            Self::CaUsedAsEndEntity => {
                "the server presents a CA certificate (CA:TRUE) as its own certificate"
            }
            Self::UnknownIssuer => "the server's certificate is signed by no trusted certificate",
            Self::Other => "the server's certificate is not trusted",
        }
    }

    /// The fix, knowing whether `--ca-cert` was given.
    pub fn hint(&self, ca_cert_given: bool) -> &'static str {
        match (self, ca_cert_given) {
            (Self::Expired | Self::NotYetValid, _) => {
                "renew the server's certificate, or check this machine's clock; --insecure skips the check"
            }
            (Self::WrongName, _) => {
                "connect with a host name the certificate lists (see its subject alternative names), or reissue it for this name"
            }
            (Self::CaUsedAsEndEntity, false) => {
                "trust exactly this certificate with --ca-cert FILE (the server's own certificate, as PEM)"
            }
            (Self::CaUsedAsEndEntity, true) => {
                "the certificate in --ca-cert is not the one the server presents: export the server's own certificate again"
            }
            (Self::UnknownIssuer | Self::Other, false) => {
                "trust it with --ca-cert FILE (the server's certificate or its CA, as PEM), or skip the check with --insecure"
            }
            (Self::UnknownIssuer | Self::Other, true) => {
                "neither --ca-cert nor the system trusts the certificate that signed it: give the server's own certificate, or the CA that issued it"
            }
        }
    }
}

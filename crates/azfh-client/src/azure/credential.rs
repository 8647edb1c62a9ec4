//! Credentials: the account key, a SAS token, a bearer token; each redacts itself.
//!
//! Their `Debug` and `Display` never show secret material, so a stray `{:?}` in a log line or
//! an error cannot leak a key, a SAS signature or a token.

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use percent_encoding::percent_decode_str;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use crate::net::redact::REDACTED;

/// A credential string that is invalid; the message never repeats the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CredentialError(pub String);

/// A storage account key, decoded from base64.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountKey(Vec<u8>);

impl AccountKey {
    pub fn from_base64(text: &str) -> Result<Self, CredentialError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CredentialError("the account key is empty".into()));
        }
        BASE64.decode(text).map(AccountKey).map_err(|_| {
            CredentialError(
                "the account key is not valid base64 (a storage account key is 88 characters of A-Z, a-z, 0-9, '+' and '/', ending in '==')".into(),
            )
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountKey({REDACTED})")
    }
}

/// A shared access signature: the query parameters of a SAS URL.
#[derive(Clone, PartialEq, Eq)]
pub struct SasToken {
    /// Decoded name/value pairs, in the order given.
    pairs: Vec<(String, String)>,
}

impl SasToken {
    /// Parses a SAS token, with or without its leading `?`.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let text = text.trim().trim_start_matches('?');
        if text.is_empty() {
            return Err(CredentialError("the SAS token is empty".into()));
        }
        let mut pairs = Vec::new();
        for (index, part) in text.split('&').filter(|part| !part.is_empty()).enumerate() {
            let (name, value) = part.split_once('=').ok_or_else(|| {
                CredentialError(format!(
                    "the SAS token is malformed: parameter {} has no '='",
                    index + 1
                ))
            })?;
            let decode = |s: &str| {
                percent_decode_str(s)
                    .decode_utf8()
                    .map(std::borrow::Cow::into_owned)
                    .map_err(|_| {
                        CredentialError(
                            "the SAS token is malformed: it is not valid percent-encoded UTF-8"
                                .into(),
                        )
                    })
            };
            pairs.push((decode(name)?, decode(value)?));
        }
        let token = Self { pairs };
        if token.get("sig").is_none_or(str::is_empty) {
            return Err(CredentialError(
                "the SAS token has no signature (sig=): copy the whole token, from sv= to sig="
                    .into(),
            ));
        }
        if token.get("sv").is_none() {
            return Err(CredentialError(
                "the SAS token has no signed version (sv=): copy the whole token".into(),
            ));
        }
        for (field, name) in [("se", "expiry"), ("st", "start")] {
            if let Some(value) = token.get(field)
                && parse_sas_time(value).is_none()
            {
                return Err(CredentialError(format!(
                    "the SAS token's {name} time ({field}={value}) is not an ISO 8601 UTC time"
                )));
            }
        }
        Ok(token)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value.as_str())
    }

    /// When the token stops working (`se`), if it says.
    pub fn expiry(&self) -> Option<OffsetDateTime> {
        self.get("se").and_then(parse_sas_time)
    }

    /// The decoded parameters, to be appended to every request's query.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The signature value, so that it can be scrubbed from text the service echoes.
    pub fn signature(&self) -> &str {
        self.get("sig").unwrap_or_default()
    }
}

/// SAS times are ISO 8601 UTC: `2026-11-21T12:00:00Z`, or a date alone.
fn parse_sas_time(text: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let date = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(text, &date) {
        return Some(d.midnight().assume_utc());
    }
    let minutes = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]Z");
    time::PrimitiveDateTime::parse(text, &minutes)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

impl fmt::Debug for SasToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SasToken({self})")
    }
}

impl fmt::Display for SasToken {
    /// The token with its signature redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, value)) in self.pairs.iter().enumerate() {
            if index > 0 {
                f.write_str("&")?;
            }
            if name == "sig" {
                write!(f, "{name}={REDACTED}")?;
            } else {
                write!(f, "{name}={value}")?;
            }
        }
        Ok(())
    }
}

/// A secret string (a bearer token): never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Supplies OAuth bearer tokens for the storage scope (see `login`).
#[async_trait::async_trait]
pub trait TokenSource: Send + Sync {
    async fn token(&self) -> Result<Secret, crate::azure::error::AzureError>;
}

/// How requests are authorized.
#[derive(Clone)]
pub enum Credential {
    /// Shared Key: every request signed with the account key.
    SharedKey { account: String, key: AccountKey },
    /// A SAS token appended to every request's query.
    Sas(SasToken),
    /// OAuth: a bearer token and `x-ms-file-request-intent: backup`.
    Bearer(Arc<dyn TokenSource>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::SharedKey { account, key } => f
                .debug_struct("SharedKey")
                .field("account", account)
                .field("key", key)
                .finish(),
            Credential::Sas(token) => f.debug_tuple("Sas").field(token).finish(),
            Credential::Bearer(_) => write!(f, "Bearer({REDACTED})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEV_KEY: &str =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    #[test]
    fn account_key_decodes_and_redacts() {
        let key = AccountKey::from_base64(DEV_KEY).unwrap();
        assert_eq!(key.bytes().len(), 64);
        assert_eq!(format!("{key:?}"), "AccountKey([REDACTED])");
        let err = AccountKey::from_base64("not*base64").unwrap_err();
        assert!(err.0.contains("not valid base64"));
        assert!(!err.0.contains("not*base64"));
    }

    #[test]
    fn sas_parses_and_redacts_the_signature() {
        let token = SasToken::parse(
            "?sv=2026-10-06&ss=f&srt=sco&sp=rl&se=2099-01-01T00:00:00Z&sig=abc%2Bdef%3D",
        )
        .unwrap();
        assert_eq!(token.signature(), "abc+def=");
        assert_eq!(token.get("sp"), Some("rl"));
        assert!(token.expiry().unwrap().year() == 2099);
        let shown = format!("{token} {token:?}");
        assert!(!shown.contains("abc"), "{shown}");
        assert!(shown.contains("sig=[REDACTED]"));
    }

    #[test]
    fn malformed_sas_tokens_are_named_without_their_secret() {
        for (text, needle) in [
            ("", "empty"),
            ("sv=2020-02-10&se=2099-01-01", "no signature"),
            ("sig=secretvalue", "signed version"),
            ("sv=2020&sig=secretvalue&junk", "no '='"),
            ("sv=x&se=tomorrow&sig=secretvalue", "expiry time"),
            ("sv=x&sig=%FF%FE", "UTF-8"),
        ] {
            let err = SasToken::parse(text).unwrap_err();
            assert!(err.0.contains(needle), "{text}: {err}");
            assert!(!err.0.contains("secretvalue"), "{err}");
        }
    }

    #[test]
    fn secrets_never_debug_print() {
        let secret = Secret::new("eyJ0eXAiOiJKV1Qi");
        assert_eq!(format!("{secret:?}"), "[REDACTED]");
    }
}

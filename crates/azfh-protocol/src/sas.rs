//! Shared access signatures: the parameters of a token, the string its signature covers, and
//! the signed query string.
//!
//! Account SAS: `account\nsp\nss\nsrt\nst\nse\nsip\nspr\nsv\n` plus, from 2020-12-06, the
//! encryption scope line. Service SAS for a share or file: `sp\nst\nse\n/file/account/share[/path]
//! \nsi\nsip\nspr\nsv\nrscc\nrscd\nrsce\nrscl\nrsct`. Microsoft's Python SDK builds the same
//! strings; the conformance test signs with it and checks that the emulator agrees. The
//! emulator verifies tokens with it (the emulator crate's `azure::sas`); tests and scripts
//! sign with it.

use super::percent::encode_component;
use super::signing::sign;

/// The parameters of a SAS token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SasFields {
    pub version: String,
    pub permissions: String,
    pub start: Option<String>,
    pub expiry: String,
    pub ip: Option<String>,
    pub protocol: Option<String>,
    /// Account SAS: services (`f` for files) and resource types (`s`, `c`, `o`).
    pub services: Option<String>,
    pub resource_types: Option<String>,
    /// Service SAS: `s` (share) or `f` (file), and the stored policy id.
    pub resource: Option<String>,
    pub identifier: Option<String>,
    pub encryption_scope: Option<String>,
    pub response_headers: [Option<String>; 5],
}

impl SasFields {
    /// Reads the fields from decoded query parameters.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            version: get("sv").unwrap_or_default(),
            permissions: get("sp").unwrap_or_default(),
            start: get("st"),
            expiry: get("se").unwrap_or_default(),
            ip: get("sip"),
            protocol: get("spr"),
            services: get("ss"),
            resource_types: get("srt"),
            resource: get("sr"),
            identifier: get("si"),
            encryption_scope: get("ses"),
            response_headers: [
                get("rscc"),
                get("rscd"),
                get("rsce"),
                get("rscl"),
                get("rsct"),
            ],
        }
    }

    pub fn is_account_sas(&self) -> bool {
        self.services.is_some()
    }

    /// The string the signature covers. `resource_path` is `/share[/path]` (service SAS only).
    pub fn string_to_sign(&self, account: &str, resource_path: &str) -> String {
        let opt = |value: &Option<String>| value.clone().unwrap_or_default();
        if self.is_account_sas() {
            let mut text = format!(
                "{account}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
                self.permissions,
                opt(&self.services),
                opt(&self.resource_types),
                opt(&self.start),
                self.expiry,
                opt(&self.ip),
                opt(&self.protocol),
                self.version
            );
            if self.version.as_str() >= "2020-12-06" {
                text.push_str(&opt(&self.encryption_scope));
                text.push('\n');
            }
            text
        } else {
            let mut text = format!(
                "{}\n{}\n{}\n/file/{account}{resource_path}\n{}\n{}\n{}\n{}",
                self.permissions,
                opt(&self.start),
                self.expiry,
                opt(&self.identifier),
                opt(&self.ip),
                opt(&self.protocol),
                self.version
            );
            for value in &self.response_headers {
                text.push('\n');
                text.push_str(&opt(value));
            }
            text
        }
    }

    /// The token's query string, signed with `key`.
    pub fn sign(&self, account: &str, resource_path: &str, key: &[u8]) -> String {
        let signature = sign(key, &self.string_to_sign(account, resource_path));
        let mut pairs: Vec<(&str, String)> = vec![("sv", self.version.clone())];
        let optional = [
            ("ss", &self.services),
            ("srt", &self.resource_types),
            ("sr", &self.resource),
            ("st", &self.start),
            ("sip", &self.ip),
            ("spr", &self.protocol),
            ("si", &self.identifier),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        pairs.push(("se", self.expiry.clone()));
        pairs.push(("sp", self.permissions.clone()));
        pairs.push(("sig", signature));
        pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={}", encode_component(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

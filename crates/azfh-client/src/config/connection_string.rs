//! Azure Storage connection strings: `Key=Value;Key=Value;…`.
//!
//! Errors name the part at fault but never repeat a value (values hold keys and signatures).

use super::ConfigError;

/// The parts of a connection string azfh uses. Its `Debug` shows neither the key nor the SAS.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConnectionString {
    pub account_name: Option<String>,
    pub account_key: Option<String>,
    pub shared_access_signature: Option<String>,
    pub file_endpoint: Option<String>,
    pub endpoint_suffix: Option<String>,
    /// `https` unless `DefaultEndpointsProtocol=http`.
    pub https: bool,
    /// `UseDevelopmentStorage=true`: the local emulator.
    pub development_storage: bool,
}

impl std::fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted =
            |value: &Option<String>| value.as_ref().map(|_| crate::azure::credential::REDACTED);
        f.debug_struct("ConnectionString")
            .field("account_name", &self.account_name)
            .field("account_key", &redacted(&self.account_key))
            .field(
                "shared_access_signature",
                &redacted(&self.shared_access_signature),
            )
            .field("file_endpoint", &self.file_endpoint)
            .field("endpoint_suffix", &self.endpoint_suffix)
            .field("https", &self.https)
            .field("development_storage", &self.development_storage)
            .finish()
    }
}

/// Keys of other services' connection strings, accepted and ignored.
const IGNORED_KEYS: [&str; 8] = [
    "BlobEndpoint",
    "QueueEndpoint",
    "TableEndpoint",
    "BlobSecondaryEndpoint",
    "QueueSecondaryEndpoint",
    "TableSecondaryEndpoint",
    "FileSecondaryEndpoint",
    "DevelopmentStorageProxyUri",
];

impl ConnectionString {
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut out = Self {
            https: true,
            ..Self::default()
        };
        let mut seen_any = false;
        for (index, part) in text.split(';').map(str::trim).enumerate() {
            if part.is_empty() {
                continue;
            }
            seen_any = true;
            let Some((key, value)) = part.split_once('=') else {
                return Err(ConfigError::usage(
                    format!(
                        "the connection string is malformed: part {} has no '='",
                        index + 1
                    ),
                    "a connection string is Key=Value pairs separated by ';', as shown under the storage account's \"Access keys\"",
                ));
            };
            let (key, value) = (key.trim(), value.trim().to_owned());
            let slot = match key.to_ascii_lowercase().as_str() {
                "accountname" => &mut out.account_name,
                "accountkey" => &mut out.account_key,
                "sharedaccesssignature" => &mut out.shared_access_signature,
                "fileendpoint" => &mut out.file_endpoint,
                "endpointsuffix" => &mut out.endpoint_suffix,
                "defaultendpointsprotocol" => {
                    out.https = match value.to_ascii_lowercase().as_str() {
                        "https" => true,
                        "http" => false,
                        _ => {
                            return Err(ConfigError::usage(
                                "the connection string's DefaultEndpointsProtocol must be https or http",
                                "fix DefaultEndpointsProtocol in the connection string",
                            ));
                        }
                    };
                    continue;
                }
                "usedevelopmentstorage" => {
                    out.development_storage = value.eq_ignore_ascii_case("true");
                    continue;
                }
                _ if IGNORED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) => continue,
                _ => {
                    // The name is shown escaped and cut short: it is whatever was pasted.
                    let shown: String = key.escape_debug().to_string().chars().take(40).collect();
                    return Err(ConfigError::usage(
                        format!("the connection string has an unknown key '{shown}'"),
                        "known keys: AccountName, AccountKey, SharedAccessSignature, FileEndpoint, EndpointSuffix, DefaultEndpointsProtocol",
                    ));
                }
            };
            if value.is_empty() {
                return Err(ConfigError::usage(
                    format!("the connection string's {key} is empty"),
                    "copy the whole connection string from the storage account's \"Access keys\"",
                ));
            }
            *slot = Some(value);
        }
        if !seen_any {
            return Err(ConfigError::usage(
                "the connection string is empty",
                "set --connection-string or AZURE_STORAGE_CONNECTION_STRING to the account's connection string",
            ));
        }
        if !out.development_storage && out.account_name.is_none() && out.file_endpoint.is_none() {
            return Err(ConfigError::usage(
                "the connection string has neither AccountName nor FileEndpoint",
                "copy the whole connection string from the storage account's \"Access keys\"",
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_portal_form_and_the_emulator_form() {
        let cs = ConnectionString::parse(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5==;EndpointSuffix=core.usgovcloudapi.net",
        )
        .unwrap();
        assert_eq!(cs.account_name.as_deref(), Some("acct"));
        assert_eq!(
            cs.account_key.as_deref(),
            Some("a2V5=="),
            "values may contain '='"
        );
        assert_eq!(
            cs.endpoint_suffix.as_deref(),
            Some("core.usgovcloudapi.net")
        );
        assert!(cs.https);

        let emulator = ConnectionString::parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=x;FileEndpoint=http://127.0.0.1:10100/devstoreaccount1;",
        )
        .unwrap();
        assert!(!emulator.https);
        assert_eq!(
            emulator.file_endpoint.as_deref(),
            Some("http://127.0.0.1:10100/devstoreaccount1")
        );

        let sas = ConnectionString::parse(
            "FileEndpoint=https://a.file.core.windows.net;SharedAccessSignature=sv=1&sig=x",
        )
        .unwrap();
        assert_eq!(sas.shared_access_signature.as_deref(), Some("sv=1&sig=x"));
        assert!(
            ConnectionString::parse("UseDevelopmentStorage=true")
                .unwrap()
                .development_storage
        );
        assert!(ConnectionString::parse("BlobEndpoint=https://b;AccountName=a").is_ok());
    }

    #[test]
    fn debug_shows_no_secret() {
        let cs = ConnectionString::parse(
            "AccountName=acct;AccountKey=SECRETKEY==;SharedAccessSignature=sv=1&sig=SECRETSIG",
        )
        .unwrap();
        let shown = format!("{cs:?}");
        assert!(
            shown.contains("acct") && shown.contains("[REDACTED]"),
            "{shown}"
        );
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn malformed_strings_are_named_without_their_values() {
        for (text, needle) in [
            ("", "empty"),
            ("AccountName=acct;AccountKeySECRET", "part 2 has no '='"),
            (
                "AccountName=acct;AcountKey=SECRET",
                "unknown key 'AcountKey'",
            ),
            (
                "AccountName=acct;Acc\u{1b}[2Jount\0Key=SECRET",
                "unknown key 'Acc\\u{1b}[2Jount\\0Key'",
            ),
            ("AccountName=acct;AccountKey=", "AccountKey is empty"),
            ("AccountKey=SECRET", "neither AccountName nor FileEndpoint"),
            (
                "DefaultEndpointsProtocol=ftp;AccountName=a",
                "https or http",
            ),
        ] {
            let err = ConnectionString::parse(text).unwrap_err();
            assert!(err.message.contains(needle), "{text}: {}", err.message);
            assert!(!err.message.contains("SECRET"));
        }
    }
}

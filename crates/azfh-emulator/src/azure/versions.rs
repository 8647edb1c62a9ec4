//! The API versions the emulator accepts, and the features each one gates.

/// Every File service version a Microsoft client is known to send, oldest first. Unknown
/// versions are refused with 400 `InvalidHeaderValue`, as the service does.
pub(crate) const KNOWN_VERSIONS: &[&str] = &[
    "2015-02-21",
    "2015-04-05",
    "2015-07-08",
    "2015-12-11",
    "2016-05-31",
    "2017-04-17",
    "2017-07-29",
    "2017-11-09",
    "2018-03-28",
    "2018-11-09",
    "2019-02-02",
    "2019-07-07",
    "2019-10-10",
    "2019-12-12",
    "2020-02-10",
    "2020-04-08",
    "2020-06-12",
    "2020-08-04",
    "2020-10-02",
    "2020-12-06",
    "2021-02-12",
    "2021-04-10",
    "2021-06-08",
    "2021-08-06",
    "2021-10-04",
    "2021-12-02",
    "2022-11-02",
    "2023-01-03",
    "2023-05-03",
    "2023-08-03",
    "2023-11-03",
    "2024-02-04",
    "2024-05-04",
    "2024-08-04",
    "2024-11-04",
    "2025-01-05",
    "2025-05-05",
    "2025-07-05",
    "2025-11-05",
    "2026-02-06",
    "2026-04-06",
    "2026-06-06",
    "2026-10-06",
];

/// A request's `x-ms-version`; versions are ISO dates, so they order as strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ApiVersion(pub String);

impl ApiVersion {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        KNOWN_VERSIONS
            .contains(&text.trim())
            .then(|| Self(text.trim().to_owned()))
    }

    /// Whether this version is `version` or later.
    pub(crate) fn at_least(&self, version: &str) -> bool {
        self.0.as_str() >= version
    }

    /// List Handles and Force Close Handles exist from 2018-11-09.
    pub(crate) fn has_handle_apis(&self) -> bool {
        self.at_least("2018-11-09")
    }

    /// `x-ms-number-of-handles-failed` on Force Close Handles.
    pub(crate) fn has_failed_count(&self) -> bool {
        self.at_least("2019-07-07")
    }

    /// Percent-encoded names with `Encoded="true"`.
    pub(crate) fn has_encoded_names(&self) -> bool {
        self.at_least("2021-12-02")
    }

    /// OAuth bearer tokens with `x-ms-file-request-intent`.
    pub(crate) fn has_oauth(&self) -> bool {
        self.at_least("2022-11-02")
    }

    /// `<AccessRightList>` in List Handles.
    pub(crate) fn has_access_rights(&self) -> bool {
        self.at_least("2023-01-03")
    }

    /// `<ClientName>` in List Handles.
    pub(crate) fn has_client_name(&self) -> bool {
        self.at_least("2024-02-04")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_follow_the_documented_versions() {
        assert!(ApiVersion::parse("2026-10-06").unwrap().has_client_name());
        assert!(!ApiVersion::parse("2023-11-03").unwrap().has_client_name());
        assert!(ApiVersion::parse("2023-01-03").unwrap().has_access_rights());
        assert!(!ApiVersion::parse("2021-10-04").unwrap().has_encoded_names());
        assert!(!ApiVersion::parse("2018-11-09").unwrap().has_failed_count());
        assert!(!ApiVersion::parse("2018-03-28").unwrap().has_handle_apis());
        assert!(ApiVersion::parse("2027-01-01").is_none());
        assert!(ApiVersion::parse("latest").is_none());
        let mut sorted = KNOWN_VERSIONS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, KNOWN_VERSIONS, "kept in order");
    }
}

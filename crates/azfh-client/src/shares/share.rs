//! A share as List Shares reports it: what an operator needs to tell shares apart and to know
//! which of them have SMB handles at all.

use time::OffsetDateTime;

/// The protocol a share serves. Only SMB shares have handles: List Handles and Force Close
/// Handles on an NFS share fail with `FeatureNotSupportedOnProtocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareProtocol {
    Smb,
    Nfs,
}

impl ShareProtocol {
    /// The service's spelling: `SMB` or `NFS`.
    pub fn name(self) -> &'static str {
        match self {
            ShareProtocol::Smb => "SMB",
            ShareProtocol::Nfs => "NFS",
        }
    }

    /// Reads `EnabledProtocols`; an absent value is SMB, as the service means it.
    pub fn parse(text: Option<&str>) -> Option<Self> {
        match text.map(str::trim) {
            None | Some("") => Some(ShareProtocol::Smb),
            Some(value) if value.eq_ignore_ascii_case("SMB") => Some(ShareProtocol::Smb),
            Some(value) if value.eq_ignore_ascii_case("NFS") => Some(ShareProtocol::Nfs),
            Some(_) => None,
        }
    }
}

/// One entry of List Shares: a live share, or a snapshot of it (`snapshot` set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub name: String,
    /// The snapshot's id (`2026-11-01T00:00:00.0000000Z`); `None` for the live share.
    pub snapshot: Option<String>,
    /// Provisioned size in GiB.
    pub quota_gib: Option<u64>,
    pub protocol: ShareProtocol,
    pub last_modified: Option<OffsetDateTime>,
    /// `TransactionOptimized`, `Hot`, `Cool` or `Premium`, as the service names it.
    pub access_tier: Option<String>,
    pub etag: Option<String>,
}

impl Share {
    /// Whether handles can be listed and closed on it.
    pub fn has_handles(&self) -> bool {
        self.protocol == ShareProtocol::Smb
    }
}

//! The handle model: one open SMB handle as a backend reports it.
//!
//! Backends (`azure`, `qumulo`) produce it, the filter layer and the renderers consume it.
//! It depends on nothing but `time`, `std` and two words of the `azfh_protocol` vocabulary, the
//! access rights and the client address, which it re-exports.

use time::OffsetDateTime;

pub use azfh_protocol::{AccessRight, AccessRights, ClientAddr};

/// One open handle on a file or directory, as any backend reports it.
///
/// Azure Files reports every field but `owner` and `byte_range_locks`; Qumulo Core reports
/// the id, path, file id, owner, access and lock count, and nothing of the client, session or
/// open time. What a backend does not report is `None`, never a made-up value, so output
/// shows `null` and the filter layer can tell "unknown" from "zero".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    /// The backend's handle id, kept as text so that it round-trips exactly into a close
    /// request and into JSON: an unsigned 64-bit decimal on Azure Files, an opaque location
    /// (`4.676543750958.39903`) on Qumulo.
    pub id: String,
    /// Azure Files: share-relative with `/` separators, empty for the root. Qumulo: absolute
    /// on the cluster (`/projects/plan.docx`; directories end with `/`).
    pub path: String,
    pub file_id: u64,
    pub parent_id: Option<u64>,
    pub session_id: Option<u64>,
    /// Azure Files: the client, as the service reports it. Qumulo: the one address holding
    /// share-mode lock grants on the handle's file, when `--client-ip` asked for the join and
    /// exactly one address holds them (else `None`).
    pub client: Option<ClientAddr>,
    /// Qumulo, when `--client-ip` asked for the join: the addresses holding grants on the
    /// handle's file when there are several (the handle is one of theirs; which is not
    /// known). Empty otherwise.
    pub client_candidates: Vec<std::net::IpAddr>,
    /// Workstation or user name of the client; absent before API version 2024-02-04 and
    /// whenever the service does not know it.
    pub client_name: Option<String>,
    pub open_time: Option<OffsetDateTime>,
    /// Set only when the client disconnected and reopened the handle.
    pub last_reconnect_time: Option<OffsetDateTime>,
    /// Access granted to the handle; `None` when the service did not report it (API versions
    /// before 2023-01-03).
    pub access: Option<AccessRights>,
    /// The user who opened it (Qumulo: an auth_id).
    pub owner: Option<String>,
    /// The owner's name as the cluster resolves it (Qumulo: `POST /v1/identity/find`, e.g.
    /// `CORP\alice`); `None` where there is no owner or the lookup failed.
    pub owner_name: Option<String>,
    /// Byte-range locks held through it (Qumulo).
    pub byte_range_locks: Option<u64>,
    /// The backend's own record of the handle, as listed, for a backend whose close request
    /// sends it back (Qumulo's does); `None` for Azure Files, whose close takes the id.
    pub native: Option<String>,
}

impl Handle {
    /// The path as filters and tables see it: no leading or trailing `/` (Qumulo's absolute
    /// paths become relative to the cluster's root), empty for the root.
    pub fn relative_path(&self) -> &str {
        self.path.trim_matches('/')
    }
}

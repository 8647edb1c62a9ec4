//! The handle model: one open SMB handle as a backend reports it.
//!
//! Backends (`azure`, `qumulo`) produce it, the filter layer and the renderers consume it.
//! It depends on nothing but `time`, `std` and two words of the `azfh_protocol` vocabulary, the
//! access rights and the client address, which it re-exports.

use time::OffsetDateTime;

pub use azfh_protocol::{AccessRight, AccessRights, ClientAddr};

/// One open handle on a file or directory, as any backend reports it.
///
/// Azure Files reports every field but the Qumulo ones ([`QumuloHandleFields`]); Qumulo Core
/// reports the id, path, file id, access and its own fields, and nothing of the client,
/// session or open time. What a backend does not report is `None`, never a made-up value, so
/// output shows `null` and the filter layer can tell "unknown" from "zero".
///
/// A listing holds many decoded pages at once (thousands of handles each), so a handle keeps
/// inline only what every backend reports: the fields only Qumulo sets live behind one
/// pointer, `None` on every Azure handle.
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
    /// Workstation or user name of the client; absent before API version 2024-02-04 and
    /// whenever the service does not know it.
    pub client_name: Option<String>,
    pub open_time: Option<OffsetDateTime>,
    /// Set only when the client disconnected and reopened the handle.
    pub last_reconnect_time: Option<OffsetDateTime>,
    /// Access granted to the handle; `None` when the service did not report it (API versions
    /// before 2023-01-03).
    pub access: Option<AccessRights>,
    /// What only Qumulo Core reports; `None` on Azure Files (read through the accessors).
    pub qumulo: Option<Box<QumuloHandleFields>>,
}

/// The fields of a handle that only Qumulo Core reports, kept out of line (see [`Handle`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QumuloHandleFields {
    /// The user who opened it: an auth_id.
    pub owner: Option<String>,
    /// The owner's name as the cluster resolves it (`POST /v1/identity/find`, e.g.
    /// `CORP\alice`); `None` where there is no owner or the lookup failed.
    pub owner_name: Option<String>,
    /// When `--client-ip` asked for the join: the addresses holding grants on the handle's
    /// file when there are several (the handle is one of theirs; which is not known). Empty
    /// otherwise.
    pub client_candidates: Vec<std::net::IpAddr>,
    /// Byte-range locks held through it.
    pub byte_range_locks: Option<u64>,
    /// The cluster's own record of the handle, as listed: its close request sends it back.
    pub native: Option<String>,
}

impl Handle {
    /// The path as filters and tables see it: no leading or trailing `/` (Qumulo's absolute
    /// paths become relative to the cluster's root), empty for the root.
    pub fn relative_path(&self) -> &str {
        self.path.trim_matches('/')
    }

    /// The user who opened it (Qumulo: an auth_id); `None` on Azure Files.
    pub fn owner(&self) -> Option<&str> {
        self.qumulo.as_ref()?.owner.as_deref()
    }

    /// The owner's name as the cluster resolves it (Qumulo); `None` where there is no owner,
    /// the lookup failed, or the backend has no owners.
    pub fn owner_name(&self) -> Option<&str> {
        self.qumulo.as_ref()?.owner_name.as_deref()
    }

    /// The addresses that may hold the handle, when several do (Qumulo's client join);
    /// empty otherwise.
    pub fn client_candidates(&self) -> &[std::net::IpAddr] {
        self.qumulo
            .as_ref()
            .map_or(&[], |fields| fields.client_candidates.as_slice())
    }

    /// Byte-range locks held through it (Qumulo); `None` where not reported.
    pub fn byte_range_locks(&self) -> Option<u64> {
        self.qumulo.as_ref()?.byte_range_locks
    }

    /// The backend's own record of the handle, for a backend whose close request sends it
    /// back (Qumulo's does); `None` for Azure Files, whose close takes the id.
    pub fn native(&self) -> Option<&str> {
        self.qumulo.as_ref()?.native.as_deref()
    }

    /// The Qumulo fields, to be filled in (created empty on a handle that had none).
    pub fn qumulo_mut(&mut self) -> &mut QumuloHandleFields {
        self.qumulo.get_or_insert_with(Box::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every decoded handle of every page a listing holds is this size inline (plus its
    /// strings): a recursive listing may hold 32 pages of 2,000 while printing catches up, so
    /// each 8 bytes here is half a megabyte of peak memory. The Qumulo fields stay behind one
    /// pointer for that (288 bytes with them inline); a field added inline must be worth its
    /// cost.
    #[test]
    fn a_handle_stays_small_inline() {
        let size = std::mem::size_of::<Handle>();
        assert!(size <= 184, "Handle is {size} bytes inline");
    }

    #[test]
    fn an_azure_handle_has_no_qumulo_fields_and_the_accessors_say_none() {
        let mut handle = Handle {
            id: "1".into(),
            path: "a".into(),
            file_id: 1,
            parent_id: None,
            session_id: None,
            client: None,
            client_name: None,
            open_time: None,
            last_reconnect_time: None,
            access: None,
            qumulo: None,
        };
        assert_eq!(handle.owner(), None);
        assert_eq!(handle.owner_name(), None);
        assert!(handle.client_candidates().is_empty());
        assert_eq!(handle.byte_range_locks(), None);
        assert_eq!(handle.native(), None);
        handle.qumulo_mut().owner = Some("500".into());
        assert_eq!(handle.owner(), Some("500"));
        assert_eq!(handle.owner_name(), None);
    }
}

//! The handle model: one open SMB handle as a backend reports it.
//!
//! This is the leaf of the dependency graph. Backends (`azure`, later others) produce it, the
//! filter layer and the renderers consume it, and it depends on nothing but `time` and `std`.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use time::OffsetDateTime;

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
    /// The user who opened it (Qumulo: an auth_id).
    pub owner: Option<String>,
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

/// The client end of a handle: its address, and the port when the service reports one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr {
    pub ip: IpAddr,
    pub port: Option<u16>,
}

impl ClientAddr {
    /// Parses the service's `ClientIp` text: `10.2.4.26:49849`, an IPv6 address followed by
    /// `:port` (split from the right), `[v6]:port`, or a bare address.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix('[') {
            let (ip, after) = rest.split_once(']')?;
            let ip = IpAddr::from_str(ip).ok()?;
            let port = match after.strip_prefix(':') {
                Some(port) => Some(port.parse().ok()?),
                None if after.is_empty() => None,
                None => return None,
            };
            return Some(Self { ip, port });
        }
        if let Some((ip, port)) = text.rsplit_once(':')
            && let (Ok(ip), Ok(port)) = (IpAddr::from_str(ip), port.parse::<u16>())
        {
            return Some(Self {
                ip,
                port: Some(port),
            });
        }
        IpAddr::from_str(text)
            .ok()
            .map(|ip| Self { ip, port: None })
    }
}

impl fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.ip, self.port) {
            (IpAddr::V4(ip), Some(port)) => write!(f, "{ip}:{port}"),
            (IpAddr::V6(ip), Some(port)) => write!(f, "[{ip}]:{port}"),
            (ip, None) => write!(f, "{ip}"),
        }
    }
}

/// The access rights of a handle: a set of read, write and delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct AccessRights {
    pub read: bool,
    pub write: bool,
    pub delete: bool,
}

/// One access right, as the service names it (`Read`, `Write`, `Delete`, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessRight {
    Read,
    Write,
    Delete,
}

impl AccessRight {
    pub const ALL: [AccessRight; 3] = [AccessRight::Read, AccessRight::Write, AccessRight::Delete];

    /// Lower-case name used in output and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AccessRight::Read => "read",
            AccessRight::Write => "write",
            AccessRight::Delete => "delete",
        }
    }

    /// Parses a right case-insensitively (`READ`, `Read`, `read`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|right| right.name().eq_ignore_ascii_case(text.trim()))
    }
}

impl AccessRights {
    pub fn contains(self, right: AccessRight) -> bool {
        match right {
            AccessRight::Read => self.read,
            AccessRight::Write => self.write,
            AccessRight::Delete => self.delete,
        }
    }

    pub fn insert(&mut self, right: AccessRight) {
        match right {
            AccessRight::Read => self.read = true,
            AccessRight::Write => self.write = true,
            AccessRight::Delete => self.delete = true,
        }
    }

    /// The rights held, in the order read, write, delete.
    pub fn iter(self) -> impl Iterator<Item = AccessRight> {
        AccessRight::ALL
            .into_iter()
            .filter(move |right| self.contains(*right))
    }

    pub fn is_empty(self) -> bool {
        !(self.read || self.write || self.delete)
    }
}

impl FromIterator<AccessRight> for AccessRights {
    fn from_iter<I: IntoIterator<Item = AccessRight>>(iter: I) -> Self {
        let mut rights = AccessRights::default();
        for right in iter {
            rights.insert(right);
        }
        rights
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn client_addr_forms() {
        let v4 = ClientAddr::parse("10.2.4.26:49849").unwrap();
        assert_eq!(v4.ip, IpAddr::V4(Ipv4Addr::new(10, 2, 4, 26)));
        assert_eq!(v4.port, Some(49849));
        assert_eq!(v4.to_string(), "10.2.4.26:49849");

        let v6 = ClientAddr::parse("2001:db8::42:50123").unwrap();
        assert_eq!(v6.ip, "2001:db8::42".parse::<Ipv6Addr>().unwrap());
        assert_eq!(v6.port, Some(50123));
        assert_eq!(v6.to_string(), "[2001:db8::42]:50123");

        let bracketed = ClientAddr::parse("[fe80::1]:445").unwrap();
        assert_eq!(bracketed.port, Some(445));

        let bare = ClientAddr::parse("192.168.1.1").unwrap();
        assert_eq!(bare.port, None);

        let zero = ClientAddr::parse("0.0.0.0:0").unwrap();
        assert_eq!(zero.port, Some(0));

        assert!(ClientAddr::parse("not-an-ip:80").is_none());
        assert!(ClientAddr::parse("[::1]x").is_none());
        assert!(ClientAddr::parse("").is_none());
    }

    #[test]
    fn access_rights_parse_and_iterate() {
        assert_eq!(AccessRight::parse("READ"), Some(AccessRight::Read));
        assert_eq!(AccessRight::parse("Delete"), Some(AccessRight::Delete));
        assert_eq!(AccessRight::parse("execute"), None);
        let rights: AccessRights = [AccessRight::Delete, AccessRight::Read]
            .into_iter()
            .collect();
        assert_eq!(
            rights.iter().map(AccessRight::name).collect::<Vec<_>>(),
            ["read", "delete"]
        );
        assert!(AccessRights::default().is_empty());
    }
}

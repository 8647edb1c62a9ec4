//! `--group-by`: handle counts per client, session or path, and the service limits.
//!
//! Azure Files allows 2,000 open handles per file or directory and 10,000 on a share's root
//! directory; past that, opens fail. Grouping counts every listed handle per path (selected or
//! not, because the limit counts them all) and flags the paths that come near a limit.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::model::Handle;

/// Open handles allowed on one file or directory.
pub const HANDLES_PER_OBJECT_LIMIT: u64 = 2_000;
/// Open handles allowed on a share's root directory.
pub const HANDLES_ON_ROOT_LIMIT: u64 = 10_000;
/// A path is "near" its limit from this share of it on (80 %).
const NEAR_LIMIT_PERCENT: u64 = 80;

/// What to group by (`--group-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum GroupKey {
    ClientIp,
    ClientName,
    Session,
    Path,
    /// Qumulo: the user who opened the handle
    Owner,
    /// The share the handle was listed on (`ACCOUNT:SHARE`), over several shares
    Share,
    /// The account the handle was listed on, over several shares
    Account,
}

impl GroupKey {
    /// The command-line and column name.
    pub fn name(self) -> &'static str {
        match self {
            GroupKey::ClientIp => "client-ip",
            GroupKey::ClientName => "client-name",
            GroupKey::Session => "session",
            GroupKey::Path => "path",
            GroupKey::Owner => "owner",
            GroupKey::Share => "share",
            GroupKey::Account => "account",
        }
    }

    fn key_of(self, handle: &Handle) -> Option<String> {
        match self {
            GroupKey::ClientIp => handle.client.map(|c| c.ip.to_canonical().to_string()),
            GroupKey::ClientName => handle.client_name.clone(),
            GroupKey::Session => handle.session_id.map(|id| id.to_string()),
            GroupKey::Path => Some(handle.path.clone()),
            // The name where the cluster gave one: people read names, not auth_ids.
            GroupKey::Owner => handle.owner_name().or(handle.owner()).map(str::to_owned),
            // Where a handle was listed is not in the handle: the caller that listed several
            // shares gives it ([`Grouping::add_keyed`]).
            GroupKey::Share | GroupKey::Account => None,
        }
    }
}

/// How close one path is to the service's handle limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitStatus {
    /// Share-relative path; empty for the root directory.
    pub path: String,
    /// Handles listed open on the path.
    pub open: u64,
    pub limit: u64,
}

impl LimitStatus {
    fn for_path(path: &str, open: u64) -> Self {
        let limit = if path.is_empty() {
            HANDLES_ON_ROOT_LIMIT
        } else {
            HANDLES_PER_OBJECT_LIMIT
        };
        Self {
            path: path.to_owned(),
            open,
            limit,
        }
    }

    pub fn is_near(&self) -> bool {
        self.open * 100 >= self.limit * NEAR_LIMIT_PERCENT
    }

    pub fn is_reached(&self) -> bool {
        self.open >= self.limit
    }
}

/// One row of a grouped listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The group's value; `None` for handles without one (no client name reported).
    pub key: Option<String>,
    /// Selected handles in the group.
    pub handles: u64,
    /// `None` when the backend reports no open times (Qumulo).
    pub oldest_open_time: Option<OffsetDateTime>,
    /// For path groups near a limit: how near.
    pub limit: Option<LimitStatus>,
}

/// The result of grouping a listing.
#[derive(Debug, Clone, Default)]
pub struct GroupReport {
    /// Largest groups first.
    pub groups: Vec<Group>,
    /// Every listed path near or over its limit, fullest first.
    pub near_limit: Vec<LimitStatus>,
}

/// Accumulates groups over a streamed listing; memory grows with distinct keys and paths.
#[derive(Debug)]
pub struct Grouping {
    key: GroupKey,
    groups: HashMap<Option<String>, (u64, Option<OffsetDateTime>)>,
    open_per_path: HashMap<String, u64>,
    limits: bool,
}

impl Grouping {
    /// Groups by `key`, watching Azure Files' per-path limits.
    pub fn new(key: GroupKey) -> Self {
        Self {
            key,
            groups: HashMap::new(),
            open_per_path: HashMap::new(),
            limits: true,
        }
    }

    /// Groups by `key` for a backend without Azure Files' per-path limits.
    pub fn without_limits(key: GroupKey) -> Self {
        Self {
            limits: false,
            ..Self::new(key)
        }
    }

    /// Counts a listed handle toward its path's limit, whether selected or not.
    pub fn observe(&mut self, handle: &Handle) {
        if self.limits {
            *self.open_per_path.entry(handle.path.clone()).or_default() += 1;
        }
    }

    /// Adds a selected handle to its group.
    pub fn add(&mut self, handle: &Handle) {
        self.add_keyed(self.key.key_of(handle), handle);
    }

    /// Counts a selected handle in the group `key`, which the caller knows and the handle does
    /// not carry (the share or account it was listed on).
    pub fn add_keyed(&mut self, key: Option<String>, handle: &Handle) {
        let entry = self.groups.entry(key).or_insert((0, handle.open_time));
        entry.0 += 1;
        entry.1 = match (entry.1, handle.open_time) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    pub fn finish(self) -> GroupReport {
        let mut near_limit: Vec<LimitStatus> = self
            .open_per_path
            .iter()
            .map(|(path, open)| LimitStatus::for_path(path, *open))
            .filter(LimitStatus::is_near)
            .collect();
        near_limit.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.path.cmp(&b.path)));
        let key = self.key;
        let mut groups: Vec<Group> = self
            .groups
            .into_iter()
            .map(|(value, (handles, oldest_open_time))| {
                let limit = match (&value, key) {
                    (Some(path), GroupKey::Path) => near_limit
                        .iter()
                        .find(|status| &status.path == path)
                        .cloned(),
                    _ => None,
                };
                Group {
                    key: value,
                    handles,
                    oldest_open_time,
                    limit,
                }
            })
            .collect();
        groups.sort_by(|a, b| b.handles.cmp(&a.handles).then_with(|| a.key.cmp(&b.key)));
        GroupReport { groups, near_limit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::model::ClientAddr;
    use time::macros::datetime;

    fn handle(path: &str, ip: &str, name: Option<&str>, session: u64, day: u8) -> Handle {
        Handle {
            id: "1".into(),
            path: path.into(),
            file_id: 1,
            parent_id: Some(0),
            session_id: Some(session),
            client: Some(ClientAddr::parse(ip).unwrap()),
            client_name: name.map(str::to_owned),
            open_time: Some(datetime!(2026-11-01 0:00 UTC) + time::Duration::days(i64::from(day))),
            last_reconnect_time: None,
            qumulo: None,
            access: None,
        }
    }

    #[test]
    fn groups_by_client_ip_ignoring_ports() {
        let mut grouping = Grouping::new(GroupKey::ClientIp);
        for h in [
            handle("a", "10.0.0.1:100", None, 1, 5),
            handle("b", "10.0.0.1:200", None, 1, 3),
            handle("c", "10.0.0.2:100", None, 2, 1),
        ] {
            grouping.observe(&h);
            grouping.add(&h);
        }
        let report = grouping.finish();
        assert_eq!(report.groups.len(), 2);
        assert_eq!(report.groups[0].key.as_deref(), Some("10.0.0.1"));
        assert_eq!(report.groups[0].handles, 2);
        assert_eq!(
            report.groups[0].oldest_open_time,
            Some(datetime!(2026-11-04 0:00 UTC))
        );
        assert!(report.near_limit.is_empty());
    }

    #[test]
    fn nameless_clients_form_their_own_group() {
        let mut grouping = Grouping::new(GroupKey::ClientName);
        grouping.add(&handle("a", "10.0.0.1:1", None, 1, 1));
        grouping.add(&handle("a", "10.0.0.1:1", Some("WS"), 1, 1));
        let keys: Vec<_> = grouping
            .finish()
            .groups
            .into_iter()
            .map(|g| g.key)
            .collect();
        assert!(keys.contains(&None));
        assert!(keys.contains(&Some("WS".to_owned())));
    }

    #[test]
    fn limits_count_every_listed_handle_and_root_has_its_own() {
        let mut grouping = Grouping::new(GroupKey::Path);
        for i in 0..1_700 {
            let h = handle("hot.db", "10.0.0.1:1", None, 1, 1);
            grouping.observe(&h);
            if i < 10 {
                grouping.add(&h);
            }
        }
        for _ in 0..1_700 {
            grouping.observe(&handle("", "10.0.0.1:1", None, 1, 1));
        }
        let report = grouping.finish();
        assert_eq!(
            report.near_limit.len(),
            1,
            "root at 1,700 of 10,000 is not near"
        );
        let status = &report.near_limit[0];
        assert_eq!(
            (status.path.as_str(), status.open, status.limit),
            ("hot.db", 1_700, 2_000)
        );
        assert!(status.is_near() && !status.is_reached());
        assert_eq!(report.groups[0].handles, 10);
        assert_eq!(report.groups[0].limit.as_ref(), Some(status));
    }
}

//! `handles stats`: handle counts of one share for monitoring, gathered in one listing pass.
//!
//! [`ShareStats`] is fed the listing page by page and keeps counts, never handles: one entry
//! per distinct path that has a handle and one per distinct client address, each holding a
//! count (and, per client, at most [`NAMES_PER_CLIENT`] client names). Memory is therefore
//! bounded by the number of distinct open paths and clients, not by the number of handles;
//! `--top` bounds only what is reported. (The service itself bounds distinct open paths: each
//! needs at least one handle, and a listing is what it is.)
//!
//! A handle counts toward the path it is open on, and only that path: a directory's count is
//! the handles open on the directory itself, not those on files below it, because that is what
//! the service's limit of 2,000 per file or directory (10,000 on the share's root) counts.
//!
//! Results are keyed by account and share ([`ShareKey`]), so that several targets can each
//! feed an accumulator of their own and be reported side by side.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use time::OffsetDateTime;

use super::grouping::{HANDLES_ON_ROOT_LIMIT, HANDLES_PER_OBJECT_LIMIT};
use super::model::Handle;

/// The client names kept per client address; more are counted in
/// [`ClientCount::more_names`] but not kept (a client address shared by many workstations, a
/// NAT, must not grow memory with its names).
pub const NAMES_PER_CLIENT: usize = 4;

/// The share the counts are of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShareKey {
    /// The storage account's name.
    pub account: String,
    pub share: String,
}

/// Open handles on one path, against its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCount {
    /// Share-relative; empty for the root directory.
    pub path: String,
    pub handles: u64,
    /// 10,000 for the root, 2,000 for any other file or directory.
    pub limit: u64,
}

/// Open handles of one client address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCount {
    /// `None` for handles whose client address the service did not report.
    pub ip: Option<IpAddr>,
    /// The client names seen with this address, sorted; at most [`NAMES_PER_CLIENT`].
    pub names: Vec<String>,
    /// Distinct names seen beyond those kept.
    pub more_names: bool,
    pub handles: u64,
}

/// The counts of one share after a complete listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareSummary {
    pub key: ShareKey,
    pub open_handles: u64,
    /// Handles opened before the cutoff.
    pub stale_handles: u64,
    /// Distinct client addresses (handles without one count as one more client).
    pub distinct_clients: u64,
    /// Handles open on the share's root directory (limit [`HANDLES_ON_ROOT_LIMIT`]); `None`
    /// when the listing did not cover the root (TARGET was a directory below it).
    pub root_handles: Option<u64>,
    /// Paths by handle count, most first (ties by path), at most `top`.
    pub top_paths: Vec<PathCount>,
    /// Clients by handle count, most first (ties by address), at most `top`.
    pub top_clients: Vec<ClientCount>,
}

#[derive(Debug, Default)]
struct ClientTally {
    handles: u64,
    names: BTreeSet<String>,
    more_names: bool,
}

/// Counts over a streamed listing of one share.
#[derive(Debug)]
pub struct ShareStats {
    key: ShareKey,
    stale_before: OffsetDateTime,
    covers_root: bool,
    open_handles: u64,
    stale_handles: u64,
    per_path: HashMap<String, u64>,
    per_client: HashMap<Option<IpAddr>, ClientTally>,
}

impl ShareStats {
    /// Counts for `key`; handles opened before `stale_before` count as stale. `covers_root`:
    /// the listing includes the share's root directory (TARGET is the share itself), so its
    /// count is known.
    pub fn new(key: ShareKey, stale_before: OffsetDateTime, covers_root: bool) -> Self {
        Self {
            key,
            stale_before,
            covers_root,
            open_handles: 0,
            stale_handles: 0,
            per_path: HashMap::new(),
            per_client: HashMap::new(),
        }
    }

    pub fn key(&self) -> &ShareKey {
        &self.key
    }

    /// Counts one page of the listing.
    pub fn add_page(&mut self, page: &[Handle]) {
        for handle in page {
            self.add(handle);
        }
    }

    /// Counts one listed handle.
    pub fn add(&mut self, handle: &Handle) {
        self.open_handles += 1;
        if handle.open_time.is_some_and(|t| t < self.stale_before) {
            self.stale_handles += 1;
        }
        let path = handle.relative_path();
        if let Some(count) = self.per_path.get_mut(path) {
            *count += 1;
        } else {
            self.per_path.insert(path.to_owned(), 1);
        }
        let tally = self
            .per_client
            .entry(handle.client.map(|c| c.ip.to_canonical()))
            .or_default();
        tally.handles += 1;
        if let Some(name) = &handle.client_name
            && !tally.names.contains(name)
        {
            if tally.names.len() < NAMES_PER_CLIENT {
                tally.names.insert(name.clone());
            } else {
                tally.more_names = true;
            }
        }
    }

    /// The counts, with the `top` fullest paths and busiest clients.
    pub fn finish(self, top: usize) -> ShareSummary {
        let root_handles = self
            .covers_root
            .then(|| self.per_path.get("").copied().unwrap_or(0));
        let mut paths: Vec<(String, u64)> = self.per_path.into_iter().collect();
        paths.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        paths.truncate(top);
        let top_paths = paths
            .into_iter()
            .map(|(path, handles)| PathCount {
                limit: limit_of(&path),
                path,
                handles,
            })
            .collect();
        let distinct_clients = self.per_client.len() as u64;
        let mut clients: Vec<(Option<IpAddr>, ClientTally)> = self.per_client.into_iter().collect();
        clients.sort_unstable_by(|a, b| b.1.handles.cmp(&a.1.handles).then_with(|| a.0.cmp(&b.0)));
        clients.truncate(top);
        let top_clients = clients
            .into_iter()
            .map(|(ip, tally)| ClientCount {
                ip,
                names: tally.names.into_iter().collect(),
                more_names: tally.more_names,
                handles: tally.handles,
            })
            .collect();
        ShareSummary {
            key: self.key,
            open_handles: self.open_handles,
            stale_handles: self.stale_handles,
            distinct_clients,
            root_handles,
            top_paths,
            top_clients,
        }
    }
}

/// The service's limit of open handles on `path` (share-relative, empty for the root).
pub fn limit_of(path: &str) -> u64 {
    if path.is_empty() {
        HANDLES_ON_ROOT_LIMIT
    } else {
        HANDLES_PER_OBJECT_LIMIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::model::ClientAddr;
    use time::macros::datetime;

    fn handle(path: &str, ip: &str, name: Option<&str>, day: u8) -> Handle {
        Handle {
            id: "1".into(),
            path: path.into(),
            file_id: 1,
            parent_id: Some(0),
            session_id: Some(1),
            client: Some(ClientAddr::parse(ip).unwrap()),
            client_name: name.map(str::to_owned),
            open_time: Some(datetime!(2026-11-01 0:00 UTC) + time::Duration::days(i64::from(day))),
            last_reconnect_time: None,
            qumulo: None,
            access: None,
        }
    }

    fn key() -> ShareKey {
        ShareKey {
            account: "acct".into(),
            share: "s".into(),
        }
    }

    #[test]
    fn counts_paths_clients_root_and_stale() {
        let mut stats = ShareStats::new(key(), datetime!(2026-11-05 0:00 UTC), true);
        stats.add_page(&[
            handle("", "10.0.0.1:1", Some("A"), 1),
            handle("dir", "10.0.0.1:2", Some("B"), 2),
            handle("dir/f", "10.0.0.2:1", None, 10),
            handle("dir/f", "10.0.0.2:1", None, 11),
            handle("dir/f", "10.0.0.3:1", Some("C"), 12),
        ]);
        let summary = stats.finish(2);
        assert_eq!(summary.open_handles, 5);
        assert_eq!(summary.stale_handles, 2);
        assert_eq!(summary.distinct_clients, 3);
        assert_eq!(summary.root_handles, Some(1));
        assert_eq!(
            summary.top_paths,
            vec![
                PathCount {
                    path: "dir/f".into(),
                    handles: 3,
                    limit: 2_000
                },
                PathCount {
                    path: String::new(),
                    handles: 1,
                    limit: 10_000
                },
            ],
            "a directory counts only its own handles; ties go by path"
        );
        assert_eq!(summary.top_clients.len(), 2);
        assert_eq!(summary.top_clients[0].handles, 2);
        assert_eq!(
            summary.top_clients[0].names,
            vec!["A", "B"],
            "ties go by address"
        );
        assert_eq!(summary.top_clients[1].names, Vec::<String>::new());
    }

    #[test]
    fn names_per_client_are_bounded() {
        let mut stats = ShareStats::new(key(), datetime!(2026-11-01 0:00 UTC), false);
        for i in 0..10 {
            stats.add(&handle("f", "10.0.0.1:1", Some(&format!("WS{i}")), 1));
        }
        let summary = stats.finish(20);
        assert_eq!(summary.root_handles, None, "the root was not listed");
        let client = &summary.top_clients[0];
        assert_eq!(client.names.len(), NAMES_PER_CLIENT);
        assert!(client.more_names);
        assert_eq!(client.handles, 10);
    }
}

//! The emulator's state: shares, their snapshots, directory trees and open handles.
//!
//! Names are case-preserving and case-insensitive, like Azure Files. Nodes are keyed by their
//! lower-cased segments each preceded by `\0`, so a directory's subtree is one contiguous key
//! range (`key` up to `key + "\u{1}"`): recursive listings are range scans, and a marker is
//! simply the key of the next handle.

use std::collections::{BTreeMap, HashMap, HashSet, btree_map};
use std::net::IpAddr;
use std::ops::Bound;
use std::sync::Arc;

use time::OffsetDateTime;

use azfh_protocol::AccessRights;

/// A node's sort key: `\0seg\0seg…`, lower-cased; empty for the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeKey(pub String);

impl NodeKey {
    pub fn root() -> Self {
        Self(String::new())
    }

    pub fn from_segments<S: AsRef<str>>(segments: &[S]) -> Self {
        let mut key = String::new();
        for segment in segments {
            key.push('\0');
            key.push_str(&segment.as_ref().to_lowercase());
        }
        Self(key)
    }

    /// The first key past this node's subtree.
    #[must_use]
    pub fn subtree_end(&self) -> Self {
        Self(format!("{}\u{1}", self.0))
    }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Directory,
    File(FileData),
}

/// A file's content and the service's view of it. The bytes are generated from `seed`
/// (see `content`), so a multi-GiB file costs no memory or disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileData {
    pub size: u64,
    pub seed: u64,
    /// The whole-file MD5 the uploader stored, if any (SMB writes never set one).
    pub md5: Option<[u8; 16]>,
}

/// A file or directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Share-relative path as created (case preserved); empty for the root. Shared, so that
    /// a listing takes it for each handle on the node without copying it.
    pub path: Arc<str>,
    pub kind: NodeKind,
    pub file_id: u64,
    pub parent_id: u64,
    pub created: OffsetDateTime,
    /// Last write (and Last-Modified): changes when the content does.
    pub modified: OffsetDateTime,
    /// Changes whenever the content does (quoted, like the service's).
    pub etag: String,
    /// Bumped by each modification.
    pub version: u64,
}

impl Node {
    /// A node as created at `now`: unmodified since, at version 0.
    fn new(
        path: Arc<str>,
        kind: NodeKind,
        file_id: u64,
        parent_id: u64,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            path,
            kind,
            file_id,
            parent_id,
            created: now,
            modified: now,
            etag: etag(file_id, 0),
            version: 0,
        }
    }

    /// The last path segment; empty for the root.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or_default()
    }

    pub fn file(&self) -> Option<&FileData> {
        match &self.kind {
            NodeKind::File(data) => Some(data),
            NodeKind::Directory => None,
        }
    }
}

/// An ETag in the service's style, unique per file and version.
fn etag(file_id: u64, version: u64) -> String {
    format!("\"0x8DB{:012X}{version:X}\"", file_id >> 24)
}

/// An SMB handle some client holds open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenHandle {
    pub id: u64,
    pub session_id: u64,
    pub client_ip: IpAddr,
    pub client_port: u16,
    pub client_name: Option<String>,
    pub open_time: OffsetDateTime,
    pub last_reconnect_time: Option<OffsetDateTime>,
    pub access: AccessRights,
}

/// An open handle as a namespace holds it: an [`OpenHandle`] whose client name is shared
/// with the other handles of that client. A listing reads the handles of a node one after
/// another in memory, and a few names the cache keeps, rather than a string per handle
/// from wherever it was allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldHandle {
    pub id: u64,
    pub session_id: u64,
    pub client_ip: IpAddr,
    pub client_port: u16,
    pub client_name: Option<Arc<str>>,
    pub open_time: OffsetDateTime,
    pub last_reconnect_time: Option<OffsetDateTime>,
    pub access: AccessRights,
}

impl From<&HeldHandle> for OpenHandle {
    fn from(held: &HeldHandle) -> Self {
        Self {
            id: held.id,
            session_id: held.session_id,
            client_ip: held.client_ip,
            client_port: held.client_port,
            client_name: held.client_name.as_deref().map(str::to_owned),
            open_time: held.open_time,
            last_reconnect_time: held.last_reconnect_time,
            access: held.access,
        }
    }
}

/// Why a path did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A directory on the way does not exist.
    Parent,
    /// The last segment does not exist.
    Resource,
    /// A file was used as a directory.
    NotADirectory,
}

/// One namespace: the live share, or one snapshot of it.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    nodes: BTreeMap<NodeKey, Node>,
    /// Open handles by node, then by id: in the order of `(node key, id)` positions, with each
    /// node's key held (and, by a listing, compared) once rather than once per handle.
    handles: BTreeMap<NodeKey, BTreeMap<u64, HeldHandle>>,
    /// The client names of the handles opened here, each held once.
    client_names: HashSet<Arc<str>>,
    /// Handle id → the node it is open on.
    by_id: HashMap<u64, NodeKey>,
}

/// What a close over a range did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeClose {
    /// Handles closed, with the node each was open on.
    pub closed: Vec<(NodeKey, OpenHandle)>,
    /// Handles that failed to close (they stay open).
    pub failed: Vec<u64>,
    /// Where the next request continues, if handles remain in the range.
    pub next: Option<(NodeKey, u64)>,
}

/// A handle as listed: where it is open, and the handle itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedHandle {
    pub key: NodeKey,
    pub path: String,
    pub file_id: u64,
    pub parent_id: u64,
    pub handle: OpenHandle,
}

/// A handle as a List Handles page carries it past the store's lock: owned, but sharing
/// the node's path and the client's name with the store, so that taking a page of them
/// allocates nothing per handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedHandle {
    pub path: Arc<str>,
    pub file_id: u64,
    pub parent_id: u64,
    pub handle: HeldHandle,
}

impl Namespace {
    fn with_root(created: OffsetDateTime) -> Self {
        let mut nodes = BTreeMap::new();
        nodes.insert(
            NodeKey::root(),
            Node::new(Arc::from(""), NodeKind::Directory, 0, 0, created),
        );
        Self {
            nodes,
            handles: BTreeMap::new(),
            client_names: HashSet::new(),
            by_id: HashMap::new(),
        }
    }

    /// Resolves decoded path segments.
    pub fn resolve<S: AsRef<str>>(&self, segments: &[S]) -> Result<(NodeKey, &Node), Missing> {
        let key = NodeKey::from_segments(segments);
        if let Some(node) = self.nodes.get(&key) {
            return Ok((key, node));
        }
        // Walk down to tell a missing parent from a missing leaf.
        for depth in 1..segments.len() {
            match self.nodes.get(&NodeKey::from_segments(&segments[..depth])) {
                None => return Err(Missing::Parent),
                Some(node) if node.kind != NodeKind::Directory => {
                    return Err(Missing::NotADirectory);
                }
                Some(_) => {}
            }
        }
        Err(Missing::Resource)
    }

    pub fn node(&self, key: &NodeKey) -> Option<&Node> {
        self.nodes.get(key)
    }

    /// Every file and directory but the root, parents before their children.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values().filter(|node| !node.path.is_empty())
    }

    /// Creates a directory and any missing parents; returns its key.
    pub fn ensure_directory(
        &mut self,
        path: &str,
        ids: &mut IdSource,
        now: OffsetDateTime,
    ) -> NodeKey {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut parent_id = 0;
        let mut parent_path: Arc<str> = Arc::from("");
        let mut key = NodeKey::root();
        for depth in 1..=segments.len() {
            key = NodeKey::from_segments(&segments[..depth]);
            let node = self.nodes.entry(key.clone()).or_insert_with(|| {
                let file_id = ids.next_file_id();
                Node::new(
                    child_path(&parent_path, segments[depth - 1]).into(),
                    NodeKind::Directory,
                    file_id,
                    parent_id,
                    now,
                )
            });
            parent_id = node.file_id;
            parent_path = Arc::clone(&node.path);
        }
        key
    }

    /// Creates (or replaces) a file, creating its parent directories.
    pub fn put_file(
        &mut self,
        path: &str,
        size: u64,
        seed: u64,
        ids: &mut IdSource,
        now: OffsetDateTime,
    ) -> NodeKey {
        let (parent, _) = path.rsplit_once('/').unwrap_or(("", path));
        let parent_key = self.ensure_directory(parent, ids, now);
        let parent = &self.nodes[&parent_key];
        let (parent_id, parent_path) = (parent.file_id, Arc::clone(&parent.path));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let key = NodeKey::from_segments(&segments);
        let file_id = self
            .nodes
            .get(&key)
            .map_or_else(|| ids.next_file_id(), |node| node.file_id);
        self.nodes.insert(
            key.clone(),
            Node::new(
                child_path(&parent_path, segments.last().copied().unwrap_or_default()).into(),
                NodeKind::File(FileData {
                    size,
                    seed,
                    md5: None,
                }),
                file_id,
                parent_id,
                now,
            ),
        );
        key
    }

    /// Sets the MD5 a file reports (`None`: it has none).
    pub fn set_md5(&mut self, key: &NodeKey, md5: Option<[u8; 16]>) {
        if let Some(Node {
            kind: NodeKind::File(data),
            ..
        }) = self.nodes.get_mut(key)
        {
            data.md5 = md5;
        }
    }

    /// A writer changes the file: new content, new ETag and Last-Modified. A stored MD5 is
    /// left as it was (SMB writes do not update it), so it no longer matches.
    pub fn modify(&mut self, key: &NodeKey, now: OffsetDateTime) {
        if let Some(node) = self.nodes.get_mut(key)
            && let NodeKind::File(data) = &mut node.kind
        {
            data.seed = data.seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            node.version += 1;
            node.etag = etag(node.file_id, node.version);
            node.modified = now.max(node.modified + time::Duration::seconds(1));
        }
    }

    /// The direct children of directory `key` in name order (case-insensitive), from the
    /// first whose key is `>= from`. Skips over grandchildren by jumping past each subtree.
    pub fn children<'a>(
        &'a self,
        key: &NodeKey,
        from: Option<&NodeKey>,
    ) -> impl Iterator<Item = (&'a NodeKey, &'a Node)> + 'a {
        let prefix = format!("{}\0", key.0);
        let mut cursor = match from {
            Some(from) if from.0 > prefix => from.0.clone(),
            _ => prefix.clone(),
        };
        std::iter::from_fn(move || {
            let (found, node) = self
                .nodes
                .range(NodeKey(cursor.clone())..)
                .next()
                .filter(|(found, _)| found.0.starts_with(&prefix))?;
            // The next child sorts after this child's whole subtree.
            cursor = format!("{}\u{1}", found.0);
            Some((found, node))
        })
    }

    /// Opens a handle on an existing node. Times keep whole seconds, the precision of the
    /// RFC 1123 times the service reports.
    pub fn open(&mut self, key: &NodeKey, handle: OpenHandle) {
        let client_name = handle.client_name.map(|name| {
            if let Some(held) = self.client_names.get(name.as_str()) {
                Arc::clone(held)
            } else {
                let held: Arc<str> = name.into();
                self.client_names.insert(Arc::clone(&held));
                held
            }
        });
        let held = HeldHandle {
            id: handle.id,
            session_id: handle.session_id,
            client_ip: handle.client_ip,
            client_port: handle.client_port,
            client_name,
            open_time: whole_seconds(handle.open_time),
            last_reconnect_time: handle.last_reconnect_time.map(whole_seconds),
            access: handle.access,
        };
        self.by_id.insert(held.id, key.clone());
        self.handles
            .entry(key.clone())
            .or_default()
            .insert(held.id, held);
    }

    /// The handles from position `start` (inclusive) up to `end` (exclusive), node by node in
    /// key order, each node's in id order.
    fn runs<'a>(
        &'a self,
        start: &'a (NodeKey, u64),
        end: &'a (NodeKey, u64),
    ) -> impl Iterator<Item = (&'a NodeKey, btree_map::Range<'a, u64, HeldHandle>)> + 'a {
        self.handles
            .range(&start.0..=&end.0)
            .map(move |(key, handles)| {
                let from = if *key == start.0 {
                    Bound::Included(start.1)
                } else {
                    Bound::Unbounded
                };
                let to = if *key == end.0 {
                    Bound::Excluded(end.1)
                } else {
                    Bound::Unbounded
                };
                (key, handles.range((from, to)))
            })
    }

    /// Takes the handle at a position out, with its node's entry when it was the last.
    fn take(&mut self, (key, id): &(NodeKey, u64)) -> Option<OpenHandle> {
        let handles = self.handles.get_mut(key)?;
        let handle = handles.remove(id)?;
        if handles.is_empty() {
            self.handles.remove(key);
        }
        Some(OpenHandle::from(&handle))
    }

    /// Handles in key order from `start` (inclusive) up to `end` (exclusive), at most `limit`,
    /// and the position of the next one if more remain. Allocates nothing per handle: a
    /// listing page runs this under the store's lock.
    pub fn handles_in(
        &self,
        start: &(NodeKey, u64),
        end: &(NodeKey, u64),
        limit: usize,
    ) -> (Vec<PagedHandle>, Option<(NodeKey, u64)>) {
        let mut out = Vec::with_capacity(limit.min(4_096));
        // Handles come by node in key order, as nodes do: one cursor walks the nodes
        // alongside, rather than a search from the root for each node (comparing a dozen
        // keys, each read from memory no cache holds any more).
        let mut nodes = self.nodes.range(&start.0..);
        for (key, run) in self.runs(start, end) {
            let mut node = None;
            for (&id, handle) in run {
                if out.len() == limit {
                    return (out, Some((key.clone(), id)));
                }
                let node: &Node = node.get_or_insert_with(|| {
                    nodes
                        .find(|(node_key, _)| *node_key >= key)
                        .filter(|(node_key, _)| *node_key == key)
                        .expect("a handle is open on a node that exists")
                        .1
                });
                out.push(PagedHandle {
                    path: Arc::clone(&node.path),
                    file_id: node.file_id,
                    parent_id: node.parent_id,
                    handle: handle.clone(),
                });
            }
        }
        (out, None)
    }

    /// Every handle, in key order.
    pub fn all_handles(&self) -> Vec<ListedHandle> {
        self.handles
            .iter()
            .flat_map(|(key, handles)| {
                let node = &self.nodes[key];
                handles.values().map(move |handle| ListedHandle {
                    key: key.clone(),
                    path: node.path.to_string(),
                    file_id: node.file_id,
                    parent_id: node.parent_id,
                    handle: OpenHandle::from(handle),
                })
            })
            .collect()
    }

    /// Closes handle `id` if it is open on `key`, or anywhere below `key` when `recursive`.
    pub fn close(
        &mut self,
        key: &NodeKey,
        id: u64,
        recursive: bool,
    ) -> Option<(NodeKey, OpenHandle)> {
        let at = self.by_id.get(&id)?.clone();
        let inside = at == *key || (recursive && at > *key && at < key.subtree_end());
        if !inside {
            return None;
        }
        self.by_id.remove(&id);
        let position = (at, id);
        let handle = self.take(&position)?;
        Some((position.0, handle))
    }

    /// Closes up to `limit` handles from `start` to `end` (`*` with a marker); those whose id
    /// `fails` holds for are counted as failed and left open.
    pub fn close_range(
        &mut self,
        start: &(NodeKey, u64),
        end: &(NodeKey, u64),
        limit: usize,
        fails: impl Fn(u64) -> bool,
    ) -> RangeClose {
        let positions: Vec<(NodeKey, u64)> = self
            .runs(start, end)
            .flat_map(|(key, run)| run.map(move |(&id, _)| (key.clone(), id)))
            .take(limit.saturating_add(1))
            .collect();
        let mut result = RangeClose::default();
        for (index, position) in positions.into_iter().enumerate() {
            if index == limit {
                result.next = Some(position);
                break;
            }
            if fails(position.1) {
                result.failed.push(position.1);
                continue;
            }
            self.by_id.remove(&position.1);
            if let Some(handle) = self.take(&position) {
                result.closed.push((position.0, handle));
            }
        }
        result
    }

    /// Whether a handle id is open here.
    pub fn is_open(&self, id: u64) -> bool {
        self.by_id.contains_key(&id)
    }

    pub fn handle_count(&self) -> usize {
        self.handles.values().map(BTreeMap::len).sum()
    }
}

fn whole_seconds(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(0).unwrap_or(t)
}

fn child_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}/{name}")
    }
}

/// The protocol a share is mounted with: its handles are SMB handles, or it has none the
/// REST API can list (NFS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShareProtocol {
    #[default]
    Smb,
    Nfs,
}

impl ShareProtocol {
    /// As `EnabledProtocols` and `x-ms-enabled-protocols` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareProtocol::Smb => "SMB",
            ShareProtocol::Nfs => "NFS",
        }
    }
}

/// What Get Share Properties and List Shares report of a share (its snapshots report the
/// same, as the service does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareProperties {
    /// The quota in GiB.
    pub quota_gib: u32,
    pub protocol: ShareProtocol,
    /// `TransactionOptimized`, `Hot`, `Cool` or `Premium`.
    pub access_tier: String,
    /// `x-ms-meta-*` names (lower-cased, as the service returns them) and values.
    pub metadata: BTreeMap<String, String>,
    pub modified: OffsetDateTime,
    pub etag: String,
}

/// The quota a share gets unless it says otherwise: the service's default for a standard
/// share with large file shares enabled (100 TiB).
pub const DEFAULT_QUOTA_GIB: u32 = 102_400;

/// A share with its snapshots.
#[derive(Debug, Clone)]
pub struct Share {
    pub name: String,
    pub properties: ShareProperties,
    pub live: Namespace,
    /// Snapshot id (`2026-11-01T00:00:00.0000000Z`) → namespace.
    pub snapshots: BTreeMap<String, Namespace>,
}

impl Share {
    pub fn new(name: &str, created: OffsetDateTime) -> Self {
        let stamp = u64::try_from(created.unix_timestamp()).unwrap_or_default();
        Self {
            name: name.to_owned(),
            properties: ShareProperties {
                quota_gib: DEFAULT_QUOTA_GIB,
                protocol: ShareProtocol::Smb,
                access_tier: "TransactionOptimized".to_owned(),
                metadata: BTreeMap::new(),
                modified: whole_seconds(created),
                etag: format!("\"0x8DB{stamp:012X}\""),
            },
            live: Namespace::with_root(created),
            snapshots: BTreeMap::new(),
        }
    }

    /// Takes a snapshot: a copy of the tree, without the live share's handles.
    pub fn snapshot(&mut self, id: &str) -> &mut Namespace {
        let mut copy = self.live.clone();
        copy.handles.clear();
        copy.client_names.clear();
        self.snapshots.entry(id.to_owned()).or_insert(copy)
    }
}

/// Hands out ids that look like the service's.
#[derive(Debug, Clone)]
pub struct IdSource {
    next_handle: u64,
    next_file: u64,
}

impl Default for IdSource {
    fn default() -> Self {
        Self {
            next_handle: 14_537_654_000,
            next_file: 1,
        }
    }
}

impl IdSource {
    pub fn next_handle_id(&mut self) -> u64 {
        self.next_handle += 1;
        self.next_handle
    }

    /// File ids with high bits set, like the service's (up to 1.7e19 recorded).
    pub fn next_file_id(&mut self) -> u64 {
        self.next_file += 1;
        0xA000_0000_0000_0000 | (self.next_file << 24)
    }
}

/// All shares of the emulated account.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// Lower-cased share name → share.
    pub shares: BTreeMap<String, Share>,
    pub ids: IdSource,
    /// Reads of each file (lower-cased share, node), for the "modified mid-download" fault.
    pub file_reads: HashMap<(String, NodeKey), u64>,
}

impl Store {
    pub fn share(&self, name: &str) -> Option<&Share> {
        self.shares.get(&name.to_lowercase())
    }

    pub fn share_mut(&mut self, name: &str) -> Option<&mut Share> {
        self.shares.get_mut(&name.to_lowercase())
    }

    /// Adds an empty share (replacing one of the same name).
    pub fn add_share(&mut self, name: &str, created: OffsetDateTime) -> &mut Share {
        let key = name.to_lowercase();
        self.shares.insert(key.clone(), Share::new(name, created));
        self.shares.get_mut(&key).expect("just inserted")
    }

    /// Splits the store and its id source so both can be borrowed mutably.
    pub fn parts(&mut self, share: &str) -> Option<(&mut Share, &mut IdSource)> {
        let share = self.shares.get_mut(&share.to_lowercase())?;
        Some((share, &mut self.ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);

    fn handle(id: u64) -> OpenHandle {
        OpenHandle {
            id,
            session_id: 1,
            client_ip: "10.0.0.1".parse().unwrap(),
            client_port: 445,
            client_name: None,
            open_time: NOW,
            last_reconnect_time: None,
            access: AccessRights::default(),
        }
    }

    #[test]
    fn subtrees_are_contiguous_and_case_insensitive() {
        let mut store = Store::default();
        store.add_share("data", NOW);
        let (share, ids) = store.parts("DATA").unwrap();
        let ns = &mut share.live;
        let dir = ns.ensure_directory("Dir", ids, NOW);
        let inner = ns.put_file("dir/a.txt", 1, 1, ids, NOW);
        let sibling = ns.put_file("dir-x/b.txt", 1, 1, ids, NOW);
        let deeper = ns.put_file("DIR/sub/c.txt", 1, 1, ids, NOW);
        ns.open(&dir, handle(1));
        ns.open(&inner, handle(2));
        ns.open(&sibling, handle(3));
        ns.open(&deeper, handle(4));
        ns.open(&NodeKey::root(), handle(5));

        let (listed, next) = ns.handles_in(&(dir.clone(), 0), &(dir.subtree_end(), 0), 10);
        let ids: Vec<u64> = listed.iter().map(|h| h.handle.id).collect();
        assert_eq!(ids, [1, 2, 4], "dir-x is outside dir's subtree");
        assert!(next.is_none());
        assert_eq!(
            &*listed[2].path, "Dir/sub/c.txt",
            "case preserved from creation"
        );

        let (first, next) = ns.handles_in(
            &(NodeKey::root(), 0),
            &(NodeKey::root().subtree_end(), 0),
            2,
        );
        assert_eq!(first.len(), 2);
        let (rest, end) = ns.handles_in(&next.unwrap(), &(NodeKey::root().subtree_end(), 0), 10);
        assert_eq!(rest.len(), 3);
        assert!(end.is_none());
        assert_eq!(&*ns.resolve(&["DIR", "A.TXT"]).unwrap().1.path, "Dir/a.txt");
    }

    #[test]
    fn closes_by_id_within_scope_and_by_range_with_a_limit() {
        let mut store = Store::default();
        store.add_share("data", NOW);
        let (share, ids) = store.parts("data").unwrap();
        let ns = &mut share.live;
        let dir = ns.ensure_directory("d", ids, NOW);
        let file = ns.put_file("d/f.txt", 1, 1, ids, NOW);
        let other = ns.put_file("e/g.txt", 1, 1, ids, NOW);
        for (key, id) in [(&dir, 1), (&file, 2), (&file, 3), (&other, 4), (&file, 5)] {
            ns.open(key, handle(id));
        }
        assert!(
            ns.close(&dir, 2, false).is_none(),
            "not on the directory itself"
        );
        assert!(ns.close(&dir, 4, true).is_none(), "outside the subtree");
        assert_eq!(ns.close(&dir, 2, true).unwrap().0, file);
        assert!(ns.close(&dir, 2, true).is_none(), "already closed");
        let end = (dir.subtree_end(), 0);
        let first = ns.close_range(&(dir.clone(), 0), &end, 2, |id| id == 3);
        assert_eq!(first.closed.len(), 1);
        assert_eq!(first.failed, [3]);
        let next = first.next.unwrap();
        let second = ns.close_range(&next, &end, 2, |_| false);
        assert_eq!(second.closed.len(), 1);
        assert!(second.next.is_none());
        assert!(ns.is_open(3) && ns.is_open(4) && !ns.is_open(5));
    }

    #[test]
    fn handles_of_one_client_share_its_name_and_close_as_opened() {
        let mut store = Store::default();
        store.add_share("data", NOW);
        let (share, ids) = store.parts("data").unwrap();
        let ns = &mut share.live;
        let a = ns.put_file("a.txt", 1, 1, ids, NOW);
        let b = ns.put_file("b.txt", 1, 1, ids, NOW);
        let named = |id, name: &str| OpenHandle {
            client_name: Some(name.to_owned()),
            ..handle(id)
        };
        ns.open(&a, named(1, "WS-01"));
        ns.open(&b, named(2, "WS-01"));
        ns.open(&b, named(3, "WS-02"));
        ns.open(&b, handle(4));
        let everything = (NodeKey::root().subtree_end(), 0);
        let (listed, _) = ns.handles_in(&(NodeKey::root(), 0), &everything, 10);
        let listed_names: Vec<Option<&str>> = listed
            .iter()
            .map(|h| h.handle.client_name.as_deref())
            .collect();
        assert_eq!(
            listed_names,
            [Some("WS-01"), Some("WS-01"), Some("WS-02"), None]
        );
        let name = |index: usize| listed[index].handle.client_name.as_ref().unwrap();
        assert!(Arc::ptr_eq(name(0), name(1)), "one name for one client");
        assert_eq!(ns.all_handles()[2].handle, named(3, "WS-02"));
        assert_eq!(
            ns.close(&b, 2, false).unwrap(),
            (b.clone(), named(2, "WS-01"))
        );
        let rest = ns.close_range(&(b.clone(), 0), &everything, 10, |_| false);
        assert_eq!(
            rest.closed,
            [(b.clone(), named(3, "WS-02")), (b, handle(4))]
        );
        assert_eq!(ns.handle_count(), 1);
    }

    #[test]
    fn missing_paths_say_which_part_is_missing() {
        let mut store = Store::default();
        store.add_share("data", NOW);
        let (share, ids) = store.parts("data").unwrap();
        share.live.put_file("d/f.txt", 1, 1, ids, NOW);
        assert_eq!(
            share.live.resolve(&["d", "nope"]).unwrap_err(),
            Missing::Resource
        );
        assert_eq!(
            share.live.resolve(&["nope", "x"]).unwrap_err(),
            Missing::Parent
        );
        assert_eq!(
            share.live.resolve(&["d", "f.txt", "x"]).unwrap_err(),
            Missing::NotADirectory
        );
        assert!(
            share.live.resolve::<&str>(&[]).is_ok(),
            "the root always exists"
        );
    }
}

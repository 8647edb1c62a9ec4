//! The emulated cluster's open handles, its users, and the tokens it has issued.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::identity::KnownIdentity;
use super::sessions::QumuloSession;

/// One open SMB handle, as the cluster keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QumuloHandle {
    pub location: String,
    pub file_number: u64,
    /// Absolute; directories end with `/`.
    pub path: String,
    pub owner: String,
    pub access_mask: Vec<String>,
    pub num_byte_range_locks: u64,
}

impl QumuloHandle {
    /// The record `GET /v1/smb/files/` lists.
    pub fn record(&self, resolve_paths: bool) -> serde_json::Value {
        let mut info = serde_json::json!({
            "location": self.location,
            "version": 1,
            "num_byte_range_locks": self.num_byte_range_locks,
            "num_notify_watches": "0",
            "access_mask": self.access_mask,
            "owner": self.owner,
        });
        if resolve_paths {
            info["path"] = serde_json::Value::String(self.path.clone());
        }
        serde_json::json!({"file_number": self.file_number.to_string(), "handle_info": info})
    }
}

/// Everything the emulated cluster knows.
#[derive(Debug, Default)]
pub struct ClusterState {
    /// Open handles in listing order (by location).
    pub handles: BTreeMap<String, QumuloHandle>,
    /// Path (no trailing `/`, the root is `/`) → file number, for every file and directory.
    pub files: HashMap<String, u64>,
    /// SMB sessions by location (listing order).
    pub sessions: BTreeMap<String, QumuloSession>,
    /// Session locations whose close fails.
    pub fail_session_close: BTreeSet<String>,
    /// auth_id → the user `POST /v1/identity/find` gives.
    pub identities: HashMap<String, KnownIdentity>,
    /// user → password.
    pub users: HashMap<String, String>,
    /// Tokens accepted (given at start, or issued by a login).
    pub tokens: BTreeSet<String>,
    /// Locations whose close fails.
    pub fail_close: BTreeSet<String>,
    /// Privileges who-am-i does not list (the preflight must name them).
    pub withheld_privileges: BTreeSet<String>,
    /// A fault: the answers of this many next close requests are dropped after the closes
    /// are done.
    pub drop_close_answers: u32,
    /// A fault: every page links back to the first page instead of the next.
    pub repeat_first_page: bool,
}

impl ClusterState {
    /// Adds a handle, and its file and parent directories to the file table.
    pub fn add(&mut self, handle: QumuloHandle) {
        let mut path = handle.path.trim_end_matches('/').to_owned();
        if path.is_empty() {
            path.push('/');
        }
        self.files.insert(path.clone(), handle.file_number);
        let mut parent = path.as_str();
        while let Some(index) = parent.rfind('/') {
            parent = &parent[..index];
            let key = if parent.is_empty() { "/" } else { parent };
            let next = 2 + self.files.len() as u64 * 7919;
            self.files
                .entry(key.to_owned())
                .or_insert(if key == "/" { 2 } else { next });
            if parent.is_empty() {
                break;
            }
        }
        self.handles.insert(handle.location.clone(), handle);
    }
}

/// The demo cluster: 240 handles under /projects, /home and /scratch, from five users
/// (`admin`, `CORP\alice`, `CORP\bob`, `CORP\carol`, `CORP\svc-backup`), each on two
/// clients (`127.0.U.10` and `127.0.U.11`, U = 1…5): ten SMB sessions. Session `90UC.77`
/// (U = user 0…4, C = client 0 or 1) is open (7U + 3C + 10) hours and idle (2U + 9C) hours
/// and a minute.
pub fn demo() -> ClusterState {
    let mut state = ClusterState::default();
    let owners = [
        "500",
        "12884901890",
        "12884901891",
        "12884901892",
        "12884902000",
    ];
    let masks: [&[&str]; 4] = [
        &[
            "MS_ACCESS_FILE_READ_DATA",
            "MS_ACCESS_FILE_READ_ATTRIBUTES",
            "MS_ACCESS_SYNCHRONIZE",
        ],
        &[
            "MS_ACCESS_FILE_READ_DATA",
            "MS_ACCESS_FILE_WRITE_DATA",
            "MS_ACCESS_FILE_APPEND_DATA",
            "MS_ACCESS_SYNCHRONIZE",
        ],
        &[
            "MS_ACCESS_DELETE",
            "MS_ACCESS_FILE_READ_ATTRIBUTES",
            "MS_ACCESS_SYNCHRONIZE",
        ],
        &["MS_ACCESS_FILE_READ_ATTRIBUTES", "MS_ACCESS_SYNCHRONIZE"],
    ];
    let names = [
        ("LOCAL", "admin"),
        ("ACTIVE_DIRECTORY", "CORP\\alice"),
        ("ACTIVE_DIRECTORY", "CORP\\bob"),
        ("ACTIVE_DIRECTORY", "CORP\\carol"),
        ("ACTIVE_DIRECTORY", "CORP\\svc-backup"),
    ];
    for (auth_id, (domain, name)) in owners.iter().zip(names) {
        state.identities.insert(
            (*auth_id).to_owned(),
            KnownIdentity {
                domain: domain.to_owned(),
                name: name.to_owned(),
            },
        );
    }
    let mut file_number = 1000_u64;
    for i in 0..240_u64 {
        let path = match i % 6 {
            0 => format!("/projects/dept-0{}/", i % 4 + 1),
            1 | 2 => format!("/projects/dept-0{}/plan-{:03}.docx", i % 4 + 1, i / 6),
            3 => format!("/home/user{}/notes {}.txt", i % 5, i / 6),
            4 => format!("/scratch/run-{:02}/out.dat", i % 12),
            _ => format!(
                "/projects/dept-0{}/shared/data-{:02}.csv",
                i % 4 + 1,
                i % 20
            ),
        };
        // One file, one number: handles on the same path share it.
        let known = state.files.get(path.trim_end_matches('/')).copied();
        let number = known.unwrap_or_else(|| {
            file_number += 1;
            file_number
        });
        let mask = masks[usize::try_from(i % 4).unwrap_or(0)];
        let location = format!("{}.{}.{}", i % 4 + 1, 676_543_750_958 + i * 13, 39_903 + i);
        // Each owner works from two clients: handle i is in the session of owner i % 5 on
        // client (i / 5) % 2.
        let (user, client) = (i % 5, (i / 5) % 2);
        let share = path.split('/').nth(1).unwrap_or_default().to_owned();
        let session = state
            .sessions
            .entry(format!("{}.{}", 9_000 + user * 10 + client, 77))
            .or_insert_with(|| QumuloSession {
                location: format!("{}.{}", 9_000 + user * 10 + client, 77),
                originator: format!("127.0.{}.{}", user + 1, 10 + client),
                auth_id: owners[usize::try_from(user).unwrap_or(0)].to_owned(),
                share_names: Vec::new(),
                handles: Vec::new(),
                time_open_ns: (user * 7 + client * 3 + 10) * 3_600_000_000_000,
                time_idle_ns: (user * 2 + client * 9) * 3_600_000_000_000 + 60_000_000_000,
            });
        if !session.share_names.contains(&share) {
            session.share_names.push(share);
        }
        session.handles.push(location.clone());
        state.add(QumuloHandle {
            location,
            file_number: number,
            path,
            owner: owners[usize::try_from(i % 5).unwrap_or(0)].to_owned(),
            access_mask: mask.iter().map(|s| (*s).to_owned()).collect(),
            num_byte_range_locks: i % 3,
        });
    }
    state
}

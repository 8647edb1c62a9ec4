//! `azfh emulator --state FILE`: shares, files and handles from a JSON file.
//!
//! ```json
//! {"shares": [{"name": "data",
//!   "directories": ["projects/empty"],
//!   "files": [{"path": "projects/plan.docx", "size": 1024}],
//!   "handles": [{"path": "projects/plan.docx", "client_ip": "10.20.1.5:49152",
//!                "client_name": "WS-01", "session_id": "42", "age": "9d",
//!                "access": ["read", "write"]}],
//!   "snapshots": [{"id": "2026-11-01T00:00:00.0000000Z", "handles": []}]}]}
//! ```
//! A share may add `"quota"` (GiB), `"protocols"` (`"SMB"` or `"NFS"`), `"access_tier"` and
//! `"metadata"` (an object of names and values), which List Shares and Get Share Properties
//! report. A handle's time is `open_time` (RFC 3339) or `age` (before the emulator starts); its path
//! must be a listed file or directory (or `""`, the root).

use std::collections::BTreeMap;

use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::load::layout::{Layout, check_snapshot_id};
use crate::load::limits;
use crate::store::{
    DEFAULT_QUOTA_GIB, Namespace, NodeKey, OpenHandle, ShareProperties, ShareProtocol, Store,
};
use azfh_protocol::{AccessRight, AccessRights, ClientAddr};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    shares: Vec<ShareEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareEntry {
    name: String,
    /// GiB, 1 to 102,400.
    #[serde(default)]
    quota: Option<u32>,
    /// `SMB` (the default) or `NFS`.
    #[serde(default)]
    protocols: Option<String>,
    #[serde(default)]
    access_tier: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default)]
    directories: Vec<String>,
    #[serde(default)]
    files: Vec<FileEntry>,
    #[serde(default)]
    handles: Vec<HandleEntry>,
    #[serde(default)]
    snapshots: Vec<SnapshotEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    path: String,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    seed: Option<u64>,
    /// `true`: the file has its MD5 stored; a base64 string: this (perhaps wrong) MD5.
    #[serde(default)]
    md5: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotEntry {
    id: String,
    #[serde(default)]
    handles: Vec<HandleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandleEntry {
    path: String,
    client_ip: String,
    #[serde(default)]
    client_name: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    handle_id: Option<String>,
    #[serde(default)]
    open_time: Option<String>,
    #[serde(default)]
    age: Option<String>,
    #[serde(default)]
    last_reconnect_time: Option<String>,
    #[serde(default)]
    access: Vec<String>,
}

/// Loads a state file's JSON into `store`; the error names the entry at fault.
pub fn load(store: &mut Store, json: &str, now: OffsetDateTime) -> Result<(), String> {
    load_with_notes(store, json, now, &|_| {})
}

/// [`load`], telling `note` before what takes a while (the MD5 of a large file, which
/// otherwise looks like a hang at startup: 4 TiB hashes for hours).
pub fn load_with_notes(
    store: &mut Store,
    json: &str,
    now: OffsetDateTime,
    note: &dyn Fn(&str),
) -> Result<(), String> {
    let file: StateFile =
        serde_json::from_str(json).map_err(|err| format!("invalid state file: {err}"))?;
    for entry in file.shares {
        if store.share(&entry.name).is_some() {
            return Err(format!(
                "share '{}': listed twice (in this file, an earlier --state or --demo); list each share once",
                entry.name
            ));
        }
        if !azfh_protocol::share_name::is_valid(&entry.name) {
            return Err(format!(
                "share '{}': not a valid share name (3 to 63 lower-case letters, digits and hyphens)",
                entry.name
            ));
        }
        let properties =
            share_properties(&entry).map_err(|err| format!("share '{}': {err}", entry.name))?;
        store.add_share(&entry.name, now - time::Duration::days(30));
        let (share, ids) = store.parts(&entry.name).expect("just added");
        share.properties = ShareProperties {
            modified: share.properties.modified,
            etag: share.properties.etag.clone(),
            ..properties
        };
        let mut layout = Layout::default();
        for directory in &entry.directories {
            limits::check_path(directory)
                .and_then(|()| layout.add_directory(directory))
                .map_err(|err| format!("share '{}': {err}", entry.name))?;
            share.live.ensure_directory(directory, ids, now);
        }
        for (index, f) in entry.files.iter().enumerate() {
            limits::check_path(&f.path)
                .and_then(|()| limits::check_file_size(f.size))
                .and_then(|()| layout.add_file(&f.path))
                .and_then(|()| {
                    if f.path.trim_matches('/').is_empty() {
                        Err("a file needs a path".to_owned())
                    } else {
                        Ok(())
                    }
                })
                .map_err(|err| format!("share '{}': file '{}': {err}", entry.name, f.path))?;
            let seed = f.seed.unwrap_or(index as u64);
            let key = share.live.put_file(&f.path, f.size, seed, ids, now);
            let md5 = match &f.md5 {
                None | Some(serde_json::Value::Bool(false) | serde_json::Value::Null) => None,
                Some(serde_json::Value::Bool(true)) => {
                    if f.size >= limits::NOTE_HASHING_FROM {
                        note(&format!(
                            "azfh emulator: computing the MD5 of {}/{} ({} bytes), which takes a while…",
                            entry.name, f.path, f.size
                        ));
                    }
                    Some(crate::load::content::md5(seed, f.size))
                }
                Some(serde_json::Value::String(text)) => Some(
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, text)
                        .ok()
                        .and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
                        .ok_or_else(|| {
                            format!(
                                "share '{}': file '{}': md5 is not 16 bytes of base64",
                                entry.name, f.path
                            )
                        })?,
                ),
                Some(other) => {
                    return Err(format!(
                        "share '{}': file '{}': md5 must be true or base64, not {other}",
                        entry.name, f.path
                    ));
                }
            };
            share.live.set_md5(&key, md5);
        }
        for handle in &entry.handles {
            open(&mut share.live, ids, handle, now)
                .map_err(|err| format!("share '{}': {err}", entry.name))?;
        }
        let mut snapshot_ids = std::collections::HashSet::new();
        for snapshot in &entry.snapshots {
            check_snapshot_id(&snapshot.id)
                .map_err(|err| format!("share '{}': {err}", entry.name))?;
            if !snapshot_ids.insert(&snapshot.id) {
                return Err(format!(
                    "share '{}': snapshot '{}' listed twice; list each snapshot once",
                    entry.name, snapshot.id
                ));
            }
            let namespace = share.snapshot(&snapshot.id);
            for handle in &snapshot.handles {
                open(namespace, ids, handle, now).map_err(|err| {
                    format!("share '{}' snapshot {}: {err}", entry.name, snapshot.id)
                })?;
            }
        }
    }
    Ok(())
}

/// A share's quota, protocol, tier and metadata, checked against the service's rules.
fn share_properties(entry: &ShareEntry) -> Result<ShareProperties, String> {
    let quota_gib = entry.quota.unwrap_or(DEFAULT_QUOTA_GIB);
    if !(1..=DEFAULT_QUOTA_GIB).contains(&quota_gib) {
        return Err(format!(
            "quota {quota_gib}: a share's quota is 1 to {DEFAULT_QUOTA_GIB} GiB"
        ));
    }
    let protocol = match entry.protocols.as_deref() {
        None | Some("SMB") => ShareProtocol::Smb,
        Some("NFS") => ShareProtocol::Nfs,
        Some(other) => return Err(format!("protocols '{other}': use \"SMB\" or \"NFS\"")),
    };
    let access_tier = match entry.access_tier.as_deref() {
        None => "TransactionOptimized".to_owned(),
        Some(tier @ ("TransactionOptimized" | "Hot" | "Cool" | "Premium")) => tier.to_owned(),
        Some(other) => {
            return Err(format!(
                "access_tier '{other}': use TransactionOptimized, Hot, Cool or Premium"
            ));
        }
    };
    let mut metadata = BTreeMap::new();
    for (name, value) in &entry.metadata {
        let identifier = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier || !value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            return Err(format!(
                "metadata '{name}': names are C# identifiers (letters, digits, _), values printable ASCII"
            ));
        }
        metadata.insert(name.to_ascii_lowercase(), value.clone());
    }
    Ok(ShareProperties {
        quota_gib,
        protocol,
        access_tier,
        metadata,
        modified: OffsetDateTime::UNIX_EPOCH,
        etag: String::new(),
    })
}

fn open(
    namespace: &mut Namespace,
    ids: &mut crate::store::IdSource,
    entry: &HandleEntry,
    now: OffsetDateTime,
) -> Result<(), String> {
    if entry.path.starts_with('/') {
        return Err(format!(
            "handle on '{}': paths are relative to the share; drop the leading /",
            entry.path
        ));
    }
    let segments: Vec<&str> = entry.path.split('/').filter(|s| !s.is_empty()).collect();
    let key = NodeKey::from_segments(&segments);
    if namespace.node(&key).is_none() {
        return Err(format!(
            "handle on '{}': no such file or directory in the state file",
            entry.path
        ));
    }
    let client = ClientAddr::parse(&entry.client_ip)
        .ok_or_else(|| format!("invalid client_ip '{}'", entry.client_ip))?;
    let time = |field: &str, text: &str| {
        let parsed = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| {
            format!(
                "handle on '{}': {field} '{text}' is not RFC 3339",
                entry.path
            )
        })?;
        in_range(parsed, now)
            .map_err(|range| format!("handle on '{}': {field} '{text}' is {range}", entry.path))
    };
    let open_time = match (&entry.open_time, &entry.age) {
        (Some(t), None) => time("open_time", t)?,
        (None, Some(age)) => {
            let too_old = || {
                format!(
                    "handle on '{}': age '{age}' puts open_time before 1970-01-01; use an age of at most {} days",
                    entry.path,
                    (now - OffsetDateTime::UNIX_EPOCH).whole_days()
                )
            };
            let parsed = humantime::parse_duration(age)
                .map_err(|err| format!("handle on '{}': invalid age '{age}': {err}", entry.path))?;
            let age = time::Duration::try_from(parsed).map_err(|_| too_old())?;
            now.checked_sub(age)
                .filter(|t| *t >= OffsetDateTime::UNIX_EPOCH)
                .ok_or_else(too_old)?
        }
        (None, None) => now,
        (Some(_), Some(_)) => {
            return Err(format!(
                "handle on '{}': give open_time or age, not both",
                entry.path
            ));
        }
    };
    let access: AccessRights = entry
        .access
        .iter()
        .map(|right| {
            AccessRight::parse(right).ok_or_else(|| format!("invalid access right '{right}'"))
        })
        .collect::<Result<_, _>>()?;
    let parse_id = |text: &Option<String>, what: &str| -> Result<Option<u64>, String> {
        text.as_deref()
            .map(|t| t.parse().map_err(|_| format!("invalid {what} '{t}'")))
            .transpose()
    };
    namespace.open(
        &key,
        OpenHandle {
            id: parse_id(&entry.handle_id, "handle_id")?.unwrap_or_else(|| ids.next_handle_id()),
            session_id: parse_id(&entry.session_id, "session_id")?.unwrap_or(1),
            client_ip: client.ip,
            client_port: client.port.unwrap_or(445),
            client_name: entry.client_name.clone(),
            open_time,
            last_reconnect_time: entry
                .last_reconnect_time
                .as_deref()
                .map(|t| time("last_reconnect_time", t))
                .transpose()?,
            access,
        },
    );
    Ok(())
}

/// How far past the emulator's start a stated time may lie (clocks differ a little).
const MAX_FUTURE: time::Duration = time::Duration::days(1);

/// A handle time the service could report: from 1970 (Azure's times, and HTTP dates, start
/// there) to a day after `now`. `Err` says the range, for the caller to name the field.
fn in_range(t: OffsetDateTime, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    if t < OffsetDateTime::UNIX_EPOCH || t > now + MAX_FUTURE {
        return Err(format!(
            "out of range: use a time from 1970-01-01T00:00:00Z to a day after now ({})",
            (now + MAX_FUTURE)
                .replace_nanosecond(0)
                .unwrap_or(now)
                .format(&Rfc3339)
                .unwrap_or_default()
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn loads_shares_handles_and_snapshots() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let json = r#"{"shares":[{"name":"data","directories":["empty"],
            "files":[{"path":"p/plan.docx","size":10}],
            "handles":[{"path":"p/plan.docx","client_ip":"10.0.0.1:5","age":"9d","access":["read"],"session_id":"42"},
                       {"path":"","client_ip":"2001:db8::1:7","open_time":"2026-11-01T00:00:00Z"}],
            "snapshots":[{"id":"2026-11-01T00:00:00.0000000Z","handles":[{"path":"p","client_ip":"10.0.0.2:1"}]}]}]}"#;
        let mut store = Store::default();
        load(&mut store, json, now).unwrap();
        let share = store.share("data").unwrap();
        let handles = share.live.all_handles();
        assert_eq!(handles.len(), 2);
        assert_eq!(handles[0].path, "");
        assert_eq!(handles[1].handle.session_id, 42);
        assert_eq!(handles[1].handle.open_time, now - time::Duration::days(9));
        assert_eq!(
            share.snapshots["2026-11-01T00:00:00.0000000Z"]
                .all_handles()
                .len(),
            1
        );
    }

    #[test]
    fn errors_name_the_entry() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let mut store = Store::default();
        let err = load(
            &mut store,
            r#"{"shares":[{"name":"dat","handles":[{"path":"nope","client_ip":"1.2.3.4:5"}]}]}"#,
            now,
        )
        .unwrap_err();
        assert!(err.contains("'nope'"), "{err}");
        assert!(
            load(&mut store, r#"{"shares":[{"name":"dat","bogus":1}]}"#, now)
                .unwrap_err()
                .contains("bogus")
        );
        let err = load(&mut store, r#"{"shares":[{"name":"Data"}]}"#, now).unwrap_err();
        assert!(
            err.contains("'Data'") && err.contains("not a valid share name"),
            "{err}"
        );
    }
}

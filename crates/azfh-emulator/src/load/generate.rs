//! Synthetic shares for benchmarks and paging tests: `--generate NAME:HANDLES[:STALE]`.
//!
//! A tree of 100 directories and one file per ten handles; `STALE` of the handles are 8 to 60
//! days old, the others younger than six days. Deterministic for a given spec.

use std::net::{IpAddr, Ipv4Addr};

use time::OffsetDateTime;

use crate::load::limits::MAX_GENERATED;
use crate::store::{OpenHandle, Store};
use azfh_protocol::{AccessRight, AccessRights};

/// A parsed `--generate` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSpec {
    pub share: String,
    pub handles: u64,
    pub stale: u64,
}

/// The share name of a spec, by the service's rule (no client could name it otherwise).
fn check_share(share: &str) -> Result<(), String> {
    if azfh_protocol::share_name::is_valid(share) {
        Ok(())
    } else {
        Err(format!(
            "'{share}' is not a valid share name: use 3 to 63 lower-case letters, digits and hyphens"
        ))
    }
}

impl GenerateSpec {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "invalid --generate '{text}': use SHARE:HANDLES[:STALE], e.g. bench:100000:5000"
            )
        };
        let mut parts = text.split(':');
        let share = parts
            .next()
            .filter(|s| !s.is_empty())
            .ok_or_else(bad)?
            .to_owned();
        let handles = parts.next().and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        let stale = match parts.next() {
            Some(n) => n.parse().map_err(|_| bad())?,
            None => handles / 3,
        };
        if parts.next().is_some() || stale > handles {
            return Err(bad());
        }
        if handles > MAX_GENERATED {
            return Err(format!(
                "--generate '{text}': {handles} handles is more than the {MAX_GENERATED} the emulator makes at once; use fewer"
            ));
        }
        check_share(&share)?;
        Ok(Self {
            share,
            handles,
            stale,
        })
    }
}

/// Adds the share described by `spec`.
pub fn generate(store: &mut Store, spec: &GenerateSpec, now: OffsetDateTime) {
    let mut rng = fastrand::Rng::with_seed(spec.handles ^ (spec.stale << 32));
    store.add_share(&spec.share, now - time::Duration::days(30));
    let (share, ids) = store.parts(&spec.share).expect("just added");
    let files = spec.handles.div_ceil(10).max(1);
    let mut keys = Vec::with_capacity(usize::try_from(files).unwrap_or(usize::MAX));
    for file in 0..files {
        let path = format!("d{:03}/f{file:07}.dat", file % 100);
        keys.push(
            share
                .live
                .put_file(&path, 4096, file, ids, now - time::Duration::days(30)),
        );
    }
    // Spread stale handles evenly through the listing.
    for index in 0..spec.handles {
        let stale = spec.stale > 0
            && (index * spec.stale / spec.handles) != ((index + 1) * spec.stale / spec.handles);
        let age = if stale {
            time::Duration::seconds(rng.i64(8 * 86_400..60 * 86_400))
        } else {
            time::Duration::seconds(rng.i64(60..6 * 86_400))
        };
        let client = rng.u8(1..=250);
        let key = &keys[usize::try_from(index % files).unwrap_or_default()];
        share.live.open(
            key,
            OpenHandle {
                id: ids.next_handle_id(),
                session_id: 1_000_000_000_000 + u64::from(client),
                client_ip: IpAddr::V4(Ipv4Addr::new(10, 20, client % 16, client)),
                client_port: rng.u16(49_152..=65_535),
                client_name: Some(format!("WS-{client:03}")),
                open_time: now - age,
                last_reconnect_time: None,
                access: [AccessRight::Read, AccessRight::Write]
                    .into_iter()
                    .collect::<AccessRights>(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn generates_the_requested_counts() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let spec = GenerateSpec::parse("bench:1000:50").unwrap();
        let mut store = Store::default();
        generate(&mut store, &spec, now);
        let handles = store.share("bench").unwrap().live.all_handles();
        assert_eq!(handles.len(), 1000);
        let stale = handles
            .iter()
            .filter(|h| h.handle.open_time < now - time::Duration::days(7))
            .count();
        assert_eq!(stale, 50);
        assert!(GenerateSpec::parse("x:10:20").is_err());
        assert!(GenerateSpec::parse("x").is_err());
        assert_eq!(GenerateSpec::parse("xyz:9").unwrap().stale, 3);
        assert!(
            GenerateSpec::parse("x:9")
                .unwrap_err()
                .contains("not a valid share name")
        );
    }
}

/// A parsed `--tree SHARE:DIRS:FILES`: DIRS directories of FILES small files each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeSpec {
    pub share: String,
    pub directories: u64,
    pub files_per_directory: u64,
}

impl TreeSpec {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "invalid --tree '{text}': use SHARE:DIRECTORIES:FILES_PER_DIRECTORY, e.g. tree:1000:50"
            )
        };
        let parts: Vec<&str> = text.split(':').collect();
        let [share, directories, files] = parts.as_slice() else {
            return Err(bad());
        };
        check_share(share)?;
        let directories: u64 = directories.parse().map_err(|_| bad())?;
        let files_per_directory: u64 = files.parse().map_err(|_| bad())?;
        let entries = files_per_directory
            .checked_add(1)
            .and_then(|per_directory| per_directory.checked_mul(directories));
        if entries.is_none_or(|entries| entries > MAX_GENERATED) {
            return Err(format!(
                "--tree '{text}': more than the {MAX_GENERATED} directories and files the emulator makes at once; use fewer"
            ));
        }
        Ok(Self {
            share: (*share).to_owned(),
            directories,
            files_per_directory,
        })
    }
}

/// Adds (or extends) the share of `spec`: directories `dNNNN/` under a few levels, each with
/// its files.
pub fn generate_tree(store: &mut Store, spec: &TreeSpec, now: OffsetDateTime) {
    if store.share(&spec.share).is_none() {
        store.add_share(&spec.share, now - time::Duration::days(30));
    }
    let (share, ids) = store.parts(&spec.share).expect("present");
    for directory in 0..spec.directories {
        // Ten top-level groups, so the walk has depth as well as breadth.
        let dir = format!("g{:02}/d{directory:05}", directory % 10);
        share.live.ensure_directory(&dir, ids, now);
        for file in 0..spec.files_per_directory {
            let seed = directory * 1_000_003 + file;
            share.live.put_file(
                &format!("{dir}/file-{file:04}.txt"),
                1_024 + seed % 3_072,
                seed,
                ids,
                now,
            );
        }
    }
}

/// A parsed `--file SHARE/PATH:SIZE[:md5]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub share: String,
    pub path: String,
    pub size: u64,
    pub md5: bool,
}

impl FileSpec {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!(
                "invalid --file '{text}': {why}; use SHARE/PATH:SIZE[:md5], e.g. big/data.bin:1G"
            )
        };
        let mut parts = text.rsplitn(3, ':').collect::<Vec<_>>();
        parts.reverse();
        let (location, size, md5) = match parts.as_slice() {
            [location, size] => (*location, *size, false),
            [location, size, "md5"] => (*location, *size, true),
            _ => return Err(bad("wrong form")),
        };
        let (share, path) = location
            .split_once('/')
            .ok_or_else(|| bad("no path after the share"))?;
        if share.is_empty() || path.trim_matches('/').is_empty() {
            return Err(bad("no path after the share"));
        }
        check_share(share).map_err(|why| bad(&why))?;
        let size = azfh_protocol::size::parse_size(size).map_err(|err| bad(&err.to_string()))?;
        crate::load::limits::check_file_size(size).map_err(|why| bad(&why))?;
        crate::load::limits::check_path(path).map_err(|why| bad(&why))?;
        Ok(Self {
            share: share.to_owned(),
            path: path.trim_matches('/').to_owned(),
            size,
            md5,
        })
    }
}

/// Adds the file of `spec` (and its share, if new). Computing a large file's MD5 takes
/// seconds, so `note` hears of it first.
pub fn generate_file(store: &mut Store, spec: &FileSpec, now: OffsetDateTime, note: &dyn Fn(&str)) {
    if store.share(&spec.share).is_none() {
        store.add_share(&spec.share, now - time::Duration::days(30));
    }
    let (share, ids) = store.parts(&spec.share).expect("present");
    let seed = spec.size ^ 0x00AF_F11E;
    let key = share.live.put_file(&spec.path, spec.size, seed, ids, now);
    if spec.md5 {
        if spec.size >= crate::load::limits::NOTE_HASHING_FROM {
            note(&format!(
                "azfh emulator: computing the MD5 of {}/{} ({} bytes), which takes a while…",
                spec.share, spec.path, spec.size
            ));
        }
        share
            .live
            .set_md5(&key, Some(crate::load::content::md5(seed, spec.size)));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn trees_and_files() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let mut store = Store::default();
        generate_tree(&mut store, &TreeSpec::parse("tree:20:3").unwrap(), now);
        generate_file(
            &mut store,
            &FileSpec::parse("tree/big/data.bin:1M:md5").unwrap(),
            now,
            &|_| {},
        );
        let share = store.share("tree").unwrap();
        let (_, node) = share.live.resolve(&["big", "data.bin"]).unwrap();
        assert_eq!(node.file().unwrap().size, 1 << 20);
        assert!(node.file().unwrap().md5.is_some());
        assert!(
            share
                .live
                .resolve(&["g03", "d00013", "file-0002.txt"])
                .is_ok()
        );
        assert!(TreeSpec::parse("t:x:1").is_err());
        assert!(FileSpec::parse("t:1M").is_err());
        assert!(FileSpec::parse("tst/a:1Q").is_err());
        assert!(FileSpec::parse("T/a:1").is_err());
        assert!(TreeSpec::parse("t:1:1").is_err());
        assert_eq!(FileSpec::parse("tst/a:1G").unwrap().size, 1 << 30);
        assert_eq!(FileSpec::parse("tst/a:4T").unwrap().size, 4 << 40);
        assert_eq!(FileSpec::parse("tst/a:4TiB").unwrap().size, 4 << 40);
        assert!(FileSpec::parse("tst/a:5T").is_err(), "above 4 TiB");
        assert_eq!(FileSpec::parse("tst/empty:0").unwrap().size, 0);
        assert!(
            FileSpec::parse("tst/a:5000G")
                .unwrap_err()
                .contains("4 TiB")
        );
        assert!(FileSpec::parse("tst/a?b:1").is_err());
    }
}

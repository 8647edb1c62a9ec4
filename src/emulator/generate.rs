//! Synthetic shares for benchmarks and paging tests: `--generate NAME:HANDLES[:STALE]`.
//!
//! A tree of 100 directories and one file per ten handles; `STALE` of the handles are 8 to 60
//! days old, the others younger than six days. Deterministic for a given spec.

use std::net::{IpAddr, Ipv4Addr};

use time::OffsetDateTime;

use super::store::{OpenHandle, Store};
use crate::handles::model::{AccessRight, AccessRights};

/// A parsed `--generate` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSpec {
    pub share: String,
    pub handles: u64,
    pub stale: u64,
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
        assert_eq!(GenerateSpec::parse("x:9").unwrap().stale, 3);
    }
}

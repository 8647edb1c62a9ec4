//! The demo share: a realistic tree with odd names and a few hundred handles from a dozen
//! clients, about a third of them stale (opened 8 to 60 days ago). Ages are relative to the
//! moment the emulator starts; the layout and the choices are fixed by a seed, so every run
//! shows the same picture.

use std::net::IpAddr;

use time::OffsetDateTime;

use crate::store::{NodeKey, OpenHandle, Store};
use azfh_protocol::{AccessRight, AccessRights};

/// The demo share's name.
pub const DEMO_SHARE: &str = "demo";

/// A client machine of the demo.
struct Client {
    name: Option<&'static str>,
    ip: &'static str,
    sessions: [u64; 2],
}

const CLIENTS: [Client; 12] = [
    Client {
        name: Some("WS-ALICE"),
        ip: "10.20.1.11",
        sessions: [9_385_737_614_310_506_553, 9_385_737_614_310_506_554],
    },
    Client {
        name: Some("WS-BOB"),
        ip: "10.20.1.12",
        sessions: [9_479_483_953_728_458_157, 9_479_483_953_728_458_158],
    },
    Client {
        name: Some("LAPTOP-CAROL"),
        ip: "10.20.5.40",
        sessions: [9_913_627_845_257_595_913, 9_913_627_845_257_595_914],
    },
    Client {
        name: Some("WS-DAVE"),
        ip: "10.20.1.14",
        sessions: [513_867_793_146_318_209, 513_867_793_146_318_210],
    },
    Client {
        name: Some("build-agent-07"),
        ip: "10.20.9.7",
        sessions: [9_246_039_582_732_976_141, 9_246_039_582_732_976_142],
    },
    Client {
        name: Some("build-agent-08"),
        ip: "10.20.9.8",
        sessions: [9_435_289_398_791_897_169, 9_435_289_398_791_897_170],
    },
    Client {
        name: Some("MAC-ERIN"),
        ip: "10.30.2.21",
        sessions: [9_913_091_334_384_648_269, 9_913_091_334_384_648_270],
    },
    Client {
        name: Some("KIOSK-3"),
        ip: "10.30.7.3",
        sessions: [4_611_686_018_427_387_905, 4_611_686_018_427_387_906],
    },
    Client {
        name: Some("SCANNER-2F"),
        ip: "192.168.40.12",
        sessions: [7_205_759_403_792_793_601, 7_205_759_403_792_793_602],
    },
    Client {
        name: Some("citrix-vda-01"),
        ip: "10.20.12.101",
        sessions: [1_152_921_504_606_846_977, 1_152_921_504_606_846_978],
    },
    Client {
        name: None,
        ip: "10.40.0.5",
        sessions: [2_305_843_009_213_693_953, 2_305_843_009_213_693_954],
    },
    Client {
        name: Some("WS-FRANK"),
        ip: "2001:db8:20::15",
        sessions: [3_458_764_513_820_540_929, 3_458_764_513_820_540_930],
    },
];

/// Files of the demo tree, and which clients tend to open each (indexes into `CLIENTS`).
const FILES: &[(&str, &[usize])] = &[
    ("projects/apollo/Design Review.docx", &[0, 1, 2, 11]),
    ("projects/apollo/budget 2026.xlsx", &[0, 3, 9]),
    ("projects/apollo/src/main.c", &[4, 5, 1]),
    ("projects/apollo/src/util.c", &[4, 5]),
    ("projects/apollo/src/README.md", &[4, 1]),
    ("projects/apollo/build/output.log", &[4, 5]),
    ("projects/zeus+hera/notes.txt", &[2, 6]),
    ("projects/zeus+hera/plan #2.pptx", &[2, 6, 11]),
    ("projects/Q3 #reports/summary.pdf", &[3, 9, 0]),
    ("projects/Q3 #reports/100% done.txt", &[3]),
    ("home/alice/Documents/todo.txt", &[0]),
    ("home/bob/mail.pst", &[1]),
    ("home/carol/photos/IMG_0001.jpg", &[2]),
    ("home/frank/notes & ideas.md", &[11]),
    ("shared/Open Questions.docx", &[0, 1, 2, 3, 6]),
    ("shared/données clients.xlsx", &[6, 9, 3]),
    ("shared/日本語のファイル.txt", &[11, 6]),
    ("shared/Ünïcödé & more.txt", &[7, 1]),
    ("archive/old\u{FFFE}reports/2019.zip", &[10, 8]),
    ("archive/old\u{FFFE}reports/2020.zip", &[10]),
    ("scans/scan_0001.pdf", &[8, 7]),
    ("scans/scan_0002.pdf", &[8]),
    ("databases/inventory.mdb", &[10, 9, 3, 0, 1]),
    ("databases/inventory.ldb", &[10, 9]),
];

/// Directories that clients hold open (Explorer windows, shells).
const DIRECTORIES: &[(&str, &[usize])] = &[
    ("", &[0, 1, 9]),
    ("projects", &[0, 2]),
    ("projects/apollo", &[0, 1, 4]),
    ("home/alice", &[0]),
    ("shared", &[3, 6, 7]),
    ("archive/old\u{FFFE}reports", &[10]),
];

/// How many handles the demo opens.
pub const DEMO_HANDLES: usize = 300;

/// Adds the demo share (and one snapshot of it) to `store`, with ages relative to `now`.
pub fn load(store: &mut Store, now: OffsetDateTime) {
    let mut rng = fastrand::Rng::with_seed(0x00AF_F11E);
    store.add_share(DEMO_SHARE, now - time::Duration::days(400));
    let (share, ids) = store.parts(DEMO_SHARE).expect("just added");
    let created = now - time::Duration::days(90);
    for (index, (path, _)) in FILES.iter().enumerate() {
        let size = rng.u64(0..4 * 1024 * 1024);
        let seed = rng.u64(..);
        // People print these (`azfh get demo/…/output.log - | tail`): text, not random bytes,
        // in whole lines.
        let (size, seed) = if [".log", ".txt", ".md", ".c"]
            .iter()
            .any(|e| path.ends_with(e))
        {
            (size - size % 64, crate::load::content::text_seed(seed))
        } else {
            (size, seed)
        };
        let key = share.live.put_file(path, size, seed, ids, created);
        // Some files were uploaded with an MD5 (over SMB nobody stores one).
        if index % 3 == 0 {
            share
                .live
                .set_md5(&key, Some(crate::load::content::md5(seed, size)));
        }
    }
    share
        .live
        .put_file("projects/apollo/empty.txt", 0, 0, ids, created);
    for (path, _) in DIRECTORIES {
        share.live.ensure_directory(path, ids, created);
    }
    let targets: Vec<(NodeKey, &[usize])> = FILES
        .iter()
        .chain(DIRECTORIES)
        .map(|(path, clients)| {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            (NodeKey::from_segments(&segments), *clients)
        })
        .collect();

    for index in 0..DEMO_HANDLES {
        let (key, clients) = &targets[rng.usize(..targets.len())];
        let client = &CLIENTS[clients[rng.usize(..clients.len())]];
        // About a third stale: every third handle is 8 to 60 days old.
        let age = if index % 3 == 0 {
            time::Duration::seconds(rng.i64(8 * 86_400..60 * 86_400))
        } else {
            time::Duration::seconds(rng.i64(60..6 * 86_400))
        };
        let open_time = now - age;
        let reconnected = rng.u8(..10) == 0;
        let last_reconnect_time = reconnected
            .then(|| open_time + time::Duration::seconds(rng.i64(1..age.whole_seconds().max(2))));
        let access: AccessRights = match rng.u8(..4) {
            0 => [AccessRight::Read].into_iter().collect(),
            1 | 2 => [AccessRight::Read, AccessRight::Write]
                .into_iter()
                .collect(),
            _ => AccessRight::ALL.into_iter().collect(),
        };
        share.live.open(
            key,
            OpenHandle {
                id: ids.next_handle_id(),
                session_id: client.sessions[rng.usize(..2)],
                client_ip: client.ip.parse::<IpAddr>().expect("valid demo address"),
                client_port: rng.u16(49_152..=65_535),
                client_name: client.name.map(str::to_owned),
                open_time,
                last_reconnect_time,
                access,
            },
        );
    }

    // A snapshot taken three days ago, read by the backup agent.
    let snapshot_id = snapshot_id(now - time::Duration::days(3));
    let snapshot = share.snapshot(&snapshot_id);
    let file = NodeKey::from_segments(&["databases", "inventory.mdb"]);
    for offset in 0..2 {
        snapshot.open(
            &file,
            OpenHandle {
                id: ids.next_handle_id(),
                session_id: 6_917_529_027_641_081_857,
                client_ip: "10.20.9.50".parse().expect("valid"),
                client_port: 50_000 + offset,
                client_name: Some("backup-01".into()),
                open_time: now - time::Duration::hours(70),
                last_reconnect_time: None,
                access: [AccessRight::Read].into_iter().collect(),
            },
        );
    }
}

/// A share snapshot id as the service writes it: `2026-11-18T12:00:00.0000000Z`.
pub fn snapshot_id(at: OffsetDateTime) -> String {
    azfh_protocol::wire::format_iso8601(at.replace_nanosecond(0).expect("0 is a valid nanosecond"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn demo_share_has_the_promised_shape() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let mut store = Store::default();
        load(&mut store, now);
        let share = store.share(DEMO_SHARE).unwrap();
        let handles = share.live.all_handles();
        assert_eq!(handles.len(), DEMO_HANDLES);
        let stale = handles
            .iter()
            .filter(|h| h.handle.open_time < now - time::Duration::days(7))
            .count();
        assert_eq!(stale, DEMO_HANDLES / 3);
        let clients: std::collections::HashSet<_> =
            handles.iter().map(|h| h.handle.client_ip).collect();
        assert!(clients.len() >= 10, "{} clients", clients.len());
        assert!(clients.iter().any(IpAddr::is_ipv6));
        assert!(handles.iter().any(|h| h.path.contains('\u{FFFE}')));
        assert!(handles.iter().any(|h| h.path.is_empty()), "root handles");
        assert!(handles.iter().any(|h| h.handle.client_name.is_none()));
        assert_eq!(share.snapshots.len(), 1);
        let mut again = Store::default();
        load(&mut again, now);
        assert_eq!(
            again.share(DEMO_SHARE).unwrap().live.all_handles(),
            handles,
            "deterministic"
        );
    }
}

//! The shares of an account as rows (`azfh shares ls`): name, quota, protocol, last modified,
//! access tier, and with `--snapshots` the snapshot each row is.

use std::io;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::entries::table_time;
use super::escape::{for_terminal, for_tsv};
use super::rfc3339;
use super::sink::{Row, json};
use azfh_client::shares::Share;

/// A share as `azfh shares ls` shows it.
#[derive(Debug, Clone)]
pub(crate) struct ShareRow(pub Share);

/// The fields of `-o tsv` and `-o json`, in order.
const FIELDS: [&str; 7] = [
    "name",
    "snapshot",
    "quota_gib",
    "protocol",
    "last_modified",
    "access_tier",
    "etag",
];

#[derive(Serialize)]
struct ShareRecord<'a> {
    name: &'a str,
    snapshot: Option<&'a str>,
    quota_gib: Option<u64>,
    protocol: &'static str,
    last_modified: Option<String>,
    access_tier: Option<&'a str>,
    etag: Option<&'a str>,
}

impl Row for ShareRow {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "NAME",
        "SNAPSHOT",
        "QUOTA",
        "PROTOCOL",
        "LAST MODIFIED",
        "ACCESS TIER",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &FIELDS;

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        let s = &self.0;
        let text = |value: Option<&str>| {
            value.map_or_else(|| "-".into(), |v| for_terminal(v).into_owned())
        };
        vec![
            for_terminal(&s.name).into_owned(),
            text(s.snapshot.as_deref()),
            s.quota_gib
                .map_or_else(|| "-".into(), |gib| format!("{gib} GiB")),
            s.protocol.name().to_owned(),
            s.last_modified.map_or_else(|| "-".into(), table_time),
            text(s.access_tier.as_deref()),
        ]
    }

    fn tsv_fields(&self) -> Vec<String> {
        let s = &self.0;
        let text = |value: Option<&str>| for_tsv(value.unwrap_or_default()).into_owned();
        vec![
            for_tsv(&s.name).into_owned(),
            text(s.snapshot.as_deref()),
            s.quota_gib.map(|q| q.to_string()).unwrap_or_default(),
            s.protocol.name().to_owned(),
            s.last_modified.map(rfc3339).unwrap_or_default(),
            text(s.access_tier.as_deref()),
            text(s.etag.as_deref()),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let s = &self.0;
        let record = ShareRecord {
            name: &s.name,
            snapshot: s.snapshot.as_deref(),
            quota_gib: s.quota_gib,
            protocol: s.protocol.name(),
            last_modified: s.last_modified.map(rfc3339),
            access_tier: s.access_tier.as_deref(),
            etag: s.etag.as_deref(),
        };
        json(out, &record, pretty)
    }
}

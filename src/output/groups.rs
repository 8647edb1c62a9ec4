//! `--group-by` results in each format.

use std::io::{self, Write};

use serde::Serialize;
use time::OffsetDateTime;

use super::escape::{for_terminal, for_tsv};
use super::fit::Cells;
use super::{Format, TableStyle, rfc3339, table_text};
use azfh_client::handles::grouping::{Group, GroupKey, GroupReport, LimitStatus};

#[derive(Serialize)]
struct GroupRecord<'a> {
    group_by: &'static str,
    key: Option<&'a str>,
    handles: u64,
    oldest_open_time: Option<String>,
    limit: Option<LimitRecord>,
}

#[derive(Serialize)]
struct LimitRecord {
    open: u64,
    limit: u64,
}

fn limit_text(status: &LimitStatus) -> String {
    let what = if status.is_reached() {
        "AT LIMIT"
    } else {
        "near limit"
    };
    format!("{what}: {}/{} open", status.open, status.limit)
}

fn key_text(group: &Group, key: GroupKey) -> String {
    match (&group.key, key) {
        (None, _) => "(no name)".to_owned(),
        (Some(path), GroupKey::Path) if path.is_empty() => "/".to_owned(),
        (Some(value), _) => value.clone(),
    }
}

fn group_record(key: GroupKey, g: &Group) -> GroupRecord<'_> {
    GroupRecord {
        group_by: key.name(),
        key: g.key.as_deref(),
        handles: g.handles,
        oldest_open_time: g.oldest_open_time.map(rfc3339),
        limit: g.limit.as_ref().map(|s| LimitRecord {
            open: s.open,
            limit: s.limit,
        }),
    }
}

/// Writes the groups; the caller prints the near-limit warnings on stderr.
pub(crate) fn write(
    out: &mut dyn Write,
    format: Format,
    key: GroupKey,
    report: &GroupReport,
    now: OffsetDateTime,
    style: TableStyle,
) -> io::Result<()> {
    let record = |g| group_record(key, g);
    match format {
        Format::Table => {
            if report.groups.is_empty() {
                return Ok(());
            }
            let title = key.name().replace('-', " ").to_uppercase();
            let cells = Cells {
                headers: [title.as_str(), "HANDLES", "OLDEST", "WARNING"]
                    .map(str::to_owned)
                    .to_vec(),
                rows: report
                    .groups
                    .iter()
                    .map(|g| {
                        vec![
                            for_terminal(&key_text(g, key)).into_owned(),
                            g.handles.to_string(),
                            g.oldest_open_time
                                .map_or_else(|| "-".to_owned(), |t| style.time.show(t, now)),
                            g.limit.as_ref().map(limit_text).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            };
            out.write_all(table_text(style, cells, false).as_bytes())?;
        }
        Format::Tsv => {
            writeln!(
                out,
                "{}\thandles\toldest_open_time\topen_on_path\tlimit",
                key.name().replace('-', "_")
            )?;
            for g in &report.groups {
                let (open, limit) = g
                    .limit
                    .as_ref()
                    .map(|s| (s.open.to_string(), s.limit.to_string()))
                    .unzip();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    for_tsv(&g.key.clone().unwrap_or_default()),
                    g.handles,
                    g.oldest_open_time.map(rfc3339).unwrap_or_default(),
                    open.unwrap_or_default(),
                    limit.unwrap_or_default()
                )?;
            }
        }
        Format::Json => {
            let records: Vec<GroupRecord<'_>> = report.groups.iter().map(record).collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for g in &report.groups {
                serde_json::to_writer(&mut *out, &record(g))?;
                writeln!(out)?;
            }
        }
    }
    out.flush()
}

/// The stderr warning for a path near or at its limit.
pub(crate) fn limit_warning(status: &LimitStatus) -> String {
    let path = if status.path.is_empty() {
        "/ (the share root)".to_owned()
    } else {
        for_terminal(&status.path).into_owned()
    };
    if status.is_reached() {
        format!(
            "{path} has {} open handles: the service limit of {} is reached, new opens fail",
            status.open, status.limit
        )
    } else {
        format!(
            "{path} has {} open handles, near the service limit of {}",
            status.open, status.limit
        )
    }
}

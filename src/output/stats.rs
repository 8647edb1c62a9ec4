//! `handles stats` results in every format: tables (a block per share, headed with its account
//! and share when there are several, with the change since the last pass under `--watch`), tsv
//! (one line per share), json and jsonl (one object per share), and the Prometheus text
//! exposition format (one exposition for every share: each family's HELP and TYPE once).
//!
//! A failed share is in every format, named with its error, and never with counts.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;

use super::escape::{for_terminal, for_tsv};
use super::fit::{Cells, wrap_words};
use super::{Format, TableStyle, table_text};
use azfh_client::handles::grouping::HANDLES_ON_ROOT_LIMIT;
use azfh_client::handles::stats::{ClientCount, ShareKey, ShareSummary};

/// One share's pass: its counts, or why its listing failed.
#[derive(Debug, Clone)]
pub(crate) struct SharePass {
    /// The share; its `share` is empty for an account whose shares could not be listed.
    pub key: ShareKey,
    /// The counts; `None` when the listing failed.
    pub summary: Option<ShareSummary>,
    /// How long the listing took; `None` when it never began (the account's shares or the
    /// TARGET's credential could not be had).
    pub duration: Option<Duration>,
    /// Why the listing failed (service text: escaped where it is shown).
    pub error: Option<String>,
}

/// What the results say about how they were counted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatsHeading {
    /// `--older-than`: handles opened longer ago are stale.
    pub older_than: Duration,
    /// `-r`: the counts are of each TARGET and everything below it, not of TARGET alone.
    pub recursive: bool,
}

/// Writes `passes` in `format`. `previous` (under `--watch`, tables only) adds the change
/// since that pass.
pub(crate) fn write(
    out: &mut dyn Write,
    format: Format,
    style: &TableStyle,
    heading: StatsHeading,
    passes: &[SharePass],
    previous: Option<&[SharePass]>,
) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(table(style, heading, passes, previous).as_bytes()),
        Format::Tsv => out.write_all(tsv(style, passes).as_bytes()),
        Format::Json => json(out, style.pretty_json, heading, passes),
        Format::Jsonl => jsonl(out, heading, passes),
        Format::Prometheus => out.write_all(prometheus(heading, passes).as_bytes()),
    }
}

/// How much further an `error:` line's wrapped lines are indented.
const ERROR_INDENT: &str = "       ";

/// A root path as tables and Prometheus show it (an empty label value is no label at all).
fn shown_path(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}

/// Client names as one cell or label: sorted, comma-separated, `…` when there were more.
fn names_text(client: &ClientCount) -> String {
    let mut text = client.names.join(",");
    if client.more_names {
        text.push_str(",…");
    }
    text
}

fn ip_text(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// `1,234`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The change from `before` to `now`: `+3`, `-2`, `0`, or `new` when it was not there.
fn change(before: Option<u64>, now: u64) -> String {
    match before {
        None => "new".to_owned(),
        Some(before) if now >= before => {
            if now == before {
                "0".to_owned()
            } else {
                format!("+{}", now - before)
            }
        }
        Some(before) => format!("-{}", before - now),
    }
}

/// The age `--older-than` names, as a person wrote it (`7d`, `36h`).
fn age_text(age: Duration) -> String {
    let seconds = age.as_secs();
    match seconds {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn table(
    style: &TableStyle,
    heading: StatsHeading,
    passes: &[SharePass],
    previous: Option<&[SharePass]>,
) -> String {
    let before = |key: &ShareKey| -> Option<&ShareSummary> {
        previous?
            .iter()
            .find(|p| &p.key == key)
            .and_then(|p| p.summary.as_ref())
    };
    let mut headers: Vec<String> = [
        "ACCOUNT".to_owned(),
        "SHARE".to_owned(),
        "OPEN".to_owned(),
        format!("STALE (>{})", age_text(heading.older_than)),
        "CLIENTS".to_owned(),
        "ROOT".to_owned(),
    ]
    .to_vec();
    if previous.is_some() {
        headers.push("CHANGE".to_owned());
    }
    let several = passes.len() > 1;
    let mut text = String::new();
    for (index, pass) in passes.iter().enumerate() {
        if several {
            if index > 0 {
                text.push('\n');
            }
            let _ = writeln!(text, "{}", block_title(&pass.key));
        }
        let mut row = vec![
            for_terminal(&pass.key.account).into_owned(),
            for_terminal(&pass.key.share).into_owned(),
        ];
        if let Some(s) = &pass.summary {
            row.extend([
                thousands(s.open_handles),
                thousands(s.stale_handles),
                thousands(s.distinct_clients),
                s.root_handles.map_or_else(
                    || "-".to_owned(),
                    |root| {
                        format!(
                            "{} of {}",
                            thousands(root),
                            thousands(HANDLES_ON_ROOT_LIMIT)
                        )
                    },
                ),
            ]);
            if previous.is_some() {
                row.push(change(
                    before(&pass.key).map(|b| b.open_handles),
                    s.open_handles,
                ));
            }
        } else {
            row.extend(["failed", "-", "-", "-"].map(str::to_owned));
            if previous.is_some() {
                row.push("-".to_owned());
            }
        }
        text.push_str(&table_text(
            *style,
            Cells {
                headers: headers.clone(),
                rows: vec![row],
            },
            false,
        ));
        if let Some(error) = &pass.error {
            let line = format!("error: {}", for_terminal(error));
            match style.width {
                // Broken between words, each further line under the first's text.
                Some(width) => {
                    let lines = wrap_words(&line, width.saturating_sub(ERROR_INDENT.len()));
                    for (index, part) in lines.iter().enumerate() {
                        let indent = if index == 0 { "" } else { ERROR_INDENT };
                        let _ = writeln!(text, "{indent}{part}");
                    }
                }
                None => {
                    let _ = writeln!(text, "{line}");
                }
            }
        }
        let Some(summary) = &pass.summary else {
            continue;
        };
        let earlier = before(&pass.key);
        if !summary.top_paths.is_empty() {
            text.push('\n');
            let mut headers: Vec<String> = ["PATH", "HANDLES", "LIMIT", "USE"]
                .map(str::to_owned)
                .to_vec();
            let before_paths: Option<HashMap<&str, u64>> = earlier.map(|e| {
                e.top_paths
                    .iter()
                    .map(|p| (p.path.as_str(), p.handles))
                    .collect()
            });
            if previous.is_some() {
                headers.push("CHANGE".to_owned());
            }
            let rows = summary
                .top_paths
                .iter()
                .map(|p| {
                    let mut row = vec![
                        for_terminal(shown_path(&p.path)).into_owned(),
                        thousands(p.handles),
                        thousands(p.limit),
                        format!("{}%", p.handles * 100 / p.limit.max(1)),
                    ];
                    if previous.is_some() {
                        row.push(change(
                            before_paths
                                .as_ref()
                                .map(|m| m.get(p.path.as_str()).copied().unwrap_or(0)),
                            p.handles,
                        ));
                    }
                    row
                })
                .collect();
            text.push_str(&table_text(*style, Cells { headers, rows }, false));
        }
        if !summary.top_clients.is_empty() {
            text.push('\n');
            let mut headers: Vec<String> = ["CLIENT IP", "CLIENT NAME", "HANDLES"]
                .map(str::to_owned)
                .to_vec();
            let before_clients: Option<HashMap<Option<IpAddr>, u64>> =
                earlier.map(|e| e.top_clients.iter().map(|c| (c.ip, c.handles)).collect());
            if previous.is_some() {
                headers.push("CHANGE".to_owned());
            }
            let rows = summary
                .top_clients
                .iter()
                .map(|c| {
                    let names = names_text(c);
                    let mut row = vec![
                        ip_text(c.ip),
                        if names.is_empty() {
                            "-".to_owned()
                        } else {
                            for_terminal(&names).into_owned()
                        },
                        thousands(c.handles),
                    ];
                    if previous.is_some() {
                        row.push(change(
                            before_clients
                                .as_ref()
                                .map(|m| m.get(&c.ip).copied().unwrap_or(0)),
                            c.handles,
                        ));
                    }
                    row
                })
                .collect();
            text.push_str(&table_text(*style, Cells { headers, rows }, false));
        }
    }
    text
}

/// The heading of a share's block when there are several: `== account/share ==` (an account
/// whose shares could not be listed: `== account ==`).
fn block_title(key: &ShareKey) -> String {
    if key.share.is_empty() {
        format!("== {} ==", for_terminal(&key.account))
    } else {
        format!(
            "== {}/{} ==",
            for_terminal(&key.account),
            for_terminal(&key.share)
        )
    }
}

/// The tsv columns: one line per share, the counts only (json has the top paths and clients).
const TSV_COLUMNS: [&str; 7] = [
    "account",
    "share",
    "success",
    "open_handles",
    "stale_handles",
    "distinct_clients",
    "root_handles",
];

fn tsv(style: &TableStyle, passes: &[SharePass]) -> String {
    let mut text = String::new();
    if !style.no_header {
        text.push_str(&TSV_COLUMNS.join("\t"));
        text.push('\n');
    }
    for pass in passes {
        let counts = pass.summary.as_ref().map_or_else(
            || vec![String::new(); 4],
            |s| {
                vec![
                    s.open_handles.to_string(),
                    s.stale_handles.to_string(),
                    s.distinct_clients.to_string(),
                    s.root_handles.map(|n| n.to_string()).unwrap_or_default(),
                ]
            },
        );
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}",
            for_tsv(&pass.key.account),
            for_tsv(&pass.key.share),
            pass.summary.is_some(),
            counts.join("\t")
        );
    }
    text
}

/// The JSON object of one share (the schema is in docs/cli.md).
#[derive(Serialize)]
struct ShareObject<'a> {
    account: &'a str,
    share: &'a str,
    success: bool,
    /// Why the listing failed; null on success.
    error: Option<&'a str>,
    duration_seconds: Option<f64>,
    older_than_seconds: u64,
    open_handles: Option<u64>,
    stale_handles: Option<u64>,
    distinct_clients: Option<u64>,
    root_handles: Option<u64>,
    root_limit: u64,
    top_paths: Vec<PathObject<'a>>,
    top_clients: Vec<ClientObject<'a>>,
}

#[derive(Serialize)]
struct PathObject<'a> {
    /// Share-relative; empty for the root directory.
    path: &'a str,
    handles: u64,
    limit: u64,
}

#[derive(Serialize)]
struct ClientObject<'a> {
    client_ip: Option<String>,
    client_names: &'a [String],
    more_client_names: bool,
    handles: u64,
}

fn object(heading: StatsHeading, pass: &SharePass) -> ShareObject<'_> {
    let summary = pass.summary.as_ref();
    ShareObject {
        account: &pass.key.account,
        share: &pass.key.share,
        success: summary.is_some(),
        error: pass.error.as_deref(),
        duration_seconds: pass.duration.map(|d| d.as_secs_f64()),
        older_than_seconds: heading.older_than.as_secs(),
        open_handles: summary.map(|s| s.open_handles),
        stale_handles: summary.map(|s| s.stale_handles),
        distinct_clients: summary.map(|s| s.distinct_clients),
        root_handles: summary.and_then(|s| s.root_handles),
        root_limit: HANDLES_ON_ROOT_LIMIT,
        top_paths: summary
            .map(|s| {
                s.top_paths
                    .iter()
                    .map(|p| PathObject {
                        path: &p.path,
                        handles: p.handles,
                        limit: p.limit,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        top_clients: summary
            .map(|s| {
                s.top_clients
                    .iter()
                    .map(|c| ClientObject {
                        client_ip: c.ip.map(|ip| ip.to_string()),
                        client_names: &c.names,
                        more_client_names: c.more_names,
                        handles: c.handles,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn json(
    out: &mut dyn Write,
    pretty: bool,
    heading: StatsHeading,
    passes: &[SharePass],
) -> io::Result<()> {
    let objects: Vec<ShareObject<'_>> = passes.iter().map(|p| object(heading, p)).collect();
    let mut text = Vec::new();
    super::sink::json(&mut text, &objects, pretty)?;
    text.push(b'\n');
    out.write_all(&text)
}

fn jsonl(out: &mut dyn Write, heading: StatsHeading, passes: &[SharePass]) -> io::Result<()> {
    for pass in passes {
        serde_json::to_writer(&mut *out, &object(heading, pass))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A label value in the text exposition format: backslash, double quote and newline escaped.
fn label_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One metric family: its HELP and TYPE lines, then its samples.
struct Family {
    name: &'static str,
    help: String,
    samples: Vec<(Vec<(&'static str, String)>, String)>,
}

impl Family {
    fn new(name: &'static str, help: impl Into<String>) -> Self {
        Self {
            name,
            help: help.into(),
            samples: Vec::new(),
        }
    }

    fn sample(&mut self, labels: Vec<(&'static str, String)>, value: &dyn std::fmt::Display) {
        self.samples.push((labels, value.to_string()));
    }

    fn write_to(&self, text: &mut String) {
        let _ = writeln!(text, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(text, "# TYPE {} gauge", self.name);
        for (labels, value) in &self.samples {
            let labels: Vec<String> = labels
                .iter()
                .map(|(name, value)| format!("{name}=\"{}\"", label_value(value)))
                .collect();
            let _ = writeln!(text, "{}{{{}}} {value}", self.name, labels.join(","));
        }
    }
}

fn prometheus(heading: StatsHeading, passes: &[SharePass]) -> String {
    let age = age_text(heading.older_than);
    // What was counted: without -r, only the handles on each TARGET itself (a share: its
    // root), which is not the share's whole; the metric names stay as scripts know them.
    let counted = if heading.recursive {
        "at TARGET and below (-r; TARGET is the share unless a directory was given)"
    } else {
        "at TARGET only, not below it (no -r: not the share's whole)"
    };
    let mut open = Family::new(
        "azfh_share_open_handles",
        format!("Open SMB handles listed {counted}."),
    );
    let mut stale = Family::new(
        "azfh_share_stale_handles",
        format!("Open SMB handles listed {counted}, opened more than {age} ago."),
    );
    let mut root = Family::new(
        "azfh_share_root_handles",
        "Open SMB handles on the share's root directory (the service allows 10000).",
    );
    let mut path_open = Family::new(
        "azfh_path_open_handles",
        "Open SMB handles on the file or directory itself, for the paths with the most.",
    );
    let mut path_limit = Family::new(
        "azfh_path_handle_limit",
        "Open SMB handles the service allows on the path (2000; 10000 on the root \"/\").",
    );
    let mut client_open = Family::new(
        "azfh_client_open_handles",
        format!(
            "Open SMB handles listed {counted} from the client address, for the clients with the most."
        ),
    );
    let mut success = Family::new(
        "azfh_scrape_success",
        "1 if the share's handles were listed completely, 0 if the listing failed.",
    );
    let mut duration = Family::new(
        "azfh_scrape_duration_seconds",
        "How long listing the share's handles took.",
    );
    for pass in passes {
        let share = || {
            vec![
                ("account", pass.key.account.clone()),
                ("share", pass.key.share.clone()),
            ]
        };
        success.sample(share(), &u8::from(pass.summary.is_some()));
        if let Some(took) = pass.duration {
            duration.sample(share(), &format!("{:.3}", took.as_secs_f64()));
        }
        let Some(summary) = &pass.summary else {
            continue;
        };
        open.sample(share(), &summary.open_handles);
        stale.sample(share(), &summary.stale_handles);
        if let Some(handles) = summary.root_handles {
            root.sample(share(), &handles);
        }
        for p in &summary.top_paths {
            let mut labels = share();
            labels.push(("path", shown_path(&p.path).to_owned()));
            path_open.sample(labels.clone(), &p.handles);
            path_limit.sample(labels, &p.limit);
        }
        for c in &summary.top_clients {
            let mut labels = share();
            labels.push(("client_ip", ip_text(c.ip)));
            labels.push(("client_name", names_text(c)));
            client_open.sample(labels, &c.handles);
        }
    }
    let mut text = String::new();
    for family in [
        &open,
        &stale,
        &root,
        &path_open,
        &path_limit,
        &client_open,
        &success,
        &duration,
    ] {
        if !family.samples.is_empty() {
            family.write_to(&mut text);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_escape_backslash_quote_and_newline() {
        assert_eq!(label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    }

    #[test]
    fn changes_and_thousands() {
        assert_eq!(change(None, 3), "new");
        assert_eq!(change(Some(3), 3), "0");
        assert_eq!(change(Some(3), 5), "+2");
        assert_eq!(change(Some(5), 3), "-2");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(age_text(Duration::from_secs(7 * 86_400)), "7d");
        assert_eq!(age_text(Duration::from_secs(36 * 3_600)), "36h");
    }
}

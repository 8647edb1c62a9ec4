//! Close reports: each selected handle with its outcome (`closed`, `already_closed`,
//! `failed`, `not_attempted`) and, for the last two, the reason; and the one-row summary of a
//! `*` close.

use std::io;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::escape::{for_terminal, for_tsv};
use super::handles::{
    HandleJson, HandleRecord, OWNER_NAME, RecordOutcome, TSV_COLUMNS, handle_cells, handle_fields,
    owner_name_field, shows_client,
};
use super::sink::{Row, json};
use azfh_client::handles::outcome::CloseResult;

/// A handle's columns, the outcome and error, and the owner's name last (where it was
/// appended without moving the others).
const REPORT_TSV_COLUMNS: [&str; TSV_COLUMNS.len() + 3] =
    super::columns_then(&TSV_COLUMNS, &["outcome", "error", OWNER_NAME]);

impl Row for CloseResult {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "HANDLE ID",
        "PATH",
        "CLIENT",
        "CLIENT NAME",
        "OPENED",
        "OUTCOME",
        "ERROR",
    ];
    fn table_headers(&self) -> &'static [&'static str] {
        if shows_client(&self.handle) {
            Self::TABLE_HEADERS
        } else {
            &["HANDLE ID", "PATH", "OWNER", "OUTCOME", "ERROR"]
        }
    }
    const TSV_COLUMNS: &'static [&'static str] = &REPORT_TSV_COLUMNS;

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let mut cells = handle_cells(&self.handle, now, style.time);
        cells.push(self.outcome.name().to_owned());
        cells.push(
            self.outcome
                .error()
                .map(|e| for_terminal(e).into_owned())
                .unwrap_or_default(),
        );
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = handle_fields(&self.handle);
        fields.push(self.outcome.name().to_owned());
        fields.push(
            self.outcome
                .error()
                .map(|e| for_tsv(e).into_owned())
                .unwrap_or_default(),
        );
        fields.push(owner_name_field(&self.handle));
        fields
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = HandleJson {
            place: None,
            handle: HandleRecord::from(&self.handle),
            close: Some(RecordOutcome {
                outcome: self.outcome.name(),
                error: self.outcome.error(),
            }),
        };
        record.write(out, pretty)
    }
}

/// The result of closing every handle with the service's `*`: it says how many, not which.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CloseAllSummary {
    /// `share/path` closed.
    pub target: String,
    pub recursive: bool,
    pub closed: u64,
    /// The service may have closed handles that `closed` does not count: an answer was lost
    /// after it acted on the request (the retry then closed the next batch), or a round's
    /// answer was not counted (unreadable, repeating a marker, or not in within an
    /// interrupt's grace). `closed` is then a lower bound.
    pub closed_uncertain: bool,
    pub failed: u64,
    /// Force Close requests sent.
    pub rounds: u64,
    /// Handles still open after `--verify` (null without it).
    pub survivors: Option<u64>,
    /// Handles `--verify` found open again after the close: clients that reopened (null
    /// without `--verify`).
    pub reopened: Option<u64>,
    /// Of those, the ones `--verify` closed (null without `--verify`).
    pub reopened_closed: Option<u64>,
    /// Where `--marker` resumes the loop if it stopped early (null when it finished).
    pub marker: Option<String>,
}

impl Row for CloseAllSummary {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "TARGET",
        "CLOSED",
        "FAILED",
        "ROUNDS",
        "REOPENED",
        "SURVIVORS",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &[
        "target",
        "recursive",
        "closed",
        "closed_uncertain",
        "failed",
        "rounds",
        "survivors",
        "reopened",
        "reopened_closed",
        "marker",
    ];

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        vec![
            format!(
                "{}{}",
                for_terminal(&self.target),
                if self.recursive { " (recursive)" } else { "" }
            ),
            if self.closed_uncertain {
                format!(">= {}", self.closed)
            } else {
                self.closed.to_string()
            },
            self.failed.to_string(),
            self.rounds.to_string(),
            match (self.reopened, self.reopened_closed) {
                (Some(found), Some(closed)) => format!("{found} ({closed} closed)"),
                _ => "-".to_owned(),
            },
            self.survivors
                .map_or_else(|| "-".to_owned(), |n| n.to_string()),
        ]
    }

    fn tsv_fields(&self) -> Vec<String> {
        vec![
            for_tsv(&self.target).into_owned(),
            self.recursive.to_string(),
            self.closed.to_string(),
            self.closed_uncertain.to_string(),
            self.failed.to_string(),
            self.rounds.to_string(),
            self.survivors.map(|n| n.to_string()).unwrap_or_default(),
            self.reopened.map(|n| n.to_string()).unwrap_or_default(),
            self.reopened_closed
                .map(|n| n.to_string())
                .unwrap_or_default(),
            for_tsv(self.marker.as_deref().unwrap_or_default()).into_owned(),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        json(out, self, pretty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::sink::sink;
    use crate::output::{Format, TableStyle};
    use azfh_client::handles::model::{ClientAddr, Handle};
    use azfh_client::handles::outcome::Outcome;
    use time::macros::datetime;

    fn result(outcome: Outcome) -> CloseResult {
        CloseResult {
            handle: Handle {
                id: "42".into(),
                path: "a/b".into(),
                file_id: 1,
                parent_id: Some(2),
                session_id: Some(3),
                client: Some(ClientAddr::parse("10.0.0.1:445").unwrap()),
                client_name: None,
                open_time: Some(datetime!(2026-11-01 0:00 UTC)),
                last_reconnect_time: None,
                qumulo: None,
                access: None,
            },
            outcome,
        }
    }

    fn render(format: Format, rows: &[CloseResult]) -> String {
        let mut buf = Vec::new();
        {
            let mut sink = sink::<CloseResult>(
                format,
                Box::new(&mut buf),
                datetime!(2026-11-21 0:00 UTC),
                TableStyle::default(),
            );
            for row in rows {
                sink.write(row).unwrap();
            }
            sink.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn every_format_carries_outcome_and_error() {
        let rows = [
            result(Outcome::Closed),
            result(Outcome::Failed("the service could not close it".into())),
            result(Outcome::NotAttempted(
                "interrupted before its close was sent".into(),
            )),
        ];
        let jsonl = render(Format::Jsonl, &rows);
        let values: Vec<serde_json::Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(values[0]["outcome"], "closed");
        assert_eq!(values[0]["error"], serde_json::Value::Null);
        assert_eq!(values[0]["handle_id"], "42", "handle fields come along");
        assert_eq!(values[1]["outcome"], "failed");
        assert_eq!(values[1]["error"], "the service could not close it");
        assert_eq!(values[2]["outcome"], "not_attempted");
        assert_eq!(values[2]["error"], "interrupted before its close was sent");
        let tsv = render(Format::Tsv, &rows);
        let lines: Vec<&str> = tsv.lines().collect();
        assert!(lines[0].ends_with("\toutcome\terror\towner_name"));
        assert!(
            lines
                .iter()
                .all(|l| l.split('\t').count() == REPORT_TSV_COLUMNS.len())
        );
        let table = render(Format::Table, &rows);
        assert!(
            table.contains("OUTCOME") && !table.contains("already") && table.contains("failed")
        );
        assert!(table.contains("not_attempted"), "{table}");
        assert!(tsv.contains("\tnot_attempted\t"), "{tsv}");
        assert_eq!(
            serde_json::from_str::<Vec<serde_json::Value>>(&render(Format::Json, &rows))
                .unwrap()
                .len(),
            3
        );
    }
}

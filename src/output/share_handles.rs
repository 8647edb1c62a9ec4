//! Handles of several shares as rows: every field of a handle, plus the `account` and `share`
//! it was listed on. Tables put a SHARE column (`ACCOUNT:SHARE`) first.

use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::escape::{for_terminal, for_tsv};
use super::handles::{HandleRecord, shows_client};
use super::sink::{Row, json};
use azfh_client::handles::model::Handle;
use azfh_client::handles::outcome::CloseResult;

/// A handle and where it was listed (the names shared by every handle of the share).
pub(crate) struct ShareHandle {
    pub account: Arc<str>,
    pub share: Arc<str>,
    pub handle: Handle,
}

#[derive(Serialize)]
struct Record<'a> {
    account: &'a str,
    share: &'a str,
    #[serde(flatten)]
    handle: HandleRecord<'a>,
}

/// The TSV columns: a handle's, then `account` and `share` (appended, so `cut -f1,2` still
/// gives id and path).
const SHARE_TSV_COLUMNS: [&str; <Handle as Row>::TSV_COLUMNS.len() + 2] =
    super::columns_then(<Handle as Row>::TSV_COLUMNS, &PLACE);

/// Where a record was listed, after its own columns.
const PLACE: [&str; 2] = ["account", "share"];

/// `ACCOUNT:SHARE`, the form a TARGET names it by.
fn share_cell(account: &str, share: &str) -> String {
    for_terminal(&format!("{account}:{share}")).into_owned()
}

impl Row for ShareHandle {
    const TABLE_HEADERS: &'static [&'static str] = &[];
    const TSV_COLUMNS: &'static [&'static str] = &SHARE_TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        if shows_client(&self.handle) {
            &[
                "SHARE",
                "HANDLE ID",
                "PATH",
                "CLIENT",
                "CLIENT NAME",
                "OPENED",
                "SESSION",
                "ACCESS",
            ]
        } else {
            &["SHARE", "HANDLE ID", "PATH", "OWNER", "LOCKS", "ACCESS"]
        }
    }

    fn table_names(&self) -> &'static [&'static str] {
        if shows_client(&self.handle) {
            &[
                "share",
                "handle_id",
                "path",
                "client",
                "client_name",
                "open_time",
                "session_id",
                "access_rights",
            ]
        } else {
            &[
                "share",
                "handle_id",
                "path",
                "owner",
                "byte_range_locks",
                "access_rights",
            ]
        }
    }

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let mut cells = vec![share_cell(&self.account, &self.share)];
        cells.extend(self.handle.table_cells(now, style));
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = self.handle.tsv_fields();
        fields.push(for_tsv(&self.account).into_owned());
        fields.push(for_tsv(&self.share).into_owned());
        fields
    }

    fn write_json(&self, out: &mut dyn Write, pretty: bool) -> io::Result<()> {
        let record = Record {
            account: &self.account,
            share: &self.share,
            handle: HandleRecord::from(&self.handle),
        };
        json(out, &record, pretty)
    }
}

/// A close result and where its handle was listed.
pub(crate) struct ShareCloseResult {
    pub account: Arc<str>,
    pub share: Arc<str>,
    pub result: CloseResult,
}

#[derive(Serialize)]
struct CloseRecord<'a> {
    account: &'a str,
    share: &'a str,
    #[serde(flatten)]
    handle: HandleRecord<'a>,
    outcome: &'static str,
    error: Option<&'a str>,
}

/// A close report's TSV columns (a handle's, `outcome`, `error`, `owner_name`), then `account`
/// and `share`.
const SHARE_REPORT_TSV_COLUMNS: [&str; <CloseResult as Row>::TSV_COLUMNS.len() + 2] =
    super::columns_then(<CloseResult as Row>::TSV_COLUMNS, &PLACE);

impl Row for ShareCloseResult {
    const TABLE_HEADERS: &'static [&'static str] = &[];
    const TSV_COLUMNS: &'static [&'static str] = &SHARE_REPORT_TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        if shows_client(&self.result.handle) {
            &[
                "SHARE",
                "HANDLE ID",
                "PATH",
                "CLIENT",
                "CLIENT NAME",
                "OPENED",
                "OUTCOME",
                "ERROR",
            ]
        } else {
            &["SHARE", "HANDLE ID", "PATH", "OWNER", "OUTCOME", "ERROR"]
        }
    }

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        let mut cells = vec![share_cell(&self.account, &self.share)];
        cells.extend(self.result.table_cells(now, style));
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = self.result.tsv_fields();
        fields.push(for_tsv(&self.account).into_owned());
        fields.push(for_tsv(&self.share).into_owned());
        fields
    }

    fn write_json(&self, out: &mut dyn Write, pretty: bool) -> io::Result<()> {
        let record = CloseRecord {
            account: &self.account,
            share: &self.share,
            handle: HandleRecord::from(&self.result.handle),
            outcome: self.result.outcome.name(),
            error: self.result.outcome.error(),
        };
        json(out, &record, pretty)
    }
}

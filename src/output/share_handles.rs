//! Handles as rows with the place they were listed on: every field of a handle, plus its
//! `account` and `share` (and, listed on a share snapshot, `snapshot` in json), whether one
//! TARGET was listed or several. Tables over several shares put a SHARE column
//! (`ACCOUNT:SHARE`) first; over one they keep a handle's columns (`--columns account,share`
//! shows them).

use std::io;
use std::sync::Arc;

use time::OffsetDateTime;

use super::escape::{for_terminal, for_tsv};
use super::handles::{HandleJson, HandleRecord, RecordOutcome, RecordPlace, shows_client};
use super::sink::{Row, Sink};
use super::stdout::{Stdout, WRITE_FAILED};
use super::{Format, TableStyle};
use azfh_client::handles::model::Handle;
use azfh_client::handles::outcome::CloseResult;

/// Where handles were listed, as every record names it.
#[derive(Debug)]
pub(crate) struct Place {
    /// Azure Files: the storage account's name as the service knows it (not a config file's
    /// name for it). Qumulo: the cluster, `HOST[:PORT]`.
    pub account: String,
    /// Azure Files: the share's name (without the TARGET's path). Qumulo: `/`, the cluster's
    /// file system (its handles belong to no SMB share; their paths are absolute).
    pub share: String,
    /// The share snapshot listed, if one was.
    pub snapshot: Option<String>,
    /// Whether tables show the SHARE column by default: when several shares are listed.
    pub share_column: bool,
}

/// The fields `place` gives a JSON record.
fn record_place(place: &Place) -> RecordPlace<'_> {
    RecordPlace {
        account: &place.account,
        share: &place.share,
        snapshot: place.snapshot.as_deref(),
    }
}

/// A handle and where it was listed (the place shared by every handle of the share).
pub(crate) struct ShareHandle {
    pub place: Arc<Place>,
    pub handle: Handle,
}

impl std::borrow::Borrow<Handle> for ShareHandle {
    fn borrow(&self) -> &Handle {
        &self.handle
    }
}

/// The TSV columns: a handle's, then `account` and `share` (appended, so `cut -f1,2` still
/// gives id and path).
const SHARE_TSV_COLUMNS: [&str; <Handle as Row>::TSV_COLUMNS.len() + 2] =
    super::columns_then(<Handle as Row>::TSV_COLUMNS, &PLACE);

/// Where a record was listed, after its own columns.
const PLACE: [&str; 2] = ["account", "share"];

/// `ACCOUNT:SHARE`.
fn share_cell(place: &Place) -> String {
    for_terminal(&format!("{}:{}", place.account, place.share)).into_owned()
}

/// A row's table cells, led by its SHARE cell when the table has that column.
fn with_share_cell(place: &Place, cells: Vec<String>) -> Vec<String> {
    if !place.share_column {
        return cells;
    }
    let mut placed = Vec::with_capacity(cells.len() + 1);
    placed.push(share_cell(place));
    placed.extend(cells);
    placed
}

/// The table's name of the SHARE column: none `--columns` takes (`account` and `share` are
/// shown as tsv has them).
const SHARE_CELL: &str = "account:share";

impl Row for ShareHandle {
    const TABLE_HEADERS: &'static [&'static str] = &[];
    const TSV_COLUMNS: &'static [&'static str] = &SHARE_TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        if !self.place.share_column {
            return self.handle.table_headers();
        }
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
        if !self.place.share_column {
            return self.handle.table_names();
        }
        if shows_client(&self.handle) {
            &[
                SHARE_CELL,
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
                SHARE_CELL,
                "handle_id",
                "path",
                "owner",
                "byte_range_locks",
                "access_rights",
            ]
        }
    }

    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String> {
        with_share_cell(&self.place, self.handle.table_cells(now, style))
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = self.handle.tsv_fields();
        push_place(&mut fields, &self.place);
        fields
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = HandleJson {
            place: Some(record_place(&self.place)),
            handle: HandleRecord::from(&self.handle),
            close: None,
        };
        record.write(out, pretty)
    }
}

/// A row with its place, over a row without it (a handle, a close result).
pub(crate) trait Placed: Row {
    type Unplaced: Row;
    fn unplaced(&self) -> &Self::Unplaced;
}

impl Placed for ShareHandle {
    type Unplaced = Handle;
    fn unplaced(&self) -> &Handle {
        &self.handle
    }
}

impl Placed for ShareCloseResult {
    type Unplaced = CloseResult;
    fn unplaced(&self) -> &CloseResult {
        &self.result
    }
}

/// Writes placed rows as their unplaced rows.
struct Unplaced<'s, R: Placed>(Box<dyn Sink<R::Unplaced> + 's>);

impl<R: Placed> Sink<R> for Unplaced<'_, R> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.0.write(row.unplaced())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.0.finish()
    }
}

/// The sink of one TARGET's records: its tsv keeps the columns of a handle (or a close
/// report), without `account` and `share` unless `--columns` names them, so scripts that read
/// one share's tsv by position see what they always saw; the other formats carry the place.
pub(crate) fn one_share_sink<'s, R: Placed + 's>(
    out: &'s mut Stdout,
    format: Format,
    now: OffsetDateTime,
    style: TableStyle,
) -> Box<dyn Sink<R> + 's> {
    if format == Format::Tsv && style.columns.is_none() {
        Box::new(Unplaced::<R>(out.sink::<R::Unplaced>(format, now, style)))
    } else {
        out.sink::<R>(format, now, style)
    }
}

/// Prints one TARGET's records (see [`one_share_sink`]) to stdout, an empty report included.
pub(crate) fn print_one_share_rows<'r, R: Placed + 'r>(
    format: Format,
    now: OffsetDateTime,
    style: TableStyle,
    rows: impl IntoIterator<Item = &'r R>,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut stdout = Stdout::lock_report();
    let mut sink = one_share_sink::<R>(&mut stdout, format, now, style);
    for row in rows {
        sink.write(row).context(WRITE_FAILED)?;
    }
    sink.finish().context(WRITE_FAILED)?;
    stdout.flush()
}

/// Appends the `account` and `share` tsv fields.
fn push_place(fields: &mut Vec<String>, place: &Place) {
    fields.push(for_tsv(&place.account).into_owned());
    fields.push(for_tsv(&place.share).into_owned());
}

/// A close result and where its handle was listed.
pub(crate) struct ShareCloseResult {
    pub place: Arc<Place>,
    pub result: CloseResult,
}

/// A close report's TSV columns (a handle's, `outcome`, `error`, `owner_name`), then `account`
/// and `share`.
const SHARE_REPORT_TSV_COLUMNS: [&str; <CloseResult as Row>::TSV_COLUMNS.len() + 2] =
    super::columns_then(<CloseResult as Row>::TSV_COLUMNS, &PLACE);

impl Row for ShareCloseResult {
    const TABLE_HEADERS: &'static [&'static str] = &[];
    const TSV_COLUMNS: &'static [&'static str] = &SHARE_REPORT_TSV_COLUMNS;

    fn table_headers(&self) -> &'static [&'static str] {
        if !self.place.share_column {
            return self.result.table_headers();
        }
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
        with_share_cell(&self.place, self.result.table_cells(now, style))
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = self.result.tsv_fields();
        push_place(&mut fields, &self.place);
        fields
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = HandleJson {
            place: Some(record_place(&self.place)),
            handle: HandleRecord::from(&self.result.handle),
            close: Some(RecordOutcome {
                outcome: self.result.outcome.name(),
                error: self.result.outcome.error(),
            }),
        };
        record.write(out, pretty)
    }
}

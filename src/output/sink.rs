//! Row-by-row output in every format. A [`Row`] says how it looks in a table, a TSV line and a
//! JSON object; the sinks do the rest. tsv, json and jsonl are written as rows arrive; a table
//! needs its rows to size its columns, so it is printed in sections of at most
//! [`TABLE_SECTION_ROWS`] rows, each with its header: memory stays bounded however many rows a
//! listing (or a server that pages forever) sends.

use std::io::{self, Write};

use time::OffsetDateTime;

use super::escape::for_terminal;
use super::fit::Cells;
use super::{Format, TableStyle, table_text};

/// Something every output format can show.
pub(crate) trait Row {
    /// Column headers of the table.
    const TABLE_HEADERS: &'static [&'static str];
    /// Column names of the TSV header line.
    const TSV_COLUMNS: &'static [&'static str];

    /// The table's headers when this row is the first: rows whose backend reports other
    /// columns say so here.
    fn table_headers(&self) -> &'static [&'static str] {
        Self::TABLE_HEADERS
    }
    /// The field each table column shows, in the order of `table_headers`: the names
    /// `--columns` knows a table column by (empty for rows that offer no choice).
    fn table_names(&self) -> &'static [&'static str] {
        &[]
    }
    /// Table cells, already escaped for a terminal; `now` gives ages.
    fn table_cells(&self, now: OffsetDateTime, style: &TableStyle) -> Vec<String>;
    /// TSV fields, already escaped; as many as `TSV_COLUMNS`.
    fn tsv_fields(&self) -> Vec<String>;
    /// The JSON object of the row: on one line, or `pretty` over indented lines. Into a
    /// `Vec`, not any writer: serde then writes each token as an inlined copy instead of a
    /// call through a trait object (a listing writes hundreds of thousands of objects).
    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()>;
}

/// Writes `value` as a row's JSON object: compact on one line, or `pretty`, indented.
pub(crate) fn json(
    out: &mut Vec<u8>,
    value: &impl serde::Serialize,
    pretty: bool,
) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(out, value)?;
    } else {
        serde_json::to_writer(out, value)?;
    }
    Ok(())
}

/// Receives rows one at a time and writes them out.
pub(crate) trait Sink<R: ?Sized> {
    fn write(&mut self, row: &R) -> io::Result<()>;
    /// Completes the output (the table is printed here, the JSON array closed).
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// A sink for `format` over `out`. `now` gives tables their ages.
pub(crate) fn sink<'w, R: Row + ?Sized + 'w>(
    format: Format,
    out: Box<dyn Write + 'w>,
    now: OffsetDateTime,
    style: TableStyle,
) -> Box<dyn Sink<R> + 'w> {
    match format {
        Format::Table => Box::new(TableSink {
            out,
            now,
            style,
            rows: Vec::new(),
            headers: None,
        }),
        Format::Tsv => Box::new(TsvSink {
            out,
            now,
            style,
            header_written: false,
        }),
        Format::Json => Box::new(JsonSink {
            out,
            count: 0,
            pretty: style.pretty_json,
            text: Vec::new(),
        }),
        // Commands other than `handles stats` refuse prometheus before they print anything
        // (`commands::refuse_prometheus`); rows have no metrics to show.
        Format::Jsonl | Format::Prometheus => Box::new(JsonlSink {
            out,
            line: Vec::new(),
        }),
    }
}

/// The most rows a table holds before it prints them as one section.
pub(crate) const TABLE_SECTION_ROWS: usize = 10_000;

struct TableSink<'w> {
    out: Box<dyn Write + 'w>,
    now: OffsetDateTime,
    style: TableStyle,
    rows: Vec<Vec<String>>,
    /// The first row's headers.
    headers: Option<Vec<String>>,
}

/// The header of a column chosen by its field name that the table does not show by default.
fn header_of(name: &str) -> String {
    name.replace('_', " ").to_uppercase()
}

/// A row's table headers and cells: the default columns, or those `--columns` chose (a field
/// without a table column of its own is shown as tsv has it).
fn table_row<R: Row + ?Sized>(
    row: &R,
    now: OffsetDateTime,
    style: &TableStyle,
) -> (Vec<String>, Vec<String>) {
    let headers = row.table_headers();
    let cells = row.table_cells(now, style);
    let Some(chosen) = style.columns else {
        return (headers.iter().map(|h| (*h).to_owned()).collect(), cells);
    };
    let names = row.table_names();
    let fields = row.tsv_fields();
    chosen
        .iter()
        .map(|name| {
            if let Some(i) = names.iter().position(|n| n == name) {
                (headers[i].to_owned(), cells[i].clone())
            } else {
                let field = R::TSV_COLUMNS
                    .iter()
                    .position(|n| n == name)
                    .map(|i| fields[i].clone())
                    .unwrap_or_default();
                let field = if field.is_empty() {
                    "-".to_owned()
                } else {
                    field
                };
                (header_of(name), for_terminal(&field).into_owned())
            }
        })
        .unzip()
}

impl TableSink<'_> {
    /// Prints the rows held as one table, and lets them go.
    fn print_section(&mut self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let cells = Cells {
            headers: self.headers.clone().unwrap_or_default(),
            rows: std::mem::take(&mut self.rows),
        };
        let text = table_text(self.style, cells, self.style.columns.is_none());
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

impl<R: Row + ?Sized> Sink<R> for TableSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        let (headers, cells) = table_row(row, self.now, &self.style);
        self.headers.get_or_insert(headers);
        self.rows.push(cells);
        if self.rows.len() >= TABLE_SECTION_ROWS {
            self.print_section()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.print_section()
    }
}

struct TsvSink<'w> {
    out: Box<dyn Write + 'w>,
    now: OffsetDateTime,
    style: TableStyle,
    header_written: bool,
}

impl TsvSink<'_> {
    fn header(&mut self, columns: &[&str]) -> io::Result<()> {
        if !self.header_written && !self.style.no_header {
            let columns = self.style.columns.unwrap_or(columns);
            writeln!(self.out, "{}", columns.join("\t"))?;
        }
        self.header_written = true;
        Ok(())
    }

    /// The row's fields: every tsv column, or those `--columns` chose (a name only a table
    /// has, such as `client`, is the table's cell).
    fn fields<R: Row + ?Sized>(&self, row: &R) -> Vec<String> {
        let fields = row.tsv_fields();
        let Some(chosen) = self.style.columns else {
            return fields;
        };
        let names = row.table_names();
        chosen
            .iter()
            .map(|name| {
                if let Some(i) = R::TSV_COLUMNS.iter().position(|n| n == name) {
                    fields[i].clone()
                } else if let Some(i) = names.iter().position(|n| n == name) {
                    row.table_cells(self.now, &self.style)[i].clone()
                } else {
                    String::new()
                }
            })
            .collect()
    }
}

impl<R: Row + ?Sized> Sink<R> for TsvSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.header(R::TSV_COLUMNS)?;
        writeln!(self.out, "{}", self.fields(row).join("\t"))
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.header(R::TSV_COLUMNS)?;
        self.out.flush()
    }
}

struct JsonSink<'w> {
    out: Box<dyn Write + 'w>,
    count: u64,
    /// `--pretty`: each object indented over lines, for people (else one object a line).
    pretty: bool,
    /// The object being made, written to `out` whole (see `JsonlSink::line`).
    text: Vec<u8>,
}

impl JsonSink<'_> {
    fn object(&mut self, row: &(impl Row + ?Sized)) -> io::Result<()> {
        self.text.clear();
        row.write_json(&mut self.text, self.pretty)?;
        if !self.pretty {
            return self.out.write_all(&self.text);
        }
        // Indented one level more: it is inside the array.
        for (i, line) in String::from_utf8_lossy(&self.text).lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            write!(self.out, "  {line}")?;
        }
        Ok(())
    }
}

impl<R: Row + ?Sized> Sink<R> for JsonSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        self.object(row)?;
        self.count += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

struct JsonlSink<'w> {
    out: Box<dyn Write + 'w>,
    /// The line being made: serde writes a record token by token, and each token through
    /// `out` would be a call through two writers (a tenth of a listing's time at 100,000
    /// handles); into a `Vec` it is a copy, and `out` gets one write per line.
    line: Vec<u8>,
}

impl<R: Row + ?Sized> Sink<R> for JsonlSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.line.clear();
        row.write_json(&mut self.line, false)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Word(String);

    impl Row for Word {
        const TABLE_HEADERS: &'static [&'static str] = &["WORD"];
        const TSV_COLUMNS: &'static [&'static str] = &["word"];
        fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
            vec![self.0.clone()]
        }
        fn tsv_fields(&self) -> Vec<String> {
            vec![self.0.clone()]
        }
        fn write_json(&self, out: &mut Vec<u8>, _pretty: bool) -> io::Result<()> {
            write!(out, "{{\"word\":\"{}\"}}", self.0)
        }
    }

    #[test]
    fn a_long_table_is_printed_in_sections_as_rows_arrive() {
        let mut printed = Vec::new();
        {
            let mut table = sink::<Word>(
                Format::Table,
                Box::new(&mut printed),
                OffsetDateTime::UNIX_EPOCH,
                TableStyle::default(),
            );
            for i in 0..TABLE_SECTION_ROWS {
                table.write(&Word(format!("w{i}"))).unwrap();
            }
            table.write(&Word("last".into())).unwrap();
            table.finish().unwrap();
        }
        let text = String::from_utf8(printed).unwrap();
        assert_eq!(
            text.matches("WORD").count(),
            2,
            "two sections, each with its header"
        );
        let first_section_end = text.find("w9999").unwrap();
        assert!(first_section_end < text.find("last").unwrap());
        assert_eq!(
            text.lines()
                .filter(|l| l.contains('w') && !l.contains("WORD"))
                .count(),
            TABLE_SECTION_ROWS
        );
    }
}

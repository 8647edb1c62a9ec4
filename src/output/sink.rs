//! Row-by-row output in every format. A [`Row`] says how it looks in a table, a TSV line and a
//! JSON object; the sinks do the rest. tsv, json and jsonl are written as rows arrive; a table
//! needs its rows to size its columns, so it is printed in sections of at most
//! [`TABLE_SECTION_ROWS`] rows, each with its header: memory stays bounded however many rows a
//! listing (or a server that pages forever) sends.

use std::io::{self, Write};

use time::OffsetDateTime;

use super::{Format, TableStyle, new_table, table_text};

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
    /// Table cells, already escaped for a terminal.
    fn table_cells(&self, now: OffsetDateTime) -> Vec<String>;
    /// TSV fields, already escaped; as many as `TSV_COLUMNS`.
    fn tsv_fields(&self) -> Vec<String>;
    /// The JSON object of the row, on one line.
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()>;
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
            header_written: false,
        }),
        Format::Json => Box::new(JsonSink { out, count: 0 }),
        Format::Jsonl => Box::new(JsonlSink { out }),
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
    headers: Option<&'static [&'static str]>,
}

impl TableSink<'_> {
    /// Prints the rows held as one table, and lets them go.
    fn print_section(&mut self, default_headers: &'static [&'static str]) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut table = new_table(self.style, self.headers.unwrap_or(default_headers));
        for row in std::mem::take(&mut self.rows) {
            table.add_row(row);
        }
        self.out.write_all(table_text(&table).as_bytes())?;
        self.out.flush()
    }
}

impl<R: Row + ?Sized> Sink<R> for TableSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.headers.get_or_insert_with(|| row.table_headers());
        self.rows.push(row.table_cells(self.now));
        if self.rows.len() >= TABLE_SECTION_ROWS {
            self.print_section(R::TABLE_HEADERS)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.print_section(R::TABLE_HEADERS)
    }
}

struct TsvSink<'w> {
    out: Box<dyn Write + 'w>,
    header_written: bool,
}

impl TsvSink<'_> {
    fn header(&mut self, columns: &[&str]) -> io::Result<()> {
        if !self.header_written {
            writeln!(self.out, "{}", columns.join("\t"))?;
            self.header_written = true;
        }
        Ok(())
    }
}

impl<R: Row + ?Sized> Sink<R> for TsvSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.header(R::TSV_COLUMNS)?;
        writeln!(self.out, "{}", row.tsv_fields().join("\t"))
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.header(R::TSV_COLUMNS)?;
        self.out.flush()
    }
}

struct JsonSink<'w> {
    out: Box<dyn Write + 'w>,
    count: u64,
}

impl<R: Row + ?Sized> Sink<R> for JsonSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        self.out
            .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        row.write_json(&mut self.out)?;
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
}

impl<R: Row + ?Sized> Sink<R> for JsonlSink<'_> {
    fn write(&mut self, row: &R) -> io::Result<()> {
        row.write_json(&mut self.out)?;
        self.out.write_all(b"\n")
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
        fn table_cells(&self, _now: OffsetDateTime) -> Vec<String> {
            vec![self.0.clone()]
        }
        fn tsv_fields(&self) -> Vec<String> {
            vec![self.0.clone()]
        }
        fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
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

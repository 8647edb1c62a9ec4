//! Renderers over plain rows: table (for people), tsv (for `cut`/`awk`), json and jsonl (for
//! programs; jsonl streams in constant memory). They write to the stdout the caller hands them
//! and never print anything else.

pub(crate) mod age;
pub(crate) mod bytes;
pub(crate) mod entries;
pub(crate) mod escape;
pub(crate) mod groups;
pub(crate) mod handles;
pub(crate) mod plural;
pub(crate) mod report;
pub(crate) mod sessions;
pub(crate) mod sink;
pub(crate) mod stdout;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The output formats of `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Table,
    Tsv,
    Json,
    Jsonl,
}

impl Format {
    /// `table` on a terminal, `tsv` otherwise.
    pub(crate) fn default_for(stdout_is_terminal: bool) -> Self {
        if stdout_is_terminal {
            Format::Table
        } else {
            Format::Tsv
        }
    }
}

/// How tables look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct TableStyle {
    /// Bold headers (only when color is on).
    pub color: bool,
    /// Wrap to the terminal's width (only on a terminal).
    pub terminal: bool,
}

/// RFC 3339 UTC, as in every machine-readable output.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// Narrower terminals are taken for ones that do not know their width.
const MIN_WRAP_WIDTH: u16 = 40;

fn new_table(style: TableStyle, headers: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    // Wrap to the terminal, unless it reports no usable width (pseudo-terminals and editors'
    // shells may say 0 columns, which would squeeze every column to one character).
    let usable_width = table.width().is_some_and(|width| width >= MIN_WRAP_WIDTH);
    if style.terminal && usable_width {
        table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    } else {
        table.force_no_tty();
    }
    if style.color {
        table.enforce_styling();
    }
    table.set_header(headers.iter().map(|h| {
        let cell = comfy_table::Cell::new(h);
        if style.color {
            cell.add_attribute(comfy_table::Attribute::Bold)
        } else {
            cell
        }
    }));
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table
}

/// A finished table as text: no trailing blanks on any line.
fn table_text(table: &comfy_table::Table) -> String {
    let mut text = String::new();
    for line in table.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

//! Renderers over plain rows: table (for people), tsv (for `cut`/`awk`), json and jsonl (for
//! programs; jsonl streams in constant memory). They write to the stdout the caller hands them
//! and never print anything else.

pub(crate) mod age;
pub(crate) mod atomic_file;
pub(crate) mod bytes;
pub(crate) mod columns;
pub(crate) mod entries;
pub(crate) mod escape;
pub(crate) mod fit;
pub(crate) mod groups;
pub(crate) mod handles;
pub(crate) mod named_accounts;
pub(crate) mod order;
pub(crate) mod plural;
pub(crate) mod report;
pub(crate) mod sessions;
pub(crate) mod share_handles;
pub(crate) mod shares;
pub(crate) mod sink;
pub(crate) mod stats;
pub(crate) mod stdout;
pub(crate) mod work_report;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use unicode_width::UnicodeWidthStr;

/// The output formats of `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Table,
    Tsv,
    Json,
    Jsonl,
    // The Prometheus text exposition format: `handles stats` only, so hidden from every
    // command's help, hints and completions (stats' own help names it; other commands refuse
    // it). A `///` comment here would turn every command's compact list of values into a
    // long one.
    #[value(hide = true)]
    Prometheus,
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

/// How rows look: the table's width, columns and cells, tsv's columns and header, json's
/// indentation. (json and jsonl always carry every field.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools, reason = "each is a command-line flag")]
pub(crate) struct TableStyle {
    /// Bold headers (only when color is on).
    pub color: bool,
    /// The width a table fits into (see [`table_width`]); `None`: as wide as its rows.
    pub width: Option<usize>,
    /// `--no-header`: no header line in a table or tsv.
    pub no_header: bool,
    /// `--time`: how times of handles show in a table.
    pub time: age::TimeStyle,
    /// `--pretty`: `-o json` indented for people (else compact, one object a line).
    pub pretty_json: bool,
    /// `--bytes`: sizes in a table as byte counts, not `1.5 MiB`.
    pub raw_bytes: bool,
    /// `--columns`: the fields to show, in order (names checked by the command); `None`: the
    /// format's own. Parsed once a run, hence `'static`.
    pub columns: Option<&'static [&'static str]>,
}

/// Narrower widths are taken for terminals that do not know theirs (pseudo-terminals and
/// editors' shells may say 0 columns).
const MIN_TABLE_WIDTH: usize = 40;

/// The width tables fit into: the terminal's when stdout is one (and knows its width), else
/// `COLUMNS` when it is set; otherwise tables are as wide as their rows (a file, a pipe).
pub(crate) fn table_width(stdout_is_terminal: bool, columns_var: Option<&str>) -> Option<usize> {
    let terminal = stdout_is_terminal
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(width, _)| usize::from(width.0));
    terminal
        .filter(|w| *w >= MIN_TABLE_WIDTH)
        .or_else(|| columns_var.and_then(|text| text.trim().parse().ok()))
        .filter(|w| *w >= MIN_TABLE_WIDTH)
}

/// Column names `first`, then `then`: tsv column lists that extend another (a handle's, then a
/// report's or a share's fields) keep its order, so scripts that cut by position go on
/// working. `N` must be the sum of both lengths (checked when the constant is made).
pub(crate) const fn columns_then<const N: usize>(
    first: &[&'static str],
    then: &[&'static str],
) -> [&'static str; N] {
    assert!(first.len() + then.len() == N);
    let mut all = [""; N];
    let mut i = 0;
    while i < first.len() {
        all[i] = first[i];
        i += 1;
    }
    let mut j = 0;
    while j < then.len() {
        all[first.len() + j] = then[j];
        j += 1;
    }
    all
}

/// RFC 3339 UTC, as in every machine-readable output.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// A table as text, fitted to `style.width` (see [`fit`]): no trailing blanks on any line.
/// `may_drop`: the columns are the defaults, some of which may be left out to fit.
fn table_text(style: TableStyle, mut cells: fit::Cells, may_drop: bool) -> String {
    let mut below = Vec::new();
    if let Some(width) = style.width {
        below = fit::fit(&mut cells, width, may_drop).below;
    }
    // Still too wide: only sentences are left to give way (by wrapping).
    let wrap_width = style
        .width
        .filter(|width| cells.line_width() > *width)
        .filter(|_| {
            cells
                .headers
                .iter()
                .any(|h| fit::fit_of(h) == fit::Fit::Wrap)
        });
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::NOTHING);
    table.force_no_tty();
    if !style.no_header {
        table.set_header(cells.headers.iter().map(comfy_table::Cell::new));
    }
    let headers = std::mem::take(&mut cells.headers);
    for row in cells.rows {
        table.add_row(row);
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, u16::try_from(fit::GAP).unwrap_or(2)));
    }
    if let Some(width) = wrap_width {
        // Sentences wrap into what the other columns leave; those stay on one line. Widths
        // here count each column's padding, the last one's too (trimmed from the lines).
        let gap = u16::try_from(fit::GAP).unwrap_or(2);
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX).saturating_add(gap));
        table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        let widths: Vec<u16> = table.column_max_content_widths();
        for (column, header) in table.column_iter_mut().zip(&headers) {
            if fit::fit_of(header) != fit::Fit::Wrap {
                let width = widths.get(column.index).copied().unwrap_or(0);
                column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(width.saturating_add(gap)),
                ));
            }
        }
    }
    // Bold is put around the whole header line here, after its padding is trimmed: bold
    // cells would end in their padding, and the header would be wider than the width.
    let mut text = String::new();
    let header_lines = usize::from(!style.no_header);
    for (index, line) in table.lines().enumerate() {
        let line = line.trim_end();
        if index < header_lines && style.color {
            text.push_str("\x1b[1m");
            text.push_str(line);
            text.push_str("\x1b[0m");
        } else {
            text.push_str(line);
        }
        text.push('\n');
        // Sentences that found no room in the row follow it, indented, one per line group.
        let Some(row) = index.checked_sub(header_lines) else {
            continue;
        };
        for (header, texts) in &below {
            let Some(sentence) = texts.get(row).filter(|t| !t.is_empty()) else {
                continue;
            };
            let width = style.width.unwrap_or(usize::MAX);
            let prefix = format!("  {}: ", header.to_lowercase());
            let room = width.saturating_sub(prefix.width()).max(MIN_SENTENCE_BELOW);
            for (n, part) in fit::wrap_words(sentence, room).iter().enumerate() {
                if n == 0 {
                    text.push_str(&prefix);
                } else {
                    text.push_str(&" ".repeat(prefix.width()));
                }
                text.push_str(part);
                text.push('\n');
            }
        }
    }
    text
}

/// A sentence below its row is never wrapped narrower than this.
const MIN_SENTENCE_BELOW: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_wrap_and_everything_else_stays_on_its_line() {
        let id = "18446744073709551615";
        let cells = fit::Cells {
            headers: ["HANDLE ID", "PATH", "OPENED", "ERROR"]
                .map(str::to_owned)
                .to_vec(),
            rows: vec![
                [
                    id,
                    "projects/alpha/very/deep/report.docx",
                    "51d 19h ago",
                    "the service answered 500 Internal Server Error three times in a row",
                ]
                .map(str::to_owned)
                .to_vec(),
            ],
        };
        let style = TableStyle {
            width: Some(80),
            ..TableStyle::default()
        };
        let text = table_text(style, cells, true);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 2, "the error wraps: {text}");
        assert!(lines.iter().all(|l| l.width() <= 80), "{text}");
        assert!(
            lines[1].starts_with(id) && lines[1].contains("51d 19h ago"),
            "{text}"
        );
    }
}

//! Fitting a table to a width. Ids, numbers and times are never cut or wrapped: a person
//! copies them. Free text (paths, names, owners) is shortened in the middle with `…`, which
//! keeps both the top directory and the file name; the full value is in tsv and json. When
//! even the shortest free text leaves no room, the default columns named in
//! [`DROPPED_FIRST`] are left out (a column asked for with `--columns` never is), and as a
//! last resort the lines are left wider than the width rather than any id cut.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Blanks between two columns.
pub(crate) const GAP: usize = 2;

/// Free text is never shortened below this many columns (nor below its header's width).
const MIN_SHORTENED: usize = 12;

/// Default columns left out, in this order, when a row cannot fit otherwise: a handle's
/// access, attributes and session; a Qumulo session's idle and open times.
const DROPPED_FIRST: [&str; 5] = ["ACCESS", "ATTRIBUTES", "SESSION", "IDLE", "OPEN"];

/// How a column gives way when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Ids, numbers, times: shown whole on one line.
    Whole,
    /// Paths and names: shortened in the middle.
    Shorten,
    /// Sentences (errors, warnings): wrapped over lines.
    Wrap,
}

/// How the column under `header` gives way.
pub(crate) fn fit_of(header: &str) -> Fit {
    match header {
        // USER and SHARES: a Qumulo session's user and share names.
        "PATH" | "CLIENT NAME" | "OWNER" | "TARGET" | "USER" | "SHARES" => Fit::Shorten,
        "ERROR" | "WARNING" => Fit::Wrap,
        _ => Fit::Whole,
    }
}

/// A table's text before it is laid out: headers, and rows of as many cells.
#[derive(Debug, Default)]
pub(crate) struct Cells {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Cells {
    fn widths(&self) -> Vec<usize> {
        (0..self.headers.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|row| row[i].width())
                    .chain([self.headers[i].width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The width of the widest line these cells make, columns apart by [`GAP`].
    pub(crate) fn line_width(&self) -> usize {
        line_width(&self.widths())
    }

    fn remove_column(&mut self, index: usize) {
        self.headers.remove(index);
        for row in &mut self.rows {
            row.remove(index);
        }
    }
}

/// The narrowest a column can become.
fn min_width(header: &str, width: usize) -> usize {
    match fit_of(header) {
        Fit::Whole => width,
        Fit::Shorten | Fit::Wrap => width.min(header.width().max(MIN_SHORTENED)),
    }
}

fn line_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
}

/// Fits `cells` into `width` columns: leaves out droppable columns (when `may_drop`) and
/// shortens free text. Returns the headers of the columns left out. Wrapping columns are
/// left to the renderer, which wraps them into what remains.
pub(crate) fn fit(cells: &mut Cells, width: usize, may_drop: bool) -> Vec<String> {
    let mut dropped = Vec::new();
    loop {
        let widths = cells.widths();
        let narrowest: Vec<usize> = widths
            .iter()
            .zip(&cells.headers)
            .map(|(w, h)| min_width(h, *w))
            .collect();
        if !may_drop || line_width(&narrowest) <= width {
            break;
        }
        let Some(index) = DROPPED_FIRST
            .iter()
            .find_map(|name| cells.headers.iter().position(|h| h == name))
        else {
            break;
        };
        dropped.push(cells.headers[index].clone());
        cells.remove_column(index);
    }
    let widths = cells.widths();
    let wrap_slack: usize = widths
        .iter()
        .zip(&cells.headers)
        .filter(|(_, h)| fit_of(h) == Fit::Wrap)
        .map(|(w, h)| w - min_width(h, *w))
        .sum();
    let mut excess = line_width(&widths).saturating_sub(width + wrap_slack);
    let mut targets = widths.clone();
    while excess > 0 {
        let widest = (0..targets.len())
            .filter(|&i| {
                fit_of(&cells.headers[i]) == Fit::Shorten
                    && targets[i] > min_width(&cells.headers[i], widths[i])
            })
            .max_by_key(|&i| targets[i]);
        let Some(i) = widest else { break };
        targets[i] -= 1;
        excess -= 1;
    }
    for (i, target) in targets.iter().enumerate() {
        if *target < widths[i] {
            for row in &mut cells.rows {
                row[i] = shorten_middle(&row[i], *target);
            }
        }
    }
    dropped
}

/// `text` in at most `width` terminal columns: its start and end around `…`.
pub(crate) fn shorten_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let take = |chars: &mut dyn Iterator<Item = char>, room: usize| {
        let mut taken = Vec::new();
        let mut used = 0;
        for c in chars {
            let w = c.width().unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            taken.push(c);
        }
        (taken, used)
    };
    // The end (the file name) gets half; the start what the end leaves.
    let (mut tail, tail_used) = take(&mut text.chars().rev(), room / 2);
    tail.reverse();
    let (head, _) = take(&mut text.chars(), room - tail_used);
    head.into_iter().chain(['…']).chain(tail).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(headers: &[&str], rows: &[&[&str]]) -> Cells {
        Cells {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect(),
        }
    }

    #[test]
    fn middles_give_way_and_ends_stay() {
        assert_eq!(
            shorten_middle("projects/alpha/report.docx", 12),
            "projec….docx"
        );
        assert_eq!(shorten_middle("short", 12), "short");
        assert_eq!(shorten_middle("日本語のファイル名", 7), "日本…名");
        assert!(shorten_middle("日本語のファイル名", 7).width() <= 7);
    }

    #[test]
    fn ids_stay_whole_and_paths_are_shortened() {
        let id = "18446744073709551615";
        let path = "projects/alpha/very/deep/directory/tree/report-final.docx";
        let mut table = cells(
            &["HANDLE ID", "PATH", "OPENED"],
            &[&[id, path, "8d 3h ago"]],
        );
        assert!(fit(&mut table, 60, true).is_empty());
        assert_eq!(table.rows[0][0], id);
        assert!(table.rows[0][1].contains('…'));
        assert_eq!(line_width(&table.widths()), 60);
    }

    #[test]
    fn optional_columns_go_when_nothing_else_fits() {
        let id = "18446744073709551615";
        let mut table = cells(
            &["HANDLE ID", "PATH", "SESSION", "ACCESS"],
            &[&[id, "a/b", "9385737614310506553", "read,write,delete"]],
        );
        assert_eq!(fit(&mut table, 50, true), ["ACCESS"]);
        assert_eq!(table.headers, ["HANDLE ID", "PATH", "SESSION"]);
        let mut chosen = cells(
            &["HANDLE ID", "SESSION", "ACCESS"],
            &[&[id, "9385737614310506553", "read,write,delete"]],
        );
        assert!(
            fit(&mut chosen, 50, false).is_empty(),
            "asked-for columns stay"
        );
        assert_eq!(chosen.rows[0][1], "9385737614310506553");
    }
}

//! Fitting a table to a width. Ids, numbers and times are never cut or wrapped: a person
//! copies them. Free text (paths, names, owners) is shortened in the middle with `…`, which
//! keeps both the top directory and the file name; the full value is in tsv and json. When
//! even the shortest free text leaves no room, the default columns named in
//! [`DROPPED_FIRST`] are left out (a column asked for with `--columns` never is). A PATH
//! wants [`PATH_WANTED`] columns and a sentence (ERROR, WARNING) [`MIN_SENTENCE`] before
//! anything is dropped for them; a sentence that still finds no such room moves below its
//! row. As a last resort the lines are left wider than the width
//! rather than any id cut.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Blanks between two columns.
pub(crate) const GAP: usize = 2;

/// Free text is never shortened below this many columns (nor below its header's width).
const MIN_SHORTENED: usize = 12;

/// Sentences (errors, warnings) are never wrapped narrower than this: one word a line is
/// unreadable.
const MIN_SENTENCE: usize = 20;

/// The room a PATH is worth dropping a default column for: below it, paths at 80 columns
/// are all `…`.
const PATH_WANTED: usize = 30;

/// Default columns left out, in this order, when a row cannot fit otherwise: a handle's
/// access, attributes and session, a file's id, a handle's client address (only when CLIENT
/// NAME still names the client: it is as wide as an IPv6 address), and a Qumulo session's idle
/// and open times.
const DROPPED_FIRST: [&str; 7] = [
    "ACCESS",
    "ATTRIBUTES",
    "SESSION",
    "FILE ID",
    "CLIENT",
    "IDLE",
    "OPEN",
];

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
        Fit::Shorten => width.min(header.width().max(MIN_SHORTENED)),
        Fit::Wrap => width.min(header.width().max(MIN_SENTENCE)),
    }
}

/// The narrowest a column may become before a default column is dropped for it.
fn wanted_width(header: &str, width: usize) -> usize {
    match header {
        "PATH" => width.min(PATH_WANTED),
        _ => min_width(header, width),
    }
}

/// The narrowest line `cells` can make, each column at its `floor`.
fn narrowest_line(cells: &Cells, floor: fn(&str, usize) -> usize) -> usize {
    let narrowest: Vec<usize> = cells
        .widths()
        .iter()
        .zip(&cells.headers)
        .map(|(w, h)| floor(h, *w))
        .collect();
    line_width(&narrowest)
}

/// Whether the default column `name` may be dropped from `cells`.
fn droppable(cells: &Cells, name: &str) -> bool {
    name != "CLIENT" || cells.headers.iter().any(|h| h == "CLIENT NAME")
}

fn line_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
}

/// What [`fit`] took out of a table.
#[derive(Debug, Default)]
pub(crate) struct Fitted {
    /// The headers of the default columns left out.
    pub dropped: Vec<String>,
    /// Sentence columns moved below their rows: header, and each row's text.
    pub below: Vec<(String, Vec<String>)>,
}

/// Leaves out default columns, in [`DROPPED_FIRST`] order, until each column's `floor` fits.
fn drop_until(
    cells: &mut Cells,
    width: usize,
    floor: fn(&str, usize) -> usize,
    dropped: &mut Vec<String>,
) {
    while narrowest_line(cells, floor) > width {
        let Some(index) = DROPPED_FIRST
            .iter()
            .filter(|name| droppable(cells, name))
            .find_map(|name| cells.headers.iter().position(|h| h == name))
        else {
            break;
        };
        dropped.push(cells.headers[index].clone());
        cells.remove_column(index);
    }
}

/// Fits `cells` into `width` columns: leaves out droppable columns (when `may_drop`) so
/// every column gets its minimum, moves sentences that still find no room below their rows,
/// drops more for a PATH's [`PATH_WANTED`], and shortens free text. Wrapping columns are
/// left to the renderer, which wraps them into what remains.
pub(crate) fn fit(cells: &mut Cells, width: usize, may_drop: bool) -> Fitted {
    let mut fitted = Fitted::default();
    if may_drop {
        drop_until(cells, width, min_width, &mut fitted.dropped);
    }
    fitted.below = sentences_below(cells, width);
    if may_drop {
        drop_until(cells, width, wanted_width, &mut fitted.dropped);
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
    fitted
}

/// The sentence columns (ERROR, WARNING), taken out of `cells` when the row cannot give
/// them [`MIN_SENTENCE`] columns: their header and, row by row, their text, to be shown
/// below each row. Empty when they fit (or there are none).
fn sentences_below(cells: &mut Cells, width: usize) -> Vec<(String, Vec<String>)> {
    if narrowest_line(cells, min_width) <= width {
        return Vec::new();
    }
    let mut taken = Vec::new();
    while let Some(index) = cells.headers.iter().position(|h| fit_of(h) == Fit::Wrap) {
        let header = cells.headers.remove(index);
        let texts = cells.rows.iter_mut().map(|row| row.remove(index)).collect();
        taken.push((header, texts));
    }
    taken
}

/// `text` as lines of at most `width` terminal columns, broken between words (a word
/// wider than `width` is cut).
pub(crate) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let used = line.width();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            if word.width() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word wider than a whole line: cut it.
            let mut cut = String::new();
            for c in word.chars() {
                if cut.width() + c.width().unwrap_or(0) > width && !cut.is_empty() {
                    lines.push(std::mem::take(&mut cut));
                }
                cut.push(c);
            }
            word = cut;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
    fn sentences_wrap_between_words() {
        assert_eq!(
            wrap_words("the service could not close it", 20),
            ["the service could", "not close it"]
        );
        assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap_words("", 10), [""]);
    }

    #[test]
    fn ids_stay_whole_and_paths_are_shortened() {
        let id = "18446744073709551615";
        let path = "projects/alpha/very/deep/directory/tree/report-final.docx";
        let mut table = cells(
            &["HANDLE ID", "PATH", "OPENED"],
            &[&[id, path, "8d 3h ago"]],
        );
        assert!(fit(&mut table, 60, true).dropped.is_empty());
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
        assert_eq!(fit(&mut table, 50, true).dropped, ["ACCESS"]);
        assert_eq!(table.headers, ["HANDLE ID", "PATH", "SESSION"]);
        let mut chosen = cells(
            &["HANDLE ID", "SESSION", "ACCESS"],
            &[&[id, "9385737614310506553", "read,write,delete"]],
        );
        assert!(
            fit(&mut chosen, 50, false).dropped.is_empty(),
            "asked-for columns stay"
        );
        assert_eq!(chosen.rows[0][1], "9385737614310506553");
    }
}

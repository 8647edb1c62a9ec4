//! `--columns`: which fields a table or tsv shows, by their json names. An unknown name is
//! refused with one line that lists the known ones.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;

/// Parses one `--columns` name against the names a command knows; `--help` lists them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ColumnParser(pub &'static [&'static str]);

impl TypedValueParser for ColumnParser {
    type Value = &'static str;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        self.0
            .iter()
            .find(|name| name.eq_ignore_ascii_case(text.trim()))
            .copied()
            .ok_or_else(|| {
                clap::Error::raw(
                    ErrorKind::InvalidValue,
                    format!(
                        "--columns has no column '{}'; the columns are: {}\n",
                        text.escape_debug(),
                        self.0.join(", ")
                    ),
                )
            })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(PossibleValue::new)))
    }
}

/// The `--help` text of a `--columns`: what chooses, then every name it takes.
pub(crate) fn columns_help(how: &str, names: &[&str]) -> String {
    format!(
        "Table and tsv columns to show, in order: {how}.\n\nColumns: {}",
        names.join(", ")
    )
}

/// The `--columns` given, or `None` when none were. Leaked: a run parses them once and
/// renders with them to its end, and the renderers' style is `Copy`.
pub(crate) fn chosen(given: &[&'static str]) -> Option<&'static [&'static str]> {
    (!given.is_empty()).then(|| &*Box::leak(given.to_vec().into_boxed_slice()))
}

//! The named accounts of the config file as rows (`azfh config check`): what each name
//! resolves to, never a secret.

use std::io;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::escape::{for_terminal, for_tsv};
use super::sink::{Row, json};

/// One name of the config file and what it resolves to.
#[derive(Debug, Clone)]
pub(crate) struct NamedAccountRow {
    pub name: String,
    /// The endpoint; `None` when the entry itself is invalid.
    pub endpoint: Option<String>,
    /// Where the credential comes from (`account key from $VAR`, `login`, …).
    pub credential: Option<String>,
    /// `None`: it resolves; else why not.
    pub error: Option<String>,
}

#[derive(Serialize)]
struct Record<'a> {
    name: &'a str,
    endpoint: Option<&'a str>,
    credential: Option<&'a str>,
    ok: bool,
    error: Option<&'a str>,
}

impl Row for NamedAccountRow {
    const TABLE_HEADERS: &'static [&'static str] = &["NAME", "ENDPOINT", "CREDENTIAL", "STATUS"];
    const TSV_COLUMNS: &'static [&'static str] = &["name", "endpoint", "credential", "ok", "error"];

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        let text = |v: Option<&str>| v.map_or_else(|| "-".into(), |v| for_terminal(v).into_owned());
        vec![
            for_terminal(&self.name).into_owned(),
            text(self.endpoint.as_deref()),
            text(self.credential.as_deref()),
            self.error
                .as_deref()
                .map_or_else(|| "ok".into(), |e| for_terminal(e).into_owned()),
        ]
    }

    fn tsv_fields(&self) -> Vec<String> {
        let text = |v: Option<&str>| for_tsv(v.unwrap_or_default()).into_owned();
        vec![
            for_tsv(&self.name).into_owned(),
            text(self.endpoint.as_deref()),
            text(self.credential.as_deref()),
            self.error.is_none().to_string(),
            text(self.error.as_deref()),
        ]
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = Record {
            name: &self.name,
            endpoint: self.endpoint.as_deref(),
            credential: self.credential.as_deref(),
            ok: self.error.is_none(),
            error: self.error.as_deref(),
        };
        json(out, &record, pretty)
    }
}

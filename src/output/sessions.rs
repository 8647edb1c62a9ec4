//! Qumulo SMB sessions as output rows, and the per-session close report. JSON field names and
//! TSV columns are the contract of `docs/cli.md`; durations are whole seconds.

use std::io;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;

use super::TableStyle;
use super::escape::{for_terminal, for_tsv};
use super::sink::{Row, json};
use azfh_client::handles::outcome::Outcome;
use azfh_client::qumulo::Session;

/// A session and what a close did to it.
#[derive(Debug)]
pub(crate) struct SessionResult {
    pub session: Session,
    pub outcome: Outcome,
}

#[derive(Serialize)]
struct SessionRecord<'a> {
    location: &'a str,
    user: Option<&'a str>,
    auth_id: Option<&'a str>,
    client_ip: Option<String>,
    server_address: Option<&'a str>,
    shares: &'a [String],
    open_handles: u64,
    time_open_seconds: u64,
    time_idle_seconds: u64,
}

impl<'a> From<&'a Session> for SessionRecord<'a> {
    fn from(s: &'a Session) -> Self {
        Self {
            location: &s.location,
            user: s.user.as_deref(),
            auth_id: s.auth_id.as_deref(),
            client_ip: s.client_ip.map(|ip| ip.to_string()),
            server_address: s.server_address.as_deref(),
            shares: &s.share_names,
            open_handles: s.open_handles,
            time_open_seconds: s.time_open.as_secs(),
            time_idle_seconds: s.time_idle.as_secs(),
        }
    }
}

#[derive(Serialize)]
struct SessionResultRecord<'a> {
    #[serde(flatten)]
    session: SessionRecord<'a>,
    outcome: &'static str,
    error: Option<&'a str>,
}

const TSV: [&str; 9] = [
    "location",
    "user",
    "auth_id",
    "client_ip",
    "server_address",
    "shares",
    "open_handles",
    "time_open_seconds",
    "time_idle_seconds",
];

const TSV_WITH_OUTCOME: [&str; 11] = [
    "location",
    "user",
    "auth_id",
    "client_ip",
    "server_address",
    "shares",
    "open_handles",
    "time_open_seconds",
    "time_idle_seconds",
    "outcome",
    "error",
];

/// `2h 5m`: a duration in its two largest units.
fn span(duration: Duration) -> String {
    let now = OffsetDateTime::UNIX_EPOCH + duration;
    super::age::human_age(OffsetDateTime::UNIX_EPOCH, now)
        .trim_end_matches(" ago")
        .to_owned()
}

fn cells(s: &Session) -> Vec<String> {
    vec![
        for_terminal(&s.location).into_owned(),
        for_terminal(s.user.as_deref().or(s.auth_id.as_deref()).unwrap_or("-")).into_owned(),
        s.client_ip
            .map_or_else(|| "-".to_owned(), |ip| ip.to_string()),
        if s.share_names.is_empty() {
            "-".to_owned()
        } else {
            for_terminal(&s.share_names.join(",")).into_owned()
        },
        s.open_handles.to_string(),
        span(s.time_open),
        span(s.time_idle),
    ]
}

fn fields(s: &Session) -> Vec<String> {
    vec![
        for_tsv(&s.location).into_owned(),
        for_tsv(s.user.as_deref().unwrap_or_default()).into_owned(),
        for_tsv(s.auth_id.as_deref().unwrap_or_default()).into_owned(),
        s.client_ip.map(|ip| ip.to_string()).unwrap_or_default(),
        for_tsv(s.server_address.as_deref().unwrap_or_default()).into_owned(),
        for_tsv(&s.share_names.join(",")).into_owned(),
        s.open_handles.to_string(),
        s.time_open.as_secs().to_string(),
        s.time_idle.as_secs().to_string(),
    ]
}

impl Row for Session {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "LOCATION", "USER", "CLIENT", "SHARES", "HANDLES", "OPEN", "IDLE",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &TSV;

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        cells(self)
    }

    fn tsv_fields(&self) -> Vec<String> {
        fields(self)
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        json(out, &SessionRecord::from(self), pretty)
    }
}

impl Row for SessionResult {
    const TABLE_HEADERS: &'static [&'static str] = &[
        "LOCATION", "USER", "CLIENT", "SHARES", "HANDLES", "OPEN", "IDLE", "OUTCOME", "ERROR",
    ];
    const TSV_COLUMNS: &'static [&'static str] = &TSV_WITH_OUTCOME;

    fn table_cells(&self, _now: OffsetDateTime, _style: &TableStyle) -> Vec<String> {
        let mut cells = cells(&self.session);
        cells.push(self.outcome.name().to_owned());
        cells.push(
            self.outcome
                .error()
                .map_or_else(|| "-".to_owned(), |e| for_terminal(e).into_owned()),
        );
        cells
    }

    fn tsv_fields(&self) -> Vec<String> {
        let mut fields = fields(&self.session);
        fields.push(self.outcome.name().to_owned());
        fields.push(for_tsv(self.outcome.error().unwrap_or_default()).into_owned());
        fields
    }

    fn write_json(&self, out: &mut Vec<u8>, pretty: bool) -> io::Result<()> {
        let record = SessionResultRecord {
            session: SessionRecord::from(&self.session),
            outcome: self.outcome.name(),
            error: self.outcome.error(),
        };
        json(out, &record, pretty)
    }
}

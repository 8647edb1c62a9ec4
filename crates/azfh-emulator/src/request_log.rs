//! `--request-log FILE`: one JSON line per service request, flushed as written so that tests
//! and scripts can read it while the emulator runs.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

/// One logged request.
#[derive(Debug, Serialize)]
pub struct LogEntry<'a> {
    pub sequence: u64,
    pub method: &'a str,
    /// The decoded URL path.
    pub path: &'a str,
    pub operation: &'a str,
    pub status: u16,
    pub code: Option<&'a str>,
    /// The fault injected into this request, if any.
    pub injected: Option<&'static str>,
    pub request_id: &'a str,
    pub client_request_id: Option<&'a str>,
    /// Force Close: the `x-ms-handle-id` sent, and the ids closed and failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<&'a [u64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<&'a [u64]>,
}

/// The open log file.
#[derive(Debug)]
pub struct RequestLog {
    file: Mutex<BufWriter<File>>,
}

impl RequestLog {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        Ok(Self {
            file: Mutex::new(BufWriter::new(File::create(path)?)),
        })
    }

    pub fn write(&self, entry: &LogEntry<'_>) {
        let mut file = self.file.lock().expect("log lock");
        if let Ok(line) = serde_json::to_string(entry) {
            let _ = writeln!(file, "{line}");
            let _ = file.flush();
        }
    }
}

//! The notes a finished download ends with: how much went where, how fast, and for a tree how
//! many files each outcome had.

use std::fmt::Write as _;
use std::path::Path;

use super::dest::Dest;
use crate::output::bytes::{human_bytes, rate};
use crate::output::plural::plural;
use azfh_client::ops::download::{Downloaded, TreeSummary};

/// One file's note: its size, where it went, the rate of what was fetched (the bytes a resumed
/// partial held are not counted in it, and are named).
pub(super) fn file_note(done: Downloaded, dest: &Dest, seconds: f64) -> String {
    let shown = match dest {
        Dest::Stdout => "stdout".to_owned(),
        Dest::File(path) => path.display().to_string(),
    };
    let resumed = if done.resumed_bytes > 0 {
        format!(" ({} were already there)", human_bytes(done.resumed_bytes))
    } else {
        String::new()
    };
    format!(
        "downloaded {} to {} in {seconds:.1}s ({}/s){resumed}",
        human_bytes(done.bytes),
        shown,
        human_bytes(rate(done.bytes - done.resumed_bytes, seconds)),
    )
}

/// A tree's summary line: the files downloaded into `root` and the failed ones always, the
/// others when there are any; the interrupted and not attempted ones when `interrupted`.
pub(super) fn tree_summary(
    done: &TreeSummary,
    root: &Path,
    seconds: f64,
    interrupted: bool,
) -> String {
    let mut summary = format!(
        "downloaded {} file{} ({}) to {} in {seconds:.1}s ({}/s); failed {}",
        done.downloaded,
        plural(done.downloaded),
        human_bytes(done.bytes),
        root.display(),
        human_bytes(rate(done.bytes, seconds)),
        done.failed,
    );
    if done.already_downloaded > 0 {
        let _ = write!(summary, "; already downloaded {}", done.already_downloaded);
    }
    if interrupted {
        let _ = write!(
            summary,
            "; interrupted {}, not attempted {}",
            done.interrupted, done.not_attempted
        );
    }
    summary
}

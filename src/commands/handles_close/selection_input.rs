//! Which handles to close, from the command line: `--all`, filters, or `--handle-id` values,
//! `-` among them standing for the ids on stdin (`handles ls … | cut -f1 | handles close
//! --handle-id -`). Every mistake here is a usage error, found before any close.

use std::collections::BTreeSet;
use std::io::BufRead;

use anyhow::{Context as _, Result};

use super::super::Context;
use super::super::interrupt::Interrupt;
use crate::cli::HandlesCloseArgs;
use crate::error::UsageError;
use azfh_client::backend::Backend;
use azfh_client::handles::{Filters, Handle, Selection};

/// How the handles to close are chosen.
pub(super) enum Mode {
    /// `--all` without filters: every handle, closed by the service itself where the backend
    /// can (Azure Files' `*`), else from a listing.
    Everything,
    /// Filters: the listing's handles the selection matches.
    Filters(Box<Selection>),
    /// `--handle-id`: the listing's handles with these ids.
    Ids(BTreeSet<String>),
}

impl Mode {
    pub(super) fn select(&self, handle: &Handle) -> bool {
        match self {
            Mode::Everything => true,
            Mode::Filters(selection) => selection.matches(handle),
            Mode::Ids(ids) => ids.contains(&handle.id),
        }
    }
}

/// Stdin's lines, for `--handle-id -`; `None` when interrupted first. They are read on a
/// blocking thread raced against the interrupt: a terminal read cannot be cancelled, and
/// Ctrl-C must still end a run waiting for ids typed by hand.
pub(super) async fn read_stdin_lines(interrupt: &Interrupt) -> Result<Option<Vec<String>>> {
    let read = tokio::task::spawn_blocking(|| {
        std::io::stdin()
            .lock()
            .lines()
            .collect::<std::io::Result<Vec<String>>>()
    });
    tokio::select! {
        biased;
        () = interrupt.raised() => Ok(None),
        lines = read => Ok(Some(
            lines
                .context("cannot read handle ids from stdin")?
                .context("cannot read handle ids from stdin")?,
        )),
    }
}

/// `--handle-id` values, with `-` standing for `stdin_lines`; each must be an id of the
/// backend (an unsigned 64-bit decimal on Azure Files, a location on Qumulo). Stdin may hold
/// none (a pipeline whose listing matched nothing): the set is then empty.
pub(super) fn read_handle_ids(
    values: &[String],
    stdin_lines: &[String],
    backend: &Backend,
) -> Result<Option<BTreeSet<String>>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut ids = BTreeSet::new();
    let check = |id: &str, source: String| -> Result<String, UsageError> {
        if backend.is_handle_id(id) {
            return Ok(id.to_owned());
        }
        // az takes a list; `handles ls -o tsv | cut -f1` keeps the header line.
        let hint = if id.contains(',') {
            "repeat --handle-id, or pass ids on stdin with --handle-id -"
        } else if id == "handle_id" || id.starts_with("handle_id\t") {
            "that is the tsv header line: add --no-header to `azfh handles ls`"
        } else {
            "handle ids are the handle_id values that `azfh handles ls` prints"
        };
        Err(UsageError::new(
            format!("invalid handle id '{}' ({source})", id.escape_debug()),
            hint,
        ))
    };
    for value in values {
        if value == "-" {
            for (number, line) in stdin_lines.iter().enumerate() {
                let id = line.trim();
                if !id.is_empty() && !id.starts_with('#') {
                    ids.insert(check(id, format!("stdin line {}", number + 1))?);
                }
            }
        } else {
            ids.insert(check(value.trim(), "--handle-id".to_owned())?);
        }
    }
    Ok(Some(ids))
}

/// The one way the arguments choose handles; `--all` with filters, ids with filters, and
/// nothing at all are refused.
pub(super) fn choose_mode(
    args: &HandlesCloseArgs,
    filters: &Filters,
    ids: Option<BTreeSet<String>>,
    context: &Context,
) -> Result<Mode> {
    let has_filters = !filters.is_empty();
    let mode = match (args.all, ids, has_filters) {
        (true, _, true) => {
            return Err(UsageError::new(
                "--all closes every handle; it takes no filter",
                "drop --all to close the handles the filters select",
            )
            .into());
        }
        (true, _, false) => Mode::Everything,
        (false, Some(_), true) => {
            return Err(UsageError::new(
                "--handle-id and filters cannot be combined",
                "give either the ids to close or the filters that select them",
            )
            .into());
        }
        (false, Some(ids), false) => Mode::Ids(ids),
        (false, None, true) => Mode::Filters(Box::new(
            Selection::new(filters, context.now).map_err(UsageError::from)?,
        )),
        (false, None, false) => {
            return Err(UsageError::new(
                "say which handles to close: --all, --handle-id ID, or a filter",
                "for example --older-than 7d; try --dry-run first to see the selection",
            )
            .into());
        }
    };
    Ok(mode)
}

//! `azfh ls`: one directory level, or with `-r` the whole tree, in any output format.

use anyhow::{Context as _, Result};

use super::Context;
use super::interrupt::Interrupt;
use crate::cli::LsArgs;
use crate::error::ExitStatus;
use crate::output::entries::{LongEntry, ShortEntry};
use crate::output::sink::{Row, TABLE_SECTION_ROWS};
use crate::output::stdout::{Stdout, WRITE_FAILED};
use crate::output::{Format, TableStyle};
use azfh_client::files::{Entry, EntryKind};
use azfh_client::ops::walk::{Found, Walk};

pub(super) async fn run(
    context: &Context,
    args: &LsArgs,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let columns = super::chosen_columns(context.format, &args.columns)?;
    // Columns beyond the name and type need the details that -l lists.
    let long = args.long
        || columns.is_some_and(|names| names.iter().any(|n| !matches!(*n, "path" | "type")));
    let style = TableStyle {
        raw_bytes: args.bytes,
        columns,
        ..context.table_style
    };
    let (client, location) = context.connect(&args.target)?;
    let walk = Walk {
        root: location.clone(),
        recursive: args.recursive,
        details: long,
        prefix: args.prefix.clone(),
        page_size: args.page_size,
        concurrency: usize::from(args.concurrency),
    };
    if long {
        list::<LongEntry>(context, style, &client, &walk, LongEntry, interrupt).await
    } else {
        list::<ShortEntry>(context, style, &client, &walk, ShortEntry, interrupt).await
    }
}

async fn list<R: Row + 'static>(
    context: &Context,
    style: TableStyle,
    client: &azfh_client::azure::AzureFiles,
    walk: &Walk,
    row: fn(Entry) -> R,
    interrupt: &Interrupt,
) -> Result<ExitStatus> {
    let mut out = Stdout::lock();
    let progress = context.ui.spinner();
    // A table is for people: sorted, in sections of at most TABLE_SECTION_ROWS rows so that
    // memory stays bounded. Other formats stream in the order pages arrive.
    let mut table_rows: Vec<Entry> = Vec::new();
    let table = context.format == Format::Table;
    let mut sink = out.sink::<R>(context.format, context.now, style);
    let (mut entries, mut unlistable, mut bad_names) = (0_u64, 0_u64, 0_u64);
    let walked = walk.run(client, |found| {
            match found {
                Found::Entry(entry) => {
                    entries += 1;
                    progress.set_message(format!(
                        "listing {}: {entries} entr{}",
                        walk.root.display(),
                        if entries == 1 { "y" } else { "ies" }
                    ));
                    if table {
                        table_rows.push(entry);
                        if table_rows.len() >= TABLE_SECTION_ROWS {
                            table_rows.sort_by_key(|entry| entry.path.to_lowercase());
                            for entry in table_rows.drain(..) {
                                sink.write(&row(entry))?;
                            }
                        }
                    } else {
                        sink.write(&row(entry))?;
                    }
                }
                Found::Unlistable { path, error } => {
                    unlistable += 1;
                    context
                        .ui
                        .warn(&format!(
                            "cannot list {}: {error}",
                            if path.is_empty() { "the target" } else { &path }
                        ));
                }
                Found::BadName { dir, name } => {
                    bad_names += 1;
                    context.ui.warn(&format!(
                        "skipped an entry of {} named '{}': a name the service should never send (it cannot be a path segment)",
                        if dir.is_empty() { "the target" } else { &dir },
                        name
                    ));
                }
            }
            Ok(())
        });
    // On SIGINT or SIGTERM the walk is dropped (its listing tasks with it) and what was
    // listed is still printed as a whole document: complete lines, a closed JSON array.
    let outcome = tokio::select! {
        result = walked => Some(result),
        () = interrupt.raised() => None,
    };
    progress.finish();
    let Some(result) = outcome else {
        table_rows.sort_by_key(|entry| entry.path.to_lowercase());
        for entry in table_rows {
            sink.write(&row(entry)).context(WRITE_FAILED)?;
        }
        sink.finish().context(WRITE_FAILED)?;
        out.flush()?;
        context.ui.note(&format!(
            "interrupted: the listing is incomplete ({entries} entr{} listed)",
            if entries == 1 { "y" } else { "ies" }
        ));
        return Ok(ExitStatus::Interrupted);
    };
    if let Err(err) = result {
        // TARGET may be a file: show it as `ls` would.
        let is_missing = err
            .downcast_ref::<azfh_client::azure::AzureError>()
            .is_some_and(azfh_client::azure::AzureError::is_not_found);
        if !(is_missing && !walk.root.path.is_empty() && entries == 0) {
            return Err(err);
        }
        let Ok(properties) = client.file_properties(&walk.root).await else {
            return Err(err);
        };
        let name = walk
            .root
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        table_rows.clear();
        let entry = Entry {
            path: name,
            kind: EntryKind::File,
            size: Some(properties.size),
            file_id: None,
            creation_time: None,
            last_write_time: None,
            change_time: None,
            last_access_time: None,
            last_modified: properties
                .version
                .last_modified
                .as_deref()
                .and_then(azfh_protocol::wire::parse_rfc1123),
            etag: properties.version.etag,
            attributes: None,
            permission_key: None,
        };
        if table {
            table_rows.push(entry);
        } else {
            sink.write(&row(entry)).context(WRITE_FAILED)?;
        }
    }
    table_rows.sort_by_key(|entry| entry.path.to_lowercase());
    for entry in table_rows {
        sink.write(&row(entry)).context(WRITE_FAILED)?;
    }
    sink.finish().context(WRITE_FAILED)?;
    out.flush()?;
    if bad_names > 0 {
        anyhow::bail!(
            "{bad_names} entr{} had names that cannot be a path and were skipped (see the warnings above)",
            if bad_names == 1 { "y" } else { "ies" }
        );
    }
    if unlistable > 0 {
        anyhow::bail!(
            "{unlistable} director{} could not be listed (see the warnings above)",
            if unlistable == 1 { "y" } else { "ies" }
        );
    }
    Ok(ExitStatus::Success)
}

//! Force Close Handles (`PUT …?comp=forceclosehandles`): one id or `*`, on a file, a
//! directory (optionally recursive) or the root; `*` works through the scope in batches with
//! `x-ms-marker`, as the service does when there is much to close.
//!
//! Facts kept: an unknown or already closed id answers 200 with 0 closed; `x-ms-recursive` on a
//! file is 400; a non-numeric id is 400 `InvalidHeaderValue` even before the path is looked up;
//! `x-ms-number-of-handles-failed` exists from 2019-07-07.

use bytes::Bytes;
use hyper::StatusCode;

use crate::azure::addressing;
use crate::azure::marker::HandleMarker;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply, ReplyBody};
use crate::azure::versions::ApiVersion;
use crate::faults::Faults;
use crate::store::{NodeKey, NodeKind, OpenHandle, Store};

/// What a Force Close request did, for the reply and for the emulator's bookkeeping.
#[derive(Debug)]
pub(crate) struct Closed {
    pub reply: Reply,
    /// Handles closed, with the node each was open on.
    pub handles: Vec<(NodeKey, OpenHandle)>,
    pub failed: Vec<u64>,
}

enum Which {
    One(u64),
    All,
}

pub(crate) fn force_close(
    store: &mut Store,
    request: &ServiceRequest,
    version: &ApiVersion,
    faults: &Faults,
) -> Result<Closed, ErrorReply> {
    if !version.has_handle_apis() {
        let mut error = ErrorReply::invalid_header("x-ms-version", &version.0);
        error.message = "Force Close Handles needs x-ms-version 2018-11-09 or later.".into();
        return Err(error);
    }
    let id_text = request
        .header("x-ms-handle-id")
        .ok_or_else(|| ErrorReply::missing_header("x-ms-handle-id"))?;
    let which = match id_text.trim() {
        "*" => Which::All,
        text => Which::One(
            text.parse()
                .map_err(|_| ErrorReply::invalid_header("x-ms-handle-id", id_text))?,
        ),
    };
    if request.header("content-length").is_none() {
        return Err(ErrorReply::new(
            StatusCode::LENGTH_REQUIRED,
            "MissingContentLengthHeader",
            "Content-Length HTTP header is missing.",
        ));
    }
    let namespace = addressing::namespace_mut(store, request)?;
    let (key, node) = addressing::node(namespace, request)?;
    let is_directory = node.kind == NodeKind::Directory;
    let recursive = request.flag("x-ms-recursive")?;
    if recursive && !is_directory {
        let mut error = ErrorReply::invalid_header("x-ms-recursive", "true");
        error.message = "The x-ms-recursive header is valid only for a directory.".into();
        return Err(error);
    }

    let mut reply_marker = None;
    let (handles, failed) = match which {
        Which::One(id) => {
            if faults.fails_to_close(id) && namespace.is_open(id) {
                (Vec::new(), vec![id])
            } else {
                (
                    namespace.close(&key, id, recursive).into_iter().collect(),
                    Vec::new(),
                )
            }
        }
        Which::All => {
            let scope_start = (key.clone(), 0);
            let scope_end = if recursive {
                (key.subtree_end(), 0)
            } else {
                (key.clone(), u64::MAX)
            };
            let start = match request.query("marker").filter(|m| !m.is_empty()) {
                None => scope_start.clone(),
                Some(text) => HandleMarker::decode(text)
                    .map(|marker| marker.position)
                    .filter(|position| *position >= scope_start && *position <= scope_end)
                    .ok_or_else(|| ErrorReply::invalid_query("marker", text))?,
            };
            let limit = match faults.close_batch {
                0 => usize::MAX,
                n => usize::try_from(n).unwrap_or(usize::MAX),
            };
            let range =
                namespace.close_range(&start, &scope_end, limit, |id| faults.fails_to_close(id));
            reply_marker = range.next.map(|position| {
                HandleMarker {
                    position,
                    empty_page_served: false,
                }
                .encode()
            });
            (range.closed, range.failed)
        }
    };

    let mut headers = vec![("x-ms-number-of-handles-closed", handles.len().to_string())];
    if version.has_failed_count() {
        headers.push(("x-ms-number-of-handles-failed", failed.len().to_string()));
    }
    if let Some(marker) = reply_marker {
        headers.push(("x-ms-marker", marker));
    }
    Ok(Closed {
        reply: Reply {
            status: StatusCode::OK,
            headers,
            metadata: Vec::new(),
            body: ReplyBody::Full(Bytes::new()),
        },
        handles,
        failed,
    })
}

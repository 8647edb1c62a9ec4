//! Get Directory Properties (`GET`/`HEAD …/SHARE/PATH?restype=directory`; the share's root
//! is `…/SHARE?restype=directory`): the directory's SMB properties in headers, no body. A
//! missing directory is 404 `ResourceNotFound` (a file at the path is not a directory
//! either), a missing directory on the way 404 `ParentNotFound`.

use hyper::StatusCode;

use crate::azure::addressing;
use crate::azure::list_directory::{attributes, permission_key};
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply, ReplyBody};
use crate::store::{NodeKind, Store};
use azfh_protocol::wire::{format_iso8601, format_rfc1123};

pub(crate) fn get_directory_properties(
    store: &Store,
    request: &ServiceRequest,
) -> Result<Reply, ErrorReply> {
    let namespace = addressing::namespace(store, request)?;
    let (_, node) = addressing::node(namespace, request)?;
    if node.kind != NodeKind::Directory {
        return Err(ErrorReply::resource_not_found());
    }
    Ok(Reply {
        status: StatusCode::OK,
        headers: vec![
            ("etag", node.etag.clone()),
            ("last-modified", format_rfc1123(node.modified)),
            ("x-ms-server-encrypted", "true".into()),
            ("x-ms-file-attributes", attributes(node).into()),
            ("x-ms-file-creation-time", format_iso8601(node.created)),
            ("x-ms-file-last-write-time", format_iso8601(node.modified)),
            ("x-ms-file-change-time", format_iso8601(node.modified)),
            ("x-ms-file-permission-key", permission_key(node).into()),
            ("x-ms-file-id", node.file_id.to_string()),
            ("x-ms-file-parent-id", node.parent_id.to_string()),
        ],
        metadata: Vec::new(),
        body: ReplyBody::Empty,
    })
}

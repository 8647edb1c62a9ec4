//! List Handles (`GET …?comp=listhandles`): on a file, a directory (optionally recursive) or
//! the root; marker-paged; on a share snapshot; fields gated by the request's API version.

use hyper::StatusCode;

use crate::azure::addressing;
use crate::azure::marker::HandleMarker;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply};
use crate::azure::versions::ApiVersion;
use crate::faults::Faults;
use crate::store::{ListedHandle, NodeKind, Store};
use azfh_protocol::wire::{
    AccessRightListXml, HandleEntriesXml, HandleXml, ListHandlesXml, NameXml, encode_handles_body,
    format_rfc1123,
};

/// One page's rows, copied out of the store: the caller formats and encodes them
/// ([`HandlePage::reply`]) after releasing the store's lock, so that pages are served
/// concurrently, as the service serves them.
pub(crate) struct HandlePage {
    rows: Vec<ListedHandle>,
    /// The request's `maxresults`, echoed.
    requested: Option<u32>,
    next_marker: String,
}

/// Collects one page under the store's lock.
pub(crate) fn list_handles(
    store: &mut Store,
    request: &ServiceRequest,
    version: &ApiVersion,
    max_page_size: u32,
    faults: &Faults,
) -> Result<HandlePage, ErrorReply> {
    if !version.has_handle_apis() {
        let mut error = ErrorReply::invalid_header("x-ms-version", &version.0);
        error.message = "List Handles needs x-ms-version 2018-11-09 or later.".into();
        return Err(error);
    }
    let namespace = addressing::namespace(store, request)?;
    let (key, node) = addressing::node(namespace, request)?;
    let recursive = request.flag("x-ms-recursive")? && node.kind == NodeKind::Directory;
    let requested = addressing::max_results(request)?;
    let page_size = requested.unwrap_or(max_page_size).min(max_page_size).max(1);

    let scope_start = (key.clone(), 0);
    let scope_end = if recursive {
        (key.subtree_end(), 0)
    } else {
        (key.clone(), u64::MAX)
    };
    let given_marker = request.query("marker").filter(|m| !m.is_empty());
    let marker = match given_marker {
        None => None,
        Some(text) => {
            let marker = HandleMarker::decode(text)
                .filter(|m| m.position >= scope_start && m.position <= scope_end)
                .ok_or_else(|| ErrorReply::invalid_query("marker", text))?;
            Some(marker)
        }
    };
    let start = marker
        .as_ref()
        .map_or_else(|| scope_start.clone(), |m| m.position.clone());

    // Injected faults: a repeated marker, or an empty page before each real one.
    if faults.repeat_marker
        && let Some(text) = given_marker
    {
        return Ok(HandlePage {
            rows: Vec::new(),
            requested,
            next_marker: text.to_owned(),
        });
    }
    if faults.empty_pages && !marker.as_ref().is_some_and(|m| m.empty_page_served) {
        let next = HandleMarker {
            position: start,
            empty_page_served: true,
        };
        return Ok(HandlePage {
            rows: Vec::new(),
            requested,
            next_marker: next.encode(),
        });
    }

    let (listed, next) = namespace.handles_in(&start, &scope_end, page_size as usize);
    // Injected: someone else closes these handles right after this listing shows them.
    let vanishing: Vec<(crate::store::NodeKey, u64)> = listed
        .iter()
        .filter(|item| faults.vanish_ids.contains(&item.handle.id))
        .map(|item| (item.key.clone(), item.handle.id))
        .collect();
    if !vanishing.is_empty() {
        let namespace = addressing::namespace_mut(store, request)?;
        for (key, id) in vanishing {
            namespace.close(&key, id, false);
        }
    }
    let next_marker = next
        .map(|position| {
            HandleMarker {
                position,
                empty_page_served: false,
            }
            .encode()
        })
        .unwrap_or_default();
    Ok(HandlePage {
        rows: listed,
        requested,
        next_marker,
    })
}

impl HandlePage {
    /// The page's answer, with the fields `version` has.
    pub(crate) fn reply(self, request: &ServiceRequest, version: &ApiVersion) -> Reply {
        let handles = self
            .rows
            .into_iter()
            .map(|item| HandleXml {
                handle_id: item.handle.id.to_string(),
                path: NameXml::encode(&item.path, version.has_encoded_names()),
                file_id: item.file_id.to_string(),
                parent_id: item.parent_id.to_string(),
                session_id: item.handle.session_id.to_string(),
                access_right_list: version.has_access_rights().then(|| AccessRightListXml {
                    rights: item
                        .handle
                        .access
                        .iter()
                        .map(|right| capitalized(right.name()))
                        .collect(),
                }),
                client_ip: format!("{}:{}", item.handle.client_ip, item.handle.client_port),
                client_name: item
                    .handle
                    .client_name
                    .filter(|_| version.has_client_name()),
                open_time: format_rfc1123(item.handle.open_time),
                last_reconnect_time: item.handle.last_reconnect_time.map(format_rfc1123),
            })
            .collect();
        let xml = ListHandlesXml {
            marker: request
                .query("marker")
                .filter(|m| !m.is_empty())
                .map(str::to_owned),
            max_results: self.requested,
            entries: HandleEntriesXml { handles },
            next_marker: self.next_marker,
        };
        let mut reply = Reply::xml(encode_handles_body(&xml));
        reply.status = StatusCode::OK;
        reply
    }
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

//! List Handles (`GET …?comp=listhandles`): on a file, a directory (optionally recursive) or
//! the root; marker-paged; on a share snapshot; fields gated by the request's API version.

use hyper::StatusCode;

use crate::azure::addressing;
use crate::azure::marker::HandleMarker;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply};
use crate::azure::versions::ApiVersion;
use crate::faults::Faults;
use crate::store::{NodeKey, NodeKind, PagedHandle, Store};
use azfh_protocol::wire::{HandleRow, HandleRowFields, HandleRowPage, encode_handle_rows};

/// One page's rows, copied out of the store: the caller writes them
/// ([`HandlePage::reply`]) after releasing the store's lock, so that pages are served
/// concurrently, as the service serves them. The copy shares the paths and client names
/// with the store, so it costs no allocation per handle.
pub(crate) struct HandlePage {
    rows: Vec<PagedHandle>,
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
    let vanishing: Vec<u64> = listed
        .iter()
        .map(|item| item.handle.id)
        .filter(|id| faults.vanish_ids.contains(id))
        .collect();
    if !vanishing.is_empty() {
        let namespace = addressing::namespace_mut(store, request)?;
        for id in vanishing {
            // Wherever it is open: the root's subtree holds every node.
            namespace.close(&NodeKey::root(), id, true);
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
        let rows: Vec<HandleRow<'_>> = self.rows.iter().map(row).collect();
        let page = HandleRowPage {
            marker: request.query("marker").filter(|m| !m.is_empty()),
            max_results: self.requested,
            rows: &rows,
            next_marker: &self.next_marker,
            fields: HandleRowFields {
                encoded_names: version.has_encoded_names(),
                access_rights: version.has_access_rights(),
                client_name: version.has_client_name(),
            },
        };
        let mut reply = Reply::xml(encode_handle_rows(&page));
        reply.status = StatusCode::OK;
        reply
    }
}

/// A listed handle as the page writer reads it.
fn row(item: &PagedHandle) -> HandleRow<'_> {
    let handle = &item.handle;
    HandleRow {
        handle_id: handle.id,
        path: &item.path,
        file_id: item.file_id,
        parent_id: item.parent_id,
        session_id: handle.session_id,
        access: handle.access,
        client_ip: handle.client_ip,
        client_port: handle.client_port,
        client_name: handle.client_name.as_deref(),
        open_time: handle.open_time,
        last_reconnect_time: handle.last_reconnect_time,
    }
}

#[cfg(test)]
mod tests {
    use azfh_protocol::wire::{
        AccessRightListXml, HandleEntriesXml, HandleXml, ListHandlesXml, NameXml, encode_body,
        format_rfc1123,
    };
    use time::macros::datetime;

    use super::*;
    use crate::azure::response::ReplyBody;
    use crate::azure::versions::KNOWN_VERSIONS;
    use crate::load::demo;

    /// The page as the service's structs describe it, one string a field: how the emulator
    /// built its answer before it wrote rows straight into bytes.
    fn reference(page: &HandlePage, marker: Option<&str>, version: &ApiVersion) -> Vec<u8> {
        let handles = page
            .rows
            .iter()
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
                        .map(|right| {
                            let name = right.name();
                            name[..1].to_ascii_uppercase() + &name[1..]
                        })
                        .collect(),
                }),
                client_ip: format!("{}:{}", item.handle.client_ip, item.handle.client_port),
                client_name: item
                    .handle
                    .client_name
                    .as_deref()
                    .filter(|_| version.has_client_name())
                    .map(str::to_owned),
                open_time: format_rfc1123(item.handle.open_time),
                last_reconnect_time: item.handle.last_reconnect_time.map(format_rfc1123),
            })
            .collect();
        encode_body(&ListHandlesXml {
            marker: marker.map(str::to_owned),
            max_results: page.requested,
            entries: HandleEntriesXml { handles },
            next_marker: page.next_marker.clone(),
        })
    }

    fn request(query: &str) -> ServiceRequest {
        ServiceRequest::parse(
            "GET",
            &format!("/devstoreaccount1/{}", demo::DEMO_SHARE),
            Some(query),
            vec![("x-ms-recursive".into(), "true".into())],
            "127.0.0.1:1".parse().unwrap(),
        )
        .unwrap()
    }

    /// Every page of the demo share (odd names, IPv6 clients, handles with no client name,
    /// on the root, reconnected), in every API version that lists handles, is the answer the
    /// service's structs describe, byte for byte.
    #[test]
    fn answers_what_the_wire_structs_describe_in_every_version() {
        let mut store = Store::default();
        demo::load(&mut store, datetime!(2026-11-21 12:00 UTC));
        let faults = Faults::default();
        for text in KNOWN_VERSIONS {
            let version = ApiVersion::parse(text).unwrap();
            if !version.has_handle_apis() {
                continue;
            }
            let mut marker: Option<String> = None;
            let mut listed = 0;
            loop {
                let query = match &marker {
                    None => "comp=listhandles&maxresults=7".to_owned(),
                    Some(marker) => format!(
                        "comp=listhandles&maxresults=7&marker={}",
                        azfh_protocol::percent::encode_component(marker)
                    ),
                };
                let request = request(&query);
                let page = list_handles(&mut store, &request, &version, 5_000, &faults).unwrap();
                listed += page.rows.len();
                let expected = reference(&page, marker.as_deref(), &version);
                let next = page.next_marker.clone();
                let ReplyBody::Full(body) = page.reply(&request, &version).body else {
                    panic!("a listing answers with a whole body");
                };
                assert_eq!(
                    String::from_utf8_lossy(&body),
                    String::from_utf8_lossy(&expected),
                    "version {text}"
                );
                if next.is_empty() {
                    break;
                }
                marker = Some(next);
            }
            assert_eq!(listed, demo::DEMO_HANDLES, "version {text}");
        }
    }
}

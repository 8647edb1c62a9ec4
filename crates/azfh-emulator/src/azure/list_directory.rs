//! List Directories and Files (`GET …?restype=directory&comp=list`): one level, files and
//! directories interleaved in case-insensitive name order; `prefix`, `marker`, `maxresults`
//! (at most 5,000), `include=Timestamps,ETag,Attributes,PermissionKey`,
//! `x-ms-file-extended-info`; `DirectoryId` and `FileId`; names XML cannot carry
//! percent-encoded with `Encoded="true"`, the listed path too. Fields follow the version:
//! `include` from 2020-04-08 (ChangeTime and Last-Modified from 2020-06-12), FileId always and
//! DirectoryId from 2020-10-02, Encoded from 2021-12-02.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::azure::addressing;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply};
use crate::azure::versions::ApiVersion;
use crate::store::{Node, NodeKey, NodeKind, Store};
use azfh_protocol::wire::{
    DirectoryEntriesXml, EntryFieldsXml, EntryPropertiesXml, EntryXml, ListDirectoryXml, NameXml,
    encode_body, format_iso8601, format_rfc1123,
};

/// The most entries a page holds, whatever the client asks.
const MAX_RESULTS: u32 = 5_000;

/// What `include=` asked for.
#[derive(Debug, Default, Clone, Copy)]
#[allow(clippy::struct_excessive_bools, reason = "one flag per include= value")]
struct Include {
    timestamps: bool,
    etag: bool,
    attributes: bool,
    permission_key: bool,
}

fn parse_include(text: Option<&str>) -> Result<Include, ErrorReply> {
    let mut include = Include::default();
    for item in text
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match item.to_ascii_lowercase().as_str() {
            "timestamps" => include.timestamps = true,
            "etag" => include.etag = true,
            "attributes" => include.attributes = true,
            "permissionkey" => include.permission_key = true,
            _ => {
                return Err(ErrorReply::invalid_query(
                    "include",
                    text.unwrap_or_default(),
                ));
            }
        }
    }
    Ok(include)
}

/// A marker names the next entry: `1!<length>!<base64 of its lower-cased name>`.
fn encode_marker(name_key: &str) -> String {
    let payload = BASE64.encode(name_key.as_bytes());
    format!("1!{}!{payload}", payload.len())
}

fn decode_marker(text: &str) -> Option<String> {
    let mut parts = text.splitn(3, '!');
    let (version, length, payload) = (parts.next()?, parts.next()?, parts.next()?);
    if version != "1" || length.parse::<usize>().ok()? != payload.len() {
        return None;
    }
    String::from_utf8(BASE64.decode(payload).ok()?).ok()
}

pub(crate) fn list_directory(
    store: &Store,
    request: &ServiceRequest,
    version: &ApiVersion,
    max_page_size: u32,
) -> Result<Reply, ErrorReply> {
    let share = addressing::share(store, request)?;
    let snapshot = request.query("sharesnapshot");
    let namespace = addressing::namespace_in(share, request)?;
    let (key, node) = addressing::node(namespace, request)?;
    if node.kind != NodeKind::Directory {
        return Err(ErrorReply::resource_not_found());
    }
    let include = parse_include(request.query("include"))?;
    let asked_include = request.query("include").is_some_and(|i| !i.is_empty());
    if asked_include && !version.at_least("2020-04-08") {
        return Err(ErrorReply::invalid_query(
            "include",
            request.query("include").unwrap_or_default(),
        ));
    }
    let extended = asked_include || request.flag("x-ms-file-extended-info")?;
    let requested = addressing::max_results(request)?;
    let page_size = requested
        .unwrap_or(MAX_RESULTS)
        .min(MAX_RESULTS)
        .min(max_page_size)
        .max(1) as usize;
    let prefix = request.query("prefix").unwrap_or_default().to_lowercase();
    let child_key = |name_key: &str| NodeKey(format!("{}\0{name_key}", key.0));
    let start = match request.query("marker").filter(|m| !m.is_empty()) {
        Some(text) => Some(child_key(
            &decode_marker(text).ok_or_else(|| ErrorReply::invalid_query("marker", text))?,
        )),
        None if !prefix.is_empty() => Some(child_key(&prefix)),
        None => None,
    };
    let name_key_of = |found: &NodeKey| found.0[key.0.len() + 1..].to_owned();
    let mut children = namespace
        .children(&key, start.as_ref())
        .take_while(|(found, _)| name_key_of(found).starts_with(&prefix));
    let page: Vec<(&NodeKey, &Node)> = children.by_ref().take(page_size).collect();
    let next_marker = children
        .next()
        .map(|(found, _)| encode_marker(&name_key_of(found)))
        .unwrap_or_default();

    let encoding = version.has_encoded_names();
    let file_ids = version.at_least("2020-10-02") || (extended && version.at_least("2020-04-08"));
    let items = page
        .into_iter()
        .map(|(_, child)| {
            let mut properties = EntryPropertiesXml {
                content_length: child.file().map(|data| data.size),
                ..EntryPropertiesXml::default()
            };
            if include.timestamps {
                properties.creation_time = Some(format_iso8601(child.created));
                properties.last_access_time = Some(format_iso8601(child.modified));
                properties.last_write_time = Some(format_iso8601(child.modified));
                if version.at_least("2020-06-12") {
                    properties.change_time = Some(format_iso8601(child.modified));
                    properties.last_modified = Some(format_rfc1123(child.modified));
                }
            }
            if include.etag {
                properties.etag = Some(child.etag.clone());
            }
            let fields = EntryFieldsXml {
                name: NameXml::encode(child.name(), encoding),
                file_id: file_ids.then(|| child.file_id.to_string()),
                properties,
                attributes: include.attributes.then(|| attributes(child).to_owned()),
                permission_key: include
                    .permission_key
                    .then(|| permission_key(child).to_owned()),
            };
            match child.kind {
                NodeKind::File(_) => EntryXml::File(fields),
                NodeKind::Directory => EntryXml::Directory(fields),
            }
        })
        .collect();

    let listed_path = NameXml::encode(&node.path, encoding);
    let xml = ListDirectoryXml {
        service_endpoint: format!(
            "http://{}/{}/",
            request.header("host").unwrap_or("127.0.0.1"),
            request.account
        ),
        share_name: share.name.clone(),
        share_snapshot: snapshot.map(str::to_owned),
        encoded: listed_path.encoded,
        directory_path: listed_path.text,
        marker: request
            .query("marker")
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
        prefix: request
            .query("prefix")
            .filter(|p| !p.is_empty())
            .map(|p| NameXml::encode(p, encoding)),
        max_results: requested,
        directory_id: version
            .at_least("2020-10-02")
            .then(|| node.file_id.to_string()),
        entries: DirectoryEntriesXml { items },
        next_marker,
    };
    Ok(Reply::xml(encode_body(&xml)))
}

/// Win32 attributes as the service names them.
pub(crate) fn attributes(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::File(_) => "Archive",
        NodeKind::Directory => "Directory",
    }
}

/// A permission key of the service's shape (one for files, one for directories).
pub(crate) fn permission_key(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::File(_) => "584053819618422708*11581588750433322810",
        NodeKind::Directory => "14438882940201373875*11581588750433322810",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let marker = encode_marker("données+x");
        assert!(marker.starts_with("1!"));
        assert_eq!(decode_marker(&marker).as_deref(), Some("données+x"));
        assert_eq!(decode_marker("1!3!abcd"), None);
    }
}

//! Get File (`GET`) and Get File Properties (`HEAD`) on a file path.
//!
//! Ranges come from `x-ms-range` (which wins) or `Range`: `bytes=START-END` or `bytes=START-`.
//! A start past the end is 416 `InvalidRange`. A whole-file MD5, when the file has one, comes
//! as `Content-MD5` on a full read and as `x-ms-content-md5` on a ranged one;
//! `x-ms-range-get-content-md5: true` asks for the range's own MD5 (a range is required, and
//! at most 4 MiB). The body is generated as it is sent.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hyper::StatusCode;
use md5::{Digest, Md5};

use crate::azure::addressing;
use crate::azure::list_directory::{attributes, permission_key};
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply, ReplyBody};
use crate::faults::Faults;
use crate::load::content;
use crate::store::Store;
use azfh_protocol::wire::{format_iso8601, format_rfc1123};

/// The largest range whose own MD5 the service computes.
const MAX_RANGE_MD5: u64 = 4 * 1024 * 1024;

/// A requested byte range, inclusive.
fn parse_range(text: &str) -> Option<(u64, Option<u64>)> {
    let spec = text.trim().strip_prefix("bytes=")?;
    let (start, end) = spec.split_once('-')?;
    let start = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => None,
        end => Some(end.parse().ok()?),
    };
    Some((start, end))
}

pub(crate) fn get_file(
    store: &mut Store,
    request: &ServiceRequest,
    faults: &Faults,
    head: bool,
    now: time::OffsetDateTime,
) -> Result<Reply, ErrorReply> {
    let locked = faults
        .locked_paths
        .iter()
        .any(|path| path.trim_matches('/').eq_ignore_ascii_case(&request.path()));
    let key = match addressing::node(addressing::namespace(store, request)?, request)? {
        (key, node) if node.file().is_some() => key,
        _ => return Err(ErrorReply::resource_not_found()),
    };
    if locked && !head {
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            "FileLockConflict",
            "A portion of the specified file is locked by an SMB client.",
        ));
    }
    if !head && faults.modify_after_reads > 0 {
        let reads = store
            .file_reads
            .entry((
                request.share.as_deref().unwrap_or_default().to_lowercase(),
                key.clone(),
            ))
            .or_default();
        *reads += 1;
        if *reads == faults.modify_after_reads + 1 {
            addressing::namespace_mut(store, request)?.modify(&key, now);
        }
    }
    let node = addressing::namespace(store, request)?
        .node(&key)
        .expect("resolved above");
    let data = node.file().expect("a file").clone();

    let range_text = request
        .header("x-ms-range")
        .or_else(|| request.header("range"));
    let range = match range_text {
        None => None,
        Some(text) => {
            let header = if request.header("x-ms-range").is_some() {
                "x-ms-range"
            } else {
                "range"
            };
            Some(parse_range(text).ok_or_else(|| ErrorReply::invalid_header(header, text))?)
        }
    };
    let range_md5 = request.flag("x-ms-range-get-content-md5")?;
    if range_md5 && range.is_none() {
        let mut error = ErrorReply::invalid_header("x-ms-range-get-content-md5", "true");
        error.message = "x-ms-range-get-content-md5 needs a range.".into();
        return Err(error);
    }

    let mut headers: Vec<(&'static str, String)> = vec![
        ("accept-ranges", "bytes".into()),
        ("content-type", "application/octet-stream".into()),
        ("etag", node.etag.clone()),
        ("last-modified", format_rfc1123(node.modified)),
        ("x-ms-type", "File".into()),
        ("x-ms-file-attributes", attributes(node).into()),
        ("x-ms-file-creation-time", format_iso8601(node.created)),
        ("x-ms-file-last-write-time", format_iso8601(node.modified)),
        ("x-ms-file-change-time", format_iso8601(node.modified)),
        ("x-ms-file-id", node.file_id.to_string()),
        ("x-ms-file-parent-id", node.parent_id.to_string()),
        ("x-ms-file-permission-key", permission_key(node).into()),
        ("x-ms-lease-state", "available".into()),
        ("x-ms-lease-status", "unlocked".into()),
        ("x-ms-server-encrypted", "true".into()),
    ];
    let whole_md5 = data.md5.map(|md5| BASE64.encode(md5));
    let (status, offset, len) = match range {
        None => {
            if let Some(md5) = &whole_md5 {
                headers.push(("content-md5", md5.clone()));
            }
            (StatusCode::OK, 0, data.size)
        }
        Some((start, end)) => {
            if start >= data.size || end.is_some_and(|end| end < start) {
                let mut error = ErrorReply::new(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "InvalidRange",
                    "The range specified is invalid for the current size of the resource.",
                );
                error
                    .extra_headers
                    .push(("content-range", format!("bytes */{}", data.size)));
                return Err(error);
            }
            let last = end.unwrap_or(u64::MAX).min(data.size - 1);
            let len = last - start + 1;
            if range_md5 {
                if len > MAX_RANGE_MD5 {
                    let mut error =
                        ErrorReply::invalid_header("x-ms-range-get-content-md5", "true");
                    error.message =
                        "The range for x-ms-range-get-content-md5 is larger than 4 MiB.".into();
                    return Err(error);
                }
                let bytes = content::bytes(
                    data.seed,
                    start,
                    usize::try_from(len).expect("at most 4 MiB"),
                );
                headers.push(("content-md5", BASE64.encode(Md5::digest(&bytes))));
            }
            if let Some(md5) = &whole_md5 {
                headers.push(("x-ms-content-md5", md5.clone()));
            }
            headers.push((
                "content-range",
                format!("bytes {start}-{last}/{}", data.size),
            ));
            (StatusCode::PARTIAL_CONTENT, start, len)
        }
    };
    headers.push(("content-length", len.to_string()));
    Ok(Reply {
        status: if head { StatusCode::OK } else { status },
        headers,
        metadata: Vec::new(),
        body: if head {
            ReplyBody::Empty
        } else {
            ReplyBody::Generated {
                seed: data.seed,
                offset,
                len,
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse() {
        assert_eq!(parse_range("bytes=0-1"), Some((0, Some(1))));
        assert_eq!(parse_range("bytes=10-"), Some((10, None)));
        assert_eq!(parse_range("bytes=a-1"), None);
        assert_eq!(parse_range("items=0-1"), None);
    }
}

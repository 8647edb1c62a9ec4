//! Get Share Properties (`GET`/`HEAD …/SHARE?restype=share`, of a snapshot with
//! `sharesnapshot`): quota, protocols, access tier, metadata, ETag and Last-Modified, in
//! headers and without a body. A missing share is 404 `ShareNotFound`, a missing snapshot
//! 404 `ShareSnapshotNotFound`.

use hyper::StatusCode;

use crate::azure::addressing;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply, ReplyBody};
use crate::azure::versions::ApiVersion;
use crate::store::{ShareProperties, Store};

use azfh_protocol::wire::format_rfc1123;

pub(crate) fn get_share_properties(
    store: &Store,
    request: &ServiceRequest,
    version: &ApiVersion,
) -> Result<Reply, ErrorReply> {
    let share = addressing::share(store, request)?;
    addressing::namespace_in(share, request)?;
    Ok(Reply {
        status: StatusCode::OK,
        headers: share_headers(&share.properties, version),
        metadata: share
            .properties
            .metadata
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
        body: ReplyBody::Empty,
    })
}

/// The headers that describe a share, as the request's version has them.
fn share_headers(
    properties: &ShareProperties,
    version: &ApiVersion,
) -> Vec<(&'static str, String)> {
    let mut headers: Vec<(&'static str, String)> = vec![
        ("etag", properties.etag.clone()),
        ("last-modified", format_rfc1123(properties.modified)),
        ("x-ms-share-quota", properties.quota_gib.to_string()),
    ];
    if version.at_least("2019-07-07") {
        headers.push((
            "x-ms-enabled-protocols",
            properties.protocol.as_str().into(),
        ));
    }
    if version.at_least("2019-12-12") {
        headers.push(("x-ms-access-tier", properties.access_tier.clone()));
    }
    if version.at_least("2020-02-10") {
        headers.push(("x-ms-lease-status", "unlocked".into()));
        headers.push(("x-ms-lease-state", "available".into()));
    }
    headers
}

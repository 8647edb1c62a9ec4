//! What a request addresses: its share, the namespace (the live share, or the snapshot that
//! `sharesnapshot` names), and the node at its path; with the service's 404s when they do not
//! exist. And `maxresults`, which every listing reads the same way.

use crate::azure::request::ServiceRequest;
use crate::azure::response::ErrorReply;
use crate::store::{Missing, Namespace, Node, NodeKey, Share, ShareProtocol, Store};

/// The share named by the request's path.
pub(crate) fn share<'s>(
    store: &'s Store,
    request: &ServiceRequest,
) -> Result<&'s Share, ErrorReply> {
    let name = request
        .share
        .as_deref()
        .ok_or_else(|| ErrorReply::invalid_uri("no share in the path"))?;
    store.share(name).ok_or_else(ErrorReply::share_not_found)
}

/// The share named by the request's path, when its handles are SMB handles: an NFS share's
/// are not listed or closed over REST, and the service refuses with 400
/// `FeatureNotSupportedOnProtocol`.
pub(crate) fn smb_share<'s>(
    store: &'s Store,
    request: &ServiceRequest,
) -> Result<&'s Share, ErrorReply> {
    let found = share(store, request)?;
    if found.properties.protocol == ShareProtocol::Nfs {
        return Err(ErrorReply::new(
            hyper::StatusCode::BAD_REQUEST,
            "FeatureNotSupportedOnProtocol",
            "The specified feature is not supported on the share's protocol (NFS): handles are listed and closed on SMB shares.",
        ));
    }
    Ok(found)
}

/// The namespace of `share` the request addresses.
pub(crate) fn namespace_in<'s>(
    share: &'s Share,
    request: &ServiceRequest,
) -> Result<&'s Namespace, ErrorReply> {
    match request.query("sharesnapshot") {
        Some(id) => share
            .snapshots
            .get(id)
            .ok_or_else(ErrorReply::snapshot_not_found),
        None => Ok(&share.live),
    }
}

/// The namespace the request addresses.
pub(crate) fn namespace<'s>(
    store: &'s Store,
    request: &ServiceRequest,
) -> Result<&'s Namespace, ErrorReply> {
    namespace_in(share(store, request)?, request)
}

/// The namespace the request addresses, to change it.
pub(crate) fn namespace_mut<'s>(
    store: &'s mut Store,
    request: &ServiceRequest,
) -> Result<&'s mut Namespace, ErrorReply> {
    let name = request
        .share
        .as_deref()
        .ok_or_else(|| ErrorReply::invalid_uri("no share in the path"))?;
    let share = store
        .share_mut(name)
        .ok_or_else(ErrorReply::share_not_found)?;
    match request.query("sharesnapshot") {
        Some(id) => share
            .snapshots
            .get_mut(id)
            .ok_or_else(ErrorReply::snapshot_not_found),
        None => Ok(&mut share.live),
    }
}

/// The node at the request's path: 404 `ResourceNotFound`, or `ParentNotFound` when a
/// directory on the way is missing.
pub(crate) fn node<'n>(
    namespace: &'n Namespace,
    request: &ServiceRequest,
) -> Result<(NodeKey, &'n Node), ErrorReply> {
    namespace
        .resolve(&request.segments)
        .map_err(|missing| match missing {
            Missing::Parent | Missing::NotADirectory => ErrorReply::parent_not_found(),
            Missing::Resource => ErrorReply::resource_not_found(),
        })
}

/// `maxresults`: absent, or a positive number (400 otherwise).
pub(crate) fn max_results(request: &ServiceRequest) -> Result<Option<u32>, ErrorReply> {
    match request.query("maxresults") {
        None => Ok(None),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Some(u32::try_from(n).unwrap_or(u32::MAX))),
            Ok(_) => Err(ErrorReply::out_of_range_query("maxresults", text)),
            Err(_) => Err(ErrorReply::invalid_query("maxresults", text)),
        },
    }
}

//! List Shares (`GET /ACCOUNT?comp=list`): every share in name order, each share's snapshots
//! (with `include=snapshots`) just before it, oldest first, as the service lists them;
//! `prefix`, `marker`, `maxresults` (at most 5,000), `include=metadata,snapshots,deleted`
//! (the emulator has no deleted shares, so `deleted` adds none). Each share carries the
//! service's properties: Last-Modified, Etag, Quota, AccessTier, EnabledProtocols, lease.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::azure::addressing;
use crate::azure::request::ServiceRequest;
use crate::azure::response::{ErrorReply, Reply};
use crate::azure::versions::ApiVersion;
use crate::store::{Share, Store};
use azfh_protocol::wire::{encode_body, format_rfc1123};

/// The most shares a page holds, whatever the client asks.
const MAX_RESULTS: u32 = 5_000;

#[derive(Debug, Serialize)]
#[serde(rename = "EnumerationResults")]
struct ListSharesXml {
    #[serde(rename = "@ServiceEndpoint")]
    service_endpoint: String,
    #[serde(rename = "Prefix", skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    marker: Option<String>,
    #[serde(rename = "MaxResults", skip_serializing_if = "Option::is_none")]
    max_results: Option<u32>,
    #[serde(rename = "Shares")]
    shares: SharesXml,
    #[serde(rename = "NextMarker")]
    next_marker: String,
}

#[derive(Debug, Serialize)]
struct SharesXml {
    #[serde(rename = "Share", default)]
    items: Vec<ShareXml>,
}

#[derive(Debug, Serialize)]
struct ShareXml {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Snapshot", skip_serializing_if = "Option::is_none")]
    snapshot: Option<String>,
    #[serde(rename = "Properties")]
    properties: SharePropertiesXml,
    #[serde(rename = "Metadata", skip_serializing_if = "Option::is_none")]
    metadata: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Serialize)]
struct SharePropertiesXml {
    #[serde(rename = "Last-Modified")]
    last_modified: String,
    #[serde(rename = "Etag")]
    etag: String,
    #[serde(rename = "Quota")]
    quota: u32,
    #[serde(rename = "AccessTier", skip_serializing_if = "Option::is_none")]
    access_tier: Option<String>,
    #[serde(rename = "EnabledProtocols", skip_serializing_if = "Option::is_none")]
    enabled_protocols: Option<String>,
    #[serde(rename = "LeaseStatus", skip_serializing_if = "Option::is_none")]
    lease_status: Option<&'static str>,
    #[serde(rename = "LeaseState", skip_serializing_if = "Option::is_none")]
    lease_state: Option<&'static str>,
}

/// What `include=` asked for.
#[derive(Debug, Default, Clone, Copy)]
struct Include {
    metadata: bool,
    snapshots: bool,
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
            "metadata" => include.metadata = true,
            "snapshots" => include.snapshots = true,
            "deleted" => {}
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

/// A listed share's position: its lower-cased name, then its snapshots (by id) before the
/// live share (`None` sorts last here, so it is kept as `~`, after every snapshot id's
/// digits).
type Position = (String, String);

const LIVE: &str = "~";

/// A marker names the next entry: `1!<length>!<base64 of name '\0' snapshot-or-~>`.
fn encode_marker(position: &Position) -> String {
    let payload = BASE64.encode(format!("{}\0{}", position.0, position.1));
    format!("1!{}!{payload}", payload.len())
}

fn decode_marker(text: &str) -> Option<Position> {
    let mut parts = text.splitn(3, '!');
    let (version, length, payload) = (parts.next()?, parts.next()?, parts.next()?);
    if version != "1" || length.parse::<usize>().ok()? != payload.len() {
        return None;
    }
    let decoded = String::from_utf8(BASE64.decode(payload).ok()?).ok()?;
    let (name, snapshot) = decoded.split_once('\0')?;
    Some((name.to_owned(), snapshot.to_owned()))
}

pub(crate) fn list_shares(
    store: &Store,
    request: &ServiceRequest,
    version: &ApiVersion,
) -> Result<Reply, ErrorReply> {
    let include = parse_include(request.query("include"))?;
    let requested = addressing::max_results(request)?;
    let page_size = requested.unwrap_or(MAX_RESULTS).min(MAX_RESULTS) as usize;
    let prefix = request.query("prefix").unwrap_or_default();
    let start = match request.query("marker").filter(|m| !m.is_empty()) {
        Some(text) => {
            Some(decode_marker(text).ok_or_else(|| ErrorReply::invalid_query("marker", text))?)
        }
        None => None,
    };
    let mut entries = store
        .shares
        .iter()
        .filter(|(_, share)| share.name.starts_with(prefix))
        .flat_map(|(key, share)| {
            let snapshots = share
                .snapshots
                .keys()
                .filter(move |_| include.snapshots)
                .map(move |id| ((key.clone(), id.clone()), share, Some(id.as_str())));
            snapshots.chain(std::iter::once((
                (key.clone(), LIVE.to_owned()),
                share,
                None,
            )))
        })
        .filter(|(position, _, _)| start.as_ref().is_none_or(|start| position >= start));
    let page: Vec<ShareXml> = entries
        .by_ref()
        .take(page_size)
        .map(|(_, share, snapshot)| listed(share, snapshot, include, version))
        .collect();
    let next_marker = entries
        .next()
        .map(|(position, _, _)| encode_marker(&position))
        .unwrap_or_default();
    let xml = ListSharesXml {
        service_endpoint: format!(
            "http://{}/{}/",
            request.header("host").unwrap_or("127.0.0.1"),
            request.account
        ),
        prefix: Some(prefix.to_owned()).filter(|p| !p.is_empty()),
        marker: request
            .query("marker")
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
        max_results: requested,
        shares: SharesXml { items: page },
        next_marker,
    };
    Ok(Reply::xml(encode_body(&xml)))
}

/// One share, or one of its snapshots, as listed.
fn listed(
    share: &Share,
    snapshot: Option<&str>,
    include: Include,
    version: &ApiVersion,
) -> ShareXml {
    let properties = &share.properties;
    let leases = version.at_least("2020-02-10");
    ShareXml {
        name: share.name.clone(),
        snapshot: snapshot.map(str::to_owned),
        properties: SharePropertiesXml {
            last_modified: format_rfc1123(properties.modified),
            etag: properties.etag.clone(),
            quota: properties.quota_gib,
            access_tier: version
                .at_least("2019-12-12")
                .then(|| properties.access_tier.clone()),
            enabled_protocols: version
                .at_least("2019-07-07")
                .then(|| properties.protocol.as_str().to_owned()),
            lease_status: leases.then_some("unlocked"),
            lease_state: leases.then_some("available"),
        },
        metadata: include.metadata.then(|| properties.metadata.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_snapshots_sort_before_their_share() {
        let position = ("data".to_owned(), "2026-11-01T00:00:00.0000000Z".to_owned());
        assert_eq!(
            decode_marker(&encode_marker(&position)),
            Some(position.clone())
        );
        assert!(position < ("data".to_owned(), LIVE.to_owned()));
        assert_eq!(decode_marker("1!3!abcd"), None);
    }
}

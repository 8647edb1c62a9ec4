//! One handle as the emulator holds it, for [`encode_handle_rows`]: numbers, addresses and
//! times rather than the text [`HandleXml`] carries, so that writing a page makes no string
//! per handle.
//!
//! [`encode_handle_rows`]: super::encode_handle_rows
//! [`HandleXml`]: super::HandleXml

use std::net::IpAddr;

use time::OffsetDateTime;

use crate::AccessRights;

/// One `<Handle>`, borrowed from whoever holds the handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleRow<'a> {
    pub handle_id: u64,
    /// The share-relative path, as created; percent-encoded on the wire when XML cannot
    /// carry it and [`HandleRowFields::encoded_names`] allows.
    pub path: &'a str,
    pub file_id: u64,
    pub parent_id: u64,
    pub session_id: u64,
    pub access: AccessRights,
    /// Written `ip:port`, an IPv6 address without brackets, as the service writes it.
    pub client_ip: IpAddr,
    pub client_port: u16,
    pub client_name: Option<&'a str>,
    pub open_time: OffsetDateTime,
    pub last_reconnect_time: Option<OffsetDateTime>,
}

/// Which of the fields that arrived with later API versions a page carries: a request of an
/// older version gets the answer that version defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HandleRowFields {
    /// `Encoded="true"` names (2021-12-02).
    pub encoded_names: bool,
    /// `<AccessRightList>` (2023-01-03).
    pub access_rights: bool,
    /// `<ClientName>` (2024-02-04).
    pub client_name: bool,
}

/// A List Handles page of [`HandleRow`]s: what [`ListHandlesXml`](super::ListHandlesXml)
/// says, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct HandleRowPage<'a> {
    pub marker: Option<&'a str>,
    pub max_results: Option<u32>,
    pub rows: &'a [HandleRow<'a>],
    pub next_marker: &'a str,
    pub fields: HandleRowFields,
}

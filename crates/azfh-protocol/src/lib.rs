//! The Azure Files REST vocabulary, with no I/O: what the client and the emulator must agree
//! on, in one place, so that neither reaches into the other.
//!
//! Wire structs and the tokenizer ([`wire`], [`xml_scan`]), the Shared Key and SAS
//! strings-to-sign ([`signing`], [`sas`]), names ([`share_name`], [`percent`]), the service's
//! limits ([`limits`]), the SMB words
//! a handle listing carries ([`AccessRights`], [`ClientAddr`]), the development account
//! ([`development`]) and the API version. One rule that is not Azure's rides along because
//! both sides read it: the command-line size syntax ([`size`]). It imports nothing from the
//! client or the emulator; the client's model and decoders build on it, never the reverse.

pub mod access_rights;
pub mod client_addr;
pub mod development;
pub mod limits;
pub mod percent;
pub mod sas;
pub mod share_name;
pub mod signing;
pub mod size;
pub mod wire;
pub mod xml_scan;

pub use access_rights::{AccessRight, AccessRights};
pub use client_addr::ClientAddr;

/// The REST API version azfh speaks.
///
/// Pinned rather than "latest" so the decoder is tested against exactly the shape it reads.
/// 2024-11-04 carries every field azfh uses (`ClientName` arrived in 2024-02-04,
/// `AccessRightList` in 2023-01-03, OAuth with `x-ms-file-request-intent` in 2022-11-02,
/// `Encoded` names in 2021-12-02); later versions add nothing these operations need, and an
/// older pin is served by more endpoints (sovereign clouds and Azure Stack lag behind).
pub const API_VERSION: &str = "2024-11-04";

//! Opaque continuation markers: `1!<length>!<base64 payload>`, the service's shape.
//!
//! The payload names the next item's position; standard base64 puts `+`, `/` and `=` in
//! markers, so clients that do not percent-encode them fail here as they would on the service.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::store::NodeKey;

/// A position in a handle listing, and whether an injected empty page was already served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandleMarker {
    pub position: (NodeKey, u64),
    pub empty_page_served: bool,
}

impl HandleMarker {
    pub(crate) fn encode(&self) -> String {
        let flag = if self.empty_page_served { 'e' } else { 'h' };
        let payload = format!("{flag}{}/{}", self.position.1, self.position.0.0);
        let encoded = BASE64.encode(payload.as_bytes());
        format!("1!{}!{encoded}", encoded.len())
    }

    pub(crate) fn decode(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '!');
        let (version, length, payload) = (parts.next()?, parts.next()?, parts.next()?);
        if version != "1" || length.parse::<usize>().ok()? != payload.len() {
            return None;
        }
        let bytes = BASE64.decode(payload).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut chars = text.chars();
        let empty_page_served = match chars.next()? {
            'e' => true,
            'h' => false,
            _ => return None,
        };
        let (id, key) = chars.as_str().split_once('/')?;
        Some(Self {
            position: (NodeKey(key.to_owned()), id.parse().ok()?),
            empty_page_served,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_reject_tampering() {
        let marker = HandleMarker {
            position: (NodeKey::from_segments(&["Dir", "données"]), 14_537_654_001),
            empty_page_served: true,
        };
        let text = marker.encode();
        assert!(text.starts_with("1!"));
        assert_eq!(HandleMarker::decode(&text), Some(marker));
        assert_eq!(HandleMarker::decode("1!3!abc"), None);
        assert_eq!(HandleMarker::decode("garbage"), None);
        assert_eq!(HandleMarker::decode(&text.replace("1!", "2!")), None);
    }
}

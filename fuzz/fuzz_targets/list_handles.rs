//! List Handles bodies: the fast decoder never panics, and whenever it and the reference
//! decoder (quick-xml with serde) both read a body, they read the same page.
#![no_main]

use azfh_client::azure::decode::{decode_list_handles, reference::decode_list_handles_reference};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let fast = decode_list_handles(body);
    let reference = decode_list_handles_reference(body);
    if let (Ok(fast), Ok(reference)) = (&fast, &reference) {
        assert_eq!(fast, reference, "the decoders disagree");
    }
});

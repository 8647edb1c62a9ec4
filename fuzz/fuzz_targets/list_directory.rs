//! List Directories and Files bodies: the decoder never panics, and every entry it returns
//! has a name.
#![no_main]

use azfh::azure::wire::decode_list_directory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(page) = decode_list_directory(body) {
        for entry in &page.entries {
            assert!(!entry.path.is_empty(), "an entry without a name: {entry:?}");
        }
    }
});

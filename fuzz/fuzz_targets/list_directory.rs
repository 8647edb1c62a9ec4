//! List Directories and Files bodies: the decoder never panics. A name may be empty, `.`, `..`
//! or hold a `/` (`<Name />` is well-formed XML): the decoder passes such names on, and the
//! tree walker refuses and reports them (`crates/azfh-client/src/ops/walk.rs`), so that one bad entry does
//! not hide a whole page.
#![no_main]

use azfh_client::azure::decode::decode_list_directory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = decode_list_directory(body);
});

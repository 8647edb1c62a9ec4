//! `Content-Range` values of ranged Get File answers: parsing never panics, a parsed range is
//! consistent (start <= end < total <= 4 TiB), and checking it against any request never
//! panics and accepts only a range that starts where asked.
#![no_main]

use azfh_client::azure::content_range::{ContentRange, MAX_FILE_SIZE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let (numbers, text) = data.split_at(16);
    let start = u64::from_le_bytes(numbers[..8].try_into().unwrap());
    let end = u64::from_le_bytes(numbers[8..].try_into().unwrap());
    let text = String::from_utf8_lossy(text);
    let Ok(range) = ContentRange::parse(&text) else {
        return;
    };
    assert!(range.start <= range.end, "{text:?}");
    assert!(range.end < range.total, "{text:?}");
    assert!(range.total <= MAX_FILE_SIZE, "{text:?}");
    assert!(range.byte_count() >= 1 && range.byte_count() <= MAX_FILE_SIZE);
    for asked_end in [None, Some(end)] {
        if range.check_answers(start, asked_end).is_ok() {
            assert_eq!(range.start, start);
            let asked_end = asked_end.unwrap_or(u64::MAX);
            assert!(range.end <= asked_end);
        }
    }
});

//! `Retry-After` values: parsing never panics and never asks for a wait above the ceiling,
//! and the retry policy, fed the result with any elapsed time, never panics or waits longer.
#![no_main]

use std::time::{Duration, SystemTime};

use azfh_client::net::retry::{Decision, MAX_WAIT, RetryAfter, RetryPolicy, parse_retry_after};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&elapsed, value)) = data.split_first() else {
        return;
    };
    let value = String::from_utf8_lossy(value);
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let parsed = parse_retry_after(&value, now);
    if let Some(RetryAfter::Wait(wait)) = parsed {
        assert!(wait <= MAX_WAIT, "{value:?} waits {wait:?}");
    }
    let elapsed = Duration::from_secs(u64::from(elapsed)) * 1_000_000;
    for policy in [
        RetryPolicy::default(),
        RetryPolicy {
            max_retries: u32::MAX,
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
            deadline: Duration::MAX,
        },
    ] {
        if let Decision::RetryAfter(wait) = policy.decide(true, 3, elapsed, parsed, 0.5) {
            assert!(wait <= MAX_WAIT, "{value:?} waits {wait:?}");
        }
    }
});

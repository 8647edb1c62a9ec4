//! TARGETs: the parser never panics; a path it accepts has no empty, `.` or `..` segment and
//! normalizes to itself.
#![no_main]

use azfh_client::config::target::{TargetSpec, normalize_path, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = match parse(text) {
        Ok(
            TargetSpec::SharePath { path, .. }
            | TargetSpec::Url { path, .. }
            | TargetSpec::Named { path, .. },
        ) => path,
        Err(_) => return,
    };
    for segment in path.split('/').filter(|_| !path.is_empty()) {
        assert!(
            !segment.is_empty() && segment != "." && segment != "..",
            "{path:?}"
        );
    }
    assert_eq!(normalize_path(&path).ok().as_deref(), Some(path.as_str()));
});

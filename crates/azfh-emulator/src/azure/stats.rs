//! What an emulator counts: requests, and each operation, for tests and benchmarks.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Request counters.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicU64,
    operations: Mutex<BTreeMap<&'static str, u64>>,
}

impl Stats {
    pub(crate) fn next_sequence(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub(crate) fn count(&self, operation: &'static str) {
        if !operation.is_empty() {
            *self
                .operations
                .lock()
                .expect("stats lock")
                .entry(operation)
                .or_default() += 1;
        }
    }

    /// Service requests received (admin requests excluded).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn operations(&self) -> BTreeMap<&'static str, u64> {
        self.operations.lock().expect("stats lock").clone()
    }
}

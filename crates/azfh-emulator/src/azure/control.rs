//! The handle a test or the embedding process keeps on a running emulator.

use std::sync::Arc;

use super::shared::Shared;
use crate::{Faults, Store};

/// Controls a running emulator (its store, faults and counters), for tests and the embedding
/// process.
#[derive(Clone)]
pub struct EmulatorControl(pub(crate) Arc<Shared>);

impl EmulatorControl {
    /// Service requests received so far.
    pub fn request_count(&self) -> u64 {
        self.0.stats.requests()
    }

    pub fn operation_count(&self, operation: &str) -> u64 {
        self.0
            .stats
            .operations()
            .get(operation)
            .copied()
            .unwrap_or_default()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.0.set_faults(faults);
    }

    /// Reads or changes the store.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.0.store.lock().expect("store lock"))
    }
}

//! The state every connection of one emulator shares: store, credentials, faults, counters.

use std::sync::Mutex;

use time::OffsetDateTime;

use super::auth::Authority;
use super::reopens::Reopens;
use super::stats::Stats;
use crate::request_log::RequestLog;
use crate::throttle::Throttle;
use crate::{Faults, Store};

/// State shared by every connection.
pub(crate) struct Shared {
    pub(crate) store: Mutex<Store>,
    pub(crate) authority: Authority,
    pub(crate) max_page_size: u32,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) stats: Stats,
    pub(crate) log: Option<RequestLog>,
    pub(crate) clock: fn() -> OffsetDateTime,
    pub(crate) reopens: Mutex<Reopens>,
    pub(crate) throttle: Throttle,
}

impl Shared {
    pub(crate) fn faults(&self) -> Faults {
        self.faults.lock().expect("faults lock").clone()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
    }
}

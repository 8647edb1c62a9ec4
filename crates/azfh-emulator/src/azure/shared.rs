//! The state every connection of one emulator shares: store, credentials, faults, counters.

use std::sync::Mutex;

use time::OffsetDateTime;

use super::auth::Authority;
use super::reopens::{PendingReopen, Reopens};
use super::request::ServiceRequest;
use super::stats::Stats;
use crate::request_log::RequestLog;
use crate::store;
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
    /// How long a connection may sit without sending a request's headers or its body.
    pub(crate) idle_timeout: std::time::Duration,
}

impl Shared {
    pub(crate) fn faults(&self) -> Faults {
        self.faults.lock().expect("faults lock").clone()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
    }
}

impl Shared {
    /// Reopens the handles whose clients come back now. Run at the start of every request,
    /// so reopening is deterministic and needs no timer task.
    pub(crate) fn apply_due_reopens(&self) {
        let now = std::time::Instant::now();
        let due: Vec<PendingReopen> = {
            let mut reopens = self.reopens.lock().expect("reopens lock");
            if reopens.pending.is_empty() {
                return;
            }
            let (due, later) = std::mem::take(&mut reopens.pending)
                .into_iter()
                .partition(|p| p.due <= now);
            reopens.pending = later;
            due
        };
        let opened_at = (self.clock)();
        let mut store = self.store.lock().expect("store lock");
        for reopen in due {
            let Some((share, ids)) = store.parts(&reopen.share) else {
                continue;
            };
            let namespace = match &reopen.snapshot {
                Some(id) => match share.snapshots.get_mut(id) {
                    Some(namespace) => namespace,
                    None => continue,
                },
                None => &mut share.live,
            };
            if namespace.node(&reopen.key).is_none() {
                continue;
            }
            let mut handle = reopen.template.clone();
            handle.id = ids.next_handle_id();
            handle.open_time = opened_at;
            handle.last_reconnect_time = None;
            self.reopens
                .lock()
                .expect("reopens lock")
                .remaining
                .insert(handle.id, reopen.remaining);
            namespace.open(&reopen.key, handle);
        }
    }

    /// Schedules the clients of just-closed handles to reopen them, if the faults say so.
    pub(crate) fn schedule_reopens(
        &self,
        request: &ServiceRequest,
        closed: &[(store::NodeKey, store::OpenHandle)],
        faults: &Faults,
    ) {
        if faults.reopens() == 0 || closed.is_empty() {
            return;
        }
        let due =
            std::time::Instant::now() + std::time::Duration::from_millis(faults.reopen_after_ms);
        let mut reopens = self.reopens.lock().expect("reopens lock");
        for (key, handle) in closed {
            let left = reopens
                .remaining
                .remove(&handle.id)
                .unwrap_or(faults.reopens());
            if left == 0 {
                continue;
            }
            reopens.pending.push(PendingReopen {
                due,
                share: request.share.clone().unwrap_or_default(),
                snapshot: request.query("sharesnapshot").map(str::to_owned),
                key: key.clone(),
                template: handle.clone(),
                remaining: left - 1,
            });
        }
    }
}

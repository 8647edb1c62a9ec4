//! Clients that come back: handles reopened a while after they were closed (a fault). What
//! is due is kept here; `Shared` applies and schedules it, at each request.

use crate::store;

/// A handle a client will reopen after a delay (fault injection).
#[derive(Debug, Clone)]
pub(crate) struct PendingReopen {
    pub(crate) due: std::time::Instant,
    pub(crate) share: String,
    pub(crate) snapshot: Option<String>,
    pub(crate) key: store::NodeKey,
    pub(crate) template: store::OpenHandle,
    /// Reopens left after this one.
    pub(crate) remaining: u32,
}

/// Reopening clients: what is due, and how many more times each reopened handle comes back.
#[derive(Debug, Default)]
pub(crate) struct Reopens {
    pub(crate) pending: Vec<PendingReopen>,
    pub(crate) remaining: std::collections::HashMap<u64, u32>,
}

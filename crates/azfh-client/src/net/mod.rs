//! What every HTTP backend shares: when to retry and how long to wait (a pure policy), how
//! many requests to keep in flight (an AIMD pacer), and which certificates to trust.
//!
//! Depends on nothing else in the crate; `azure` and `qumulo` build on it.

pub mod body;
pub mod pacer;
pub mod redact;
pub mod retry;
pub mod tls;

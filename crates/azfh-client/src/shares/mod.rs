//! The account model: a file share (or one of its snapshots) as List Shares reports it.

pub mod share;

pub use share::{Share, ShareProtocol};

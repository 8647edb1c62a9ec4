//! The file side of the domain: listing entries, download plans and resume state.

pub mod checkpoints;
pub mod done_blocks;
pub mod entry;
pub mod md5_follower;
pub mod partial;
pub mod plan;
pub mod writeback;

pub use entry::{Entry, EntryKind};

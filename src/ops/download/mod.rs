//! The download engine's local state: how a download is cut into blocks, the partial file and
//! its resume state on disk, and the threads that save, hash and flush it while it is written.

pub mod checkpoints;
pub mod done_blocks;
pub mod md5_follower;
pub mod partial;
pub mod plan;
pub mod writeback;

//! What an emulator starts with: the demo share, generated shares for benchmarks and paging
//! tests, a JSON state file, the seeded file content they all use, and the
//! service's limits what is loaded must keep.

pub mod content;
pub mod demo;
pub mod generate;
mod layout;
pub mod limits;
pub mod state_file;

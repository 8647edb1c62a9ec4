//! What an emulator starts with: the demo share, generated shares for benchmarks and paging
//! tests, a JSON state file, and the seeded file content they all use.

pub mod content;
pub mod demo;
pub mod generate;
pub mod state_file;

//! The remote file model: a file or directory as a listing reports it. What a download keeps
//! on the local disk (plans, partial files, resume state) belongs to the engine, in
//! `ops::download`.

pub mod entry;

pub use entry::{Entry, EntryKind};

//! The close engine behind `handles close`: closes exactly the handles a caller selected,
//! fast and safely, and gives every one of them exactly one record.
//!
//! Two ways. A selection is closed from a listing of TARGET ([`Closer::list`]), each handle by
//! id on its own path, several at a time under an adaptive limit ([`Closer::close_each`]). A
//! backend that can close everything under TARGET itself does so in marker rounds
//! ([`Closer::close_everything`]). Either may be followed by [`Closer::verify`], which watches
//! for clients that reopen what was closed. Once the [`Interrupt`] is raised nothing new is
//! sent, what is in flight is awaited for its grace, and every handle is still accounted for.
//!
//! The caller keeps what is about the command line: choosing the handles, `--dry-run`,
//! `--max` and the confirmation, the report, and the exit status. Progress comes back through
//! a [`CloseObserver`].

mod each;
mod everything;
mod listing;
mod observer;
mod verify;

pub use each::Batch;
pub use everything::EverythingEnded;
pub use listing::Listing;
pub use observer::CloseObserver;
pub use verify::Reopened;

use crate::backend::Backend;
use crate::ops::Interrupt;

/// How to close, decided by the caller.
#[derive(Debug, Clone, Copy)]
pub struct CloseOptions {
    /// Whether TARGET's handles below it are listed (and closed) too.
    pub recursive: bool,
    /// Handles asked for per listing page (`None`: the service's default).
    pub page_size: Option<u32>,
    /// Close requests in flight at most; the pacer may allow fewer while the service pushes
    /// back.
    pub concurrency: usize,
}

/// One close run: a backend, how to close, and whom to tell.
pub struct Closer<'a> {
    pub backend: &'a Backend,
    pub options: CloseOptions,
    pub interrupt: &'a Interrupt,
    pub observer: &'a dyn CloseObserver,
}

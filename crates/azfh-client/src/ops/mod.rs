//! The engines: the work a command asks for, with plain parameters, progress callbacks and an
//! [`Interrupt`], and no terminal.

pub mod close;
pub mod download;
pub mod handle_listing;
pub mod interrupt;
pub mod sweep;
pub mod walk;

pub use interrupt::Interrupt;

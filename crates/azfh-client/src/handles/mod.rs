//! The domain: open handles, which of them a command selects, and how they group.

pub mod grouping;
pub mod model;
pub mod outcome;
pub mod reopened;
pub mod selection;
pub mod stats;

pub use model::{AccessRight, AccessRights, ClientAddr, Handle, QumuloHandleFields};
pub use selection::{Filters, Selection};

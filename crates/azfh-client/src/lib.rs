//! The azfh client library: everything azfh does, with no terminal in it.
//!
//! Top to bottom: `ops` (the engines: walk a tree, close a selection, download files; plain
//! parameters, progress callbacks and an [`ops::Interrupt`]) over `backend` (what the handle
//! engines see of a service) over the clients `azure` and `qumulo`, which decode into the model
//! of `handles` and `files` (handles, entries, outcomes, selection, grouping) and are built from
//! `config` (TARGETs, connection strings, credentials); under them all, `net`: the one HTTP
//! stack (client builder, retry policy, pacer, TLS, body limits, redaction). The Azure Files
//! REST vocabulary is the `azfh_protocol` crate, shared with the emulator.

pub mod azure;
pub mod backend;
pub mod config;
pub mod files;
pub mod handles;
pub mod net;
pub mod ops;
pub mod qumulo;

//! The azfh client library: everything azfh does, with no terminal in it.
//!
//! Top to bottom: `ops` (the engines: walk a tree, close a selection, download files; plain
//! parameters, progress callbacks and an [`ops::Interrupt`]) over `backend` (what the handle
//! engines see of a service) and `config` (TARGETs, connection strings and credential files,
//! resolved into what the clients' builders take) over the clients `azure` and `qumulo`,
//! which decode into the model of `handles` and `files` (handles, entries, outcomes,
//! selection, grouping); under them all, `net`: the one HTTP stack (client builder, retry
//! policy, pacer, TLS, body limits, redaction). One request goes around `net`: the OAuth token
//! of `--auth-mode login`, which azure_identity fetches over azure_core's own pipeline. The
//! Azure Files REST vocabulary is the `azfh_protocol` crate, shared with the emulator.

pub mod azure;
pub mod backend;
pub mod config;
pub mod files;
pub mod handles;
pub mod net;
pub mod ops;
pub mod qumulo;
pub mod shares;

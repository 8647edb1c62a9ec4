//! azfh: find and force-close leaked SMB handles on Azure Files shares.
//!
//! Layers, top to bottom: `cli`, `settings` and `commands` (parse, resolve flags and
//! environment once, dispatch, render; they also start the emulator for `azfh emulator` and
//! the built-in demo) over `backend`, `config` (settings → endpoint and credential), `output`
//! (renderers) and `ui`; over the clients `azure` and `qumulo`, each built from plain settings
//! by its builder, which decode into the domain of `handles` and `files` (models, selection,
//! grouping, download state); over `net` (HTTP plumbing) and, at the bottom, `protocol`: the
//! Azure Files REST vocabulary with no I/O (wire structs, tokenizer, signing, names, times, the
//! service's limits, the development account, the API version).
//!
//! `emulator` is a server beside the client: it uses `protocol` and nothing else of the
//! crate, declares its own command-line arguments (`emulator::args`, which `cli` flattens),
//! and nothing of the client uses it but the command wiring (`commands`).

pub mod azure;
pub mod backend;
pub mod cli;
pub mod commands;
pub mod config;
pub mod emulator;
pub mod error;
pub mod files;
pub mod handles;
pub mod net;
pub mod ops;
pub mod output;
pub mod protocol;
pub mod qumulo;
pub mod settings;
pub mod ui;

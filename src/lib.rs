//! azfh: find and force-close leaked SMB handles on Azure Files shares.
//!
//! Layers, top to bottom: `cli` and `commands` (parse, dispatch, render) over `handles` (the
//! domain: model, selection, grouping) and `output` (renderers), over `azure` (the client:
//! signing, transport, paging, wire) and `config` (settings → endpoint and credential).
//! `emulator` is a server beside them that shares only the wire vocabulary and the signing.

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
pub mod output;
pub mod qumulo;
pub mod ui;

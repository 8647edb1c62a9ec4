//! Integration tests: the real `azfh` binary against the emulator on 127.0.0.1, checked
//! against the emulator's own state.

mod auth;
mod bad_input;
mod body_limits;
mod close_promises;
mod config_file;
mod cut_short_pages;
mod emulator;
mod emulator_hardening;
mod emulator_read_side;
mod emulator_requests;
mod emulator_sas;
mod fault_matrix;
mod faults;
mod get_safety;
mod habits;
mod handles_close;
mod handles_ls;
mod help;
mod hostile;
mod hostile_qumulo;
mod interrupts;
mod ls_get;
mod multi_target;
mod parallel_listing;
mod pipelined_paging;
mod qumulo;
mod retry_after;
mod secrets;
mod service_text;
mod shares;
mod support;
mod tables;
mod terminal;
mod tls_pinning;
mod watched;

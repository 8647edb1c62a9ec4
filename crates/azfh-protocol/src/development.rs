//! The development account: the well-known name and key every Azure Storage emulator serves,
//! and where azfh's emulator answers for it.
//!
//! `UseDevelopmentStorage=true` in a connection string means exactly these, so the client
//! resolves it from here and the emulator serves it from here.

/// The development account every Azure Storage emulator serves.
pub const ACCOUNT: &str = "devstoreaccount1";
/// Its publicly documented key (not a secret).
pub const ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/// The file service address of development storage: where `azfh emulator` listens by
/// default, and where `UseDevelopmentStorage=true` points.
pub const FILE_SERVICE_ADDR: &str = "127.0.0.1:10100";

//! An Azure Files emulator on a thread of its own, for tests, benchmarks and scripts.

use std::io;
use std::net::SocketAddr;

use super::config::EmulatorConfig;
use super::control::EmulatorControl;
use super::emulator::Emulator;
use crate::Store;

/// An emulator serving on its own thread and runtime; stops when dropped.
pub struct BackgroundEmulator {
    pub addr: SocketAddr,
    pub control: EmulatorControl,
    connection_string: String,
    endpoint: String,
    _server: crate::background::ServerThread,
}

impl BackgroundEmulator {
    /// Starts an emulator on a thread of its own (for tests, benchmarks and scripts).
    pub fn start(config: EmulatorConfig, store: Store) -> io::Result<Self> {
        let runtime = crate::background::runtime()?;
        let emulator = runtime.block_on(Emulator::bind(config, store))?;
        let addr = emulator.addr();
        let control = emulator.control();
        let connection_string = emulator.connection_string();
        let endpoint = emulator.endpoint();
        let server =
            crate::background::ServerThread::spawn("azfh-emulator", runtime, |shutdown| {
                emulator.serve_until(shutdown)
            })?;
        Ok(Self {
            addr,
            control,
            connection_string,
            endpoint,
            _server: server,
        })
    }

    pub fn connection_string(&self) -> &str {
        &self.connection_string
    }

    /// `http://127.0.0.1:PORT/ACCOUNT` (`devstoreaccount1` unless configured otherwise).
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }
}

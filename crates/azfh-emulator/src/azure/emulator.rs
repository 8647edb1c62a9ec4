//! An Azure Files emulator bound to a loopback address, and serving.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use base64::Engine;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use time::OffsetDateTime;
use tokio::net::TcpListener;

use super::auth::Authority;
use super::config::EmulatorConfig;
use super::control::EmulatorControl;
use super::reopens::Reopens;
use super::shared::Shared;
use super::stats::Stats;
use crate::request_log::RequestLog;
use crate::throttle::Throttle;
use crate::{ACCOUNT, Store};

/// A bound, not yet serving, emulator.
pub struct Emulator {
    listener: TcpListener,
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl Emulator {
    /// Binds the listener; refuses any address that is not loopback.
    pub async fn bind(config: EmulatorConfig, store: Store) -> io::Result<Self> {
        if !config.listen.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the emulator listens on loopback addresses only (127.0.0.1, ::1), not {}",
                    config.listen.ip()
                ),
            ));
        }
        let key = base64::engine::general_purpose::STANDARD
            .decode(&config.account_key)
            .map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the emulator's account key is not base64",
                )
            })?;
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let log = config
            .request_log
            .as_deref()
            .map(RequestLog::create)
            .transpose()?;
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            authority: Authority {
                account: ACCOUNT.to_owned(),
                key,
                bearer_tokens: config.bearer_tokens.clone(),
            },
            max_page_size: config.max_page_size.max(1),
            faults: Mutex::new(config.faults.clone()),
            stats: Stats::default(),
            log,
            clock: OffsetDateTime::now_utc,
            reopens: Mutex::new(Reopens::default()),
            throttle: Throttle::default(),
        });
        Ok(Self {
            listener,
            shared,
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/{ACCOUNT}", self.addr)
    }

    /// A connection string for this emulator, as `azfh emulator` prints it.
    pub fn connection_string(&self) -> String {
        connection_string(self.addr, &self.account_key_base64())
    }

    fn account_key_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.shared.authority.key)
    }

    pub fn control(&self) -> EmulatorControl {
        EmulatorControl(self.shared.clone())
    }

    /// Serves until the future completes (or forever).
    pub async fn serve_until(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => return,
                accepted = self.listener.accept() => {
                    let Ok((stream, peer)) = accepted else { continue };
                    let _ = stream.set_nodelay(true);
                    let shared = self.shared.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |request| super::server::handle(shared.clone(), request, peer));
                        let _ = http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    }
}

/// The connection string of an emulator at `addr`.
pub fn connection_string(addr: SocketAddr, key: &str) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={key};FileEndpoint=http://{addr}/{ACCOUNT};"
    )
}

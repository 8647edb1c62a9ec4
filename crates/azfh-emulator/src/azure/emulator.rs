//! An Azure Files emulator bound to a loopback address, and serving.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::auth::Authority;
use super::config::EmulatorConfig;
use super::control::EmulatorControl;
use super::reopens::Reopens;
use super::shared::Shared;
use super::stats::Stats;
use crate::Store;
use crate::request_log::RequestLog;
use crate::throttle::Throttle;

/// A bound, not yet serving, emulator.
pub struct Emulator {
    listener: TcpListener,
    shared: Arc<Shared>,
    addr: SocketAddr,
    max_connections: usize,
    /// How long a connection may take to send a request's head (at most the idle timeout).
    header_timeout: Duration,
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
                account: config.account.clone(),
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
            idle_timeout: config.idle_timeout,
        });
        Ok(Self {
            listener,
            shared,
            addr,
            max_connections: config.max_connections.max(1),
            header_timeout: config.header_timeout.min(config.idle_timeout),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/{}", self.addr, self.shared.authority.account)
    }

    /// A connection string for this emulator, as `azfh emulator` prints it.
    pub fn connection_string(&self) -> String {
        connection_string(
            self.addr,
            &self.shared.authority.account,
            &self.account_key_base64(),
        )
    }

    fn account_key_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.shared.authority.key)
    }

    pub fn control(&self) -> EmulatorControl {
        EmulatorControl(self.shared.clone())
    }

    /// Serves until the future completes (or forever). At most `max_connections` are served
    /// at once (the next waits in the kernel's backlog); each is closed when it sends no
    /// request head for the header timeout (so silent sockets free their slots soon), or when
    /// a request body stalls or an answer's writes make no progress for the idle timeout.
    /// When accepting fails (out of file descriptors), the loop backs off, from 10 ms
    /// doubling to a second, instead of retrying at once.
    pub async fn serve_until(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let slots = Arc::new(Semaphore::new(self.max_connections));
        let mut backoff = Duration::ZERO;
        loop {
            let slot = tokio::select! {
                () = &mut shutdown => return,
                slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            };
            let accepted = tokio::select! {
                () = &mut shutdown => return,
                accepted = self.listener.accept() => accepted,
            };
            let Ok((stream, peer)) = accepted else {
                backoff = (backoff * 2).clamp(MIN_ACCEPT_BACKOFF, MAX_ACCEPT_BACKOFF);
                tokio::select! {
                    () = &mut shutdown => return,
                    () = tokio::time::sleep(backoff) => continue,
                }
            };
            backoff = Duration::ZERO;
            let _ = stream.set_nodelay(true);
            let shared = self.shared.clone();
            let idle_timeout = self.shared.idle_timeout;
            let header_timeout = self.header_timeout;
            tokio::spawn(async move {
                let _slot = slot;
                let service =
                    service_fn(move |request| super::server::handle(shared.clone(), request, peer));
                // A client that stops reading an answer holds a connection slot and the
                // answer's buffers: writes that make no progress for the idle timeout end it.
                let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
                stream.set_write_timeout(Some(idle_timeout));
                let _ = http1::Builder::new()
                    .keep_alive(true)
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_timeout)
                    .serve_connection(TokioIo::new(Box::pin(stream)), service)
                    .await;
            });
        }
    }
}

/// The first pause after a failed accept, and the longest.
const MIN_ACCEPT_BACKOFF: Duration = Duration::from_millis(10);
const MAX_ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// The connection string of an emulator at `addr` serving `account`.
pub fn connection_string(addr: SocketAddr, account: &str, key: &str) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};FileEndpoint=http://{addr}/{account};"
    )
}

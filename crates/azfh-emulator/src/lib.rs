//! The Azure Files emulator: no other one exists (Azurite has no File service), so azfh ships
//! one, for newcomers, tests, benchmarks and users' own scripts.
//!
//! It serves the account `devstoreaccount1` (the well-known development key) path-style on
//! loopback only: `http://127.0.0.1:PORT/devstoreaccount1/SHARE/PATH`. It does not use the
//! client: what both must agree on (wire structs, Shared Key and SAS string-to-sign, names,
//! times, the development account) is the `azfh_protocol` crate, the only part of azfh it
//! depends on; Microsoft's Python SDK, in the conformance test, checks both sides. Its
//! command-line arguments are its own ([`args`]); the binary flattens them into `azfh emulator`.

pub mod args;
mod azure;
pub mod background;
pub mod faults;
pub mod load;
pub mod qumulo;
pub mod request_log;
pub mod store;
pub mod throttle;

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use time::OffsetDateTime;
use tokio::net::TcpListener;

pub use faults::Faults;
pub use store::Store;

use azure::auth::Authority;
use request_log::RequestLog;

/// The development account it serves, and its key.
pub use azfh_protocol::development::{ACCOUNT, ACCOUNT_KEY};
/// Where `azfh emulator` listens by default: development storage's file service address.
pub const DEFAULT_LISTEN: &str = azfh_protocol::development::FILE_SERVICE_ADDR;
/// Handles per List Handles page when the client does not ask for fewer, and the most it may ask.
pub const DEFAULT_MAX_PAGE_SIZE: u32 = 5_000;

/// How an emulator is set up.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Must be a loopback address.
    pub listen: SocketAddr,
    pub max_page_size: u32,
    /// OAuth bearer tokens accepted (with `x-ms-file-request-intent: backup`).
    pub bearer_tokens: Vec<String>,
    pub faults: Faults,
    pub request_log: Option<PathBuf>,
    /// The account key (base64); the well-known development key by default.
    pub account_key: String,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:0".parse().expect("valid address"),
            max_page_size: DEFAULT_MAX_PAGE_SIZE,
            bearer_tokens: Vec::new(),
            faults: Faults::default(),
            request_log: None,
            account_key: ACCOUNT_KEY.to_owned(),
        }
    }
}

/// Request counters.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicU64,
    operations: Mutex<BTreeMap<&'static str, u64>>,
}

impl Stats {
    fn next_sequence(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn count(&self, operation: &'static str) {
        if !operation.is_empty() {
            *self
                .operations
                .lock()
                .expect("stats lock")
                .entry(operation)
                .or_default() += 1;
        }
    }

    /// Service requests received (admin requests excluded).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn operations(&self) -> BTreeMap<&'static str, u64> {
        self.operations.lock().expect("stats lock").clone()
    }
}

/// State shared by every connection.
pub struct Shared {
    pub store: Mutex<Store>,
    authority: Authority,
    max_page_size: u32,
    faults: Mutex<Faults>,
    pub stats: Stats,
    log: Option<RequestLog>,
    clock: fn() -> OffsetDateTime,
    reopens: Mutex<Reopens>,
    throttle: throttle::Throttle,
}

impl Shared {
    pub fn faults(&self) -> Faults {
        self.faults.lock().expect("faults lock").clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().expect("faults lock") = faults;
    }
}

/// Controls a running emulator (its store, faults and counters), for tests and the embedding
/// process.
#[derive(Clone)]
pub struct EmulatorControl(Arc<Shared>);

impl EmulatorControl {
    /// Service requests received so far.
    pub fn request_count(&self) -> u64 {
        self.0.stats.requests()
    }

    pub fn operation_count(&self, operation: &str) -> u64 {
        self.0
            .stats
            .operations()
            .get(operation)
            .copied()
            .unwrap_or_default()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.0.set_faults(faults);
    }

    /// Reads or changes the store.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.0.store.lock().expect("store lock"))
    }
}

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
            throttle: throttle::Throttle::default(),
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
                        let service = service_fn(move |request| azure::server::handle(shared.clone(), request, peer));
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

/// An emulator serving on its own thread and runtime; stops when dropped.
pub struct BackgroundEmulator {
    pub addr: SocketAddr,
    pub control: EmulatorControl,
    connection_string: String,
    _server: background::ServerThread,
}

impl BackgroundEmulator {
    /// Starts an emulator on a thread of its own (for tests, benchmarks and scripts).
    pub fn start(config: EmulatorConfig, store: Store) -> io::Result<Self> {
        let runtime = background::runtime()?;
        let emulator = runtime.block_on(Emulator::bind(config, store))?;
        let addr = emulator.addr();
        let control = emulator.control();
        let connection_string = emulator.connection_string();
        let server = background::ServerThread::spawn("azfh-emulator", runtime, |shutdown| {
            emulator.serve_until(shutdown)
        })?;
        Ok(Self {
            addr,
            control,
            connection_string,
            _server: server,
        })
    }

    pub fn connection_string(&self) -> &str {
        &self.connection_string
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/{ACCOUNT}", self.addr)
    }
}

/// A handle a client will reopen after a delay (fault injection).
#[derive(Debug, Clone)]
struct PendingReopen {
    due: std::time::Instant,
    share: String,
    snapshot: Option<String>,
    key: store::NodeKey,
    template: store::OpenHandle,
    /// Reopens left after this one.
    remaining: u32,
}

/// Reopening clients: what is due, and how many more times each reopened handle comes back.
#[derive(Debug, Default)]
struct Reopens {
    pending: Vec<PendingReopen>,
    remaining: std::collections::HashMap<u64, u32>,
}

impl Shared {
    /// Reopens the handles whose clients come back now. Run at the start of every request,
    /// so reopening is deterministic and needs no timer task.
    fn apply_due_reopens(&self) {
        let now = std::time::Instant::now();
        let due: Vec<PendingReopen> = {
            let mut reopens = self.reopens.lock().expect("reopens lock");
            if reopens.pending.is_empty() {
                return;
            }
            let (due, later) = std::mem::take(&mut reopens.pending)
                .into_iter()
                .partition(|p| p.due <= now);
            reopens.pending = later;
            due
        };
        let opened_at = (self.clock)();
        let mut store = self.store.lock().expect("store lock");
        for reopen in due {
            let Some((share, ids)) = store.parts(&reopen.share) else {
                continue;
            };
            let namespace = match &reopen.snapshot {
                Some(id) => match share.snapshots.get_mut(id) {
                    Some(namespace) => namespace,
                    None => continue,
                },
                None => &mut share.live,
            };
            if namespace.node(&reopen.key).is_none() {
                continue;
            }
            let mut handle = reopen.template.clone();
            handle.id = ids.next_handle_id();
            handle.open_time = opened_at;
            handle.last_reconnect_time = None;
            self.reopens
                .lock()
                .expect("reopens lock")
                .remaining
                .insert(handle.id, reopen.remaining);
            namespace.open(&reopen.key, handle);
        }
    }

    /// Schedules the clients of just-closed handles to reopen them, if the faults say so.
    fn schedule_reopens(
        &self,
        request: &azure::request::ServiceRequest,
        closed: &[(store::NodeKey, store::OpenHandle)],
        faults: &Faults,
    ) {
        if faults.reopens() == 0 || closed.is_empty() {
            return;
        }
        let due =
            std::time::Instant::now() + std::time::Duration::from_millis(faults.reopen_after_ms);
        let mut reopens = self.reopens.lock().expect("reopens lock");
        for (key, handle) in closed {
            let left = reopens
                .remaining
                .remove(&handle.id)
                .unwrap_or(faults.reopens());
            if left == 0 {
                continue;
            }
            reopens.pending.push(PendingReopen {
                due,
                share: request.share.clone().unwrap_or_default(),
                snapshot: request.query("sharesnapshot").map(str::to_owned),
                key: key.clone(),
                template: handle.clone(),
                remaining: left - 1,
            });
        }
    }
}

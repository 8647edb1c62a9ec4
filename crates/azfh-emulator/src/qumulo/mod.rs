//! A Qumulo Core REST emulator: the endpoints azfh uses, over HTTPS with a fresh self-signed
//! certificate, bearer tokens and paging, so that the Qumulo backend is tested offline
//! exactly as it meets a cluster. One file per concern: `dispatch` routes and injects faults,
//! `login` (login, who-am-i), `handles` (`GET /v1/smb/files/` with `resolve_paths`, `limit`,
//! `after`, `file_number`; `POST /v1/smb/files/close`; a path's attributes), `identity`
//! (`POST /v1/identity/find`), `sessions` (list and close; closing one closes its handles),
//! `grants` (share-mode lock grants, one per handle of a session, from its client's address;
//! some files are held by two clients). Page links are server paths carrying the parameters.
//! Errors have Qumulo's shape (`error_class`, `description`). With `api_prefix`, everything
//! is under `/api`, as on a cluster's web port. The transport faults of [`crate::Faults`]
//! apply as on the Azure side. Every request is counted and logged for tests. Loopback only.

mod dispatch;
mod grants;
mod handles;
pub mod identity;
pub mod login;
mod response;
pub mod sessions;
pub mod state;
pub mod tls;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

pub use state::{ClusterState, QumuloHandle};

/// How the emulated cluster starts.
#[derive(Debug, Clone)]
pub struct QumuloConfig {
    pub listen: SocketAddr,
    /// Entries a page holds at most, whatever `limit` asks.
    pub max_page_size: usize,
    /// Serve the API under `/api` only, as a cluster reached on its web port does.
    pub api_prefix: bool,
    /// Transport faults, counted over every request (logins included).
    pub faults: crate::Faults,
}

impl Default for QumuloConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_page_size: 1000,
            api_prefix: false,
            faults: crate::Faults::default(),
        }
    }
}

struct Shared {
    state: Mutex<ClusterState>,
    max_page_size: usize,
    api_prefix: bool,
    faults: Mutex<crate::Faults>,
    requests: AtomicU64,
    /// `METHOD path?query` of every request, the `/api` prefix removed.
    log: Mutex<Vec<String>>,
    /// The session objects of each session close request, in order.
    session_closes: Mutex<Vec<Vec<serde_json::Value>>>,
    /// The auth_id of each identity lookup, in order.
    lookups: Mutex<Vec<String>>,
    /// The handle objects of each close request, in order.
    closes: Mutex<Vec<Vec<serde_json::Value>>>,
}

/// A bound emulated cluster.
pub struct QumuloEmulator {
    listener: TcpListener,
    acceptor: TlsAcceptor,
    shared: Arc<Shared>,
    certificate_pem: String,
}

/// Observes a running emulated cluster (tests).
#[derive(Clone)]
pub struct ClusterView(Arc<Shared>);

impl ClusterView {
    /// Requests received (logins included).
    pub fn requests(&self) -> u64 {
        self.0.requests.load(Ordering::Relaxed)
    }

    /// Replaces the transport faults (request numbers keep counting from the start).
    pub fn set_faults(&self, faults: crate::Faults) {
        *self.0.faults.lock().expect("faults") = faults;
    }

    /// Drops the answers of the next `count` close requests (handles or sessions) after
    /// carrying them out.
    pub fn drop_close_answers(&self, count: u32) {
        self.0.state.lock().expect("state").drop_close_answers = count;
    }

    /// `METHOD path?query` of every request so far, in order (the `/api` prefix removed).
    pub fn request_log(&self) -> Vec<String> {
        self.0.log.lock().expect("log").clone()
    }

    /// The auth_id each `POST /v1/identity/find` asked about, in order.
    pub fn identity_lookups(&self) -> Vec<String> {
        self.0.lookups.lock().expect("lookups").clone()
    }

    /// Sessions still open.
    pub fn sessions(&self) -> Vec<String> {
        self.0
            .state
            .lock()
            .expect("state")
            .sessions
            .keys()
            .cloned()
            .collect()
    }

    /// The session locations each session close request carried.
    pub fn session_close_requests(&self) -> Vec<Vec<String>> {
        self.0
            .session_closes
            .lock()
            .expect("session closes")
            .iter()
            .map(|items| {
                items
                    .iter()
                    .map(|item| item["location"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect()
    }

    /// Locations still open.
    pub fn open(&self) -> Vec<String> {
        self.0
            .state
            .lock()
            .expect("state")
            .handles
            .keys()
            .cloned()
            .collect()
    }

    /// The locations each close request carried.
    pub fn close_requests(&self) -> Vec<Vec<String>> {
        self.close_bodies()
            .iter()
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        item["handle_info"]["location"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned()
                    })
                    .collect()
            })
            .collect()
    }

    /// The handle objects each close request carried, as sent.
    pub fn close_bodies(&self) -> Vec<Vec<serde_json::Value>> {
        self.0.closes.lock().expect("closes").clone()
    }
}

impl QumuloEmulator {
    /// Binds to a loopback address; refuses any other.
    pub async fn bind(config: QumuloConfig, state: ClusterState) -> std::io::Result<Self> {
        Self::bind_presenting(config, state, tls::CertificateKind::SelfSigned).await
    }

    /// [`bind`](Self::bind), presenting a certificate of `kind`.
    pub async fn bind_presenting(
        config: QumuloConfig,
        state: ClusterState,
        kind: tls::CertificateKind,
    ) -> std::io::Result<Self> {
        if !config.listen.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a loopback address", config.listen.ip()),
            ));
        }
        let (certificate_pem, server_config) = tls::certificate(kind)?;
        let listener = TcpListener::bind(config.listen).await?;
        Ok(Self {
            listener,
            acceptor: TlsAcceptor::from(server_config),
            shared: Arc::new(Shared {
                state: Mutex::new(state),
                max_page_size: config.max_page_size.max(1),
                api_prefix: config.api_prefix,
                faults: Mutex::new(config.faults),
                requests: AtomicU64::new(0),
                log: Mutex::new(Vec::new()),
                lookups: Mutex::new(Vec::new()),
                session_closes: Mutex::new(Vec::new()),
                closes: Mutex::new(Vec::new()),
            }),
            certificate_pem,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// `qumulo://127.0.0.1:PORT`.
    pub fn target(&self) -> String {
        format!("qumulo://{}", self.addr())
    }

    /// The certificate to trust (`--ca-cert`), PEM.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    pub fn view(&self) -> ClusterView {
        ClusterView(self.shared.clone())
    }

    /// Serves until `shutdown` completes.
    pub async fn serve_until(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => return,
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let acceptor = self.acceptor.clone();
                    let shared = self.shared.clone();
                    tokio::spawn(async move {
                        // A client that refuses the certificate ends the handshake: no request.
                        let Ok(stream) = acceptor.accept(stream).await else { return };
                        let service = service_fn(move |request| dispatch::handle(shared.clone(), request));
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    }
}

/// An emulated cluster on a thread of its own (tests and benchmarks).
pub struct BackgroundQumulo {
    pub view: ClusterView,
    pub target: String,
    pub certificate_pem: String,
    _server: crate::background::ServerThread,
}

impl BackgroundQumulo {
    pub fn start(config: QumuloConfig, state: ClusterState) -> std::io::Result<Self> {
        Self::start_presenting(config, state, tls::CertificateKind::SelfSigned)
    }

    /// [`start`](Self::start), presenting a certificate of `kind`.
    pub fn start_presenting(
        config: QumuloConfig,
        state: ClusterState,
        kind: tls::CertificateKind,
    ) -> std::io::Result<Self> {
        let runtime = crate::background::runtime()?;
        let emulator = runtime.block_on(QumuloEmulator::bind_presenting(config, state, kind))?;
        let view = emulator.view();
        let target = emulator.target();
        let certificate_pem = emulator.certificate_pem().to_owned();
        let server = crate::background::ServerThread::spawn("azfh-qumulo", runtime, |shutdown| {
            emulator.serve_until(shutdown)
        })?;
        Ok(Self {
            view,
            target,
            certificate_pem,
            _server: server,
        })
    }
}

//! A Qumulo Core REST emulator: the endpoints `handles ls` and `handles close` use, over
//! HTTPS with a fresh self-signed certificate, bearer tokens and paging, so that the Qumulo
//! backend is tested offline exactly as it meets a cluster.
//!
//! Served: `POST /v1/session/login`, `GET /v1/smb/files/` (`resolve_paths`, `limit`, `after`,
//! `file_number`; `paging.next` is a server path carrying the parameters, `null` at the end),
//! `POST /v1/smb/files/close` (one `{error_message}` per handle given, `""` when closed),
//! `GET /v1/files/{ref}/info/attributes` (a path to its file number). Errors have Qumulo's
//! shape (`error_class`, `description`). Loopback only.

pub mod state;
pub mod tls;

use std::convert::Infallible;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
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
}

impl Default for QumuloConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_page_size: 1000,
        }
    }
}

struct Shared {
    state: Mutex<ClusterState>,
    max_page_size: usize,
    requests: AtomicU64,
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
                requests: AtomicU64::new(0),
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
                        let service = service_fn(move |request| handle(shared.clone(), request));
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

type Answer = Response<Full<Bytes>>;

fn json(status: StatusCode, body: &serde_json::Value) -> Answer {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a valid response")
}

fn error(status: StatusCode, class: &str, description: &str) -> Answer {
    json(
        status,
        &serde_json::json!({
            "module": "qfsd.emulated",
            "error_class": class,
            "description": description,
            "stack": [],
            "user_visible": true,
        }),
    )
}

async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Answer, Infallible> {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let bearer = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let Ok(body) = request
        .into_body()
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
    else {
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "unreadable body",
        ));
    };
    if method == Method::POST && path == "/v1/session/login" {
        return Ok(login(&shared, &body));
    }
    let authorized =
        bearer.is_some_and(|token| shared.state.lock().expect("state").tokens.contains(&token));
    if !authorized {
        return Ok(error(
            StatusCode::UNAUTHORIZED,
            "http_unauthorized_error",
            "Need to log in first to establish credentials.",
        ));
    }
    let answer = match (method, path.as_str()) {
        (Method::GET, "/v1/smb/files/") => list(&shared, &query),
        (Method::POST, "/v1/smb/files/close") => close(&shared, &body),
        (Method::GET, p) if p.starts_with("/v1/files/") && p.ends_with("/info/attributes") => {
            attributes(
                &shared,
                &p["/v1/files/".len()..p.len() - "/info/attributes".len()],
            )
        }
        _ => error(
            StatusCode::NOT_FOUND,
            "http_not_found_error",
            "no such endpoint",
        ),
    };
    Ok(answer)
}

fn login(shared: &Shared, body: &[u8]) -> Answer {
    let request: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let (user, password) = (request["username"].as_str(), request["password"].as_str());
    let mut state = shared.state.lock().expect("state");
    match (user, password) {
        (Some(user), Some(password)) if state.users.get(user).is_some_and(|p| p == password) => {
            let token = format!("session-v1:{}", uuid::Uuid::new_v4().simple());
            state.tokens.insert(token.clone());
            json(StatusCode::OK, &serde_json::json!({"bearer_token": token}))
        }
        _ => error(
            StatusCode::UNAUTHORIZED,
            "auth_login_failed_error",
            "Login failed: the user name or password is wrong.",
        ),
    }
}

fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn list(shared: &Shared, query: &str) -> Answer {
    let resolve =
        query_value(query, "resolve_paths").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let limit = match query_value(query, "limit").map(str::parse::<usize>) {
        None => shared.max_page_size,
        Some(Ok(limit)) if limit > 0 => limit.min(shared.max_page_size),
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "limit must be a positive integer",
            );
        }
    };
    let file_number = match query_value(query, "file_number").map(str::parse::<u64>) {
        None => None,
        Some(Ok(number)) => Some(number),
        Some(Err(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "file_number must be a uint64",
            );
        }
    };
    // The opaque key: the last location of the previous page, hex-encoded.
    let after = match query_value(query, "after").map(hex::decode) {
        None => None,
        Some(Ok(bytes)) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Some(Err(_)) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "after is not a key this cluster gave",
            );
        }
    };
    let state = shared.state.lock().expect("state");
    let mut selected = state
        .handles
        .values()
        .filter(|h| after.as_ref().is_none_or(|after| h.location > *after))
        .filter(|h| file_number.is_none_or(|n| h.file_number == n));
    let page: Vec<&QumuloHandle> = selected.by_ref().take(limit).collect();
    let more = selected.next().is_some();
    let next = match page.last() {
        Some(_) if more && state.repeat_first_page => serde_json::Value::String(format!(
            "/v1/smb/files/?limit={limit}&resolve_paths={resolve}"
        )),
        Some(last) if more => {
            let mut link = format!(
                "/v1/smb/files/?after={}&limit={limit}&resolve_paths={resolve}",
                hex::encode(last.location.as_bytes())
            );
            if let Some(number) = file_number {
                let _ = write!(link, "&file_number={number}");
            }
            serde_json::Value::String(link)
        }
        _ => serde_json::Value::Null,
    };
    let records: Vec<serde_json::Value> = page.iter().map(|h| h.record(resolve)).collect();
    json(
        StatusCode::OK,
        &serde_json::json!({"file_handles": records, "paging": {"next": next}}),
    )
}

fn close(shared: &Shared, body: &[u8]) -> Answer {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "the body must be a list of file handles as returned from GET /v1/smb/files",
        );
    };
    let mut state = shared.state.lock().expect("state");
    let mut results = Vec::with_capacity(items.len());
    for item in &items {
        let Some(location) = item["handle_info"]["location"].as_str() else {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                "a handle has no handle_info.location",
            );
        };
        let message = if state.fail_close.contains(location) {
            "fs_sharing_violation_error: the handle is busy and cannot be closed".to_owned()
        } else if state.handles.remove(location).is_some() {
            String::new()
        } else {
            format!("smb_file_handle_not_found_error: no open handle at location {location}")
        };
        results.push(serde_json::json!({"error_message": message}));
    }
    shared.closes.lock().expect("closes").push(items.clone());
    json(StatusCode::OK, &serde_json::Value::Array(results))
}

fn attributes(shared: &Shared, reference: &str) -> Answer {
    let path = percent_encoding::percent_decode_str(reference).decode_utf8_lossy();
    let key = if path == "/" {
        "/".to_owned()
    } else {
        path.trim_end_matches('/').to_owned()
    };
    let state = shared.state.lock().expect("state");
    match state.files.get(&key) {
        Some(number) => json(
            StatusCode::OK,
            &serde_json::json!({"path": path, "id": number.to_string(), "file_number": number.to_string()}),
        ),
        None => error(
            StatusCode::NOT_FOUND,
            "fs_no_such_entry_error",
            &format!("{path} does not exist"),
        ),
    }
}

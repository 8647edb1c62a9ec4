//! The hostile-server kit: a small HTTP/1.1 server on 127.0.0.1, in this process, that answers
//! whatever a test tells it to (an overflowing `Retry-After`, an endless or truncated body, a
//! huge `Content-Range` total, escape sequences in an error message, a marker that never
//! changes), so the real `azfh` binary can be driven against what a broken or malicious
//! service sends. Unlike the emulator it has no model of a share: each test writes the
//! answers itself, byte for byte when it must.
//!
//! Every connection serves one request and is closed. The server stops when dropped; an
//! endless answer stops after `ENDLESS_CAP` bytes or when the client goes away, so no test can
//! run unbounded.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::support::Azfh;

/// The most an endless answer writes before it gives up on the client.
const ENDLESS_CAP: u64 = 8 << 30;
/// The longest a stalled answer holds its connection open.
const STALL_LIMIT: Duration = Duration::from_secs(60);

/// One request as the server read it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter's (still percent-encoded) value.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then_some(value)
        })
    }

    /// The path without the query.
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// What the server sends back.
pub(crate) enum Reply {
    /// These bytes exactly (status line, headers and body), then the connection closes.
    Raw(Vec<u8>),
    /// A status line and headers, then `chunk` over and over until the client hangs up.
    Endless { head: Vec<u8>, chunk: Vec<u8> },
    /// Nothing at all: the connection is held open, silent, until the client gives up.
    Stall,
    /// These bytes (a head and the start of a body, say), then silence until the client
    /// gives up.
    ThenStall(Vec<u8>),
    /// `head` at once, then the bytes of `body` one at a time, `every` apart, until they run
    /// out or the client gives up.
    Trickle {
        head: Vec<u8>,
        body: Vec<u8>,
        every: Duration,
    },
}

impl Reply {
    /// A complete answer with `Content-Length` set from `body`.
    pub(crate) fn with(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in headers {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        let _ = write!(
            head,
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&body);
        Reply::Raw(bytes)
    }

    /// `200 OK` with an XML body.
    pub(crate) fn xml(body: impl Into<Vec<u8>>) -> Self {
        Reply::with(200, &[("Content-Type", "application/xml")], body)
    }

    /// An Azure Storage error answer: `status`, `x-ms-error-code` and the XML error body.
    pub(crate) fn azure_error(status: u16, code: &str, message: &str) -> Self {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
        );
        Reply::with(
            status,
            &[
                ("Content-Type", "application/xml"),
                ("x-ms-error-code", code),
                ("x-ms-request-id", "00000000-0000-0000-0000-000000000000"),
            ],
            body,
        )
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        416 => "Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A hostile server on 127.0.0.1; stops when dropped.
pub(crate) struct Hostile {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<Request>>>,
    /// Bytes written by endless answers, all connections together.
    pub endless_written: Arc<AtomicU64>,
    /// The self-signed certificate of a server started with `start_tls` (PEM), for
    /// `--ca-cert`.
    pub certificate_pem: Option<String>,
}

impl Hostile {
    /// Starts a server whose every answer comes from `handler`.
    pub(crate) fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(None, handler)
    }

    /// The same over HTTPS, with a self-signed certificate for 127.0.0.1 (for a Qumulo
    /// target, which is HTTPS only).
    pub(crate) fn start_tls(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let (pem, config) =
            azfh_emulator::qumulo::tls::self_signed().expect("a self-signed certificate");
        let mut server = Self::start_with(Some(config), handler);
        server.certificate_pem = Some(pem);
        server
    }

    fn start_with(
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("an address");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let endless_written = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let stop = stop.clone();
            let requests = requests.clone();
            let endless_written = endless_written.clone();
            thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let handler = handler.clone();
                            let requests = requests.clone();
                            let stop = stop.clone();
                            let written = endless_written.clone();
                            let tls = tls.clone();
                            thread::spawn(move || {
                                serve(stream, tls.as_ref(), &*handler, &requests, &stop, &written);
                            });
                        }
                        Err(_) => thread::sleep(Duration::from_millis(5)),
                    }
                }
            });
        }
        Self {
            addr,
            stop,
            requests,
            endless_written,
            certificate_pem: None,
        }
    }

    /// `qumulo://127.0.0.1:PORT/PATH` for a server started with `start_tls`.
    pub(crate) fn qumulo_target(&self, path: &str) -> String {
        format!("qumulo://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    pub(crate) fn endpoint(&self) -> String {
        format!("http://{}/devstoreaccount1", self.addr)
    }

    /// A connection string with the development account's key, pointing here.
    pub(crate) fn connection_string(&self) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={};FileEndpoint={};",
            azfh_emulator::ACCOUNT_KEY,
            self.endpoint()
        )
    }

    /// `azfh` with only this server's connection string in its environment.
    pub(crate) fn azfh(&self) -> Azfh {
        let mut azfh = Azfh::bare();
        azfh.env("AZURE_STORAGE_CONNECTION_STRING", self.connection_string());
        azfh
    }

    /// Every request received so far.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("the request log").clone()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn serve(
    stream: TcpStream,
    tls: Option<&Arc<rustls::ServerConfig>>,
    handler: &Handler,
    requests: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
    written: &AtomicU64,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(socket) = stream.try_clone() else {
        return;
    };
    let read_timeout = move |timeout| {
        let _ = socket.set_read_timeout(Some(timeout));
    };
    let parts = Parts {
        handler,
        requests,
        stop,
        written,
        read_timeout: &read_timeout,
    };
    match tls {
        None => answer(stream, &parts),
        Some(config) => {
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                return;
            };
            answer(rustls::StreamOwned::new(connection, stream), &parts);
        }
    }
}

/// What a connection's thread shares with the server.
struct Parts<'a> {
    handler: &'a Handler,
    requests: &'a Mutex<Vec<Request>>,
    stop: &'a AtomicBool,
    written: &'a AtomicU64,
    /// Sets the socket's read timeout (also under TLS).
    read_timeout: &'a dyn Fn(Duration),
}

/// Reads one request from `stream` and writes what the handler says.
fn answer(mut stream: impl Read + Write, parts: &Parts<'_>) {
    let Parts {
        handler,
        requests,
        stop,
        written,
        ..
    } = parts;
    let Some(request) = read_request(&mut BufReader::new(&mut stream)) else {
        return;
    };
    requests
        .lock()
        .expect("the request log")
        .push(request.clone());
    match handler(&request) {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Reply::Endless { head, chunk } => {
            if stream.write_all(&head).is_err() {
                return;
            }
            let mut sent = 0_u64;
            while sent < ENDLESS_CAP && !stop.load(Ordering::SeqCst) {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len() as u64;
                written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
        Reply::Stall => stall(&mut stream, parts),
        Reply::ThenStall(bytes) => {
            if stream
                .write_all(&bytes)
                .and_then(|()| stream.flush())
                .is_ok()
            {
                stall(&mut stream, parts);
            }
        }
        Reply::Trickle { head, body, every } => {
            if stream
                .write_all(&head)
                .and_then(|()| stream.flush())
                .is_err()
            {
                return;
            }
            for byte in body {
                if stop.load(Ordering::SeqCst)
                    || stream
                        .write_all(&[byte])
                        .and_then(|()| stream.flush())
                        .is_err()
                {
                    break;
                }
                thread::sleep(every);
            }
        }
    }
}

/// Holds the connection open, silent, until the client hangs up or the limit passes.
fn stall(stream: &mut impl Read, parts: &Parts<'_>) {
    (parts.read_timeout)(Duration::from_millis(100));
    let started = std::time::Instant::now();
    while started.elapsed() < STALL_LIMIT && !parts.stop.load(Ordering::SeqCst) {
        let mut byte = [0_u8; 1];
        if matches!(stream.read(&mut byte), Ok(0)) {
            break;
        }
    }
}

/// Reads a request line and headers, and skips a body of `Content-Length` bytes.
fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: u64 = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    std::io::copy(&mut reader.take(length), &mut std::io::sink()).ok()?;
    Some(Request {
        method,
        target,
        headers,
    })
}

#[test]
fn the_kit_answers_what_it_is_told_and_logs_the_request() {
    let server = Hostile::start(|request| {
        if request.query("comp") == Some("listhandles") {
            Reply::azure_error(404, "ShareNotFound", "The specified share does not exist.")
        } else {
            Reply::with(500, &[], "no")
        }
    });
    let run = server.azfh().run(["handles", "ls", "nosuchshare"]);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(run.stderr.contains("ShareNotFound"), "{}", run.stderr);
    let requests = server.requests();
    assert!(!requests.is_empty());
    assert_eq!(requests[0].method, "GET");
    assert!(
        requests[0].path().ends_with("/nosuchshare"),
        "{:?}",
        requests[0]
    );
    assert!(requests[0].header("authorization").is_some());
}

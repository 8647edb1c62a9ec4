//! The emulator as a server that stands up to abuse, run as `azfh emulator` (a process of its
//! own, so its memory, CPU time and file descriptors are its own): request bodies capped,
//! silent connections closed, a bound on connections, no busy loop when accepting fails, and
//! `--state`/`--file` values held to the service's limits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Azfh;
use crate::watched::assert_clean_failure;

/// A running `azfh emulator` (killed when dropped) and where it listens.
struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// `azfh emulator --demo --listen 127.0.0.1:0 ARGS`, under `ulimit -n` when given.
    fn start(args: &[&str], open_files: Option<u32>) -> Self {
        let binary = env!("CARGO_BIN_EXE_azfh");
        let mut command = match open_files {
            Some(limit) => {
                let mut command = Command::new("sh");
                command.args([
                    "-c",
                    &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
                    binary,
                ]);
                command
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["emulator", "--demo", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("FileEndpoint=http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("a connection string: {line}"))
            .parse()
            .unwrap();
        Self { child, addr }
    }

    fn status_field(&self, field: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap()
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Peak resident memory, KiB.
    fn peak_kib(&self) -> u64 {
        self.status_field("VmHWM:")
    }

    /// CPU time used so far (user + system), in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after_name.split(' ').collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }
}

/// A request the emulator answers without credentials (401), enough to see it serve.
const ANONYMOUS: &[u8] =
    b"GET /devstoreaccount1/demo?comp=listhandles HTTP/1.1\r\nHost: x\r\nx-ms-version: 2026-10-06\r\n\r\n";

/// Reads what the server sends until it closes or goes quiet; `None` when it sent nothing.
fn read_answer(stream: &mut TcpStream) -> Option<String> {
    let mut bytes = Vec::new();
    let mut chunk = [0_u8; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                bytes.extend_from_slice(&chunk[..n]);
                if String::from_utf8_lossy(&bytes).contains("</Error>") {
                    break;
                }
            }
        }
    }
    (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

#[test]
fn large_request_bodies_are_refused_without_being_read() {
    let served = Served::start(&[], None);
    let before = served.peak_kib();

    // Declared: refused on sight.
    let mut declared = served.connect();
    declared
        .write_all(
            b"PUT /devstoreaccount1/demo?comp=forceclosehandles HTTP/1.1\r\nHost: x\r\nx-ms-version: 2026-10-06\r\nContent-Length: 2147483648\r\n\r\n",
        )
        .unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        if declared.write_all(&chunk).is_err() {
            break;
        }
    }
    let answer = read_answer(&mut declared).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("RequestBodyTooLarge"), "{answer}");

    // Streamed without a length: refused once past the cap.
    let mut streamed = served.connect();
    streamed
        .write_all(
            b"PUT /devstoreaccount1/demo?comp=forceclosehandles HTTP/1.1\r\nHost: x\r\nx-ms-version: 2026-10-06\r\nTransfer-Encoding: chunked\r\n\r\n",
        )
        .unwrap();
    let mut sent = 0_u64;
    for _ in 0..512 {
        let head = format!("{:x}\r\n", chunk.len());
        if streamed.write_all(head.as_bytes()).is_err()
            || streamed.write_all(&chunk).is_err()
            || streamed.write_all(b"\r\n").is_err()
        {
            break;
        }
        sent += chunk.len() as u64;
    }
    assert!(
        sent < 512 << 20,
        "the emulator stopped reading: {sent} bytes went in"
    );
    let answer = read_answer(&mut streamed).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    let grown = served.peak_kib().saturating_sub(before);
    assert!(grown < 32 * 1024, "peak memory grew by {grown} KiB");
    let mut after = served.connect();
    after.write_all(ANONYMOUS).unwrap();
    assert!(read_answer(&mut after).unwrap().starts_with("HTTP/1.1 401"));
}

#[test]
fn an_unimplemented_operation_with_a_body_is_answered_501_unread() {
    let served = Served::start(&[], None);
    let mut put_range = served.connect();
    // Put Range with 4 MiB: the operation decides the answer, not the body's size.
    put_range
        .write_all(
            b"PUT /devstoreaccount1/demo/file.bin?comp=range HTTP/1.1\r\nHost: x\r\nx-ms-version: 2026-10-06\r\nx-ms-range: bytes=0-4194303\r\nx-ms-write: update\r\nContent-Length: 4194304\r\n\r\n",
        )
        .unwrap();
    let _ = put_range.write_all(&vec![b'x'; 1 << 20]);
    let answer = read_answer(&mut put_range).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 501"), "{answer}");
    assert!(answer.contains("NotImplemented"), "{answer}");
    assert!(
        answer.contains("Put Range"),
        "names the operation: {answer}"
    );
}

#[test]
fn silent_connections_are_closed_after_the_idle_timeout() {
    let served = Served::start(&["--idle-timeout", "1s"], None);
    let started = Instant::now();
    let mut silent: Vec<TcpStream> = (0..300).map(|_| served.connect()).collect();
    let mut partial = served.connect();
    partial
        .write_all(b"GET /devstoreaccount1/demo?comp=listhandles HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut stalled_body = served.connect();
    stalled_body
        .write_all(
            b"PUT /devstoreaccount1/demo?comp=forceclosehandles HTTP/1.1\r\nHost: x\r\nx-ms-version: 2026-10-06\r\nContent-Length: 10\r\n\r\nabc",
        )
        .unwrap();
    let mut after_a_request = served.connect();
    after_a_request.write_all(ANONYMOUS).unwrap();
    let mut first = [0_u8; 12];
    after_a_request.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 401");

    for stream in silent.iter_mut().chain([&mut partial]) {
        let mut byte = [0_u8; 1];
        let read = stream.read(&mut byte);
        assert!(
            matches!(read, Ok(0))
                || read.is_err()
                    && read.as_ref().unwrap_err().kind() != std::io::ErrorKind::WouldBlock,
            "closed, not left open: {read:?}"
        );
    }
    let answer = read_answer(&mut stalled_body).unwrap_or_default();
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    let mut rest = Vec::new();
    let _ = after_a_request.read_to_end(&mut rest);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(8),
        "closed within the timeout: {elapsed:?}"
    );
}

/// A Shared Key signed `GET` of `path` (under the account), as raw request bytes.
fn signed_get(path: &str) -> Vec<u8> {
    use base64::Engine;
    use std::fmt::Write as _;
    let path = format!("/{}/{path}", azfh_emulator::ACCOUNT);
    let headers: Vec<(String, String)> = vec![
        ("x-ms-version".into(), "2026-10-06".into()),
        (
            "x-ms-date".into(),
            httpdate::fmt_http_date(std::time::SystemTime::now()),
        ),
    ];
    let key = base64::engine::general_purpose::STANDARD
        .decode(azfh_emulator::ACCOUNT_KEY)
        .unwrap();
    let input = azfh_protocol::signing::SigningInput {
        method: "GET",
        path: &path,
        query: &[],
        headers: &headers,
    };
    let authorization = azfh_protocol::signing::authorization(azfh_emulator::ACCOUNT, &key, &input);
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {authorization}\r\n");
    for (name, value) in &headers {
        let _ = write!(request, "{name}: {value}\r\n");
    }
    request.push_str("\r\n");
    request.into_bytes()
}

#[test]
fn clients_that_never_read_their_downloads_are_dropped_after_the_idle_timeout() {
    let served = Served::start(
        &[
            "--idle-timeout",
            "1s",
            "--max-connections",
            "4",
            "--file",
            "big/data.bin:1G",
        ],
        None,
    );
    let before = served.peak_kib();
    let started = Instant::now();
    // Every connection slot taken by a download nobody reads.
    let mut stuck: Vec<TcpStream> = (0..4).map(|_| served.connect()).collect();
    for stream in &mut stuck {
        stream.write_all(&signed_get("big/data.bin")).unwrap();
    }
    let mut first = [0_u8; 12];
    stuck[0].read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200", "the download started");

    // Served once the stalled answers are dropped (their writes made no progress for 1 s).
    let mut next = served.connect();
    next.write_all(ANONYMOUS).unwrap();
    let answer = read_answer(&mut next).expect("an answer while downloads stall");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(8),
        "served within a few idle timeouts: {elapsed:?}"
    );
    let grown = served.peak_kib().saturating_sub(before);
    assert!(grown < 64 * 1024, "peak memory grew by {grown} KiB");
}

#[test]
fn connections_past_the_bound_wait_for_a_free_one() {
    let served = Served::start(&["--max-connections", "2", "--idle-timeout", "30s"], None);
    let first = served.connect();
    let second = served.connect();
    let mut third = served.connect();
    third.write_all(ANONYMOUS).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut byte = [0_u8; 1];
    assert!(
        third.read(&mut byte).is_err(),
        "not served while two are open"
    );
    drop(first);
    third
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(
        read_answer(&mut third).unwrap().starts_with("HTTP/1.1 401"),
        "served once one closes"
    );
    drop(second);
}

#[test]
fn silent_sockets_free_their_slots_after_the_header_timeout() {
    // The idle timeout stays at 30 s: only the header timeout can free the slots in time.
    let served = Served::start(
        &[
            "--max-connections",
            "2",
            "--idle-timeout",
            "30s",
            "--header-timeout",
            "1s",
        ],
        None,
    );
    let started = Instant::now();
    let silent = served.connect();
    let mut slow_head = served.connect();
    slow_head
        .write_all(b"GET /devstoreaccount1/demo?comp=listhandles HTTP/1.1\r\n")
        .unwrap();
    let mut next = served.connect();
    next.write_all(ANONYMOUS).unwrap();
    let answer = read_answer(&mut next).expect("served once the silent ones are closed");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(6),
        "served within a few header timeouts, not the idle timeout: {elapsed:?}"
    );
    for mut stream in [silent, slow_head] {
        let mut byte = [0_u8; 1];
        assert!(
            matches!(stream.read(&mut byte), Ok(0) | Err(_)),
            "closed, not left open"
        );
    }
}

#[test]
fn a_header_timeout_of_zero_is_refused() {
    let run = Azfh::bare().run(["emulator", "--header-timeout", "0s"]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stderr.contains("--header-timeout"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing served: {}", run.stdout);
}

#[test]
fn running_out_of_file_descriptors_does_not_spin() {
    let served = Served::start(&["--max-connections", "1000"], Some(48));
    // More connections than it can hold descriptors for: accepting fails from here on.
    let held: Vec<TcpStream> = (0..120)
        .filter_map(|_| TcpStream::connect(served.addr).ok())
        .collect();
    assert!(
        held.len() > 48,
        "enough connections to run out: {}",
        held.len()
    );
    std::thread::sleep(Duration::from_millis(500));
    let before = served.cpu_ticks();
    std::thread::sleep(Duration::from_secs(2));
    let used = served.cpu_ticks() - before;
    assert!(
        used < 40,
        "{used} ticks of CPU in 2 s while out of descriptors (a busy loop)"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(1500));
    let mut after = served.connect();
    after.write_all(ANONYMOUS).unwrap();
    assert!(
        read_answer(&mut after).unwrap().starts_with("HTTP/1.1 401"),
        "serves again once descriptors are free"
    );
}

#[test]
fn state_and_file_values_beyond_the_service_limits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"shares":[{"name":"data","files":[{"path":"huge.bin","size":18446744073709551615}]}]}"#,
            "4 TiB",
        ),
        (
            r#"{"shares":[{"name":"data","files":[{"path":"a:b.txt","size":1}]}]}"#,
            "a:b.txt",
        ),
        (
            r#"{"shares":[{"name":"data","directories":["x/../y"]}]}"#,
            "x/../y",
        ),
        (r#"{"shares":[{"name":"data","protocols":"FTP"}]}"#, "FTP"),
        (r#"{"shares":[{"name":"data","quota":0}]}"#, "quota"),
    ];
    for (index, (json, needle)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("state{index}.json"));
        std::fs::write(&path, json).unwrap();
        let run = Azfh::bare().run([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--state",
            path.to_str().unwrap(),
        ]);
        assert_clean_failure(&run, 2, needle);
    }
    let run = Azfh::bare().run([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--file",
        "big/x.bin:5000G",
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("4 TiB"), "{}", run.stderr);
}

#[test]
fn a_file_of_4_tib_can_be_given_in_tebibytes() {
    let served = Served::start(&["--file", "big/x.bin:4T"], None);
    let mut stream = served.connect();
    stream
        .write_all(
            b"GET /_emulator/files?share=big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let answer = read_answer(&mut stream).unwrap();
    assert!(answer.contains("4398046511104"), "{answer}");

    let run = Azfh::bare().run([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--file",
        "big/x.bin:5T",
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("4 TiB"), "{}", run.stderr);
}

#[test]
fn generated_shares_beyond_the_documented_cap_are_refused() {
    for (flag, value) in [
        ("--generate", "bench:2000001"),
        ("--generate", "bench:99999999999999"),
        ("--tree", "tree:1000000:2"),
        ("--tree", "tree:18446744073709551615:18446744073709551615"),
    ] {
        let run = Azfh::bare().run(["emulator", "--listen", "127.0.0.1:0", flag, value]);
        assert_eq!(run.status, 2, "{flag} {value}: {}", run.stderr);
        assert!(
            run.stderr.contains("2000000") && run.stderr.contains("use fewer"),
            "{flag} {value}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn hashing_a_large_generated_file_is_noted_before_it_starts() {
    let mut child = Azfh::bare().spawn([
        "emulator",
        "--listen",
        "127.0.0.1:0",
        "--file",
        "big/data.bin:64M:md5",
    ]);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert!(
        first.contains("computing the MD5 of big/data.bin"),
        "the first line says what takes time: {first}"
    );
    let mut next = String::new();
    stderr.read_line(&mut next).unwrap();
    assert!(next.contains("serving big"), "{next}");
    let _ = child.kill();
    let _ = child.wait();
}

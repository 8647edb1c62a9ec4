//! Runs of the real binary that a test watches: a time limit (a hang fails the test instead of
//! hanging the suite) and the peak resident memory (`VmHWM` in `/proc/PID/status`), so a test
//! can tell a bounded read from one that grows with what the server sends.

use std::io::Read;
use std::process::Child;
use std::thread;
use std::time::{Duration, Instant};

use super::support::{Azfh, Run};

/// A finished run, and what it cost.
#[derive(Debug)]
pub(crate) struct Watched {
    pub run: Run,
    pub elapsed: Duration,
    /// The highest peak resident set size seen, in KiB (0 where /proc is not there).
    pub peak_kib: u64,
}

/// Runs `azfh args`, killing it (and failing the test) if it is still running after `limit`.
#[track_caller]
pub(crate) fn run_watched<I, S>(azfh: &mut Azfh, args: I, limit: Duration) -> Watched
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let started = Instant::now();
    let mut child = azfh.spawn(args);
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let mut peak_kib = 0;
    let status = loop {
        peak_kib = peak_kib.max(peak_resident_kib(&child));
        if let Some(status) = child.try_wait().expect("wait for azfh") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = stderr.join().unwrap_or_default();
            panic!("azfh still ran after {limit:?} (a hang); stderr:\n{stderr}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    Watched {
        run: Run {
            status: status.code().unwrap_or(-1),
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
        },
        elapsed,
        peak_kib,
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn peak_resident_kib(child: &Child) -> u64 {
    std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Asserts the run ended with `status`, without a panic, with one `error:` line, and that its
/// stderr (the error or a cause) names `needle`.
#[track_caller]
pub(crate) fn assert_clean_failure(run: &Run, status: i32, needle: &str) {
    assert_eq!(
        run.status, status,
        "exit status\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "no panic:\n{}",
        run.stderr
    );
    let errors = run.stderr_lines("error");
    assert_eq!(errors.len(), 1, "one error line:\n{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "the error names '{needle}':\n{}",
        run.stderr
    );
}

//! Test support: an emulator on 127.0.0.1 in this process, and the real `azfh` binary run
//! against it with a clean environment.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use azfh_emulator::store::ListedHandle;
use azfh_emulator::{BackgroundEmulator, EmulatorConfig, Faults, Store, load::demo};
use time::OffsetDateTime;

/// A running emulator and what it was loaded with.
pub(crate) struct Env {
    pub emulator: BackgroundEmulator,
    /// When the demo data was made (ages are relative to it).
    pub created: OffsetDateTime,
}

impl Env {
    /// An emulator with the demo share.
    pub(crate) fn demo() -> Self {
        Self::with(EmulatorConfig::default(), |store, now| {
            demo::load(store, now);
        })
    }

    /// An emulator set up by `load`.
    pub(crate) fn with(
        config: EmulatorConfig,
        load: impl FnOnce(&mut Store, OffsetDateTime),
    ) -> Self {
        let created = OffsetDateTime::now_utc();
        let mut store = Store::default();
        load(&mut store, created);
        let emulator =
            BackgroundEmulator::start(config, store).expect("the emulator starts on 127.0.0.1");
        Self { emulator, created }
    }

    /// `azfh` with only this emulator's connection string in its environment.
    pub(crate) fn azfh(&self) -> Azfh {
        let mut azfh = Azfh::bare();
        azfh.env(
            "AZURE_STORAGE_CONNECTION_STRING",
            self.emulator.connection_string(),
        );
        azfh
    }

    /// `azfh` pointed at the emulator's endpoint, without a credential.
    pub(crate) fn azfh_without_credential(&self) -> Azfh {
        let mut azfh = Azfh::bare();
        azfh.env("AZFH_ENDPOINT", self.emulator.endpoint());
        azfh
    }

    /// Service requests the emulator has received.
    pub(crate) fn requests(&self) -> u64 {
        self.emulator.control.request_count()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        self.emulator.control.set_faults(faults);
    }

    /// The live handles of `share`, as the emulator holds them.
    pub(crate) fn handles(&self, share: &str) -> Vec<ListedHandle> {
        self.emulator.control.with_store(|store| {
            store
                .share(share)
                .map(|s| s.live.all_handles())
                .unwrap_or_default()
        })
    }

    /// Ids of the live handles of `share` that satisfy `keep`.
    pub(crate) fn ids_where(
        &self,
        share: &str,
        keep: impl Fn(&ListedHandle) -> bool,
    ) -> BTreeSet<String> {
        self.handles(share)
            .iter()
            .filter(|h| keep(h))
            .map(|h| h.handle.id.to_string())
            .collect()
    }
}

/// One run of the real binary.
pub(crate) struct Azfh {
    command: Command,
}

impl Azfh {
    /// The binary with an empty environment (but PATH), so a developer's Azure settings never
    /// leak into a test.
    pub(crate) fn bare() -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_azfh"));
        command.env_clear();
        command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command.env("HOME", std::env::temp_dir());
        command.stdin(Stdio::null());
        Self { command }
    }

    pub(crate) fn env(&mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.command.env(name, value);
        self
    }

    /// Reads stdin from `file` instead of nothing.
    pub(crate) fn stdin_from(&mut self, file: std::fs::File) -> &mut Self {
        self.command.stdin(file);
        self
    }

    /// Writes stdout into `file` (`/dev/full`, say) instead of capturing it.
    pub(crate) fn stdout_to(&mut self, file: std::fs::File) -> &mut Self {
        self.command.stdout(file);
        self
    }

    pub(crate) fn path_prepend(&mut self, dir: &Path) -> &mut Self {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut joined = dir.as_os_str().to_owned();
        joined.push(":");
        joined.push(path);
        self.command.env("PATH", joined);
        self
    }

    pub(crate) fn run<I, S>(&mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let output = self.command.args(args).output().expect("azfh runs");
        Run::from(output)
    }
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Run {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(
            self.status, 0,
            "azfh failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }

    /// The handle ids of a `-o jsonl` listing.
    #[track_caller]
    pub(crate) fn jsonl_ids(&self) -> BTreeSet<String> {
        self.ok()
            .lines()
            .map(|line| {
                let value: serde_json::Value =
                    serde_json::from_str(line).expect("each line is JSON");
                value["handle_id"]
                    .as_str()
                    .expect("ids are strings")
                    .to_owned()
            })
            .collect()
    }

    /// Lines of stderr that start with `label:`.
    pub(crate) fn stderr_lines(&self, label: &str) -> Vec<&str> {
        let prefix = format!("{label}:");
        self.stderr
            .lines()
            .filter(|line| line.starts_with(&prefix))
            .collect()
    }

    /// Asserts a failure (status 1): exactly one `error:` line naming `error`, and a `hint:`
    /// line naming `hint`. (A listing that fails midway has printed the pages it got.)
    #[track_caller]
    pub(crate) fn failure(&self, error: &str, hint: &str) {
        assert_eq!(
            self.status, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        let errors = self.stderr_lines("error");
        assert_eq!(errors.len(), 1, "one error line:\n{}", self.stderr);
        assert!(
            errors[0].contains(error),
            "the error names '{error}':\n{}",
            self.stderr
        );
        let hints = self.stderr_lines("hint");
        assert!(
            hints.len() == 1 && hints[0].contains(hint),
            "the hint names '{hint}':\n{}",
            self.stderr
        );
    }

    /// Asserts a usage error: status 2, exactly one `error:` line naming `needle`, at most one
    /// `hint:` line, nothing on stdout.
    #[track_caller]
    pub(crate) fn usage_error(&self, needle: &str) {
        assert_eq!(
            self.status, 2,
            "expected exit 2\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        let errors = self.stderr_lines("error");
        assert_eq!(errors.len(), 1, "one error line:\n{}", self.stderr);
        assert!(
            errors[0].contains(needle),
            "the error names '{needle}':\n{}",
            self.stderr
        );
        assert!(
            self.stderr_lines("hint").len() <= 1,
            "at most one hint:\n{}",
            self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "nothing on stdout:\n{}",
            self.stdout
        );
    }
}

/// Every file below `dir` (not directories), recursively.
pub(crate) fn files_below(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// The emulator's request log, read back: one JSON object per request.
pub(crate) fn request_log(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).expect("log lines are JSON"))
        .collect()
}

/// Every handle id the logged Force Close requests closed, in order (duplicates kept).
pub(crate) fn closed_ids(log: &[serde_json::Value]) -> Vec<String> {
    log.iter()
        .filter(|entry| entry["operation"] == "ForceCloseHandles")
        .flat_map(|entry| entry["closed"].as_array().cloned().unwrap_or_default())
        .map(|id| id.as_u64().expect("ids are numbers").to_string())
        .collect()
}

/// The records of a `-o jsonl` close report: id → outcome.
pub(crate) fn outcomes(run: &Run) -> std::collections::BTreeMap<String, String> {
    run.stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            (
                value["handle_id"]
                    .as_str()
                    .expect("ids are strings")
                    .to_owned(),
                value["outcome"].as_str().expect("an outcome").to_owned(),
            )
        })
        .collect()
}

/// `azfh ARGS` on a pseudo-terminal (stdin, stdout and stderr all a terminal) that can move
/// its cursor (`TERM=xterm`: on a `dumb` one indicatif draws nothing), with only this
/// emulator's connection string in its environment.
pub(crate) fn on_terminal(env: &Env, args: &[&str]) -> rexpect::session::PtySession {
    on_terminal_with(env, args, &[])
}

/// `on_terminal` with more environment variables.
pub(crate) fn on_terminal_with(
    env: &Env,
    args: &[&str],
    vars: &[(&str, &str)],
) -> rexpect::session::PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_azfh"));
    command
        .env_clear()
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .env("TERM", "xterm")
        .envs(vars.iter().copied())
        .args(args);
    rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal")
}

impl Env {
    /// The bytes the emulator serves for `share/path`.
    pub(crate) fn file_bytes(&self, share: &str, path: &str) -> Vec<u8> {
        self.emulator.control.with_store(|store| {
            let segments: Vec<&str> = path.split('/').collect();
            let (_, node) = store.share(share).unwrap().live.resolve(&segments).unwrap();
            let data = node.file().unwrap();
            azfh_emulator::load::content::bytes(data.seed, 0, usize::try_from(data.size).unwrap())
        })
    }

    /// Every path below `dir` of `share`, relative to it, with "/" after directories.
    pub(crate) fn tree(&self, share: &str, dir: &str) -> BTreeSet<String> {
        self.emulator.control.with_store(|store| {
            let namespace = &store.share(share).unwrap().live;
            let mut out = BTreeSet::new();
            let mut stack = vec![dir.to_owned()];
            while let Some(current) = stack.pop() {
                let segments: Vec<&str> = current.split('/').filter(|s| !s.is_empty()).collect();
                let (key, _) = namespace.resolve(&segments).unwrap();
                for (_, child) in namespace.children(&key, None) {
                    let relative = child
                        .path
                        .trim_start_matches(dir)
                        .trim_start_matches('/')
                        .to_owned();
                    if child.file().is_some() {
                        out.insert(relative);
                    } else {
                        out.insert(format!("{relative}/"));
                        stack.push(child.path.to_string());
                    }
                }
            }
            out
        })
    }
}

impl Azfh {
    /// Starts the binary with `args`, stdout and stderr piped, without waiting for it (for a
    /// test that watches it, or signals it midway).
    pub(crate) fn spawn<I, S>(&mut self, args: I) -> std::process::Child
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("azfh starts")
    }
}

/// Sends `signal` (`TERM`, `INT`) to process `pid` with kill(1).
pub(crate) fn send_signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Waits for `child` to end, at most `limit`: a hang fails the test instead of holding it.
/// Its output is read meanwhile, so a full pipe never blocks it.
pub(crate) fn wait_at_most(mut child: std::process::Child, limit: std::time::Duration) -> Run {
    fn drain(pipe: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8(bytes).expect("output is UTF-8")
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("azfh did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        status: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    }
}

/// A demo emulator that logs its requests to a file in a temporary directory (kept alive by
/// the returned `TempDir`).
pub(crate) fn logged_demo() -> (Env, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let env = Env::with(
        EmulatorConfig {
            request_log: Some(log.clone()),
            ..EmulatorConfig::default()
        },
        demo::load,
    );
    (env, dir, log)
}

/// Polls `done` every 20 ms for up to 20 s; fails the test naming `what` if it never holds.
pub(crate) fn wait_until(what: &str, done: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "never: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

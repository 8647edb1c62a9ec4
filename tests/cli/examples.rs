//! Every documented example runs: each ```` ```sh ```` block of README.md and docs/*.md, and each
//! command under "Examples:" in every `--help`, is run by bash against a fresh demo emulator on
//! 127.0.0.1 (`azfh emulator --demo`, its connection string exported, in an empty temporary
//! directory that is also HOME, `azfh` first on PATH), under a time bound, and must exit 0. So
//! no documented command can fail or hang unnoticed.
//!
//! The exceptions are few and named: a Markdown block whose info string is `sh norun` (it needs
//! a real account, or the reader's own command), at most [`MOST_NORUN_BLOCKS`] of them, and the
//! help examples in [`HELP_NOT_RUN`], each with its reason; a listed exception that no longer
//! occurs fails the test, so the list cannot go stale. The links between the documents are
//! checked too: each names a file that exists, and a heading in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one example may take: the slowest documented one watches for 10 seconds.
const LIMIT: Duration = Duration::from_secs(25);

/// Markdown blocks that are shown but not run (`sh norun`), at most.
const MOST_NORUN_BLOCKS: usize = 4;

/// Help examples that are not run: (a part of the command line, why).
const HELP_NOT_RUN: &[(&str, &str)] = &[
    ("qumulo://nas01/", "a real Qumulo cluster by its DNS name"),
    (
        "\"${fpath[1]}/_azfh\"",
        "zsh syntax (the harness runs bash)",
    ),
    ("$PROFILE", "PowerShell syntax (the harness runs bash)"),
    (
        "&& mv ...",
        "the rename is the reader's own, and --verify watches for 30 s",
    ),
    ("--watch 30s", "--watch redraws on a terminal until Ctrl-C"),
];

/// The commands whose `--help` may hold examples.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["handles"],
    &["handles", "ls"],
    &["handles", "close"],
    &["handles", "stats"],
    &["ls"],
    &["get"],
    &["emulator"],
    &["completions"],
    &["man"],
];

/// One example: where it is written and the script that runs it.
struct Example {
    origin: String,
    script: String,
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown file in docs/, by name.
fn documents() -> Vec<PathBuf> {
    let mut documents = vec![repository().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repository().join("docs"))
        .expect("docs/ is readable")
        .map(|entry| entry.expect("docs/ is listed").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    documents.extend(docs);
    documents
}

/// The ```` ```sh ```` blocks of `text` (each run as one script), and the number of
/// ```` ```sh norun ```` blocks.
fn markdown_examples(name: &str, text: &str) -> (Vec<Example>, usize) {
    let mut examples = Vec::new();
    let mut norun = 0;
    let mut block: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        let fence = line.trim_start();
        match &mut block {
            Some((start, script)) if fence.starts_with("```") => {
                examples.push(Example {
                    origin: format!("{name}:{start}"),
                    script: std::mem::take(script),
                });
                block = None;
            }
            Some((_, script)) => {
                script.push_str(line);
                script.push('\n');
            }
            None if fence == "```sh" => block = Some((number + 1, String::new())),
            None if fence.starts_with("```sh norun") => norun += 1,
            None => {}
        }
    }
    assert!(block.is_none(), "{name}: a ```sh block is not closed");
    (examples, norun)
}

/// The commands under "Examples:" in `help`: indented lines that start with `azfh` (with their
/// `\` continuations); the lines between them describe them.
fn help_examples(name: &str, help: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_examples = false;
    let mut continued: Option<String> = None;
    for line in help.lines() {
        if line == "Examples:" {
            in_examples = true;
            continue;
        }
        if !in_examples {
            continue;
        }
        if !line.is_empty() && !line.starts_with(' ') {
            break;
        }
        let text = line.trim();
        if let Some(command) = &mut continued {
            command.push('\n');
            command.push_str(text);
            if !text.ends_with('\\') {
                commands.push(continued.take().unwrap());
            }
        } else if text.starts_with("azfh ") || text.starts_with("export ") {
            if text.ends_with('\\') {
                continued = Some(text.to_owned());
            } else {
                commands.push(text.to_owned());
            }
        }
    }
    assert!(continued.is_none(), "{name}: an example ends in `\\`");
    commands
}

/// Starts a demo emulator on a free port in the background and exports its connection string:
/// what the README's tour does, without a fixed port. A connection string left by an earlier
/// run in the same directory is removed first: read before the new emulator truncates the
/// file, it would name an emulator that is gone.
const PREAMBLE: &str = r#"rm -f .emulator
azfh emulator --demo --listen 127.0.0.1:0 > .emulator 2> .emulator-log &
for _ in $(seq 200); do
  read -r AZURE_STORAGE_CONNECTION_STRING < .emulator || true
  case "$AZURE_STORAGE_CONNECTION_STRING" in *FileEndpoint*) break ;; esac
  sleep 0.05
done
export AZURE_STORAGE_CONNECTION_STRING
"#;

/// Whether examples can run in a network namespace of their own (`unshare -rn`): a loopback
/// nobody else uses, so the fixed ports of the docs (10100, 18443) are free even while a
/// developer's emulator listens on them. Without it they run on the machine's loopback.
fn isolated() -> bool {
    static ISOLATED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ISOLATED.get_or_init(|| {
        Command::new("unshare")
            .args(["-rn", "ip", "link", "set", "lo", "up"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Runs `example` with bash (`-e`, `pipefail`) in `dir` against a fresh demo emulator, in a
/// process group of its own that is killed afterwards (examples start emulators in the
/// background). Returns the exit status and what it printed; an example that outlives `limit`
/// is killed, with status -1.
fn run(example: &Example, dir: &Path, limit: Duration) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_azfh"));
    let mut path = binary.parent().unwrap().as_os_str().to_owned();
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    for home in [
        ".local/share/bash-completion/completions",
        ".config/fish/completions",
    ] {
        std::fs::create_dir_all(dir.join(home)).unwrap();
    }
    let script = format!("{PREAMBLE}{}", example.script);
    let mut command = if isolated() {
        let mut command = Command::new("unshare");
        command.args([
            "-rn",
            "bash",
            "-c",
            "ip link set lo up && exec bash -e -o pipefail -c \"$0\"",
            &script,
        ]);
        command
    } else {
        let mut command = Command::new("bash");
        command.args(["-e", "-o", "pipefail", "-c", &script]);
        command
    };
    let output = dir.join(".example-output");
    let log = std::fs::File::create(&output).unwrap();
    let mut child = command
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("bash starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
    let printed = std::fs::read_to_string(&output).unwrap_or_default();
    match status {
        Some(status) => (status.code().unwrap_or(-1), printed),
        None => (
            -1,
            format!("{printed}\n(did not end within {limit:?}: killed)"),
        ),
    }
}

/// Every example, each against a fresh demo emulator in a fresh directory; one at a time, as
/// examples use fixed ports.
fn run_all(examples: &[Example]) {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut failures = Vec::new();
    for example in examples {
        let dir = tempfile::tempdir().unwrap();
        let (status, printed) = run(example, dir.path(), LIMIT);
        if status != 0 {
            let tail: Vec<&str> = printed.lines().rev().take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            failures.push(format!(
                "{} exited {status}:\n{}--- last lines of its output:\n{}\n",
                example.origin,
                example.script,
                tail.join("\n")
            ));
        }
    }
    let isolation = if isolated() {
        "each in a network namespace of its own"
    } else {
        "on this machine's loopback (`unshare -rn` is not allowed here), so an example whose \
         fixed port (10100, 18443) another process holds fails"
    };
    assert!(
        failures.is_empty(),
        "{} of {} examples failed, run {isolation}:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn every_markdown_example_runs() {
    let mut examples = Vec::new();
    let mut norun = 0;
    for document in documents() {
        let name = document
            .strip_prefix(repository())
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(&document).expect("the document is readable");
        let (found, skipped) = markdown_examples(&name, &text);
        examples.extend(found);
        norun += skipped;
    }
    assert!(
        examples.len() >= 10,
        "only {} ```sh blocks found: is the extraction broken?",
        examples.len()
    );
    assert!(
        norun <= MOST_NORUN_BLOCKS,
        "{norun} ```sh norun blocks: keep the examples that cannot run to {MOST_NORUN_BLOCKS}"
    );
    run_all(&examples);
}

#[test]
fn every_help_example_runs() {
    let mut examples = Vec::new();
    let mut not_run_seen = vec![false; HELP_NOT_RUN.len()];
    for words in COMMANDS {
        let name = format!("azfh {} --help", words.join(" "));
        let help = Command::new(env!("CARGO_BIN_EXE_azfh"))
            .args(*words)
            .arg("--help")
            .env_clear()
            .env("COLUMNS", "200")
            .output()
            .expect("azfh runs");
        let help = String::from_utf8(help.stdout).expect("help is UTF-8");
        for command in help_examples(&name, &help) {
            if let Some(index) = HELP_NOT_RUN
                .iter()
                .position(|(part, _)| command.contains(part))
            {
                not_run_seen[index] = true;
                continue;
            }
            examples.push(Example {
                origin: name.clone(),
                script: server_for_a_second(&command),
            });
        }
    }
    for ((part, why), seen) in HELP_NOT_RUN.iter().zip(not_run_seen) {
        assert!(
            seen,
            "no help example holds `{part}` ({why}): remove it from HELP_NOT_RUN"
        );
    }
    assert!(
        examples.len() >= 10,
        "only {} help examples found: is the extraction broken?",
        examples.len()
    );
    run_all(&examples);
}

/// An example that starts the emulator in the foreground serves until stopped: it passes when it
/// is still serving after a second.
fn server_for_a_second(command: &str) -> String {
    let serves = command.starts_with("azfh emulator")
        && !command.contains("--print-connection-string")
        && !command.trim_end().ends_with('&');
    if serves {
        format!("{command} &\nserver=$!\nsleep 1\nkill -0 \"$server\"\n")
    } else {
        format!("{command}\n")
    }
}

#[test]
fn the_extraction_finds_blocks_and_help_commands() {
    let markdown =
        "text\n```sh\nazfh ls demo\n```\n```sh norun\nazfh ls real\n```\n```json\n{}\n```\n";
    let (examples, norun) = markdown_examples("t.md", markdown);
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0].script, "azfh ls demo\n");
    assert_eq!(examples[0].origin, "t.md:2");
    assert_eq!(norun, 1);

    let help = "Usage: azfh x\n\nExamples:\n  Look first:\n    azfh a \\\n      | azfh b\n\n  azfh c   # note\n\nExit status:\n  azfh d\n";
    assert_eq!(
        help_examples("x", help),
        ["azfh a \\\n| azfh b", "azfh c   # note"]
    );
}

#[test]
fn an_example_that_fails_or_hangs_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let wrong_share = Example {
        origin: "wrong share".into(),
        script: "azfh ls nosuchshare\n".into(),
    };
    let (status, printed) = run(&wrong_share, dir.path(), LIMIT);
    assert_eq!(status, 1, "{printed}");
    assert!(printed.contains("ShareNotFound"), "{printed}");

    let demo = Example {
        origin: "demo".into(),
        script: "azfh handles ls demo -r -o tsv | tail -n +2 | wc -l | grep -qx 300\n".into(),
    };
    let (status, printed) = run(&demo, dir.path(), LIMIT);
    assert_eq!(status, 0, "the preamble serves the demo share: {printed}");

    let started = Instant::now();
    let hangs = Example {
        origin: "hangs".into(),
        script: "sleep 60\n".into(),
    };
    let (status, printed) = run(&hangs, dir.path(), Duration::from_secs(1));
    assert_eq!(status, -1, "{printed}");
    assert!(printed.contains("did not end within"), "{printed}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// GitHub's anchor for a heading: lower-case, punctuation dropped, spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown document's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut in_code = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            found.push(anchor(line.trim_start_matches('#')));
        }
    }
    found
}

#[test]
fn every_link_between_the_documents_leads_somewhere() {
    let mut broken = Vec::new();
    for document in documents() {
        let text = std::fs::read_to_string(&document).unwrap();
        let base = document.parent().unwrap();
        for (at, _) in text.match_indices("](") {
            let target = &text[at + 2..];
            let Some(end) = target.find(')') else {
                continue;
            };
            let target = &target[..end];
            if target.contains("://") || target.contains(' ') {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = if file.is_empty() {
                document.clone()
            } else {
                base.join(file)
            };
            let name = document.strip_prefix(repository()).unwrap().display();
            if !path.exists() {
                broken.push(format!("{name}: {target} (no such file)"));
            } else if !fragment.is_empty() {
                let linked = std::fs::read_to_string(&path).unwrap_or_default();
                if !anchors(&linked).iter().any(|a| a == fragment) {
                    broken.push(format!("{name}: {target} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

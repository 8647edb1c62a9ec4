//! `--help` is part of the interface: snapshot it. `completions/` must be what the binary
//! generates (regenerate with `AZFH_UPDATE_COMPLETIONS=1 cargo test --test cli completions`).

use std::path::PathBuf;

use crate::support::Azfh;

/// Every command and subcommand, as the words that name it.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["handles"],
    &["handles", "ls"],
    &["handles", "close"],
    &["ls"],
    &["get"],
    &["emulator"],
    &["completions"],
];

/// The statuses of docs/cli.md, each of which `--help` must list.
const EXIT_STATUSES: &[&str] = &["0 ", "1 ", "2 ", "3 ", "130 "];

#[test]
fn short_help_fits_a_screen_and_long_help_lists_the_exit_statuses() {
    for words in COMMANDS {
        let short_args: Vec<&str> = words.iter().copied().chain(["-h"]).collect();
        let short = Azfh::bare().run(&short_args).ok().to_owned();
        let lines = short.lines().count();
        assert!(lines <= 40, "{short_args:?}: {lines} lines\n{short}");
        // The connection options are named once, in the footer, not listed.
        assert!(
            !short.contains("--account-key <KEY>"),
            "{short_args:?}\n{short}"
        );
        assert!(
            short.contains("--help"),
            "{short_args:?} says where the rest is"
        );

        let long_args: Vec<&str> = words.iter().copied().chain(["--help"]).collect();
        let long = Azfh::bare().run(&long_args).ok().to_owned();
        let statuses = long
            .split_once("\nExit status:\n")
            .unwrap_or_else(|| panic!("{long_args:?} lists the exit statuses\n{long}"))
            .1;
        for status in EXIT_STATUSES {
            assert!(
                statuses
                    .lines()
                    .any(|line| line.trim_start().starts_with(status)),
                "{long_args:?}: exit status {status}\n{statuses}"
            );
        }
        assert!(
            long.contains("--account-key <KEY>"),
            "{long_args:?} has everything"
        );
    }
    // handles' TARGET names every form, Qumulo's included.
    for command in ["ls", "close"] {
        let help = Azfh::bare().run(["handles", command, "-h"]).ok().to_owned();
        assert!(help.contains("qumulo://"), "handles {command}:\n{help}");
    }
}

#[test]
fn help_texts() {
    for words in COMMANDS {
        let args: Vec<&str> = words.iter().copied().chain(["--help"]).collect();
        let run = Azfh::bare().run(&args);
        let name = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .copied()
            .collect::<Vec<_>>()
            .join("_");
        let name = if name.is_empty() {
            "azfh".to_owned()
        } else {
            format!("azfh_{name}")
        };
        let text = run.ok();
        // Every command shows real examples after its options.
        let examples = text.split_once("\nExamples:\n").map(|(_, tail)| {
            tail.lines()
                .filter(|l| l.trim_start().starts_with("azfh "))
                .count()
        });
        assert!(
            examples.unwrap_or(0) >= 2,
            "{name}: --help needs two examples or more"
        );
        insta::assert_snapshot!(name, text);
    }
    let version = Azfh::bare().run(["--version"]);
    assert_eq!(
        version.ok().trim(),
        format!("azfh {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("AZFH_UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        ("bash", "azfh.bash"),
        ("zsh", "_azfh"),
        ("fish", "azfh.fish"),
        ("powershell", "_azfh.ps1"),
        ("elvish", "azfh.elv"),
    ] {
        let generated = Azfh::bare().run(["completions", shell]).ok().to_owned();
        assert!(generated.contains("azfh"), "{shell}");
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "completions/{file} is stale: run AZFH_UPDATE_COMPLETIONS=1 cargo test --test cli completions"
        );
    }
}

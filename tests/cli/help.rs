//! `--help` is part of the interface: snapshot it. `completions/` must be what the binary
//! generates (regenerate with `AZFH_UPDATE_COMPLETIONS=1 cargo test --test cli completions`).

use std::path::PathBuf;

use crate::support::Azfh;

#[test]
fn help_texts() {
    for args in [
        vec!["--help"],
        vec!["handles", "--help"],
        vec!["handles", "ls", "--help"],
        vec!["handles", "close", "--help"],
        vec!["ls", "--help"],
        vec!["get", "--help"],
        vec!["emulator", "--help"],
        vec!["completions", "--help"],
    ] {
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

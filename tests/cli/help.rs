//! `--help` is part of the interface: snapshot it. `completions/` and `man/` must be what the
//! binary generates (regenerate with `AZFH_UPDATE_COMPLETIONS=1 cargo test --test cli help`).

use std::path::PathBuf;

use crate::support::Azfh;

/// Every command and subcommand, as the words that name it.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["handles"],
    &["handles", "ls"],
    &["handles", "close"],
    &["handles", "stats"],
    &["shares"],
    &["shares", "ls"],
    &["ls"],
    &["get"],
    &["emulator"],
    &["completions"],
    &["man"],
    &["config"],
    &["config", "check"],
];

/// The statuses of docs/cli.md, each of which `--help` must list.
const EXIT_STATUSES: &[&str] = &["0 ", "1 ", "2 ", "3 ", "130 "];

#[test]
fn short_help_fits_a_screen_and_long_help_lists_the_exit_statuses() {
    for words in COMMANDS {
        let short_args: Vec<&str> = words.iter().copied().chain(["-h"]).collect();
        // At 80 columns, where an operator's terminal often is.
        let short = Azfh::bare()
            .env("COLUMNS", "80")
            .run(&short_args)
            .ok()
            .to_owned();
        let lines = short.lines().count();
        assert!(lines <= 40, "{short_args:?}: {lines} lines\n{short}");
        for line in short.lines() {
            assert!(line.chars().count() <= 80, "{short_args:?}: {line:?}");
        }
        assert!(
            short
                .trim_end()
                .lines()
                .last()
                .unwrap()
                .ends_with(": --help"),
            "{short_args:?}: the footer on one line\n{short}"
        );
        if words.first() == Some(&"handles") && words.get(1) != Some(&"stats") {
            assert!(
                !short.contains("prometheus"),
                "{short_args:?} offers only what works"
            );
        }
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
        // Example commands stay whole on an 80-column terminal.
        let example_lines = text.split_once("\nExamples:\n").map_or("", |(_, tail)| {
            tail.split("\nExit status:").next().unwrap_or("")
        });
        for line in example_lines.lines() {
            assert!(line.chars().count() <= 80, "{name}: wraps at 80: {line:?}");
            assert!(
                !line.trim_start().starts_with("azfh ") || line.trim().chars().count() <= 78,
                "{name}: an example over 78 characters: {line:?}"
            );
        }
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

#[test]
fn man_pages_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man");
    let update = std::env::var_os("AZFH_UPDATE_COMPLETIONS").is_some();
    for words in COMMANDS {
        let file = std::iter::once("azfh")
            .chain(words.iter().copied())
            .collect::<Vec<_>>()
            .join("-")
            + ".1";
        let args: Vec<&str> = std::iter::once("man")
            .chain(words.iter().copied())
            .collect();
        let generated = Azfh::bare().run(&args).ok().to_owned();
        let title = format!(".TH {} 1", file.trim_end_matches(".1"));
        assert!(generated.contains(&title), "{file}: {title}\n{generated}");
        // Every option has its text, those -h leaves out too; --help's footer is there.
        assert!(generated.contains(".SH EXIT STATUS\n"), "{file}");
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "man/{file} is stale: run AZFH_UPDATE_COMPLETIONS=1 cargo test --test cli help"
        );
    }
    let page = Azfh::bare()
        .run(["man", "handles", "close"])
        .ok()
        .to_owned();
    assert!(
        page.contains("Closes in flight at once"),
        "--concurrency keeps its text:\n{page}"
    );
    Azfh::bare()
        .run(["man", "handles", "rm"])
        .usage_error("no command 'rm'");
}

/// The bash completion of `option` in the function for `azfh handles ls`.
fn bash_arm<'s>(script: &'s str, function: &str, option: &str) -> &'s str {
    let body = script
        .split_once(&format!("        {function})"))
        .unwrap_or_else(|| panic!("{function}"))
        .1;
    let arm = body
        .split_once(&format!("                {option})"))
        .unwrap_or_else(|| panic!("{function} {option}"))
        .1;
    arm.split_once(";;").unwrap().0
}

#[test]
fn completions_offer_files_only_where_a_file_is_meant() {
    let bash = Azfh::bare().run(["completions", "bash"]).ok().to_owned();
    let ls = "azfh__subcmd__handles__subcmd__ls";
    for option in [
        "--older-than",
        "--newer-than",
        "--timeout",
        "--client-ip",
        "--path",
        "--account",
        "--endpoint",
    ] {
        let arm = bash_arm(&bash, ls, option);
        assert!(!arm.contains("compgen -f"), "{option} offers files:{arm}");
    }
    for option in ["--ca-cert", "--qumulo-credentials"] {
        let arm = bash_arm(&bash, ls, option);
        assert!(arm.contains("compgen -f"), "{option} offers no files:{arm}");
    }
    assert!(bash_arm(&bash, ls, "--access").contains("read write delete"));
    assert!(bash_arm(&bash, ls, "--group-by").contains("client-ip client-name session path owner"));
    let close = "azfh__subcmd__handles__subcmd__close";
    assert!(!bash_arm(&bash, close, "--verify").contains("compgen -f"));
    // zsh: TARGET is text, DEST a path.
    let zsh = Azfh::bare().run(["completions", "zsh"]).ok().to_owned();
    let target = zsh
        .lines()
        .find(|line| line.starts_with("':target -- "))
        .unwrap();
    assert!(
        target.ends_with(":' \\"),
        "TARGET completes as text: {target}"
    );
    let dest = zsh
        .lines()
        .find(|line| line.starts_with("'::dest -- "))
        .unwrap();
    assert!(dest.contains("_files"), "DEST completes as a path: {dest}");
}

#[test]
fn man_pages_read_as_man_pages() {
    let page = Azfh::bare()
        .run(["man", "handles", "close"])
        .ok()
        .to_owned();
    let title = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
    assert!(
        title.starts_with(".TH azfh-handles-close 1")
            && title.contains(&format!("\"azfh {}\"", env!("CARGO_PKG_VERSION"))),
        "{title}"
    );
    let synopsis = page
        .split_once(".SH SYNOPSIS\n")
        .unwrap()
        .1
        .lines()
        .next()
        .unwrap();
    assert_eq!(synopsis, "azfh handles close [OPTIONS] [TARGET]...");
    assert!(!page.contains(".SH EXTRA"), "examples are not prose");
    let examples = page
        .split_once(".SH EXAMPLES\n")
        .expect("an EXAMPLES section")
        .1;
    assert!(examples.starts_with(".nf\n"), "examples kept as written");
    assert!(page.contains(".SH EXIT STATUS\n.nf\n"));
    for text in ["closing what clients reopen", "reads ids from stdin"] {
        assert_eq!(
            page.matches(text).count(),
            1,
            "{text}: one description\n{page}"
        );
    }
}

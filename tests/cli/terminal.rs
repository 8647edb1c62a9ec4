//! On a real (pseudo-)terminal: progress is drawn there and nowhere else, colors follow
//! `--color` and `NO_COLOR`, and the confirmation prompt takes only a yes.

use azfh_emulator::Faults;

use crate::support::{Env, on_terminal, on_terminal_with};

/// Everything a session printed until it ended, and its exit status.
fn finish(mut session: rexpect::session::PtySession) -> (String, i32) {
    let output = session.exp_eof().unwrap();
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    };
    (output, status)
}

#[test]
fn listing_progress_is_drawn_on_a_terminal_and_nowhere_else() {
    let env = Env::demo();
    env.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    for (args, progress) in [
        (
            &["handles", "ls", "demo", "-r", "--page-size", "50"][..],
            "listing demo: ",
        ),
        (&["ls", "demo", "-r"][..], "listing demo: "),
    ] {
        let mut session = on_terminal(&env, args);
        session.exp_string(progress).unwrap();
        let (_, status) = finish(session);
        assert_eq!(status, 0, "{args:?}");

        let piped = env.azfh().run(args);
        piped.ok();
        assert!(
            !piped.stderr.contains("listing"),
            "{args:?}: {}",
            piped.stderr
        );
        assert!(!piped.stderr.contains('\u{1b}') && !piped.stderr.contains('\r'));

        let mut quiet = args.to_vec();
        quiet.push("--no-progress");
        let (output, _) = finish(on_terminal(&env, &quiet));
        assert!(!output.contains("listing demo"), "--no-progress: {output}");
    }
}

#[test]
fn colors_on_a_terminal_unless_no_color_or_never() {
    let env = Env::demo();
    let args = [
        "handles",
        "ls",
        "demo/projects",
        "-o",
        "table",
        "--no-progress",
    ];
    let (colored, status) = finish(on_terminal(&env, &args));
    assert_eq!(status, 0);
    assert!(colored.contains("\u{1b}[1m"), "bold headers: {colored}");

    let (plain, _) = finish(on_terminal_with(&env, &args, &[("NO_COLOR", "1")]));
    assert!(plain.contains("HANDLE"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "NO_COLOR: {plain:?}");

    let mut never = args.to_vec();
    never.extend(["--color", "never"]);
    let (plain, _) = finish(on_terminal(&env, &never));
    assert!(!plain.contains('\u{1b}'), "--color never: {plain:?}");

    let (error, status) = finish(on_terminal_with(
        &env,
        &["handles", "ls", "nosuchshare", "--no-progress"],
        &[("NO_COLOR", "1")],
    ));
    assert_eq!(status, 1);
    assert!(error.contains("error: "), "{error}");
    assert!(!error.contains('\u{1b}'), "NO_COLOR errors: {error:?}");
}

#[test]
fn only_a_yes_confirms() {
    let env = Env::demo();
    let args = [
        "handles",
        "close",
        "demo/scans",
        "-r",
        "--older-than",
        "7d",
        "--no-progress",
        "-o",
        "tsv",
    ];
    for answer in ["", "sure", "no", "yess", "ja"] {
        let mut session = on_terminal(&env, &args);
        session.exp_string("[y/N]").unwrap();
        session.send_line(answer).unwrap();
        let (output, status) = finish(session);
        assert_eq!(status, 2, "{answer:?}: {output}");
        assert!(
            output.contains("nothing was closed"),
            "{answer:?}: {output}"
        );
    }
    assert_eq!(env.emulator.control.operation_count("ForceCloseHandles"), 0);
    let mut session = on_terminal(&env, &args);
    session.exp_string("[y/N]").unwrap();
    session.send_line("YES").unwrap();
    let (_, status) = finish(session);
    assert_eq!(status, 0);
    assert!(env.emulator.control.operation_count("ForceCloseHandles") > 0);
}

#[test]
fn close_progress_shows_a_rounded_rate() {
    let env = Env::demo();
    env.set_faults(Faults {
        latency_ms: 40,
        ..Faults::default()
    });
    let args = [
        "handles",
        "close",
        "demo",
        "-r",
        "--older-than",
        "1d",
        "--yes",
        "-o",
        "tsv",
    ];
    let (output, status) = finish(on_terminal(&env, &args));
    assert_eq!(status, 0, "{output}");
    let rates: Vec<&str> = output
        .match_indices("/s")
        .map(|(at, _)| {
            let before = &output[..at];
            let start = before
                .rfind(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .map_or(0, |i| i + 1);
            &before[start..]
        })
        .filter(|rate| !rate.is_empty())
        .collect();
    assert!(!rates.is_empty(), "a rate is shown: {output}");
    for rate in rates {
        let decimals = rate.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 1, "rounded: {rate}/s");
    }
}

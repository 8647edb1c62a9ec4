//! Tables for people: sized to the terminal with ids whole, columns chosen with `--columns`,
//! headers left out with `--no-header`, times with `--time`, sizes in `ls -l` for people.

use std::collections::BTreeSet;
use std::process::Command;

use unicode_width::UnicodeWidthStr;

use azfh_emulator::Faults;

use crate::support::Env;

/// A run on a pseudo-terminal `columns` wide: what it printed, its lines without `\r`.
fn on_terminal_of_width(env: &Env, columns: u16, args: &[&str]) -> Vec<String> {
    on_terminal_in_color(env, columns, false, args)
}

/// [`on_terminal_of_width`], in color when `color` (else with `NO_COLOR` set).
fn on_terminal_in_color(env: &Env, columns: u16, color: bool, args: &[&str]) -> Vec<String> {
    let mut command = Command::new("sh");
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env(
            "AZURE_STORAGE_CONNECTION_STRING",
            env.emulator.connection_string(),
        )
        .env("TERM", "xterm");
    if !color {
        command.env("NO_COLOR", "1");
    }
    command
        .arg("-c")
        .arg(format!("stty cols {columns} rows 50 && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_azfh"))
        .args(args);
    let mut session =
        rexpect::session::spawn_command(command, Some(20_000)).expect("a pseudo-terminal");
    // rexpect reads a byte a character: put the UTF-8 back together.
    let bytes: Vec<u8> = session
        .exp_eof()
        .unwrap()
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    String::from_utf8(bytes)
        .unwrap()
        .split('\n')
        .map(|line| line.trim_end_matches('\r').to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn at_80_columns_every_handle_id_is_whole_and_each_row_one_line() {
    let env = Env::demo();
    let tsv = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "tsv",
            "--columns",
            "handle_id",
        ])
        .ok()
        .to_owned();
    let ids: Vec<&str> = tsv.lines().skip(1).collect();
    assert!(ids.len() > 100, "the demo has handles to list");

    let lines = on_terminal_of_width(&env, 80, &["handles", "ls", "demo", "-r", "--no-progress"]);
    assert!(lines[0].starts_with("HANDLE ID"), "{lines:?}");
    assert_eq!(
        lines.len(),
        ids.len() + 1,
        "one line a handle:\n{}",
        lines.join("\n")
    );
    for line in &lines {
        assert!(line.width() <= 80, "wider than the terminal: {line:?}");
    }
    let first_cells: BTreeSet<&str> = lines[1..]
        .iter()
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        first_cells,
        ids.iter().copied().collect(),
        "every id intact"
    );
    // At 80 columns the demo's paths fit whole; narrower, the long ones give way.
    let narrow = on_terminal_of_width(&env, 60, &["handles", "ls", "demo", "-r", "--no-progress"]);
    assert!(
        narrow.iter().any(|line| line.contains('…')),
        "long paths are shortened in the middle"
    );
    assert!(narrow.iter().all(|line| line.width() <= 60));

    // Wider, the session ids come back, whole too.
    let wide = on_terminal_of_width(&env, 160, &["handles", "ls", "demo", "-r", "--no-progress"]);
    assert!(
        wide[0].contains("SESSION") && wide[0].contains("ACCESS"),
        "{}",
        wide[0]
    );
    let sessions: BTreeSet<String> = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "tsv",
            "--no-header",
            "--columns",
            "session_id",
        ])
        .ok()
        .lines()
        .map(str::to_owned)
        .collect();
    for session in &sessions {
        assert!(
            wide.iter()
                .any(|line| line.split_whitespace().any(|cell| cell == session)),
            "session {session} whole at 160 columns"
        );
    }
}

/// Where `name` starts in a header line, and how wide its column is (to the next header).
fn column_span(header: &str, name: &str, next: &str) -> usize {
    let start = header
        .find(name)
        .unwrap_or_else(|| panic!("{name} in {header:?}"));
    let end = header
        .find(next)
        .unwrap_or_else(|| panic!("{next} in {header:?}"));
    end - start - 2
}

/// `line` without its color escapes.
fn without_escapes(line: &str) -> String {
    let mut plain = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn at_80_columns_the_path_gets_the_room_and_no_line_is_wider() {
    let env = Env::demo();
    for color in [false, true] {
        let lines = on_terminal_in_color(
            &env,
            80,
            color,
            &["handles", "ls", "demo", "-r", "--no-progress"],
        );
        let lines: Vec<String> = lines.iter().map(|l| without_escapes(l)).collect();
        for line in &lines {
            assert!(line.width() <= 80, "wider than the terminal: {line:?}");
        }
        assert!(
            column_span(&lines[0], "PATH", "CLIENT NAME") >= 30,
            "PATH has room: {}",
            lines[..5].join("\n")
        );
    }
    let lines = on_terminal_in_color(&env, 80, true, &["ls", "demo", "-r", "-l", "--no-progress"]);
    for line in lines.iter().map(|l| without_escapes(l)) {
        assert!(line.width() <= 80, "wider than the terminal: {line:?}");
    }
    assert!(
        lines[0].starts_with("\x1b[1mTYPE"),
        "a bold header: {:?}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("PATH\x1b[0m"),
        "no blanks after the header: {:?}",
        lines[0]
    );
}

#[test]
fn at_80_columns_a_failed_close_says_why_below_its_row() {
    let env = Env::demo();
    env.set_faults(Faults {
        fail_close_every: 2,
        ..Faults::default()
    });
    let args = [
        "handles",
        "close",
        "demo",
        "-r",
        "--client-name",
        "citrix*",
        "--yes",
        "--no-progress",
    ];
    let lines = on_terminal_of_width(&env, 80, &args);
    let table: Vec<&String> = lines
        .iter()
        .skip_while(|l| !l.starts_with("HANDLE ID"))
        .collect();
    assert!(
        table[0].ends_with("OUTCOME"),
        "no ERROR column: {:?}",
        table[0]
    );
    let mut failed = 0;
    for (n, line) in table.iter().enumerate() {
        assert!(line.width() <= 80, "wider than the terminal: {line:?}");
        assert!(line.trim().chars().count() > 1, "a letter a line: {line:?}");
        if line.ends_with(" failed") {
            failed += 1;
            assert_eq!(
                table[n + 1].as_str(),
                "  error: the service could not close it",
                "the error follows its row"
            );
        }
    }
    assert!(failed > 0, "some closes failed:\n{}", lines.join("\n"));

    env.set_faults(Faults {
        fail_close_every: 2,
        ..Faults::default()
    });
    let args = [
        "handles",
        "close",
        "demo",
        "-r",
        "--client-name",
        "WS-*",
        "--yes",
        "--no-progress",
    ];
    let lines = on_terminal_of_width(&env, 120, &args);
    let header = lines.iter().find(|l| l.starts_with("HANDLE ID")).unwrap();
    assert!(header.ends_with("OUTCOME  ERROR"), "{header:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(" failed   the service could")
                || l.ends_with(" failed   the service could not close it")),
        "a sentence wraps between words, at least {} wide:\n{}",
        20,
        lines.join("\n")
    );
    for line in &lines {
        assert!(line.width() <= 120, "wider than the terminal: {line:?}");
    }
}

#[test]
fn ls_long_fits_the_terminal_with_file_ids_whole_and_sizes_for_people() {
    let env = Env::demo();
    // At 80 columns FILE ID gives its room to PATH; at 120 both fit.
    let lines = on_terminal_of_width(&env, 120, &["ls", "demo", "-r", "-l", "--no-progress"]);
    assert!(lines[0].starts_with("TYPE"), "{lines:?}");
    let file_ids: BTreeSet<String> = env
        .azfh()
        .run([
            "ls",
            "demo",
            "-r",
            "-o",
            "tsv",
            "--no-header",
            "--columns",
            "file_id",
        ])
        .ok()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), file_ids.len() + 1);
    for line in &lines {
        assert!(line.width() <= 120, "wider than the terminal: {line:?}");
    }
    for id in &file_ids {
        assert!(
            lines
                .iter()
                .any(|line| line.split_whitespace().any(|cell| cell == id)),
            "file id {id} whole"
        );
    }
    assert!(
        lines
            .iter()
            .any(|line| line.contains(" MiB") || line.contains(" KiB"))
    );
    assert!(
        lines[1..].iter().all(|line| line.contains(" UTC")),
        "times say their zone"
    );
}

#[test]
fn ls_sizes_are_for_people_unless_bytes() {
    let env = Env::demo();
    let table = |extra: &[&str]| {
        let mut args = vec!["ls", "demo", "-r", "-o", "table", "--columns", "size,path"];
        args.extend(extra);
        env.azfh().run(args).ok().to_owned()
    };
    let tsv = env
        .azfh()
        .run(["ls", "demo", "-r", "-o", "tsv", "--columns", "path,size"])
        .ok()
        .to_owned();
    let (path, bytes) = tsv
        .lines()
        .skip(1)
        .map(|line| line.split_once('\t').unwrap())
        .find(|(_, size)| size.parse::<u64>().is_ok_and(|n| n > 1024 * 1024))
        .expect("a file over a MiB");
    let human = table(&[]);
    let row = human.lines().find(|l| l.ends_with(path)).unwrap();
    assert!(row.contains(" MiB") && !row.contains(bytes), "{row}");
    let raw = table(&["--bytes"]);
    let row = raw.lines().find(|l| l.ends_with(path)).unwrap();
    assert!(row.starts_with(bytes), "{row}");
}

#[test]
fn columns_choose_what_tables_and_tsv_show() {
    let env = Env::demo();
    let tsv = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "tsv",
            "--columns",
            "client,handle_id,open_time",
        ])
        .ok()
        .to_owned();
    let mut lines = tsv.lines();
    assert_eq!(lines.next(), Some("client\thandle_id\topen_time"));
    let row: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(row.len(), 3);
    assert!(row[0].contains(':'), "client is address:port: {row:?}");
    assert!(row[1].chars().all(|c| c.is_ascii_digit()), "{row:?}");
    assert!(row[2].ends_with('Z'), "{row:?}");

    let table = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "table",
            "--columns",
            "file_id,handle_id",
        ])
        .ok()
        .to_owned();
    let header: Vec<&str> = table
        .lines()
        .next()
        .unwrap()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(header, ["FILE ID", "HANDLE ID"]);

    env.azfh()
        .run(["handles", "ls", "demo", "--columns", "handle_id,hostname"])
        .usage_error("--columns has no column 'hostname'; the columns are: handle_id, path,");
    env.azfh()
        .run(["handles", "ls", "demo", "-o", "json", "--columns", "path"])
        .usage_error("json output always has every field");
    env.azfh()
        .run(["ls", "demo", "--columns", "handle_id"])
        .usage_error("the columns are: path, type, size");
}

#[test]
fn no_header_leaves_out_the_header_line() {
    let env = Env::demo();
    for format in ["tsv", "table"] {
        let with = env
            .azfh()
            .run(["handles", "ls", "demo", "-r", "-o", format])
            .ok()
            .to_owned();
        let without = env
            .azfh()
            .run(["handles", "ls", "demo", "-r", "-o", format, "--no-header"])
            .ok()
            .to_owned();
        assert_eq!(
            without.lines().count() + 1,
            with.lines().count(),
            "{format}"
        );
        assert!(
            !without.contains("handle_id") && !without.contains("HANDLE ID"),
            "{format}"
        );
        assert!(
            with.lines()
                .next()
                .unwrap()
                .to_lowercase()
                .starts_with("handle"),
            "{format}"
        );
    }
}

#[test]
fn time_absolute_shows_utc_instants_and_relative_ages() {
    let env = Env::demo();
    let absolute = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "table",
            "--columns",
            "handle_id,open_time",
            "--time",
            "absolute",
        ])
        .ok()
        .to_owned();
    let tsv = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "tsv",
            "--no-header",
            "--columns",
            "handle_id,open_time",
        ])
        .ok()
        .to_owned();
    let expected: Vec<String> = tsv.lines().map(|l| l.replace('\t', "  ")).collect();
    let shown: Vec<&str> = absolute.lines().skip(1).collect();
    assert_eq!(shown, expected, "RFC 3339 in UTC, as tsv has it");
    let relative = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "table",
            "--columns",
            "handle_id,open_time",
        ])
        .ok()
        .to_owned();
    assert!(
        relative.lines().skip(1).all(|l| l.ends_with(" ago")),
        "{relative}"
    );
    let grouped = env
        .azfh()
        .run([
            "handles",
            "ls",
            "demo",
            "-r",
            "-o",
            "table",
            "--group-by",
            "client-ip",
            "--time",
            "absolute",
        ])
        .ok()
        .to_owned();
    assert!(
        grouped
            .lines()
            .skip(1)
            .all(|l| l.contains('T') && l.contains('Z')),
        "{grouped}"
    );
}

#[test]
fn one_is_singular_in_counts() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_azfh"))
        .args(["emulator", "--generate", "one:1", "--listen", "127.0.0.1:0"])
        .env_clear()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let serving = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .find(|line| line.contains("serving"))
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(serving.contains("serving one (1 handle) at"), "{serving}");
}

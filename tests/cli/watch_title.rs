//! `handles stats --watch` titles each pass with the time it counted, as a person reads it:
//! `2026-12-07 19:08:00 UTC`, to the second (not RFC 3339 with nanoseconds and a `Z` before
//! "UTC").

use crate::support::{Env, on_terminal};

#[test]
fn the_watch_title_shows_the_time_to_the_second_in_utc() {
    let env = Env::demo();
    let mut session = on_terminal(
        &env,
        &[
            "handles",
            "stats",
            "demo",
            "-r",
            "--watch",
            "1s",
            "--no-progress",
        ],
    );
    let (_, title) = session.exp_regex(r"counted at [^,]*, every").unwrap();
    session.send_control('c').unwrap();
    session.exp_eof().unwrap();
    let when = title
        .trim_start_matches("counted at ")
        .trim_end_matches(", every");
    let (stamp, zone) = when.rsplit_once(' ').expect("a time and its zone");
    assert_eq!(zone, "UTC", "{title}");
    assert!(
        time::PrimitiveDateTime::parse(
            stamp,
            time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        )
        .is_ok(),
        "a date and a time to the second: {title}"
    );
}

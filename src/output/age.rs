//! Times in tables: human ages (`8d 3h ago`, `45m ago`, `12s ago`) or, with
//! `--time absolute`, RFC 3339 in UTC.

use std::fmt::Write as _;

use time::OffsetDateTime;

/// `--time`: how a table shows when a handle was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum TimeStyle {
    /// How long ago: `8d 3h ago`.
    #[default]
    Relative,
    /// When, in UTC: `2026-11-13T08:30:00Z` (as in tsv and json).
    Absolute,
}

impl TimeStyle {
    /// `then` as this style shows it, ages counted to `now`.
    pub(crate) fn show(self, then: OffsetDateTime, now: OffsetDateTime) -> String {
        match self {
            TimeStyle::Relative => human_age(then, now),
            TimeStyle::Absolute => super::rfc3339(then),
        }
    }
}

/// A time at most this far after azfh's clock is shown as `now`: clocks disagree by a few
/// seconds, and a handle a client reopened during the run is not opened "in 1s".
const CLOCK_SKEW: time::Duration = time::Duration::seconds(5);

/// The time from `then` to `now` in its two largest units (the second left out when zero);
/// `now` for a time up to [`CLOCK_SKEW`] ahead.
pub(crate) fn human_age(then: OffsetDateTime, now: OffsetDateTime) -> String {
    let delta = now - then;
    if delta.is_negative() && -delta <= CLOCK_SKEW {
        return "now".to_owned();
    }
    let (seconds, future) = if delta.is_negative() {
        ((-delta).whole_seconds(), true)
    } else {
        (delta.whole_seconds(), false)
    };
    let units = [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')];
    let text = match units.iter().position(|(size, _)| seconds >= *size) {
        None => "0s".to_owned(),
        Some(index) => {
            let (size, unit) = units[index];
            let mut text = format!("{}{unit}", seconds / size);
            if let Some((next_size, next_unit)) = units.get(index + 1) {
                let rest = (seconds % size) / next_size;
                if rest > 0 {
                    let _ = write!(text, " {rest}{next_unit}");
                }
            }
            text
        }
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn two_largest_units() {
        let now = datetime!(2026-11-21 12:00 UTC);
        let ago = |d: Duration| human_age(now - d, now);
        assert_eq!(
            ago(Duration::days(8) + Duration::hours(3) + Duration::minutes(59)),
            "8d 3h ago"
        );
        assert_eq!(ago(Duration::days(60)), "60d ago");
        assert_eq!(ago(Duration::minutes(45)), "45m ago");
        assert_eq!(ago(Duration::seconds(75)), "1m 15s ago");
        assert_eq!(ago(Duration::seconds(12)), "12s ago");
        assert_eq!(ago(Duration::ZERO), "0s ago");
        assert_eq!(
            human_age(now + Duration::seconds(1), now),
            "now",
            "clock skew"
        );
        assert_eq!(
            human_age(now + Duration::seconds(5), now),
            "now",
            "clock skew"
        );
        assert_eq!(human_age(now + Duration::seconds(12), now), "in 12s");
    }
}

//! Byte counts and rates for people, in summaries and progress on stderr.

/// `1.5 GiB`, `640 KiB`, `12 B`.
#[allow(clippy::cast_precision_loss, reason = "a figure for people")]
pub(crate) fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    match unit {
        0 => format!("{bytes} B"),
        _ if value < 10.0 => format!("{value:.1} {}", UNITS[unit]),
        _ => format!("{value:.0} {}", UNITS[unit]),
    }
}

/// Steps a second, rounded for people: `2.5/s`, `1,403/s` (never `1,402.9286/s`).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a figure for people"
)]
pub(crate) fn human_rate(per_second: f64) -> String {
    if !per_second.is_finite() || per_second <= 0.0 {
        return "0/s".to_owned();
    }
    if per_second < 10.0 {
        return format!("{per_second:.1}/s");
    }
    let digits = (per_second.round() as u64).to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}/s")
}

/// Bytes a second, for `bytes` moved in `seconds` (all of them, when no time passed).
pub(crate) fn rate(bytes: u64, seconds: f64) -> u64 {
    if seconds > 0.0 {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let per_second = (bytes as f64 / seconds) as u64;
        per_second
    } else {
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(20 * 1024), "20 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
        assert_eq!(human_bytes(1_536), "1.5 KiB");
    }

    #[test]
    fn rates_for_people() {
        assert_eq!(human_rate(1_402.928_6), "1,403/s");
        assert_eq!(human_rate(2.46), "2.5/s");
        assert_eq!(human_rate(999_999.6), "1,000,000/s");
        assert_eq!(human_rate(12.0), "12/s");
        assert_eq!(human_rate(0.0), "0/s");
        assert_eq!(human_rate(f64::NAN), "0/s");
    }
}

//! Byte counts and rates for people, in summaries on stderr.

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
}

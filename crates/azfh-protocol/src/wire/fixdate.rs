//! RFC 1123 times (`Fri, 03 May 2019 05:59:43 GMT`) written straight into bytes: a List
//! Handles page carries one or two per handle, and formatting each through `SystemTime`,
//! `core::fmt` and a `String` of its own was a good part of what a handle cost.

use time::{Month, OffsetDateTime, Weekday};

use super::clamp_to_http_dates;

/// The 29 bytes of `t`, clamped to the years HTTP dates can carry as
/// [`format_rfc1123`](super::format_rfc1123) clamps it (which stays the reference).
pub(super) fn write_rfc1123(out: &mut Vec<u8>, t: OffsetDateTime) {
    let t = clamp_to_http_dates(t).to_offset(time::UtcOffset::UTC);
    let (year, month, day) = t.to_calendar_date();
    let (hour, minute, second) = t.to_hms();
    let weekday: &[u8; 3] = match t.weekday() {
        Weekday::Monday => b"Mon",
        Weekday::Tuesday => b"Tue",
        Weekday::Wednesday => b"Wed",
        Weekday::Thursday => b"Thu",
        Weekday::Friday => b"Fri",
        Weekday::Saturday => b"Sat",
        Weekday::Sunday => b"Sun",
    };
    let month: &[u8; 3] = match month {
        Month::January => b"Jan",
        Month::February => b"Feb",
        Month::March => b"Mar",
        Month::April => b"Apr",
        Month::May => b"May",
        Month::June => b"Jun",
        Month::July => b"Jul",
        Month::August => b"Aug",
        Month::September => b"Sep",
        Month::October => b"Oct",
        Month::November => b"Nov",
        Month::December => b"Dec",
    };
    // The clamp keeps the year within 1970..=9999: four digits.
    let year = u16::try_from(year).unwrap_or(9999);
    let mut text = *b"Www, DD Mmm YYYY hh:mm:ss GMT";
    text[0..3].copy_from_slice(weekday);
    text[5..7].copy_from_slice(&two_digits(day));
    text[8..11].copy_from_slice(month);
    text[12..14].copy_from_slice(&two_digits(u8::try_from(year / 100).unwrap_or(99)));
    text[14..16].copy_from_slice(&two_digits(u8::try_from(year % 100).unwrap_or(99)));
    text[17..19].copy_from_slice(&two_digits(hour));
    text[20..22].copy_from_slice(&two_digits(minute));
    text[23..25].copy_from_slice(&two_digits(second));
    out.extend_from_slice(&text);
}

/// `value` (below 100) as two ASCII digits.
fn two_digits(value: u8) -> [u8; 2] {
    [b'0' + value / 10 % 10, b'0' + value % 10]
}

#[cfg(test)]
mod tests {
    use super::super::format_rfc1123;
    use super::*;

    fn written(t: OffsetDateTime) -> String {
        let mut out = Vec::new();
        write_rfc1123(&mut out, t);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_what_httpdate_writes() {
        // Every weekday and month, leap days, both ends and beyond them.
        for seconds in (0..253_402_300_799_i64).step_by(86_413 * 37 + 3_601) {
            let t = OffsetDateTime::from_unix_timestamp(seconds).unwrap();
            assert_eq!(written(t), format_rfc1123(t));
        }
        let leap = time::macros::datetime!(2024-02-29 23:59:59 UTC);
        let far = time::Date::MAX.with_hms(12, 0, 0).unwrap().assume_utc();
        let before = time::macros::datetime!(1900-01-01 12:00:00 UTC);
        let shifted = time::macros::datetime!(2026-11-21 00:30:00 +02:00);
        for t in [leap, far, before, shifted, OffsetDateTime::UNIX_EPOCH] {
            assert_eq!(written(t), format_rfc1123(t), "{t}");
        }
    }
}

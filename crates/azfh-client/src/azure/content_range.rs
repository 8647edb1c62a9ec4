//! The `Content-Range` of a ranged Get File answer, parsed and checked against the range that
//! was asked for: a download trusts it to place bytes at their offset and to size the file,
//! so a value that disagrees with the request, or names a file larger than Azure Files allows,
//! is refused rather than believed.

pub use azfh_protocol::limits::MAX_FILE_SIZE;

/// `bytes START-END/TOTAL`: bytes `start..=end` of a file of `total` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    pub start: u64,
    /// Inclusive.
    pub end: u64,
    pub total: u64,
}

impl ContentRange {
    /// Parses `bytes START-END/TOTAL`. A parsed range is consistent: `start <= end < total <=
    /// MAX_FILE_SIZE`. The error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        const SHAPE: &str = "is not of the form bytes START-END/SIZE";
        let spec = text.trim().strip_prefix("bytes ").ok_or(SHAPE)?;
        let (range, total) = spec.split_once('/').ok_or(SHAPE)?;
        let (start, end) = range.split_once('-').ok_or(SHAPE)?;
        let number = |digits: &str| -> Result<u64, &'static str> {
            let digits = digits.trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SHAPE);
            }
            // Too many digits for a u64 is a size far beyond the limit.
            digits.parse().map_err(|_| "names a file larger than 4 TiB")
        };
        let (start, end, total) = (number(start)?, number(end)?, number(total)?);
        if total > MAX_FILE_SIZE {
            return Err("names a file larger than 4 TiB, the most Azure Files stores");
        }
        if start > end {
            return Err("ends before it starts");
        }
        if end >= total {
            return Err("ends past the end of the file");
        }
        Ok(Self { start, end, total })
    }

    /// Bytes in the range.
    pub fn byte_count(&self) -> u64 {
        self.end - self.start + 1
    }

    /// Checks the range against the request for `start..=asked_end` (to the end of the file
    /// when `None`): the answer must start where asked and hold every asked byte the file has.
    pub fn check_answers(&self, start: u64, asked_end: Option<u64>) -> Result<(), &'static str> {
        if self.start != start {
            return Err("does not start where the request asked");
        }
        let last_byte = self.total - 1;
        let expected_end = asked_end.map_or(last_byte, |end| end.min(last_byte));
        if self.end != expected_end {
            return Err("does not end where the request asked");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_the_service_sends() {
        assert_eq!(
            ContentRange::parse("bytes 0-4194303/10485760"),
            Ok(ContentRange {
                start: 0,
                end: 4_194_303,
                total: 10_485_760
            })
        );
        let last = ContentRange::parse("bytes 4398046511103-4398046511103/4398046511104").unwrap();
        assert_eq!(last.byte_count(), 1);
    }

    #[test]
    fn refuses_sizes_beyond_azure_files_and_inconsistent_ranges() {
        for text in [
            "bytes 0-9/4611686018427387904",
            "bytes 0-9/4398046511105",
            "bytes 0-9/99999999999999999999999",
            "bytes 5-4/10",
            "bytes 0-10/10",
            "bytes 0-0/0",
            "bytes +0-9/10",
            "bytes 0-9/*",
            "bytes */10",
            "0-9/10",
            "",
        ] {
            assert!(ContentRange::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn an_answer_must_cover_what_was_asked() {
        let range = ContentRange::parse("bytes 100-199/1000").unwrap();
        assert_eq!(range.check_answers(100, Some(199)), Ok(()));
        assert!(range.check_answers(0, Some(99)).is_err(), "wrong start");
        assert!(range.check_answers(100, Some(299)).is_err(), "cut short");
        assert!(range.check_answers(100, Some(150)).is_err(), "longer");
        let tail = ContentRange::parse("bytes 900-999/1000").unwrap();
        assert_eq!(
            tail.check_answers(900, Some(2_000)),
            Ok(()),
            "clamped at EOF"
        );
        assert_eq!(tail.check_answers(900, None), Ok(()));
    }
}

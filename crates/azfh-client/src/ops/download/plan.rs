//! How a download is cut into blocks, and the command-line values that shape it. Pure.

/// One block to fetch: `len` bytes from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub index: u64,
    pub start: u64,
    pub len: u64,
}

impl Block {
    /// The last byte, inclusive (as in `x-ms-range`).
    pub fn end(&self) -> u64 {
        self.start + self.len - 1
    }
}

/// The largest file Azure Files stores (4 TiB): a size above it, from any server, is refused
/// before it shapes a single computation.
pub use azfh_protocol::limits::MAX_FILE_SIZE;

/// The blocks covering `[start, end)`, each `block_size` long but the last, produced lazily:
/// memory does not depend on the file's size.
pub fn blocks(start: u64, end: u64, block_size: u64) -> impl Iterator<Item = Block> {
    let block_size = block_size.max(1);
    let count = block_count(start, end, block_size);
    (0..count).map(move |index| {
        // index < count, so index * block_size < end - start: no overflow.
        let block_start = start + index * block_size;
        Block {
            index,
            start: block_start,
            len: block_size.min(end - block_start),
        }
    })
}

/// How many blocks cover `[start, end)`.
pub fn block_count(start: u64, end: u64, block_size: u64) -> u64 {
    end.saturating_sub(start).div_ceil(block_size.max(1))
}

/// The bytes `[start, end)` to fetch of a file of `size` bytes for `--range START-LAST`
/// (`LAST` inclusive, `None` to the end), clipped to the file as the service clips it;
/// `None` if START is past the end (of a non-empty file).
pub fn clip_range(range: Option<(u64, Option<u64>)>, size: u64) -> Option<(u64, u64)> {
    let Some((start, last)) = range else {
        return Some((0, size));
    };
    if start >= size {
        return None;
    }
    // `last` may be u64::MAX: clip before adding one, so nothing wraps.
    let end = last.map_or(size, |last| last.min(size - 1) + 1);
    Some((start, end))
}

/// A value that cannot be used, with the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PlanError(pub String);

/// `--range START-END` (inclusive, as in HTTP), or `START-` (to the end).
pub fn parse_byte_range(text: &str) -> Result<(u64, Option<u64>), PlanError> {
    let bad = |why: &str| {
        PlanError(format!(
            "invalid --range '{text}': {why}; use START-END in bytes, like 0-1023 or 4096-"
        ))
    };
    let (start, end) = text.trim().split_once('-').ok_or_else(|| bad("no '-'"))?;
    let start: u64 = start
        .trim()
        .parse()
        .map_err(|_| bad("the start is not a number of bytes"))?;
    let end = match end.trim() {
        "" => None,
        end => Some(
            end.parse::<u64>()
                .map_err(|_| bad("the end is not a number of bytes"))?,
        ),
    };
    if let Some(end) = end
        && end < start
    {
        return Err(bad("the end comes before the start"));
    }
    Ok((start, end))
}

/// `--block-size`: bytes, or with a unit: `512K`, `4M`, `4MiB`, `1G` (powers of 1,024); the
/// rule is [`azfh_protocol::size`], which the emulator's `--file NAME:SIZE` shares.
pub fn parse_size(text: &str) -> Result<u64, PlanError> {
    azfh_protocol::size::parse_size(text).map_err(|err| PlanError(err.to_string()))
}

/// `--block-size` within what makes sense: 64 KiB to 256 MiB.
pub fn parse_block_size(text: &str) -> Result<u64, PlanError> {
    let size = parse_size(text)?;
    if !(64 << 10..=256 << 20).contains(&size) {
        return Err(PlanError(format!(
            "--block-size {text} is outside 64K to 256M"
        )));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_range_exactly() {
        let all: Vec<Block> = blocks(0, 10, 4).collect();
        assert_eq!(
            all.iter().map(|b| (b.start, b.len)).collect::<Vec<_>>(),
            [(0, 4), (4, 4), (8, 2)]
        );
        assert_eq!(all[2].end(), 9);
        assert_eq!(blocks(5, 5, 4).count(), 0);
        assert_eq!(
            blocks(100, 101, 4).next().unwrap(),
            Block {
                index: 0,
                start: 100,
                len: 1
            }
        );
    }

    #[test]
    fn ranges_clip_to_the_file_and_never_wrap() {
        assert_eq!(clip_range(None, 10), Some((0, 10)));
        assert_eq!(clip_range(Some((0, Some(u64::MAX))), 10), Some((0, 10)));
        assert_eq!(clip_range(Some((3, Some(4))), 10), Some((3, 5)));
        assert_eq!(clip_range(Some((3, None)), 10), Some((3, 10)));
        assert_eq!(clip_range(Some((10, None)), 10), None);
        assert_eq!(clip_range(Some((u64::MAX, Some(u64::MAX))), 10), None);
        assert_eq!(clip_range(Some((0, None)), 0), None);
        assert_eq!(block_count(0, MAX_FILE_SIZE, 64 << 10), 1 << 26);
        let last = blocks(0, MAX_FILE_SIZE, 64 << 10).last().unwrap();
        assert_eq!(last.end(), MAX_FILE_SIZE - 1);
    }

    #[test]
    fn ranges_and_sizes() {
        assert_eq!(parse_byte_range("0-1023").unwrap(), (0, Some(1023)));
        assert_eq!(parse_byte_range("4096-").unwrap(), (4096, None));
        assert!(
            parse_byte_range("9-3")
                .unwrap_err()
                .0
                .contains("before the start")
        );
        assert!(parse_byte_range("x-3").is_err());
        assert!(parse_byte_range("12").is_err());
        assert_eq!(parse_size("4M").unwrap(), 4 << 20);
        assert_eq!(parse_size("8MiB").unwrap(), 8 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("1048576").unwrap(), 1 << 20);
        assert!(parse_size("4X").is_err());
        assert_eq!(parse_size("0").unwrap(), 0, "an empty file has a size");
        assert!(parse_size("99999999999G").is_err());
        assert!(parse_block_size("0").is_err());
        assert!(parse_block_size("1K").is_err());
        assert!(parse_block_size("1G").is_err());
        assert_eq!(parse_block_size("4MiB").unwrap(), 4 << 20);
    }
}

//! `--range`, `--block-size` and the block plan of a download: no value a user types and no
//! file size a service reports (up to 4 TiB) makes them panic or wrap; a clipped range lies
//! within the file; the blocks cover it exactly, in order, none longer than the block size;
//! and the done-block bits read back what was written.
#![no_main]

use azfh_client::ops::download::done_blocks::DoneBlocks;
use azfh_client::ops::download::plan::{
    MAX_FILE_SIZE, block_count, blocks, clip_range, parse_block_size, parse_byte_range,
};
use libfuzzer_sys::fuzz_target;

/// Blocks walked one by one at the most, per input (a 4 TiB plan has 64 Mi of them).
const WALKED: u64 = 512;

fuzz_target!(|input: (&str, &str, u64, u16)| {
    let (range_text, block_text, size, marks) = input;
    let size = size % (MAX_FILE_SIZE + 1);
    let range = parse_byte_range(range_text).ok();
    if let Some((start, Some(last))) = range {
        assert!(start <= last, "{range_text:?}");
    }
    let block_size = parse_block_size(block_text).unwrap_or(64 << 10);
    assert!((64 << 10..=256 << 20).contains(&block_size));
    let Some((start, end)) = clip_range(range, size) else {
        return;
    };
    assert!(start <= end && end <= size, "{range_text:?} of {size}");
    if let Some((asked, last)) = range {
        assert!(
            start < end,
            "a range is never empty: {range_text:?} of {size}"
        );
        assert_eq!(start, asked);
        assert!(last.is_none_or(|last| end - 1 <= last));
    }
    let count = block_count(start, end, block_size);
    assert_eq!(count, (end - start).div_ceil(block_size));
    let mut expected_start = start;
    for (index, block) in blocks(start, end, block_size)
        .take(WALKED as usize)
        .enumerate()
    {
        assert_eq!(block.index, index as u64);
        assert_eq!(block.start, expected_start);
        assert!(block.len >= 1 && block.len <= block_size);
        assert!(block.end() < end);
        expected_start = block.end() + 1;
    }
    if count <= WALKED {
        assert_eq!(expected_start, end, "the blocks cover the range exactly");
    }
    if count > 0 && count <= 1 << 12 {
        let mut done = DoneBlocks::new(count);
        let marked: Vec<u64> = (0..16)
            .filter(|bit| marks & (1 << bit) != 0)
            .map(|bit| (u64::from(marks) * 31 + bit) % count)
            .collect();
        for &index in &marked {
            done.insert(index);
        }
        for &index in &marked {
            assert!(done.contains(index));
        }
        let undone = done.next_undone(0);
        assert!(undone == count || !done.contains(undone));
        assert_eq!(DoneBlocks::from_hex(&done.to_hex(), count), Some(done));
    }
});

//! Which blocks of a download are done: one bit a block.
//!
//! A 4 TiB file (Azure's largest) in 64 KiB blocks has 64 Mi blocks: 8 MiB of bits, where a set
//! of indexes would take gigabytes. The bits are also what the resume state stores, as hex of a
//! fixed length, so that the state file never grows and can be rewritten in place.

/// A bit for each of `len` blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneBlocks {
    bits: Vec<u8>,
    len: u64,
}

impl DoneBlocks {
    /// `len` blocks, none done.
    pub fn new(len: u64) -> Self {
        let bytes = usize::try_from(len.div_ceil(8)).expect("a bounded number of blocks");
        Self {
            bits: vec![0; bytes],
            len,
        }
    }

    pub fn insert(&mut self, index: u64) {
        if index < self.len {
            let (byte, bit) = Self::locate(index);
            self.bits[byte] |= bit;
        }
    }

    pub fn contains(&self, index: u64) -> bool {
        if index >= self.len {
            return false;
        }
        let (byte, bit) = Self::locate(index);
        self.bits[byte] & bit != 0
    }

    /// The first index at or after `from` that is not done (`len` if all are).
    pub fn next_undone(&self, from: u64) -> u64 {
        let mut index = from;
        while index < self.len {
            let (byte, _) = Self::locate(index);
            if index.is_multiple_of(8) && self.bits[byte] == 0xff {
                index += 8;
                continue;
            }
            if !self.contains(index) {
                return index;
            }
            index += 1;
        }
        self.len
    }

    /// The bits as hex: always `2 × ⌈len / 8⌉` characters.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.bits)
    }

    /// Reads back `to_hex` for `len` blocks; `None` if it does not fit.
    pub fn from_hex(text: &str, len: u64) -> Option<Self> {
        let bits = hex::decode(text).ok()?;
        let fresh = Self::new(len);
        if bits.len() != fresh.bits.len() {
            return None;
        }
        let mut done = Self { bits, len };
        // Bits past `len` mean nothing: clear them so equal sets compare equal.
        if let Some(last) = done.bits.last_mut()
            && !len.is_multiple_of(8)
        {
            *last &= (1u8 << (len % 8)) - 1;
        }
        Some(done)
    }

    fn locate(index: u64) -> (usize, u8) {
        (
            usize::try_from(index / 8).expect("an index below len"),
            1 << (index % 8),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_and_find_the_first_gap() {
        let mut done = DoneBlocks::new(20);
        assert_eq!(done.next_undone(0), 0);
        for index in (0..10).chain([12, 25]) {
            done.insert(index);
        }
        assert!(done.contains(9) && !done.contains(10) && !done.contains(25));
        assert_eq!(done.next_undone(0), 10);
        assert_eq!(done.next_undone(12), 13);
        let hex = done.to_hex();
        assert_eq!(hex.len(), 6);
        assert_eq!(DoneBlocks::from_hex(&hex, 20).unwrap(), done);
        assert!(DoneBlocks::from_hex(&hex, 30).is_none());
        assert!(DoneBlocks::from_hex("zz", 8).is_none());
        let mut all = DoneBlocks::new(17);
        (0..17).for_each(|i| all.insert(i));
        assert_eq!(all.next_undone(0), 17);
    }

    #[test]
    fn the_largest_file_takes_megabytes_not_gigabytes() {
        let done = DoneBlocks::new(super::super::plan::block_count(
            0,
            super::super::plan::MAX_FILE_SIZE,
            64 << 10,
        ));
        assert_eq!(done.bits.len(), 8 << 20);
    }
}

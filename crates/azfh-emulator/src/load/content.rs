//! File content generated from a seed: any byte range of any size, computed on demand, so a
//! multi-GiB file costs no memory or disk, and a test can compute the bytes it must receive.
//! A seed tagged by [`text_seed`] gives printable lines (for the demo's `.log`, `.txt`, `.md`
//! and `.c` files, which people print); any other, random bytes.

/// The top 16 bits of a seed whose content is text.
const TEXT_TAG: u64 = 0x7E47;

/// Every line of a text content is this long, newline included: any offset finds its line.
const LINE: u64 = 64;

/// `seed`, tagged so that its content is printable lines.
pub fn text_seed(seed: u64) -> u64 {
    (TEXT_TAG << 48) | (seed & 0xFFFF_FFFF_FFFF)
}

fn is_text(seed: u64) -> bool {
    seed >> 48 == TEXT_TAG
}

/// Line `index` of a text content: [`LINE`] bytes, the last a newline.
fn text_line(seed: u64, index: u64) -> Vec<u8> {
    let mut line = format!(
        "{index:>8}  build step {:016x} ok  {:08x}",
        word(seed, index),
        word(seed ^ 1, index) >> 32
    )
    .into_bytes();
    line.resize(usize::try_from(LINE).expect("small") - 1, b' ');
    line.push(b'\n');
    line
}

/// The 8-byte word at `index` of the file with `seed` (splitmix64 of the pair).
fn word(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fills `buf` with the file's bytes from `offset` on.
pub fn fill(seed: u64, offset: u64, buf: &mut [u8]) {
    let mut position = offset;
    let mut written = 0;
    if is_text(seed) {
        while written < buf.len() {
            let line = text_line(seed, position / LINE);
            let skip = usize::try_from(position % LINE).expect("below LINE");
            let take = (line.len() - skip).min(buf.len() - written);
            buf[written..written + take].copy_from_slice(&line[skip..skip + take]);
            written += take;
            position += take as u64;
        }
        return;
    }
    while written < buf.len() {
        let index = position / 8;
        let skip = usize::try_from(position % 8).expect("below 8");
        let bytes = word(seed, index).to_le_bytes();
        let take = (8 - skip).min(buf.len() - written);
        buf[written..written + take].copy_from_slice(&bytes[skip..skip + take]);
        written += take;
        position += take as u64;
    }
}

/// The bytes of `[offset, offset + len)`.
pub fn bytes(seed: u64, offset: u64, len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    fill(seed, offset, &mut buf);
    buf
}

/// The MD5 of a whole file of `size` bytes.
pub fn md5(seed: u64, size: u64) -> [u8; 16] {
    use md5::{Digest, Md5};
    let mut hasher = Md5::new();
    let mut buf = vec![0; 1 << 20];
    let mut offset = 0;
    while offset < size {
        let len = usize::try_from((size - offset).min(buf.len() as u64)).expect("fits");
        fill(seed, offset, &mut buf[..len]);
        hasher.update(&buf[..len]);
        offset += len as u64;
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_range_matches_the_whole() {
        let whole = bytes(7, 0, 1_000);
        for (offset, len) in [(0, 1), (3, 5), (7, 9), (8, 8), (13, 400), (999, 1)] {
            assert_eq!(
                bytes(7, offset as u64, len),
                whole[offset..offset + len],
                "{offset}+{len}"
            );
        }
        assert_ne!(bytes(8, 0, 64), whole[..64], "another seed, other bytes");
        let text = bytes(text_seed(7), 0, 1_000);
        assert!(
            text.iter()
                .all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\n')
        );
        assert_eq!(text[63], b'\n');
        for (offset, len) in [(0, 1), (63, 2), (100, 300), (999, 1)] {
            assert_eq!(
                bytes(text_seed(7), offset as u64, len),
                text[offset..offset + len]
            );
        }
        assert_eq!(md5(7, 1_000), md5(7, 1_000));
        assert_ne!(md5(7, 1_000), md5(7, 999));
    }
}

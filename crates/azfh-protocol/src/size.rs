//! The size syntax of azfh's command lines: bytes, or a number with a binary unit.
//!
//! Not Azure vocabulary, but one rule that two sides must read alike: the client's
//! `--block-size 4M` and the emulator's `--file NAME:4M` mean the same number of bytes. It
//! lives here, the one module both may use, rather than twice.

/// A size that is not bytes or a number with a unit; the message names the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid size '{0}': use bytes or a unit, like 512K, 4M or 8MiB")]
pub struct SizeError(pub String);

/// Bytes, or with a unit: `512K`, `4M`, `4MiB`, `1G`, `4T` (powers of 1,024, any case).
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let bad = || SizeError(text.to_owned());
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(bad()),
    };
    number.checked_mul(factor).ok_or_else(bad)
}

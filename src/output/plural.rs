//! The English plural's "s", for the notes and summaries that count things.

/// "s" unless `count` is one: "1 handle", "0 handles", "2 rounds".
pub(crate) fn plural<N: Copy + PartialEq + From<u8>>(count: N) -> &'static str {
    if count == N::from(1) { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn only_one_is_singular() {
        assert_eq!(plural(1_usize), "");
        assert_eq!(plural(0_usize), "s");
        assert_eq!(plural(2_u64), "s");
        assert_eq!(plural(1_u64), "");
    }
}

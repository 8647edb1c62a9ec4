//! The service's rule for share names, shared by the client (which refuses a bad name before
//! sending anything) and the emulator (which must not create a share no client can name).

/// 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter
/// or digit.
pub fn is_valid(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn the_service_rule() {
        for good in ["abc", "my-share-2", &"a".repeat(63)] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "t",
            "ab",
            "Abc",
            "-abc",
            "abc-",
            "a--b",
            "a_b",
            &"a".repeat(64),
            "",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}

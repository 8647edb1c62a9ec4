//! The service's limits on what the emulator loads (`--state`, `--file`): no file above
//! 4 TiB, names a share can hold (1 to 255 characters, none of `"\:|<>*?` nor control
//! characters, not `.`/`..`, not ending in a dot), paths of at most 2,048 characters and 250
//! levels. A client may trust what the service would never send; the emulator never sends it
//! either.

use azfh_protocol::limits::{MAX_DIRECTORY_DEPTH, MAX_FILE_SIZE, MAX_PATH_CHARS};

/// The longest file or directory name, in characters.
const MAX_NAME_CHARS: usize = 255;

/// Generated files at least this large get a note while their MD5 is computed.
pub const NOTE_HASHING_FROM: u64 = 64 << 20;

/// The most handles one `--generate`, and the most directories and files one `--tree`,
/// makes: every one is held in memory, so a typo of a few digits would otherwise grow the
/// emulator until the machine swaps. Far above what a benchmark or paging test needs.
pub const MAX_GENERATED: u64 = 2_000_000;

/// A file size the service can hold.
pub fn check_file_size(size: u64) -> Result<(), String> {
    if size > MAX_FILE_SIZE {
        return Err(format!(
            "size {size} is above the 4 TiB ({MAX_FILE_SIZE} bytes) an Azure file can hold"
        ));
    }
    Ok(())
}

/// A share-relative path (`/`-separated) the service can hold; empty is the root.
pub fn check_path(path: &str) -> Result<(), String> {
    let trimmed = path.trim_matches('/');
    if trimmed.chars().count() > MAX_PATH_CHARS {
        return Err(format!(
            "path '{path}' is longer than {MAX_PATH_CHARS} characters"
        ));
    }
    if trimmed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = trimmed.split('/').collect();
    if names.len() > MAX_DIRECTORY_DEPTH + 1 {
        return Err(format!(
            "path '{path}' is deeper than {MAX_DIRECTORY_DEPTH} directories"
        ));
    }
    for name in names {
        check_name(name).map_err(|why| format!("path '{path}': {why}"))?;
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("empty name (two slashes in a row)".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name is longer than {MAX_NAME_CHARS} characters"));
    }
    if name == "." || name == ".." || name.ends_with('.') {
        return Err(format!(
            "'{name}': a name cannot be . or .. or end with a dot"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| c.is_control() || "\"\\:|<>*?".contains(*c))
    {
        return Err(format!(
            "'{}': a name cannot hold {bad:?}",
            name.escape_debug()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_limits() {
        assert!(check_file_size(MAX_FILE_SIZE).is_ok());
        assert!(check_file_size(u64::MAX).unwrap_err().contains("4 TiB"));
        assert!(check_path("").is_ok());
        assert!(check_path("docs/plan.docx").is_ok());
        assert!(check_path("a//b").is_err());
        assert!(check_path("a/b:c").is_err());
        assert!(check_path("a/dot.").is_err());
        assert!(check_path("a/../b").is_err());
        assert!(check_path("tab\there").is_err());
        assert!(
            check_path(&"d/".repeat(260))
                .unwrap_err()
                .contains("deeper")
        );
        assert!(check_path(&"x".repeat(256)).is_err());
        assert!(
            check_path(&"x".repeat(2049))
                .unwrap_err()
                .contains("longer")
        );
    }
}

//! The shape rules a share's state-file entries must keep together, which the service's own
//! namespace guarantees: Azure Files names are case-insensitive and case-preserving, so `f`
//! and `F` are one name; nothing lies under a file; a name is a file or a directory, not both;
//! and paths are share-relative. A loader that let these through would build a share no
//! service could hold, and replies that silently pick one of two entries.

use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Directory,
    File,
}

/// The names one share's entries have claimed so far, by case-folded path.
#[derive(Default)]
pub(crate) struct Layout {
    claimed: HashMap<String, (String, Kind)>,
}

impl Layout {
    /// Claims `path` and every directory above it as directories.
    pub(crate) fn add_directory(&mut self, path: &str) -> Result<(), String> {
        self.add(path, Kind::Directory)
    }

    /// Claims `path` as a file and every directory above it as directories.
    pub(crate) fn add_file(&mut self, path: &str) -> Result<(), String> {
        self.add(path, Kind::File)
    }

    fn add(&mut self, path: &str, kind: Kind) -> Result<(), String> {
        if path.starts_with('/') {
            return Err(format!(
                "path '{path}': paths are relative to the share; drop the leading /"
            ));
        }
        let names: Vec<&str> = path.split('/').filter(|n| !n.is_empty()).collect();
        for depth in 1..=names.len() {
            let prefix = names[..depth].join("/");
            let wanted = if depth == names.len() {
                kind
            } else {
                Kind::Directory
            };
            let folded = prefix.to_lowercase();
            match self.claimed.get(&folded) {
                None => {
                    self.claimed.insert(folded, (prefix, wanted));
                }
                Some((existing, Kind::File)) if wanted == Kind::File && *existing == prefix => {
                    return Err(format!("file '{path}': listed twice; list each file once"));
                }
                Some((existing, _)) if *existing != prefix => {
                    return Err(format!(
                        "path '{path}': '{prefix}' and '{existing}' differ only in case, and Azure Files names are case-insensitive; use one spelling"
                    ));
                }
                Some((_, Kind::File)) if depth < names.len() => {
                    return Err(format!(
                        "path '{path}': '{prefix}' is a file, and nothing can lie under a file"
                    ));
                }
                Some((_, existing_kind)) if *existing_kind != wanted => {
                    return Err(format!(
                        "path '{path}': '{prefix}' is listed as both a file and a directory; keep one"
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// A snapshot id in the service's form, `2026-01-01T00:00:00.0000000Z` (UTC, seven digits).
pub(crate) fn check_snapshot_id(id: &str) -> Result<(), String> {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]Z"
    );
    time::PrimitiveDateTime::parse(id, format)
        .map(drop)
        .map_err(|_| {
            format!(
                "snapshot '{id}': not the service's snapshot form; write it like 2026-01-01T00:00:00.0000000Z"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_holds_each_name_once_as_one_kind() {
        let mut layout = Layout::default();
        layout.add_directory("docs/empty").unwrap();
        layout.add_file("docs/a.txt").unwrap();
        layout.add_file("f").unwrap();
        layout.add_directory("docs").unwrap();
        let refused = |result: Result<(), String>, needle: &str| {
            let err = result.unwrap_err();
            assert!(err.contains(needle), "{err}");
        };
        refused(layout.add_file("F"), "differ only in case");
        refused(layout.add_file("DOCS/b.txt"), "differ only in case");
        refused(layout.add_file("f/g"), "'f' is a file");
        refused(layout.add_directory("f"), "both a file and a directory");
        refused(layout.add_file("docs/empty"), "both a file and a directory");
        refused(layout.add_file("docs/a.txt"), "listed twice");
        refused(layout.add_file("/x"), "leading /");
    }

    #[test]
    fn snapshot_ids_take_the_service_form() {
        assert!(check_snapshot_id("2026-01-01T00:00:00.0000000Z").is_ok());
        for bad in [
            "2026-01-01T00:00:00Z",
            "2026-01-01",
            "yesterday",
            "2026-13-01T00:00:00.0000000Z",
            "2026-01-01T00:00:00.000000Z",
        ] {
            assert!(check_snapshot_id(bad).is_err(), "{bad}");
        }
    }
}

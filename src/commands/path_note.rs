//! `--path` matches whole paths: `--path home/alice` selects the directory's own handles, not
//! those below it (as az's `--path` would). When such a pattern names a directory that the
//! listing shows handles below, one note says how to include them.

use azfh_client::handles::Handle;

/// Counts, per `--path` pattern without glob characters, the listed handles below it that the
/// selection left out.
#[derive(Debug)]
pub(super) struct DirectoryPathNote {
    /// The exact patterns (without a trailing `/`) and the handles seen below each.
    exact: Vec<(String, u64)>,
}

impl DirectoryPathNote {
    pub(super) fn new(paths: &[String]) -> Self {
        let exact = paths
            .iter()
            .filter(|p| !p.contains(['*', '?', '[', '{']) && !p.ends_with('/'))
            .map(|p| (p.trim_start_matches('/').to_owned(), 0))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        Self { exact }
    }

    /// Notes a listed handle that the selection did not take.
    pub(super) fn unselected(&mut self, handle: &Handle) {
        let path = handle.path.trim_start_matches('/');
        for (pattern, below) in &mut self.exact {
            if path
                .strip_prefix(pattern.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
            {
                *below += 1;
            }
        }
    }

    /// The note for the first pattern with handles below it, if any.
    pub(super) fn note(&self) -> Option<String> {
        let (pattern, below) = self.exact.iter().find(|(_, below)| *below > 0)?;
        Some(format!(
            "--path {pattern} matches that path only, not the {below} handle{} below it: add --path '{pattern}/**' to include them",
            crate::output::plural::plural(*below)
        ))
    }
}

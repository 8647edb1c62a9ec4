//! Why a download stopped without finishing.

use std::path::Path;

use crate::azure::AzureError;

/// Why a download stopped without finishing.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error(transparent)]
    Azure(#[from] AzureError),
    #[error(
        "{path} was modified during the download (ETag {before} became {after}): nothing was kept"
    )]
    Modified {
        path: String,
        before: String,
        after: String,
    },
    #[error(
        "{path} failed verification: its MD5 is {actual}, the service says {expected}; nothing was kept"
    )]
    Md5Mismatch {
        path: String,
        expected: String,
        actual: String,
    },
    #[error("--range starts at byte {start}, past the end of {path} ({size} bytes)")]
    RangePastEnd { path: String, start: u64, size: u64 },
    #[error(
        "the service says {path} is {size} bytes, more than Azure Files allows (4 TiB): refusing to download it"
    )]
    TooLarge { path: String, size: u64 },
    /// The cause is the `source`, not part of this message: anyhow prints each link of the
    /// chain once, and the `io::Error` stays in it (a broken pipe on stdout is found there).
    #[error("cannot write {path}")]
    Local {
        path: String,
        source: std::io::Error,
    },
    #[error("interrupted")]
    Interrupted,
}

impl DownloadError {
    pub(crate) fn local(path: &Path, source: std::io::Error) -> Self {
        DownloadError::Local {
            path: path.display().to_string(),
            source,
        }
    }
}

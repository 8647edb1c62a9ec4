//! The hint each download failure gets: what the user can do about it, and whether
//! `--resume` would continue it.

use crate::error::{HintedFailure, hint_for};
use azfh_client::ops::download::DownloadError;

/// A download error with the hint that fits it. `--resume` is offered only when a partial
/// that claims fetched blocks is really there (`kept`): a download that stopped before its
/// first block (every read refused, the first answer cut short) kept nothing.
pub(super) fn explain(err: DownloadError, kept: bool) -> anyhow::Error {
    match err {
        DownloadError::Azure(azure) => {
            let passing = azure.is_resumable();
            let anyhow = anyhow::Error::new(azure);
            if !passing {
                anyhow
            } else if kept {
                anyhow.context(
                    "the download stopped; what was fetched is kept: add --resume to continue",
                )
            } else if hint_for(&anyhow).is_some() {
                anyhow
            } else {
                // A passing failure the service did not name (a bare 503): say what helps.
                anyhow::Error::new(HintedFailure::new(
                    anyhow.to_string(),
                    "nothing was kept: run the same command again",
                ))
            }
        }
        DownloadError::RangePastEnd { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "check --range against the file's size (azfh ls -l)",
        )),
        DownloadError::Modified { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "an SMB client wrote to the file while it was read: try again when the writer has finished",
        )),
        DownloadError::Md5Mismatch { .. } => anyhow::Error::new(HintedFailure::new(
            err.to_string(),
            "the stored MD5 no longer matches: SMB writes do not update it; --no-verify keeps the content as it is",
        )),
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::StorageFull => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: the disk is full"),
                if kept {
                    "free space on the disk, then run the same command with --resume: what was fetched is kept"
                } else {
                    "free space on the disk, then run the same command again"
                },
            ))
        }
        DownloadError::Local {
            ref path,
            ref source,
        } if source.kind() == std::io::ErrorKind::ResourceBusy => {
            anyhow::Error::new(HintedFailure::new(
                format!("cannot write {path}: {source}"),
                "wait until the other azfh has finished, or give another DEST",
            ))
        }
        other => anyhow::Error::new(other),
    }
}

//! `get SOURCE -` with stdout on a terminal: text passes, binary is refused, as curl does.
//! Raw bytes of an archive or an image can switch a terminal's character set, retitle it or
//! make it answer with keystrokes; the fix is a redirection or a DEST file, which the hint
//! names.

use std::io::{self, Write};

/// Why the download stopped: the bytes are binary (they hold a NUL) and stdout is a
/// terminal. Nothing binary was written.
#[derive(Debug, thiserror::Error)]
#[error("the file is binary and stdout is a terminal")]
pub(super) struct BinaryToTerminal;

/// Passes writes on until one holds a NUL byte (text never does), then refuses it and every
/// write after.
pub(super) struct BinaryGuard<W> {
    inner: W,
}

impl<W> BinaryGuard<W> {
    pub(super) fn new(inner: W) -> Self {
        Self { inner }
    }
}

impl<W: Write> Write for BinaryGuard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.contains(&0) {
            return Err(io::Error::other(BinaryToTerminal));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Whether `err` is the guard's refusal.
pub(super) fn is_refusal(err: &azfh_client::ops::download::DownloadError) -> bool {
    matches!(
        err,
        azfh_client::ops::download::DownloadError::Local { source, .. }
            if source.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<BinaryToTerminal>)
    )
}

//! A file or directory as a listing reports it. A leaf, like the handle model: the client
//! produces it, renderers and commands consume it.

use time::OffsetDateTime;

/// File or directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Directory,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::File => "file",
            EntryKind::Directory => "directory",
        }
    }
}

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the listed TARGET (just the name for a one-level listing).
    pub path: String,
    pub kind: EntryKind,
    /// Bytes (files only). Without details it may lag behind a file being written over SMB.
    pub size: Option<u64>,
    pub file_id: Option<u64>,
    pub creation_time: Option<OffsetDateTime>,
    pub last_write_time: Option<OffsetDateTime>,
    pub change_time: Option<OffsetDateTime>,
    pub last_access_time: Option<OffsetDateTime>,
    pub last_modified: Option<OffsetDateTime>,
    pub etag: Option<String>,
    /// Win32 attributes as the service names them: `Archive | ReadOnly`, `Directory`.
    pub attributes: Option<String>,
    pub permission_key: Option<String>,
}

impl Entry {
    /// The last path segment.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    pub fn is_directory(&self) -> bool {
        self.kind == EntryKind::Directory
    }
}

//! The sizes Azure Files never exceeds. Anything a server claims beyond them is refused (a
//! file size, a `Content-Range` total) or not followed (a directory deeper or longer than any
//! share holds), so that no number a server sends shapes an allocation or a walk without end.

/// The largest file Azure Files stores: 4 TiB.
pub const MAX_FILE_SIZE: u64 = 4 << 40;

/// The deepest directory Azure Files has: 250 levels below the share.
pub const MAX_DIRECTORY_DEPTH: usize = 250;

/// The longest path Azure Files has, in characters.
pub const MAX_PATH_CHARS: usize = 2_048;

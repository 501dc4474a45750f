//! Files in and out, safely: every write goes to a temporary file in the target's folder, is
//! flushed to disk and renamed over the target ([`write_atomic`]); every read counts bytes
//! against a limit ([`LimitedReader`]); outputs are checked before any work starts
//! ([`check_output`]).

mod atomic;
mod check;
mod limited;

pub use atomic::{write_atomic, write_atomic_with};
pub use check::check_output;
pub use limited::{LimitExceeded, LimitedReader, open_input, read_limited};

use std::path::{Path, PathBuf};

/// Why a file could not be read or written: one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// Writing failed; the file that was there before is unchanged.
    #[error("{file}: {source}; the previous file is unchanged")]
    WriteKept {
        /// the file
        file: String,
        /// the system's reason
        source: std::io::Error,
    },
    /// Writing failed (there was no file before, or it is a device written in place).
    #[error("{file}: {source}")]
    Write {
        /// the file
        file: String,
        /// the system's reason
        source: std::io::Error,
    },
    /// The path names a folder.
    #[error("{file}: is a folder, not a file")]
    IsFolder {
        /// the path
        file: String,
    },
    /// The folder the file would go in does not exist.
    #[error("{file}: the folder {folder} does not exist")]
    NoFolder {
        /// the file
        file: String,
        /// its folder
        folder: String,
    },
    /// The file cannot be created or written there.
    #[error("{file}: cannot write there: {source}")]
    NotWritable {
        /// the file
        file: String,
        /// the system's reason
        source: std::io::Error,
    },
    /// The file cannot be opened for reading.
    #[error("{file}: cannot open: {source}")]
    Open {
        /// the file
        file: String,
        /// the system's reason
        source: std::io::Error,
    },
    /// The input is larger than its limit.
    #[error("{file}: larger than the limit of {} (reading stopped there)", limit_text(*limit))]
    TooLarge {
        /// the file
        file: String,
        /// the limit in bytes
        limit: u64,
    },
}

impl FsError {
    /// The error as an `io::Error` whose message leaves out the file name (for callers that
    /// name the file themselves), keeping the system's error kind.
    pub fn into_io(self) -> std::io::Error {
        let text = self.to_string();
        let (kind, message) = match &self {
            Self::WriteKept { source, .. }
            | Self::Write { source, .. }
            | Self::NotWritable { source, .. }
            | Self::Open { source, .. } => (source.kind(), text),
            Self::IsFolder { .. } => (std::io::ErrorKind::IsADirectory, text),
            Self::NoFolder { .. } => (std::io::ErrorKind::NotFound, text),
            Self::TooLarge { .. } => (std::io::ErrorKind::FileTooLarge, text),
        };
        let file = self.file();
        let message = message
            .strip_prefix(&format!("{file}: "))
            .map_or(message.clone(), str::to_owned);
        std::io::Error::new(kind, message)
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            Self::WriteKept { file, .. }
            | Self::Write { file, .. }
            | Self::IsFolder { file }
            | Self::NoFolder { file, .. }
            | Self::NotWritable { file, .. }
            | Self::Open { file, .. }
            | Self::TooLarge { file, .. } => file,
        }
    }
}

/// A byte count as `128 MiB` (or `N bytes` below a KiB).
pub fn limit_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The file a path designates: a symbolic link is followed (a save replaces the file it
/// points to, not the link); a dangling or unreadable link is left as it is.
fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// The folder a file goes in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

//! Reading through a size limit, counted while reading, so a pipe or a device such as
//! `/dev/zero` is bounded as well as a regular file.

use super::FsError;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

/// The marker inside the `io::Error` a [`LimitedReader`] returns past its limit.
#[derive(Debug, thiserror::Error)]
#[error("more than {0} bytes")]
pub struct LimitExceeded(pub u64);

impl LimitExceeded {
    /// The limit, when `e` (or an error wrapping it) came from a [`LimitedReader`].
    pub fn in_error(e: &std::io::Error) -> Option<u64> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<LimitExceeded>())
            .map(|l| l.0)
    }
}

/// A reader that fails with [`LimitExceeded`] once more than `limit` bytes came through.
pub struct LimitedReader<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> LimitedReader<R> {
    /// Wraps `inner`, allowing at most `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Self {
        Self {
            inner,
            left: limit,
            limit,
        }
    }
}

impl<R: Read> Read for LimitedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte more than allowed tells "exactly at the limit" from "past it".
        let max = (self.left.saturating_add(1)).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..max])?;
        if n as u64 > self.left {
            return Err(std::io::Error::new(
                ErrorKind::FileTooLarge,
                LimitExceeded(self.limit),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Opens an input file, refusing a folder in words.
pub fn open_input(path: &Path) -> Result<File, FsError> {
    let file = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(FsError::IsFolder { file });
    }
    File::open(path).map_err(|source| FsError::Open { file, source })
}

/// Reads a whole input of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
    let file = path.display().to_string();
    let mut bytes = Vec::new();
    LimitedReader::new(open_input(path)?, limit)
        .read_to_end(&mut bytes)
        .map_err(|source| match LimitExceeded::in_error(&source) {
            Some(limit) => FsError::TooLarge {
                file: file.clone(),
                limit,
            },
            None => FsError::Open {
                file: file.clone(),
                source,
            },
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_one_byte_past_the_limit() {
        let mut r = LimitedReader::new(&b"abcd"[..], 4);
        let mut v = Vec::new();
        assert_eq!(r.read_to_end(&mut v).expect("fits"), 4);
        let mut r = LimitedReader::new(&b"abcde"[..], 4);
        let e = r.read_to_end(&mut Vec::new()).expect_err("too long");
        assert_eq!(LimitExceeded::in_error(&e), Some(4));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn dev_zero_is_bounded() {
        let e = read_limited(Path::new("/dev/zero"), 1 << 16).expect_err("endless");
        assert!(e.to_string().contains("limit of 64 KiB"), "{e}");
    }
}

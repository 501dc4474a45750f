//! The byte stream a CSV file is read through: bounded in total ([`MAX_DATA_BYTES`]) and
//! per line ([`MAX_LINE_BYTES`]), counted while reading, so `/dev/zero` or a pipe that never
//! ends is refused quickly with little memory.

use crate::fsio::LimitedReader;
use std::io::Read;

/// The largest data file read: a million rows at full precision is about 55 MB.
pub const MAX_DATA_BYTES: u64 = 128 << 20;

/// The longest line read: a valid row is under a hundred bytes.
pub const MAX_LINE_BYTES: u64 = 64 << 10;

/// The marker inside the `io::Error` when a line is too long.
#[derive(Debug, thiserror::Error)]
#[error("line {0} is longer than the limit")]
pub struct LineTooLong(pub u64);

/// A reader counting lines and refusing an over-long one.
pub struct CsvInput<R> {
    inner: LimitedReader<R>,
    line: u64,
    in_line: u64,
}

impl<R: Read> CsvInput<R> {
    /// Wraps `inner` with both limits.
    pub fn new(inner: R) -> Self {
        Self {
            inner: LimitedReader::new(inner, MAX_DATA_BYTES),
            line: 1,
            in_line: 0,
        }
    }
}

impl<R: Read> Read for CsvInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut rest = &buf[..n];
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.check(i as u64)?;
            self.line += 1;
            self.in_line = 0;
            rest = &rest[i + 1..];
        }
        self.check(rest.len() as u64)?;
        self.in_line += rest.len() as u64;
        Ok(n)
    }
}

impl<R> CsvInput<R> {
    fn check(&self, more: u64) -> std::io::Result<()> {
        if self.in_line + more > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                LineTooLong(self.line),
            ));
        }
        Ok(())
    }
}

impl LineTooLong {
    /// The line, when `e` came from a [`CsvInput`] refusing a long line.
    pub fn in_error(e: &std::io::Error) -> Option<u64> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<LineTooLong>())
            .map(|l| l.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_refused_with_its_number() {
        let mut text = b"x1,x2,label\n".to_vec();
        text.extend(std::iter::repeat_n(b'1', MAX_LINE_BYTES as usize + 1));
        let e = CsvInput::new(&text[..])
            .read_to_end(&mut Vec::new())
            .expect_err("too long");
        assert_eq!(LineTooLong::in_error(&e), Some(2));
        let ok = b"x1,x2,label\n1,2,0\n";
        let mut v = Vec::new();
        CsvInput::new(&ok[..]).read_to_end(&mut v).expect("fine");
        assert_eq!(v, ok);
    }
}

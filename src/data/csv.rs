//! CSV import and export, header `x1,x2,label` (label = class index 0..C−1).
//!
//! A bad file is refused with one line that names the file, the line (1-based; the header is
//! line 1) and the column, so a student can open the file and fix it.

use super::csv_input::{CsvInput, LineTooLong, MAX_LINE_BYTES};
use super::{Dataset, MAX_POINTS};
use crate::fsio::{FsError, LimitExceeded, limit_text, open_input, write_atomic_with};
use crate::text::clip;
use ndarray::Array2;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;

/// The header every data file starts with.
pub const HEADER: [&str; 3] = ["x1", "x2", "label"];

/// The largest class index a file may use (C ≤ 32, as for the generators).
const MAX_LABEL: f64 = 31.0;

/// Why a data file was refused: one line naming the file, the line and the column.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// 1-based column, when the problem is in one field.
    pub column: Option<usize>,
    /// What is wrong.
    pub problem: CsvProblem,
}

/// What is wrong with a data file (typed, so that the app can say it in its language).
#[derive(Debug, Clone, PartialEq)]
pub enum CsvProblem {
    /// The path is a folder.
    Folder,
    /// The file could not be opened (the system's reason, and its kind).
    CannotOpen(String, std::io::ErrorKind),
    /// Another file-system problem, in the system's words.
    System(String),
    /// More bytes than the limit.
    TooLarge(u64),
    /// A line longer than the limit.
    LineTooLong(u64),
    /// A reading error from the CSV reader, in its words.
    Reading(String),
    /// More rows than [`MAX_POINTS`].
    TooManyRows,
    /// Only the header.
    NoRows,
    /// A class is empty, or only one is present.
    Classes(super::DatasetError),
    /// Line 1 is blank.
    BlankFirstLine,
    /// Nothing at all.
    Empty,
    /// Line 1 is not the header (what it holds instead).
    Header(String),
    /// A row with another number of columns.
    Columns(usize),
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A field that is not a number (the field, clipped).
    NotNumber(String),
    /// A field that is NaN or ±∞.
    NotFinite(String),
    /// A label that is not a class index 0…31.
    NotClass(String),
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Folder => write!(f, "is a folder, not a file"),
            Self::CannotOpen(reason, _) => write!(f, "cannot open: {reason}"),
            Self::System(text) | Self::Reading(text) => write!(f, "{text}"),
            Self::TooLarge(limit) => write!(
                f,
                "larger than the limit of {} (reading stopped there)",
                limit_text(*limit)
            ),
            Self::LineTooLong(line) => write!(
                f,
                "line {line} is longer than the limit of {} (a data row is under 100 bytes)",
                limit_text(MAX_LINE_BYTES)
            ),
            Self::TooManyRows => write!(
                f,
                "more than {MAX_POINTS} data rows; the limit is {MAX_POINTS}"
            ),
            Self::NoRows => write!(f, "no data rows after the header"),
            Self::Classes(e) => write!(f, "{e}"),
            Self::BlankFirstLine => write!(
                f,
                "the header x1,x2,label must be on line 1 (found a blank line)"
            ),
            Self::Empty => write!(f, "the file is empty (expected the header x1,x2,label)"),
            Self::Header(found) => write!(f, "the header must be `x1,x2,label` (found `{found}`)"),
            Self::Columns(n) => write!(f, "expected 3 columns (x1,x2,label), found {n}"),
            Self::NotUtf8 => write!(f, "bytes that are not UTF-8 text"),
            Self::NotNumber(t) => write!(f, "`{t}` is not a number"),
            Self::NotFinite(t) => write!(f, "`{t}` is not a finite number"),
            Self::NotClass(t) => write!(f, "`{t}` is not a class index (an integer from 0 to 31)"),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ": line {line}")?;
        }
        if let Some(col) = self.column {
            let name = HEADER.get(col - 1).copied().unwrap_or("extra");
            write!(f, ", column {col} ({name})")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for CsvError {}

impl CsvError {
    fn new(file: &str, line: Option<u64>, column: Option<usize>, problem: CsvProblem) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column,
            problem,
        }
    }
}

/// Reads a data file (at most [`super::MAX_DATA_BYTES`]); on any problem returns the one-line
/// explanation and nothing else.
pub fn read_csv(path: &Path) -> Result<Dataset, CsvError> {
    let data = read_csv_rows(path)?;
    data.check_classes().map_err(|e| {
        CsvError::new(
            &path.display().to_string(),
            None,
            None,
            CsvProblem::Classes(e),
        )
    })?;
    Ok(data)
}

/// Reads a test data file: like [`read_csv`], but a class may be missing (a test set need
/// not hold every class; [`super::fit_test_set`] checks it against the training data).
pub fn read_test_csv(path: &Path) -> Result<Dataset, CsvError> {
    read_csv_rows(path)
}

/// The rows of a data file, their classes unchecked.
fn read_csv_rows(path: &Path) -> Result<Dataset, CsvError> {
    let name = path.display().to_string();
    let file = open_input(path).map_err(|e| match e {
        FsError::IsFolder { .. } => CsvError::new(&name, None, None, CsvProblem::Folder),
        FsError::Open { source, .. } => CsvError::new(
            &name,
            None,
            None,
            CsvProblem::CannotOpen(source.to_string(), source.kind()),
        ),
        other => CsvError::new(&name, None, None, CsvProblem::System(other.to_string())),
    })?;
    read_rows_from(std::io::BufReader::new(file), &name)
}

/// What a reading error was (a limit, or the reader's reason).
fn io_message(e: &csv::Error) -> CsvProblem {
    if let csv::ErrorKind::Io(io) = e.kind() {
        if let Some(limit) = LimitExceeded::in_error(io) {
            return CsvProblem::TooLarge(limit);
        }
        if let Some(line) = LineTooLong::in_error(io) {
            return CsvProblem::LineTooLong(line);
        }
    }
    CsvProblem::Reading(clip(&e.to_string()))
}

/// A record that could not be read: a reading error names no line of its own (the limit
/// messages say which), a CSV error its line.
fn record_error(name: &str, e: &csv::Error) -> CsvError {
    match e.kind() {
        csv::ErrorKind::Io(_) => CsvError::new(name, None, None, io_message(e)),
        _ => {
            let line = e.position().map_or(1, |p| p.line());
            CsvError::new(name, Some(line), None, io_message(e))
        }
    }
}

/// Reads CSV text from any reader (at most [`super::MAX_DATA_BYTES`], lines of at most
/// [`MAX_LINE_BYTES`]); `name` is how errors refer to it. Line 1 must be the header.
pub fn read_csv_from(reader: impl Read, name: &str) -> Result<Dataset, CsvError> {
    let data = read_rows_from(reader, name)?;
    data.check_classes()
        .map_err(|e| CsvError::new(name, None, None, CsvProblem::Classes(e)))?;
    Ok(data)
}

/// The rows of CSV text, their classes unchecked.
fn read_rows_from(reader: impl Read, name: &str) -> Result<Dataset, CsvError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(guarded(reader, name)?);
    let mut records = rdr.byte_records();
    check_header(records.next(), name)?;
    let mut flat = Vec::new();
    let mut classes = Vec::new();
    for record in records {
        let record = record.map_err(|e| record_error(name, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        if classes.len() == MAX_POINTS {
            return Err(CsvError::new(
                name,
                Some(line),
                None,
                CsvProblem::TooManyRows,
            ));
        }
        let values = parse_row(&record, line, name)?;
        flat.extend_from_slice(&values[..2]);
        classes.push(values[2] as usize);
    }
    if classes.is_empty() {
        return Err(CsvError::new(name, None, None, CsvProblem::NoRows));
    }
    let n = classes.len();
    let class_count = classes.iter().copied().max().unwrap_or(0) + 1;
    Ok(Dataset {
        points: Array2::from_shape_vec((n, 2), flat).expect("two values a row"),
        classes,
        // At least 2, as for every dataset; a test file may hold one class only.
        class_count: class_count.max(2),
    })
}

/// The input behind its limits, with line 1 checked not to be blank (the CSV reader would
/// skip blank lines and take a later line for the header).
fn guarded(reader: impl Read, name: &str) -> Result<impl Read, CsvError> {
    let mut reader = CsvInput::new(reader);
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CsvError::new(name, None, None, io_message(&e.into()))),
        }
    }
    let bom = head[..got].starts_with(&[0xef, 0xbb, 0xbf]);
    let first = head[..got].get(if bom { 3 } else { 0 });
    if matches!(first, Some(b'\n' | b'\r')) {
        return Err(CsvError::new(
            name,
            Some(1),
            None,
            CsvProblem::BlankFirstLine,
        ));
    }
    Ok(std::io::Cursor::new(head).take(got as u64).chain(reader))
}

/// Checks the first record is the header `x1,x2,label` (a byte-order mark is allowed).
fn check_header(first: Option<csv::Result<csv::ByteRecord>>, name: &str) -> Result<(), CsvError> {
    let header = match first {
        None => {
            return Err(CsvError::new(name, None, None, CsvProblem::Empty));
        }
        Some(Err(e)) => return Err(record_error(name, &e)),
        Some(Ok(h)) => h,
    };
    let fields: Vec<String> = header
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim_start_matches('\u{feff}')
                .to_owned()
        })
        .collect();
    if fields != HEADER {
        return Err(CsvError::new(
            name,
            Some(1),
            None,
            CsvProblem::Header(clip(&fields.join(","))),
        ));
    }
    Ok(())
}

/// The three values of a data row, each checked (a number, finite, a class index).
fn parse_row(record: &csv::ByteRecord, line: u64, name: &str) -> Result<[f64; 3], CsvError> {
    let err = |col: Option<usize>, p: CsvProblem| CsvError::new(name, Some(line), col, p);
    if record.len() != 3 {
        return Err(err(None, CsvProblem::Columns(record.len())));
    }
    let mut values = [0.0; 3];
    for (col, (field, value)) in record.iter().zip(values.iter_mut()).enumerate() {
        let text =
            std::str::from_utf8(field).map_err(|_| err(Some(col + 1), CsvProblem::NotUtf8))?;
        let x: f64 = text
            .parse()
            .map_err(|_| err(Some(col + 1), CsvProblem::NotNumber(clip(text))))?;
        if !x.is_finite() {
            return Err(err(Some(col + 1), CsvProblem::NotFinite(clip(text))));
        }
        if col == 2 && (x < 0.0 || x.fract() != 0.0 || x > MAX_LABEL) {
            return Err(err(Some(3), CsvProblem::NotClass(clip(text))));
        }
        *value = x;
    }
    Ok(values)
}

/// Writes a data file atomically (full-precision numbers, so a round trip gives the same
/// points; the previous file stays whole if writing fails).
pub fn write_csv(path: &Path, data: &Dataset) -> std::io::Result<()> {
    write_atomic_with(path, |w| write_csv_to(w, data)).map_err(FsError::into_io)
}

/// Writes CSV text to any writer.
pub fn write_csv_to(writer: impl Write, data: &Dataset) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(HEADER)?;
    for n in 0..data.len() {
        let p = data.point(n);
        w.write_record([
            p[0].to_string(),
            p[1].to_string(),
            data.classes[n].to_string(),
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<Dataset, String> {
        read_csv_from(text, "d.csv").map_err(|e| e.to_string())
    }

    #[test]
    fn reads_a_good_file() {
        let d = read(b"x1,x2,label\n0.5,-1,0\n2, 3e-1 ,2\n7,7,1\n\n").expect("good file");
        assert_eq!(d.len(), 3);
        assert_eq!(d.class_count, 3);
        assert_eq!(d.point(1), [2.0, 0.3]);
    }

    #[test]
    fn round_trips_exactly() {
        let d = Dataset::from_rows(&[[0.1, 1.0 / 3.0], [-2.5e-300, 7.0]], vec![1, 0]).expect("ok");
        let mut buf = Vec::new();
        write_csv_to(&mut buf, &d).expect("write");
        assert_eq!(read(&buf).expect("read back"), d);
    }

    #[test]
    fn each_bad_input_names_file_line_and_column() {
        let cases: [(&[u8], &str); 12] = [
            (b"", "d.csv: the file is empty"),
            (b"a,b,c\n1,2,0\n", "d.csv: line 1: the header must be"),
            (
                b"x1,x2,label\n1,2,0\n1,2\n",
                "d.csv: line 3: expected 3 columns",
            ),
            (
                b"x1,x2,label\n1,abc,0\n",
                "d.csv: line 2, column 2 (x2): `abc` is not a number",
            ),
            (
                b"x1,x2,label\nNaN,1,0\n",
                "d.csv: line 2, column 1 (x1): `NaN` is not a finite",
            ),
            (
                b"x1,x2,label\n1,inf,0\n",
                "line 2, column 2 (x2): `inf` is not a finite",
            ),
            (
                b"x1,x2,label\n1,1,0\n1,1,-1\n",
                "line 3, column 3 (label): `-1` is not a class",
            ),
            (
                b"x1,x2,label\n1,1,0.5\n",
                "line 2, column 3 (label): `0.5` is not a class",
            ),
            (
                b"x1,x2,label\n1,1,1\n2,2,1\n",
                "d.csv: every point has class 1",
            ),
            (
                b"x1,x2,label\n1,\xff,1\n",
                "line 2, column 2 (x2): bytes that are not UTF-8",
            ),
            (b"x1,x2,label\n", "d.csv: no data rows"),
            (
                b"x1,x2,label\n1,2,0,4\n",
                "line 2: expected 3 columns (x1,x2,label), found 4",
            ),
        ];
        for (text, expected) in cases {
            let msg = read(text).expect_err("must be refused");
            assert!(msg.contains(expected), "{msg:?} lacks {expected:?}");
            assert!(!msg.contains('\n'), "one line: {msg:?}");
        }
    }

    #[test]
    fn refuses_more_than_the_row_limit() {
        let mut text = String::from("x1,x2,label\n");
        for i in 0..=MAX_POINTS {
            text.push_str(if i % 2 == 0 { "0,0,0\n" } else { "1,1,1\n" });
        }
        let msg = read(text.as_bytes()).expect_err("too many rows");
        assert!(
            msg.contains("line 1000002") && msg.contains("limit"),
            "{msg}"
        );
    }
}

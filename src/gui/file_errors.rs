//! File errors in the interface language: the CSV and model readers' typed errors, and the
//! file system's. In Vietnamese the system's own words (which come in English) are left out;
//! the sentence says what is wrong and where.

use super::i18n::Lang;
use crate::data::{CsvError, CsvProblem, DatasetError, GenerateError};
use crate::fsio::{FsError, limit_text};
use crate::nn::model_file::ModelFileError;

/// "tệp X, dòng L, cột C" (the parts known).
fn place(file: &str, line: Option<u64>, column: Option<usize>) -> String {
    let mut s = format!("tệp {file}");
    if let Some(l) = line {
        s.push_str(&format!(", dòng {l}"));
    }
    if let Some(c) = column {
        s.push_str(&format!(", cột {c}"));
    }
    s
}

fn dataset_vi(e: &DatasetError) -> String {
    match e {
        DatasetError::OneClass(c) => {
            format!("mọi điểm đều thuộc lớp {c}; cần ít nhất 2 lớp")
        }
        DatasetError::EmptyClass { class, .. } => {
            format!("lớp {class} không có điểm nào: nhãn phải là 0…C−1 và mỗi lớp đều có điểm")
        }
        DatasetError::Scale { point, feature, .. } => format!(
            "điểm {point} có x{feature} quá lớn (vượt ±1e150): hãy đổi thang đo của dữ liệu"
        ),
    }
}

fn csv_problem_vi(p: &CsvProblem) -> String {
    match p {
        CsvProblem::Folder => "là một thư mục, không phải tệp".into(),
        CsvProblem::CannotOpen(_, std::io::ErrorKind::NotFound) => "không có tệp này".into(),
        CsvProblem::CannotOpen(_, std::io::ErrorKind::PermissionDenied) => {
            "không có quyền đọc tệp này".into()
        }
        CsvProblem::CannotOpen(..) | CsvProblem::System(_) => "không mở được tệp".into(),
        CsvProblem::TooLarge(limit) => {
            format!("lớn hơn giới hạn {} (đã dừng đọc)", limit_text(*limit))
        }
        CsvProblem::LineTooLong(line) => format!("dòng {line} dài quá giới hạn"),
        CsvProblem::Reading(_) => "không đọc được nội dung CSV".into(),
        CsvProblem::TooManyRows => "quá 1 000 000 dòng dữ liệu".into(),
        CsvProblem::NoRows => "không có dòng dữ liệu nào sau dòng tiêu đề".into(),
        CsvProblem::Classes(e) => dataset_vi(e),
        CsvProblem::BlankFirstLine => "dòng 1 phải là tiêu đề x1,x2,label (đang trống)".into(),
        CsvProblem::Empty => "tệp rỗng (cần dòng tiêu đề x1,x2,label)".into(),
        CsvProblem::Header(found) => {
            format!("dòng tiêu đề phải là `x1,x2,label` (đang là `{found}`)")
        }
        CsvProblem::Columns(n) => format!("cần 3 cột (x1,x2,label), có {n}"),
        CsvProblem::NotUtf8 => "có byte không phải văn bản UTF-8".into(),
        CsvProblem::NotNumber(t) => format!("`{t}` không phải là số"),
        CsvProblem::NotFinite(t) => format!("`{t}` không phải là số hữu hạn"),
        CsvProblem::NotClass(t) => {
            format!("`{t}` không phải chỉ số lớp (số nguyên từ 0 đến 31)")
        }
    }
}

/// A data file's error.
pub fn csv_error(e: &CsvError, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Vi => format!(
            "{}: {}",
            place(&e.file, e.line, e.column),
            csv_problem_vi(&e.problem)
        ),
    }
}

/// A file-system error.
pub fn fs_error(e: &FsError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let (file, what) = match e {
        FsError::WriteKept { file, .. } => (file, "không ghi được; tệp cũ vẫn nguyên vẹn"),
        FsError::Write { file, .. } => (file, "không ghi được"),
        FsError::IsFolder { file } => (file, "là một thư mục, không phải tệp"),
        FsError::NoFolder { file, .. } => (file, "thư mục chứa nó không tồn tại"),
        FsError::NotWritable { file, .. } => (file, "không ghi được vào đó"),
        FsError::Open { file, .. } => (file, "không mở được"),
        FsError::TooLarge { file, .. } => (file, "lớn hơn giới hạn cho phép (đã dừng đọc)"),
    };
    format!("tệp {file}: {what}")
}

/// A refused generator request (the data controls).
pub fn generate_error(e: &GenerateError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        GenerateError::TooManyPoints { requested } => {
            format!("{requested} điểm tổng cộng vượt giới hạn 1 000 000")
        }
        GenerateError::NoPoints => "mỗi lớp phải có ít nhất 1 điểm".into(),
        GenerateError::Classes {
            kind,
            allowed,
            requested,
        } => format!("{} tạo {allowed} lớp, không phải {requested}", kind.name()),
        GenerateError::Noise(_) => "độ nhiễu phải là một số hữu hạn ≥ 0".into(),
    }
}

/// A model file's error.
pub fn model_error(e: &ModelFileError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ModelFileError::File(f) => fs_error(f, lang),
        ModelFileError::Empty { file } => format!("tệp {file}: tệp rỗng (cần một mô hình JSON)"),
        ModelFileError::Json {
            file, line, column, ..
        } => format!(
            "tệp {file}, dòng {line}, cột {column}: JSON không hợp lệ hoặc không đúng dạng mô hình"
        ),
        ModelFileError::Invalid { file, .. } => {
            format!("tệp {file}: không phải mô hình hợp lệ (định dạng perceptron-lab/model@1)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_data_file_is_said_in_vietnamese_without_english() {
        let e = crate::data::read_csv_from("a,b,c\n1,2,0\n".as_bytes(), "d.csv")
            .expect_err("a wrong header");
        let vi = csv_error(&e, Lang::Vi);
        assert!(vi.starts_with("tệp d.csv, dòng 1:"), "{vi}");
        assert!(vi.contains("dòng tiêu đề"), "{vi}");
        assert!(!vi.contains("header"), "{vi}");
        assert_eq!(csv_error(&e, Lang::En), e.to_string());
        let e = crate::data::read_csv_from("x1,x2,label\n1,oops,0\n".as_bytes(), "d.csv")
            .expect_err("not a number");
        assert_eq!(
            csv_error(&e, Lang::Vi),
            "tệp d.csv, dòng 2, cột 2: `oops` không phải là số"
        );
        let e = crate::nn::model_file::parse_model("[]", "m.json").expect_err("not a model");
        let vi = model_error(&e, Lang::Vi);
        assert!(vi.starts_with("tệp m.json"), "{vi}");
        assert!(!vi.contains("expected"), "{vi}");
    }
}

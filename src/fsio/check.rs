//! Checking an output path before any work starts, so a long run does not end on a typo.

use super::{FsError, folder_of, resolve};
use std::fs::OpenOptions;
use std::path::Path;

/// Checks that `path` can be written: not a folder, its folder exists and accepts a new
/// file (tried with a temporary file, removed at once), or it is an existing device or
/// pipe that opens for writing. Nothing at `path` is changed.
pub fn check_output(path: &Path) -> Result<(), FsError> {
    let file = path.display().to_string();
    let target = resolve(path);
    if path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(FsError::IsFolder { file });
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => return Err(FsError::IsFolder { file }),
        Ok(m) if !m.is_file() => {
            return OpenOptions::new()
                .write(true)
                .open(&target)
                .map(drop)
                .map_err(|source| FsError::NotWritable { file, source });
        }
        _ => {}
    }
    let folder = folder_of(&target);
    if !folder.is_dir() {
        return Err(FsError::NoFolder {
            file,
            folder: folder.display().to_string(),
        });
    }
    tempfile::Builder::new()
        .prefix(".perceptron-lab-check.")
        .tempfile_in(&folder)
        .map(drop)
        .map_err(|source| FsError::NotWritable { file, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_and_missing_folders() {
        let dir = tempfile::tempdir().expect("dir");
        let e = check_output(dir.path()).expect_err("a folder");
        assert!(e.to_string().ends_with("is a folder, not a file"), "{e}");
        let e = check_output(&dir.path().join("nope/m.json")).expect_err("no folder");
        assert!(e.to_string().contains("does not exist"), "{e}");
        check_output(&dir.path().join("m.json")).expect("writable");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}

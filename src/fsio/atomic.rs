//! Atomic replacement of a file: temporary file in the same folder, fsync, rename.

use super::{FsError, folder_of, resolve};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically (see [`write_atomic_with`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes what `fill` produces to `path` so that the target is either the old file or the
/// complete new one, never a mix: the bytes go to a temporary file in the same folder, are
/// flushed to disk (fsync), and the temporary file is renamed over the target.
///
/// A target that exists and is not a regular file (a device such as `/dev/full`, a pipe)
/// is written in place, never replaced. On failure the temporary file is removed and the
/// error says whether a previous file was kept.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), FsError> {
    let file = path.display().to_string();
    let target = resolve(path);
    let existed = match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => return Err(FsError::IsFolder { file }),
        Ok(m) if !m.is_file() => return write_in_place(&target, fill, file),
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(FsError::Write { file, source }),
    };
    let kept = existed.is_some();
    let fail = |source| {
        if kept {
            FsError::WriteKept {
                file: file.clone(),
                source,
            }
        } else {
            FsError::Write {
                file: file.clone(),
                source,
            }
        }
    };
    let folder = folder_of(&target);
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(fail)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w).map_err(fail)?;
        w.flush().map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    if let Some(permissions) = existed.or_else(new_file_permissions) {
        std::fs::set_permissions(tmp.path(), permissions).map_err(fail)?;
    }
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    // The rename is durable once the folder is flushed too; a folder that cannot be
    // flushed (some network file systems) still holds the complete file.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    remove_stale_temporaries(&folder, &name);
    Ok(())
}

/// A temporary file this old was left by a writer that was killed (`kill -9`, power loss).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files of earlier, killed saves of the same target (named
/// `.<name>.XXXXXX.tmp` and untouched for an hour), so they do not pile up.
fn remove_stale_temporaries(folder: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let ours = file_name.starts_with(&prefix)
            && file_name.ends_with(".tmp")
            && file_name.len() == prefix.len() + 6 + 4;
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if ours && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A device or pipe: written where it is.
fn write_in_place(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    file: String,
) -> Result<(), FsError> {
    let result = OpenOptions::new().write(true).open(target).and_then(|f| {
        let mut w = BufWriter::new(f);
        fill(&mut w)?;
        w.flush()
    });
    result.map_err(|source| FsError::Write { file, source })
}

/// `rw-r--r--` for a new file (the temporary file starts private).
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("m.json");
        write_atomic(&p, b"old").expect("write");
        write_atomic(&p, b"new").expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_failing_writer_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("m.json");
        write_atomic(&p, b"old").expect("write");
        let e = write_atomic_with(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .expect_err("fails");
        assert!(e.to_string().contains("previous file is unchanged"), "{e}");
        assert_eq!(std::fs::read(&p).expect("read"), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn stale_temporaries_of_the_target_are_removed() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("m.json");
        let (old, fresh, other) = (
            dir.path().join(".m.json.AbCdEf.tmp"),
            dir.path().join(".m.json.XyZ123.tmp"),
            dir.path().join(".n.json.AbCdEf.tmp"),
        );
        for f in [&old, &fresh, &other] {
            std::fs::write(f, b"half").expect("write");
        }
        let two_hours_ago = std::time::SystemTime::now() - 2 * STALE_AFTER;
        for f in [&old, &other] {
            File::options()
                .write(true)
                .open(f)
                .and_then(|f| f.set_modified(two_hours_ago))
                .expect("age");
        }
        write_atomic(&p, b"new").expect("write");
        assert!(!old.exists(), "a killed save's leftover is removed");
        assert!(
            fresh.exists(),
            "a recent one may be another save in progress"
        );
        assert!(other.exists(), "another target's file is not ours");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_its_file_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let (file, link) = (dir.path().join("real.json"), dir.path().join("link.json"));
        std::fs::write(&file, b"old").expect("write");
        std::os::unix::fs::symlink(&file, &link).expect("link");
        write_atomic(&link, b"new").expect("write");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&file).expect("read"), b"new");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_written_in_place() {
        write_atomic(Path::new("/dev/null"), b"x").expect("/dev/null takes anything");
        let e = write_atomic(Path::new("/dev/full"), b"x").expect_err("full");
        assert!(e.to_string().starts_with("/dev/full: "), "{e}");
        assert!(Path::new("/dev/full").exists());
    }
}

//! Nothing a user makes is lost: the session (with its action log, so every run, hand-placed
//! point and hand-set weight) is saved as a scenario to the app's data folder every 30 s and
//! on exit, atomically. At the next start the previous one is offered back.

use crate::train::Snapshot;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the session is saved while it changes.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);
/// The file the running app saves to.
pub const LAST_SESSION: &str = "last-session.json";
/// The file the previous run's session is kept in until the user decides.
pub const PREVIOUS_SESSION: &str = "previous-session.json";

/// Where and when the session was last saved.
pub struct Autosave {
    path: PathBuf,
    last: Instant,
    /// The log saved last time (by address and length), so that an unchanged session is
    /// not written again.
    saved: Option<(usize, usize)>,
}

impl Autosave {
    /// Autosaves to `path` (its folder is made if missing).
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            last: Instant::now(),
            saved: None,
        }
    }

    /// The app's data folder's autosave, and the previous session moved aside for the
    /// restore offer (if there was one).
    pub fn in_data_folder(folder: &Path) -> (Self, Option<PathBuf>) {
        let last = folder.join(LAST_SESSION);
        let previous = folder.join(PREVIOUS_SESSION);
        let offer = if last.is_file() {
            std::fs::rename(&last, &previous).ok().map(|()| previous)
        } else {
            None
        };
        (Self::new(last), offer)
    }

    /// Where it saves.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves when 30 s have passed and the session changed (or always, with `now`).
    pub fn tick(&mut self, snap: Option<&Snapshot>, now: bool) -> Result<bool, String> {
        let Some(s) = snap else { return Ok(false) };
        let key = (Arc::as_ptr(&s.log) as usize, s.log.len());
        let due = now || self.last.elapsed() >= AUTOSAVE_EVERY;
        if !due || self.saved == Some(key) {
            return Ok(false);
        }
        self.last = Instant::now();
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = crate::train::scenario::scenario_text(&s.origin, &s.log);
        crate::fsio::write_atomic(&self.path, text.as_bytes()).map_err(|e| e.to_string())?;
        self.saved = Some(key);
        Ok(true)
    }
}

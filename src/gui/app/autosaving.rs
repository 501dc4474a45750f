//! Nothing lost: the session saved every 30 s while it changes and on exit, and the previous
//! session offered again at the next start.

use super::super::i18n as t;
use super::super::status::Banner;
use super::PerceptronApp;

impl PerceptronApp {
    /// Saves the session to `path` every 30 s while it changes, and on exit.
    pub fn set_autosave(&mut self, path: std::path::PathBuf) {
        self.autosave = Some(super::super::autosave::Autosave::new(path));
    }

    /// Saves the session now, if autosave is on and it changed; says whether it wrote.
    pub fn autosave_now(&mut self) -> bool {
        self.autosave_tick(true)
    }

    pub(super) fn autosave_tick(&mut self, now: bool) -> bool {
        let Some(a) = &mut self.autosave else {
            return false;
        };
        match a.tick(self.snap.as_deref(), now) {
            Ok(wrote) => wrote,
            Err(e) => {
                self.banner = Some(Banner {
                    text: e,
                    error: true,
                });
                false
            }
        }
    }

    /// Opens the offered previous session.
    pub fn restore_last(&mut self) {
        let Some(path) = self.restore_offer.take() else {
            return;
        };
        let lang = self.settings.lang;
        let result = match self.opener {
            Some(open) => open(&path),
            None => Err(t::NO_OPENER.get(lang).into()),
        };
        match result {
            Ok(opened) => self.adopt_session(opened),
            Err(e) => {
                self.banner = Some(Banner {
                    text: e,
                    error: true,
                })
            }
        }
    }
}

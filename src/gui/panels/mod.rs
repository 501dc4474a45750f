//! Right-column and strip views behind one small trait (egui_demo_lib's `View` pattern): a
//! view draws from the snapshot and returns [`Command`]s; nothing in a view talks to the
//! worker. A new view costs one file and one line of registration.

pub mod backprop;
pub mod confusion;
pub mod gradcheck;
pub mod runs;
pub mod timeline;

use super::i18n::Lang;
use super::settings::Settings;
use crate::train::{Command, Snapshot};
use egui::Ui;

/// A view of the session.
pub trait Panel {
    /// Its name in the interface language (tab titles).
    fn name(&self, lang: Lang) -> &'static str;
    /// Draws it; what the user asked for goes to `out`.
    fn ui(&mut self, ui: &mut Ui, snap: &Snapshot, settings: &Settings, out: &mut Vec<Command>);
}

//! Lesson mode and scenario codes in the app: entering a scene plays its setup and actions
//! as opening a scenario does; the session so far becomes a new scene; Edit → Copy / Paste
//! scenario code. Everything else of the window stays live.

use super::super::code_dialog::{CodeDialog, CodeOutcome};
use super::super::files::FileKind;
use super::super::i18n as t;
use super::super::lesson_view::{LessonCmd, LessonView, pick};
use super::super::status::Banner;
use super::PerceptronApp;
use crate::train::lesson::{Lesson, Scene, Texts};
use crate::train::scenario::Scenario;
use egui::Ui;

/// Below this height in points a window is short: the lesson's texts take less of it.
pub(super) const SHORT_WINDOW: f32 = 500.0;
/// Below this height in points a window is tiny: the lesson's texts take less still.
const TINY_WINDOW: f32 = 300.0;

impl PerceptronApp {
    /// The open lesson, if any.
    pub fn lesson(&self) -> Option<&LessonView> {
        self.lesson.as_ref()
    }

    /// Opens `lesson` at scene index `index` (from 0) and plays that scene.
    pub fn open_lesson(&mut self, lesson: Lesson, index: usize) {
        self.lesson = Some(LessonView::new(lesson, index));
        let current = self.lesson.as_ref().map_or(0, |l| l.current);
        self.enter_scene(current);
    }

    /// Shows scene `index` (from 0): its setup and actions are played into a new session.
    pub fn enter_scene(&mut self, index: usize) {
        let Some(view) = &mut self.lesson else {
            return;
        };
        let Some(scene) = view.lesson.scenes.get(index) else {
            return;
        };
        view.current = index;
        let scenario = scene.scenario.clone();
        if let Err(e) = self.play_scenario(&scenario) {
            self.banner = Some(Banner {
                text: e,
                error: true,
            });
        } else {
            self.banner = None;
        }
    }

    /// Plays a scenario held in memory and shows its session.
    fn play_scenario(&mut self, scenario: &Scenario) -> Result<(), String> {
        let lang = self.settings.lang;
        let player = self.scene_player.ok_or(t::NO_OPENER.get(lang))?;
        self.adopt_session(player(scenario)?);
        Ok(())
    }

    /// The lesson strip above the plots, and PageUp / PageDown.
    pub(super) fn lesson_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let Some(view) = &mut self.lesson else {
            return;
        };
        let keys = if ui.ctx().egui_wants_keyboard_input() || self.dialog.is_some() {
            None
        } else {
            view.keys(ui.ctx())
        };
        let mut cmd = keys;
        // The authoring tools stay in the Edit menu in front of the class (presentation
        // mode) and in a compact window, where their row would take the plot's height.
        let authoring = !self.presentation && !self.arrangement.compact;
        // The texts take at most 30 % of the window's height (25 % in a window under 500
        // points high, a projector at 200 %; 15 % under 300): the plots keep the rest.
        let height = ui.ctx().content_rect().height();
        let share = match height {
            h if h < TINY_WINDOW => 0.15,
            h if h < SHORT_WINDOW => 0.25,
            _ => 0.3,
        };
        let max_text = share * height;
        egui::Panel::top("lesson").show(ui, |ui| {
            if let Some(c) = view.ui(ui, lang, authoring, max_text) {
                cmd = Some(c);
            }
        });
        if let Some(c) = cmd {
            self.lesson_cmd(c);
        }
    }

    fn lesson_cmd(&mut self, cmd: LessonCmd) {
        match cmd {
            LessonCmd::Goto(i) => self.enter_scene(i),
            LessonCmd::Restart => {
                if let Some(i) = self.lesson.as_ref().map(|l| l.current) {
                    self.enter_scene(i);
                }
            }
            LessonCmd::AddScene => self.add_scene(),
            LessonCmd::Close => self.lesson = None,
        }
    }

    /// The session so far (its start and action log) becomes a scene after the current one,
    /// in a new lesson if none is open; the scene shown is that one (nothing is replayed).
    pub fn add_scene(&mut self) {
        let lang = self.settings.lang;
        let Some(snap) = &self.snap else {
            return;
        };
        let number = self
            .lesson
            .as_ref()
            .map_or(1, |l| l.lesson.scenes.len() + 1);
        let title = Texts {
            en: format!("{} {number}", t::NEW_SCENE.en),
            vi: format!("{} {number}", t::NEW_SCENE.vi),
        };
        let scene = Scene::from_session(&snap.origin, &snap.log, title);
        let shown = pick(&scene.title, lang).to_owned();
        match &mut self.lesson {
            Some(view) => {
                let at = (view.current + 1).min(view.lesson.scenes.len());
                view.lesson.scenes.insert(at, scene);
                view.current = at;
                view.editing = true;
            }
            None => {
                let lesson = Lesson {
                    title: Texts {
                        en: t::NEW_LESSON.en.into(),
                        vi: t::NEW_LESSON.vi.into(),
                    },
                    scenes: vec![scene],
                };
                let mut view = LessonView::new(lesson, 0);
                view.editing = true;
                self.lesson = Some(view);
            }
        }
        self.banner = Some(Banner {
            text: format!("{} {shown}", t::SCENE_ADDED.get(lang)),
            error: false,
        });
    }

    /// The Edit menu (scenario codes) and the lesson items of the File menu.
    pub(super) fn edit_menu_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        ui.menu_button(t::EDIT.get(lang), |ui| {
            if ui
                .button(t::COPY_CODE.get(lang))
                .on_hover_text(t::COPY_CODE_TIP.get(lang))
                .clicked()
                && let Some(code) = self.copy_scenario_code()
            {
                ui.ctx().copy_text(code);
            }
            if ui.button(t::PASTE_CODE.get(lang)).clicked() {
                self.code_dialog = Some(CodeDialog::default());
            }
            ui.separator();
            if ui
                .button(t::ADD_SCENE.get(lang))
                .on_hover_text(t::ADD_SCENE_TIP.get(lang))
                .clicked()
            {
                self.add_scene();
            }
            // The strip's other authoring tools, for a compact window whose strip has none.
            let mut close = false;
            if let Some(view) = &mut self.lesson {
                ui.toggle_value(&mut view.editing, t::EDIT_SCENE_TEXTS.get(lang));
                close = ui.button(t::CLOSE_LESSON.get(lang)).clicked();
            }
            if close {
                self.lesson_cmd(LessonCmd::Close);
            }
        });
    }

    /// The lesson's entries in the File menu.
    pub(super) fn lesson_file_items_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let dir = std::env::current_dir().unwrap_or_default();
        for (kind, text) in [
            (FileKind::OpenLesson, t::OPEN_LESSON),
            (FileKind::SaveLesson, t::SAVE_LESSON),
        ] {
            if ui.button(text.get(lang)).clicked() {
                self.dialog = Some(super::super::files::FileDialog::new(kind, &dir));
            }
        }
    }

    /// The session as a scenario code (made compact where generators and seeds give the
    /// same points and weights back), also kept as [`PerceptronApp::last_code`].
    pub fn copy_scenario_code(&mut self) -> Option<String> {
        let lang = self.settings.lang;
        let snap = self.snap.as_ref()?;
        let setup = match self.resolver {
            Some(resolve) => crate::train::scenario_code::compact_setup(
                &snap.origin,
                &[self.settings.data, self.applied.data],
                &resolve,
            ),
            None => (*snap.origin).clone(),
        };
        let code = crate::train::scenario_code::encode(&setup, &snap.log);
        self.banner = Some(Banner {
            text: format!("{} {}", t::CODE_COPIED.get(lang), code.chars().count()),
            error: false,
        });
        self.last_code = Some(code.clone());
        Some(code)
    }

    /// Opens a scenario code: a bad code gets one line and changes nothing.
    pub fn open_scenario_code(&mut self, code: &str) {
        let lang = self.settings.lang;
        let result = crate::train::scenario_code::decode(code)
            .map_err(|e| e.to_string())
            .and_then(|sc| self.play_scenario(&sc));
        self.banner = Some(match result {
            Ok(()) => Banner {
                text: t::CODE_OPENED.get(lang).into(),
                error: false,
            },
            Err(e) => Banner {
                text: crate::text::clip_to(&crate::text::one_line(&e), 300),
                error: true,
            },
        });
    }

    /// The paste dialog, while open.
    pub(super) fn code_dialog_ui(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let Some(dialog) = &mut self.code_dialog else {
            return;
        };
        match dialog.ui(ctx, lang) {
            Some(CodeOutcome::Open(code)) => {
                self.code_dialog = None;
                self.open_scenario_code(&code);
            }
            Some(CodeOutcome::Cancelled) => self.code_dialog = None,
            None => {}
        }
    }

    /// File → Open lesson / Save lesson; the result as a banner line.
    pub(super) fn lesson_file_chosen(
        &mut self,
        kind: FileKind,
        path: &std::path::Path,
    ) -> Result<Banner, String> {
        let lang = self.settings.lang;
        let done = |what: &str| Banner {
            text: format!("{what} {}", path.display()),
            error: false,
        };
        if kind == FileKind::SaveLesson {
            let view = self.lesson.as_ref().ok_or(t::NO_LESSON.get(lang))?;
            let text = view.lesson.to_text();
            return crate::fsio::write_atomic(path, text.as_bytes())
                .map_err(|e| super::super::file_errors::fs_error(&e, lang))
                .map(|()| done(t::SAVED.get(lang)));
        }
        let bytes = crate::fsio::read_limited(path, 256 << 20)
            .map_err(|e| super::super::file_errors::fs_error(&e, lang))?;
        let text =
            String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
        let lesson = Lesson::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        self.open_lesson(lesson, 0);
        Ok(done(t::LOADED.get(lang)))
    }
}

//! The lesson view: a large caption strip (scene title and caption in the app's language),
//! Previous / Next, a scene counter "3 / 14", Restart scene, and the teacher's tools (add the
//! current state as a scene, edit a scene's texts). It draws and returns what was asked; the
//! app plays the scenes.

use super::i18n::{self as t, Lang};
use super::status::plain;
use crate::train::lesson::{Lesson, Texts};
use egui::{RichText, Ui};

/// What the strip asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonCmd {
    /// Go to the scene at this index (from 0) and play it.
    Goto(usize),
    /// Play the current scene again.
    Restart,
    /// Add the session as a scene after the current one.
    AddScene,
    /// Close the lesson view.
    Close,
}

/// An open lesson and the scene shown.
pub struct LessonView {
    /// The lesson (scenes added in the app included).
    pub lesson: Lesson,
    /// The scene shown, from 0 (shown as index + 1).
    pub current: usize,
    /// The texts of the current scene are being edited.
    pub editing: bool,
}

/// The text of `texts` in `lang`.
pub fn pick(texts: &Texts, lang: Lang) -> &str {
    match lang {
        Lang::En => &texts.en,
        Lang::Vi => &texts.vi,
    }
}

/// Below this height in points for the texts, the lesson's name line is left out.
const SHORT_TEXT: f32 = 150.0;

/// The caption's type size at 100 %, in points (the UI scale multiplies it).
const CAPTION_SIZE: f32 = 20.0;
/// The scene title's type size at 100 %.
const TITLE_SIZE: f32 = 26.0;

impl LessonView {
    /// A view of `lesson` at scene index `current` (clamped).
    pub fn new(lesson: Lesson, current: usize) -> Self {
        let current = current.min(lesson.scenes.len().saturating_sub(1));
        Self {
            lesson,
            current,
            editing: false,
        }
    }

    /// "3 / 14".
    pub fn counter(&self) -> String {
        format!("{} / {}", self.current + 1, self.lesson.scenes.len())
    }

    /// The scene after the current one, if any.
    pub fn next(&self) -> Option<usize> {
        (self.current + 1 < self.lesson.scenes.len()).then_some(self.current + 1)
    }

    /// The scene before the current one, if any.
    pub fn previous(&self) -> Option<usize> {
        self.current.checked_sub(1)
    }

    /// PageUp / PageDown: what a presenter clicker sends.
    pub fn keys(&self, ctx: &egui::Context) -> Option<LessonCmd> {
        ctx.input(|i| {
            if i.key_pressed(egui::Key::PageDown) {
                self.next().map(LessonCmd::Goto)
            } else if i.key_pressed(egui::Key::PageUp) {
                self.previous().map(LessonCmd::Goto)
            } else {
                None
            }
        })
    }

    /// Draws the strip; returns what was asked. With `authoring` false (presentation mode,
    /// in front of the class) only the scene buttons show: no Add scene, Edit scene texts or
    /// Close lesson. The texts take at most `max_text` points of height and scroll beyond,
    /// so that a long caption on a short (or much enlarged) window leaves the plots their room.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        authoring: bool,
        max_text: f32,
    ) -> Option<LessonCmd> {
        let mut cmd = None;
        egui::ScrollArea::vertical()
            .id_salt("lesson-texts")
            .max_height(max_text)
            .auto_shrink([false, true])
            .show(ui, |ui| self.texts_ui(ui, lang, max_text >= SHORT_TEXT));
        ui.horizontal_wrapped(|ui| {
            cmd = self.scene_buttons_ui(ui, lang);
            if authoring {
                ui.separator();
                cmd = self.authoring_buttons_ui(ui, lang).or(cmd);
            }
        });
        if self.editing {
            self.editor_ui(ui, lang);
        }
        cmd
    }

    /// The lesson's and the scene's titles, the caption and the notice; with `lesson_line`
    /// false (little room) the scene's title comes first, the counter being on the buttons'
    /// row.
    fn texts_ui(&self, ui: &mut Ui, lang: Lang, lesson_line: bool) {
        let Some(scene) = self.lesson.scenes.get(self.current) else {
            return;
        };
        if lesson_line {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(pick(&self.lesson.title, lang)).weak());
                ui.label(
                    RichText::new(format!("{} {}", t::SCENE_COUNTER.get(lang), self.counter()))
                        .weak(),
                );
            });
        }
        ui.label(
            RichText::new(plain(pick(&scene.title, lang)))
                .size(TITLE_SIZE)
                .strong(),
        );
        // A teacher's texts are plain text: `code` shows in quotes, not as a grave accent.
        ui.label(RichText::new(plain(pick(&scene.caption, lang))).size(CAPTION_SIZE));
        let notice = plain(pick(&scene.notice, lang));
        if !notice.is_empty() {
            ui.label(RichText::new(notice).size(0.8 * CAPTION_SIZE).italics());
        }
    }

    fn scene_buttons_ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<LessonCmd> {
        let mut cmd = None;
        let big = |s: &str| RichText::new(s.to_owned()).size(0.9 * CAPTION_SIZE);
        let prev = ui
            .add_enabled(
                self.previous().is_some(),
                egui::Button::new(big(t::PREVIOUS_SCENE.get(lang))),
            )
            .on_hover_text(t::SCENE_KEYS_TIP.get(lang));
        if prev.clicked() {
            cmd = self.previous().map(LessonCmd::Goto);
        }
        ui.label(big(&self.counter()));
        let next = ui
            .add_enabled(
                self.next().is_some(),
                egui::Button::new(big(t::NEXT_SCENE.get(lang))),
            )
            .on_hover_text(t::SCENE_KEYS_TIP.get(lang));
        if next.clicked() {
            cmd = self.next().map(LessonCmd::Goto);
        }
        if ui
            .button(big(t::RESTART_SCENE.get(lang)))
            .on_hover_text(t::RESTART_SCENE_TIP.get(lang))
            .clicked()
        {
            cmd = Some(LessonCmd::Restart);
        }
        cmd
    }

    fn authoring_buttons_ui(&mut self, ui: &mut Ui, lang: Lang) -> Option<LessonCmd> {
        let mut cmd = None;
        if ui
            .button(t::ADD_SCENE.get(lang))
            .on_hover_text(t::ADD_SCENE_TIP.get(lang))
            .clicked()
        {
            cmd = Some(LessonCmd::AddScene);
        }
        ui.toggle_value(&mut self.editing, t::EDIT_SCENE_TEXTS.get(lang));
        if ui.button(t::CLOSE_LESSON.get(lang)).clicked() {
            cmd = Some(LessonCmd::Close);
        }
        cmd
    }

    /// The current scene's title and caption in both languages, editable.
    fn editor_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let Some(scene) = self.lesson.scenes.get_mut(self.current) else {
            return;
        };
        egui::Grid::new("scene-texts")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, text, multiline) in [
                    (t::SCENE_TITLE_EN, &mut scene.title.en, false),
                    (t::SCENE_TITLE_VI, &mut scene.title.vi, false),
                    (t::SCENE_CAPTION_EN, &mut scene.caption.en, true),
                    (t::SCENE_CAPTION_VI, &mut scene.caption.vi, true),
                ] {
                    let l = ui.label(label.get(lang));
                    let edit = if multiline {
                        egui::TextEdit::multiline(text).desired_rows(2)
                    } else {
                        egui::TextEdit::singleline(text)
                    };
                    ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id);
                    ui.end_row();
                }
            });
    }
}

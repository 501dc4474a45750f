//! The paste dialog of Edit → Paste scenario code: a text field (Ctrl+V pastes the system
//! clipboard into it through egui's paste event), Open and Cancel.

use super::i18n::{self as t, Lang};

/// The dialog's state: the text typed or pasted so far.
#[derive(Default)]
pub struct CodeDialog {
    /// The code as typed or pasted.
    pub code: String,
}

/// How the dialog ended.
pub enum CodeOutcome {
    /// Open this code.
    Open(String),
    /// Closed without opening.
    Cancelled,
}

impl CodeDialog {
    /// Draws the dialog; returns how it ended, if it did.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Option<CodeOutcome> {
        let mut outcome = None;
        egui::Window::new(t::PASTE_CODE.get(lang))
            .collapsible(false)
            .resizable(true)
            .default_width(520.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                let l = ui.label(t::CODE_FIELD.get(lang));
                // A long code scrolls inside the field, so Open and Cancel stay on screen.
                let max_height = (ctx.content_rect().height() * 0.4).max(80.0);
                let r = egui::ScrollArea::vertical()
                    .max_height(max_height)
                    .show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(&mut self.code)
                                .hint_text(t::CODE_HINT.get(lang))
                                .desired_rows(4)
                                .desired_width(f32::INFINITY)
                                .code_editor(),
                        )
                        .labelled_by(l.id)
                    })
                    .inner;
                if !r.has_focus() && self.code.is_empty() {
                    r.request_focus();
                }
                ui.horizontal(|ui| {
                    if ui.button(t::OPEN.get(lang)).clicked() {
                        outcome = Some(CodeOutcome::Open(self.code.clone()));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        outcome = Some(CodeOutcome::Cancelled);
                    }
                });
            });
        outcome
    }
}

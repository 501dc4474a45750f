//! Presentation mode (F5, View menu, `--presentation`): the plots, the lesson's caption
//! strip when a lesson is open, and the transport buttons, in large type. F5 or Esc leaves.

use super::super::controls::Action;
use super::super::controls::transport::{TransportLook, transport_ui};
use super::super::i18n as t;
use super::PerceptronApp;
use egui::Ui;

/// How much larger every text is in presentation mode, at most.
pub const PRESENTATION_TYPE: f32 = 1.6;

/// How much larger every text is in presentation mode in a window `height` points high:
/// [`PRESENTATION_TYPE`] from 800 points up, less below, and no larger at all from 500 points
/// down (a projector at 200 % is 400 points high: its type is already large).
pub fn presentation_type(height: f32) -> f32 {
    (height / 500.0).clamp(1.0, PRESENTATION_TYPE)
}

impl PerceptronApp {
    /// Whether presentation mode is on.
    pub fn presentation(&self) -> bool {
        self.presentation
    }

    /// Turns presentation mode on or off.
    pub fn set_presentation(&mut self, on: bool) {
        self.presentation = on;
    }

    pub(super) fn presentation_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        let height = ui.ctx().content_rect().height();
        let factor = presentation_type(height);
        // A short window keeps Play, Step and Reset only, on one row with Leave.
        let short = height < super::lesson::SHORT_WINDOW;
        large_type(ui.style_mut(), factor);
        self.lesson_ui(ui);
        let run = self.run_state();
        egui::Panel::bottom("presentation-transport").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                // Panels take the context's style, so the buttons' type is set here.
                let look = TransportLook {
                    all: !short,
                    size: Some(factor * 15.0),
                };
                let model = self.settings.config.model;
                actions.extend(transport_ui(ui, model, lang, &run, look));
                ui.separator();
                if ui
                    .button(t::LEAVE_PRESENTATION.get(lang))
                    .on_hover_text(t::PRESENTATION_TIP.get(lang))
                    .clicked()
                {
                    self.presentation = false;
                }
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let Some(snap) = self.snap.clone() else {
                ui.spinner();
                return;
            };
            let avail = ui.available_size();
            // The curves go beside the data plot when the window is wide enough for both and
            // tall enough for the curves to be read (else the data plot takes the width).
            let both = avail.x > 1.5 * avail.y && avail.y >= 250.0;
            let plot_w = if both {
                (avail.y + 60.0).min(0.62 * avail.x)
            } else {
                avail.x
            };
            let plots = ui.horizontal_top(|ui| {
                ui.allocate_ui(egui::vec2(plot_w, avail.y), |ui| {
                    self.data_plot_ui(ui, &snap, egui::vec2(plot_w, avail.y));
                });
                if both {
                    ui.vertical(|ui| {
                        self.loss_plot.ui(ui, &self.settings, &snap, avail.y - 70.0);
                    });
                }
            });
            // A recording made in presentation mode captures the large plots.
            self.recording.plots = Some(plots.response.rect);
        });
    }
}

/// Every text style and the buttons' padding made `factor` times larger, for the back of a
/// lecture hall.
fn large_type(style: &mut egui::Style, factor: f32) {
    for font in style.text_styles.values_mut() {
        font.size *= factor;
    }
    style.spacing.button_padding *= factor;
    style.spacing.interact_size.y *= factor;
}

//! The timeline under the plots: a scrubber over the whole current run, with Home, one step
//! back and forward, and Live. Dragging it shows the run exactly as it was at that step.

use super::Panel;
use crate::gui::i18n::{self as t, Lang};
use crate::gui::loss_plot::format_count;
use crate::gui::settings::Settings;
use crate::train::{Command, Snapshot};
use egui::{Button, Slider, Ui};

/// The scrubber's state between frames.
#[derive(Default)]
pub struct Timeline {
    /// The step being dragged to (the snapshot catches up a frame later).
    dragging: Option<u64>,
}

impl Panel for Timeline {
    fn name(&self, lang: Lang) -> &'static str {
        t::TIMELINE.get(lang)
    }

    fn ui(&mut self, ui: &mut Ui, snap: &Snapshot, s: &Settings, out: &mut Vec<Command>) {
        let lang = s.lang;
        let run = &snap.runs[snap.current];
        let head = run.head_step;
        let at = snap.step;
        ui.horizontal(|ui| {
            let id = &run.id;
            ui.label(
                egui::RichText::new(format!(
                    "{} {} / {} · {} {id}",
                    t::STEP_LABEL.get(lang),
                    format_count(at as f64),
                    format_count(head as f64),
                    t::RUN.get(lang)
                ))
                .monospace(),
            );
            if ui
                .add_enabled(at > 0, Button::new(t::TIMELINE_HOME.get(lang)))
                .on_hover_text(t::TIMELINE_START.get(lang))
                .clicked()
            {
                out.push(Command::View(0));
            }
            if ui
                .add_enabled(at > 0, Button::new(t::ONE_BACK.get(lang)))
                .on_hover_text(t::STEP_BACK_TIP.get(lang))
                .clicked()
            {
                out.push(Command::StepBack);
            }
            let mut value = self.dragging.unwrap_or(at);
            ui.spacing_mut().slider_width = (ui.available_width() - 200.0).max(120.0);
            let r = ui
                .add(
                    Slider::new(&mut value, 0..=head.max(1))
                        .show_value(false)
                        .text(t::TIMELINE.get(lang)),
                )
                .on_hover_text(t::TIMELINE_TIP.get(lang));
            if r.dragged() || r.changed() {
                self.dragging = Some(value);
                if value != at {
                    out.push(Command::View(value.min(head)));
                }
            }
            if !r.dragged() {
                self.dragging = None;
            }
            if ui
                .add_enabled(at < head, Button::new(t::ONE_FORWARD.get(lang)))
                .on_hover_text(t::STEP_FORWARD.get(lang))
                .clicked()
            {
                out.push(Command::StepForward);
            }
            if ui
                .add_enabled(snap.cursor.is_some(), Button::new(t::LIVE.get(lang)))
                .on_hover_text(t::LIVE_TIP.get(lang))
                .clicked()
            {
                out.push(Command::Live);
            }
        });
    }
}

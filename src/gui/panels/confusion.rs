//! The confusion matrix panel: for every true class (rows) the points the model puts in each
//! class (columns), as counts and row percentages, at the step shown. The diagonal is the
//! right answers; a cell is shaded by its row percentage.

use super::Panel;
use crate::gui::i18n::{self as t, Lang};
use crate::gui::settings::Settings;
use crate::gui::theme;
use crate::nn::Confusion;
use crate::train::{Command, Snapshot};
use egui::{Color32, RichText, Ui};

/// The confusion panel (it keeps no state between frames).
#[derive(Default)]
pub struct ConfusionPanel;

impl Panel for ConfusionPanel {
    fn name(&self, lang: Lang) -> &'static str {
        t::CONFUSION.get(lang)
    }

    fn ui(&mut self, ui: &mut Ui, snap: &Snapshot, s: &Settings, _out: &mut Vec<Command>) {
        let lang = s.lang;
        ui.label(RichText::new(t::CONFUSION_TIP.get(lang)).small().weak());
        egui::ScrollArea::both().show(ui, |ui| {
            matrix_ui(
                ui,
                "confusion-train",
                t::TRAINING_SET.get(lang),
                &snap.confusion,
                lang,
            );
            if let Some(test) = &snap.test_confusion {
                ui.add_space(12.0);
                matrix_ui(ui, "confusion-test", t::TEST_SET.get(lang), test, lang);
            }
        });
    }
}

/// One matrix under its title, with the accuracy it amounts to.
pub fn matrix_ui(ui: &mut Ui, id: &str, title: &str, m: &Confusion, lang: Lang) {
    let total = m.total();
    ui.label(RichText::new(format!("{title} · N = {total}")).strong());
    let text = ui.visuals().text_color();
    egui::Grid::new(id)
        .spacing(egui::vec2(6.0, 4.0))
        .min_col_width(64.0)
        .show(ui, |ui| {
            ui.label(RichText::new(t::TRUE_VS_PREDICTED.get(lang)).small());
            for k in 0..m.classes() {
                class_header(ui, k, lang);
            }
            ui.label(RichText::new("Σ").strong());
            ui.end_row();
            for c in 0..m.classes() {
                class_header(ui, c, lang);
                for k in 0..m.classes() {
                    cell_ui(ui, m, c, k, text);
                }
                ui.label(m.row_total(c).to_string());
                ui.end_row();
            }
        });
    if total > 0 {
        ui.label(format!(
            "{}: {} / {total} = {:.1} %",
            t::ACCURACY_PLOT.get(lang),
            m.correct(),
            100.0 * m.correct() as f64 / total as f64
        ));
    }
}

fn class_header(ui: &mut Ui, class: usize, lang: Lang) {
    ui.label(
        RichText::new(format!("{} {class}", t::CLASS.get(lang)))
            .color(theme::class_color(class))
            .strong(),
    );
}

/// A cell: its count and row percentage, shaded by the percentage (the diagonal in the
/// class's colour, mistakes in red).
fn cell_ui(ui: &mut Ui, m: &Confusion, truth: usize, predicted: usize, text: Color32) {
    let count = m.count(truth, predicted);
    let percent = m.row_percent(truth, predicted);
    let base = if truth == predicted {
        theme::class_color(truth)
    } else {
        Color32::from_rgb(200, 40, 40)
    };
    let alpha = (percent.unwrap_or(0.0) / 100.0 * 160.0) as u8;
    let fill = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
    let shown = match percent {
        Some(p) => format!("{count}\n{p:.0} %"),
        None => count.to_string(),
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(shown).monospace().color(text))
                .on_hover_text(format!("{truth} → {predicted}: {count}"));
        });
}

//! The side panel's sections, drawn in the full panel or one at a time from the icon strip
//! a narrow window folds the panel to (a click opens the section over the plots).

use super::{Action, RunState};
use crate::gui::i18n::{self as t, Lang, Text};
use crate::gui::settings::Settings;
use egui::Ui;

/// One section of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Speed (and Step epoch / Step back in a compact window).
    Training,
    /// The lecture's preset networks.
    Presets,
    /// The dataset and its generator.
    Data,
    /// Features, perceptron or MLP, layers, activations, loss.
    Model,
    /// α, λ, batch size, optimizer.
    Optimizer,
    /// What the plots show.
    Display,
}

impl Section {
    /// Every section, in the panel's order.
    pub const ALL: [Section; 6] = [
        Section::Training,
        Section::Presets,
        Section::Data,
        Section::Model,
        Section::Optimizer,
        Section::Display,
    ];

    /// The section's name.
    pub fn name(self) -> Text {
        match self {
            Section::Training => t::TRAINING,
            Section::Presets => t::PRESETS,
            Section::Data => t::DATA,
            Section::Model => t::MODEL,
            Section::Optimizer => t::OPTIMIZER,
            Section::Display => t::DISPLAY,
        }
    }

    /// The strip's icon: a glyph the bundled fonts have (DejaVu's symbols subset), chosen
    /// from the course where one fits (α the learning rate, ∴ scattered points).
    pub fn icon(self) -> &'static str {
        match self {
            Section::Training => "⚡",
            Section::Presets => "★",
            Section::Data => "∴",
            Section::Model => "⊞",
            Section::Optimizer => "α",
            Section::Display => "◐",
        }
    }
}

/// Draws one section's controls; buttons pressed go to `actions`.
pub fn section_ui(
    ui: &mut Ui,
    section: Section,
    s: &mut Settings,
    run: &RunState,
    compact: bool,
    actions: &mut Vec<Action>,
) {
    match section {
        Section::Training => super::training_ui(ui, s, run, compact, actions),
        Section::Presets => super::presets_ui(ui, s.lang, actions),
        Section::Data => super::data_ui(ui, s, actions),
        Section::Model => {
            super::features::features_ui(ui, s);
            ui.separator();
            super::model_ui(ui, s, run);
        }
        Section::Optimizer => super::optimizer_ui(ui, s),
        Section::Display => super::display_ui(ui, s, actions),
    }
}

/// The icon strip: one button per section, its name as tooltip and accessible label.
/// Clicking the open section's icon closes it.
pub fn strip_ui(ui: &mut Ui, open: &mut Option<Section>, lang: Lang) {
    ui.vertical_centered(|ui| {
        for section in Section::ALL {
            let name = section.name().get(lang);
            let text = egui::RichText::new(section.icon()).size(17.0);
            let r = ui
                .add(egui::Button::selectable(*open == Some(section), text))
                .on_hover_text(name);
            // The icon is not a name a screen reader can say: the section's name is.
            let selected = *open == Some(section);
            r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, name));
            if r.clicked() {
                *open = if *open == Some(section) {
                    None
                } else {
                    Some(section)
                };
            }
        }
    });
}

/// The open section as a panel over the plots, beside the strip, its height bounded by the
/// window's; Esc or its Close button closes it.
pub fn section_popup_ui(
    ctx: &egui::Context,
    open: &mut Option<Section>,
    s: &mut Settings,
    run: &RunState,
    compact: bool,
    left_top: egui::Pos2,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(section) = *open else {
        return actions;
    };
    let lang = s.lang;
    let max_h = (ctx.content_rect().bottom() - left_top.y - 8.0).max(120.0);
    let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    egui::Area::new(egui::Id::unique("section-popup"))
        .fixed_pos(left_top)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(crate::gui::arrangement::FULL_PANEL - 20.0);
                ui.horizontal(|ui| {
                    ui.heading(section.name().get(lang));
                    if ui.button(t::CLOSE.get(lang)).clicked() {
                        close = true;
                    }
                });
                egui::ScrollArea::vertical()
                    .max_height(max_h - 50.0)
                    .show(ui, |ui| {
                        section_ui(ui, section, s, run, compact, &mut actions);
                    });
            });
        });
    if close {
        *open = None;
    }
    actions
}

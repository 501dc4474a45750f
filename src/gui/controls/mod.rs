//! The side panel: every parameter visible and editable, each control labelled (for screen
//! readers and tests) with a tooltip that says what it does. Edits change the [`Settings`];
//! the app turns the difference into commands. Buttons return [`Action`]s.

use super::i18n::{self as t, Lang, Text};
use super::settings::{Settings, slider_to_speed};
use crate::data::DatasetKind;
use crate::train::{Command, ModelKind, Speed};
use egui::{DragValue, Slider, Ui};

mod data_source;
mod features;
mod model;
mod optimizer;
pub mod sections;
pub mod transport;
pub use features::feature_label;
use model::{model_ui, optimizer_ui};
pub use optimizer::{optimizer_name, reg_term_name};
use sections::{Section, section_ui};

/// What a button asks for.
#[derive(Clone, Debug)]
pub enum Action {
    /// A command for the worker.
    Send(Command),
    /// New points from the next seed.
    Regenerate,
    /// New initial weights from the next weight seed (Reset), same data and settings.
    NewWeights,
    /// Fit the data plot to the data.
    ResetView,
    /// Everything back to its default.
    RestoreDefaults,
    /// A preset network.
    Preset(super::presets::Preset),
    /// Reload the CSV file opened last (the dataset picker's "Data from CSV" entry).
    ReopenCsv,
}

/// What the panel needs to know about the run.
pub struct RunState {
    /// Playing.
    pub running: bool,
    /// The data's class count.
    pub classes: usize,
    /// Step back has something to undo.
    pub can_step_back: bool,
    /// Training is stopped by divergence or convergence.
    pub stopped: bool,
}

/// The dataset's name in the menu.
pub fn dataset_name(kind: DatasetKind, lang: Lang) -> &'static str {
    let text = match kind {
        DatasetKind::Spiral => Text {
            en: "Spiral",
            vi: "Xoắn ốc",
        },
        DatasetKind::Xor => Text {
            en: "XOR (logic gate)",
            vi: "XOR (cổng logic)",
        },
        DatasetKind::And => Text {
            en: "AND (logic gate)",
            vi: "AND (cổng logic)",
        },
        DatasetKind::Or => Text {
            en: "OR (logic gate)",
            vi: "OR (cổng logic)",
        },
        DatasetKind::Nand => Text {
            en: "NAND (logic gate)",
            vi: "NAND (cổng logic)",
        },
        DatasetKind::Blobs => Text {
            en: "Separable blobs",
            vi: "Hai cụm tách được",
        },
        DatasetKind::Overlap => Text {
            en: "Overlapping blobs",
            vi: "Hai cụm chồng lấn",
        },
        DatasetKind::Circle => Text {
            en: "Circle",
            vi: "Hình tròn",
        },
        DatasetKind::Moons => Text {
            en: "Two moons",
            vi: "Hai nửa trăng",
        },
        DatasetKind::Gauss => Text {
            en: "Gaussian clusters",
            vi: "Các cụm Gauss",
        },
        DatasetKind::XorQuadrants => Text {
            en: "XOR quadrants (Playground)",
            vi: "XOR bốn góc phần tư (Playground)",
        },
    };
    text.get(lang)
}

/// A slider with its label in front, the label naming it for screen readers.
fn labelled<'a>(
    ui: &mut Ui,
    label: &str,
    tip: &str,
    widget: impl egui::Widget + 'a,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(widget).labelled_by(l.id).on_hover_text(tip)
    })
    .inner
}

/// Draws the full panel (every section, scrolling); returns the buttons pressed. Play, Step
/// and Reset are not here: they sit in the pinned transport row.
pub fn controls_ui(ui: &mut Ui, s: &mut Settings, run: &RunState, compact: bool) -> Vec<Action> {
    let lang = s.lang;
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading(t::TRAINING.get(lang));
        training_ui(ui, s, run, compact, &mut actions);
        ui.separator();
        for section in &Section::ALL[1..] {
            egui::CollapsingHeader::new(section.name().get(lang))
                .default_open(*section != Section::Display)
                .show(ui, |ui| {
                    section_ui(ui, *section, s, run, compact, &mut actions)
                });
        }
    });
    actions
}

/// Play's speed; in a compact window also Step epoch and Step back (the transport row then
/// keeps only Play, Step and Reset).
fn training_ui(
    ui: &mut Ui,
    s: &mut Settings,
    run: &RunState,
    compact: bool,
    actions: &mut Vec<Action>,
) {
    let lang = s.lang;
    if compact {
        ui.horizontal_wrapped(|ui| {
            transport::step_more_ui(ui, s.config.model, lang, run, actions);
        });
    }
    let full = t::FULL_SPEED.get(lang);
    let per_second = t::PER_SECOND.get(lang);
    labelled(
        ui,
        t::SPEED.get(lang),
        t::SPEED_TIP.get(lang),
        Slider::new(&mut s.speed, 0.0..=1.0)
            .show_value(true)
            .custom_formatter(move |x, _| match slider_to_speed(x) {
                Speed::Full => full.to_owned(),
                Speed::PerSecond(r) if r < 10.0 => format!("{r:.1} {per_second}"),
                Speed::PerSecond(r) => format!("{r:.0} {per_second}"),
            }),
    );
}

fn data_ui(ui: &mut Ui, s: &mut Settings, actions: &mut Vec<Action>) {
    let lang = s.lang;
    ui.horizontal(|ui| {
        let l = ui.label(t::DATASET.get(lang));
        data_source::dataset_picker_ui(ui, s, actions)
            .labelled_by(l.id)
            .on_hover_text(t::DATASET_TIP.get(lang));
    });
    let spec = &mut s.data;
    let many = spec.kind.supports_many_classes() && s.config.model == ModelKind::Mlp;
    ui.add_enabled_ui(many, |ui| {
        labelled(
            ui,
            t::CLASSES.get(lang),
            t::CLASSES_TIP.get(lang),
            Slider::new(&mut spec.classes, 2..=8),
        )
        .on_disabled_hover_text(if s.config.model == ModelKind::Perceptron {
            t::PERCEPTRON_NEEDS_TWO.get(lang)
        } else {
            t::CLASSES_TIP.get(lang)
        });
    });
    if !many {
        spec.classes = 2;
    }
    let gate = spec.kind.is_logic_gate();
    ui.add_enabled_ui(!gate, |ui| {
        labelled(
            ui,
            t::POINTS.get(lang),
            t::POINTS_TIP.get(lang),
            Slider::new(&mut spec.points_per_class, 1..=100_000).logarithmic(true),
        );
        let mut noise = spec.noise();
        let r = labelled(
            ui,
            t::NOISE.get(lang),
            t::NOISE_TIP.get(lang),
            Slider::new(&mut noise, 0.0..=1.5),
        );
        if r.changed() {
            spec.noise = Some(noise);
        }
    });
    labelled(
        ui,
        t::DATA_SEED.get(lang),
        t::DATA_SEED_TIP.get(lang),
        DragValue::new(&mut spec.seed),
    );
    if ui
        .button(t::REGENERATE.get(lang))
        .on_hover_text(t::REGENERATE_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::Regenerate);
    }
    data_source::split_ui(ui, s);
    ui.checkbox(&mut s.edit_points, t::EDIT_POINTS.get(lang))
        .on_hover_text(t::ADD_POINTS_TIP.get(lang));
    if s.edit_points {
        ui.horizontal_wrapped(|ui| {
            ui.label(t::ADD_POINTS.get(lang));
            for c in 0..s.data.classes {
                ui.radio_value(&mut s.add_class, c, c.to_string())
                    .on_hover_text(t::ADD_POINTS_TIP.get(lang));
            }
        });
    }
}

fn presets_ui(ui: &mut Ui, lang: Lang, actions: &mut Vec<Action>) {
    use super::presets::Preset;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(t::XOR_NETWORK.get(lang))
            .on_hover_text(t::XOR_NETWORK_TIP.get(lang))
            .clicked()
        {
            actions.push(Action::Preset(Preset::XorNetwork));
        }
        if ui
            .button(t::XOR_TRAINED.get(lang))
            .on_hover_text(t::XOR_TRAINED_TIP.get(lang))
            .clicked()
        {
            actions.push(Action::Preset(Preset::XorTrained));
        }
    });
}

fn display_ui(ui: &mut Ui, s: &mut Settings, actions: &mut Vec<Action>) {
    let lang = s.lang;
    ui.checkbox(&mut s.hard_classes, t::HARD_CLASSES.get(lang))
        .on_hover_text(t::HARD_CLASSES_TIP.get(lang));
    ui.checkbox(&mut s.show_boundary, t::SHOW_BOUNDARY.get(lang));
    ui.checkbox(&mut s.show_mistakes, t::SHOW_MISTAKES.get(lang));
    ui.checkbox(&mut s.show_hidden_lines, t::HIDDEN_LINES.get(lang))
        .on_hover_text(t::HIDDEN_LINES_TIP.get(lang));
    ui.checkbox(&mut s.show_loss_parts, t::SHOW_PARTS.get(lang));
    ui.checkbox(&mut s.log_scale, t::LOG_SCALE.get(lang));
    ui.checkbox(&mut s.x_in_epochs, t::X_IN_EPOCHS.get(lang));
    if ui
        .button(t::RESET_VIEW.get(lang))
        .on_hover_text(t::RESET_VIEW_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::ResetView);
    }
}

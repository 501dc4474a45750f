//! The model and optimiser sections of the side panel: perceptron or MLP, hidden layers,
//! activation, loss; learning rate, λ, update rule, batch size and weight seed.

use super::super::i18n::{self as t, Text};
use super::super::settings::Settings;
use super::{RunState, labelled};
use crate::nn::mlp::MAX_UNITS;
use crate::nn::{Activation, Loss};
use crate::train::config::MAX_HIDDEN_LAYERS;
use crate::train::{ModelKind, UpdateRule};
use egui::{Button, DragValue, Slider, Ui};

fn update_name(rule: UpdateRule) -> Text {
    match rule {
        UpdateRule::Batch => t::BATCH,
        UpdateRule::MiniBatch => t::MINIBATCH,
        UpdateRule::Sgd => t::SGD,
        UpdateRule::Online => t::ONLINE,
    }
}

fn loss_name(loss: Loss) -> Text {
    match loss {
        Loss::CrossEntropy => t::CROSS_ENTROPY,
        Loss::Mse => t::MSE,
    }
}

pub(super) fn model_ui(ui: &mut Ui, s: &mut Settings, run: &RunState) {
    let lang = s.lang;
    let c = &mut s.config;
    ui.horizontal_wrapped(|ui| {
        let two = run.classes <= 2;
        ui.add_enabled_ui(two, |ui| {
            ui.radio_value(&mut c.model, ModelKind::Perceptron, t::PERCEPTRON.get(lang))
                .on_hover_text(t::MODEL_TIP.get(lang))
                .on_disabled_hover_text(t::PERCEPTRON_NEEDS_TWO.get(lang));
        });
        ui.radio_value(&mut c.model, ModelKind::Mlp, t::MLP.get(lang))
            .on_hover_text(t::MODEL_TIP.get(lang));
    });
    match c.model {
        ModelKind::Perceptron => {
            ui.checkbox(&mut c.pocket, t::POCKET.get(lang))
                .on_hover_text(t::POCKET_TIP.get(lang));
            ui.checkbox(&mut c.shuffle, t::SHUFFLE.get(lang))
                .on_hover_text(t::SHUFFLE_TIP.get(lang));
            ui.horizontal(|ui| {
                let l = ui.label(t::PASS_LIMIT_LABEL.get(lang));
                ui.add(DragValue::new(&mut s.pass_limit).range(1..=10_000_000))
                    .labelled_by(l.id)
                    .on_hover_text(t::PASS_LIMIT_HINT.get(lang));
            });
            if s.config.pocket {
                ui.checkbox(&mut s.show_pocket, t::SHOW_POCKET.get(lang))
                    .on_hover_text(t::SHOW_POCKET_TIP.get(lang));
            }
        }
        ModelKind::Mlp => {
            ui.label(t::HIDDEN_LAYERS.get(lang))
                .on_hover_text(t::HIDDEN_TIP.get(lang));
            let mut remove = None;
            for (i, units) in c.hidden_sizes.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let name = format!("{} {}", t::LAYER.get(lang), i + 1);
                    let l = ui.label(&name);
                    let mut small = (*units).min(64);
                    let slider = ui
                        .add(Slider::new(&mut small, 1..=64).show_value(false))
                        .labelled_by(l.id)
                        .on_hover_text(t::HIDDEN_TIP.get(lang));
                    if slider.changed() {
                        *units = small;
                    }
                    ui.add(
                        DragValue::new(units)
                            .range(1..=MAX_UNITS)
                            .suffix(format!(" {}", t::UNITS.get(lang))),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(t::HIDDEN_TIP.get(lang));
                    if ui
                        .small_button("−")
                        .on_hover_text(format!("{} {}", t::REMOVE_LAYER.get(lang), i + 1))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            }
            if let Some(i) = remove {
                c.hidden_sizes.remove(i);
                if i < c.layer_activations.len() {
                    c.layer_activations.remove(i);
                }
            }
            if ui
                .add_enabled(
                    c.hidden_sizes.len() < MAX_HIDDEN_LAYERS,
                    Button::new(format!("+ {}", t::ADD_LAYER.get(lang))),
                )
                .on_hover_text(t::HIDDEN_TIP.get(lang))
                .clicked()
            {
                let units = c.hidden_sizes.last().copied().unwrap_or(8);
                c.hidden_sizes.push(units);
                if !c.layer_activations.is_empty() {
                    let last = c.hidden_activations().last().copied();
                    c.layer_activations.push(last.unwrap_or(c.activation));
                }
            }
            activations_ui(ui, c, lang);
            ui.horizontal(|ui| {
                let l = ui.label(t::LOSS.get(lang));
                egui::ComboBox::from_id_salt("loss")
                    .selected_text(loss_name(c.loss).get(lang))
                    .show_ui(ui, |ui| {
                        for l in Loss::ALL {
                            ui.selectable_value(&mut c.loss, l, loss_name(l).get(lang));
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(t::LOSS_TIP.get(lang));
            });
            ui.small(t::REBUILD_NOTE.get(lang));
        }
    }
}

/// One activation for every hidden layer, or (when asked for) one picker per hidden layer.
fn activations_ui(ui: &mut Ui, c: &mut crate::train::TrainConfig, lang: t::Lang) {
    let mut per_layer = !c.layer_activations.is_empty();
    let layers = c.hidden_sizes.len();
    if layers > 1
        && ui
            .checkbox(&mut per_layer, t::PER_LAYER_ACTIVATIONS.get(lang))
            .on_hover_text(t::PER_LAYER_TIP.get(lang))
            .changed()
    {
        c.layer_activations = if per_layer {
            c.hidden_activations()
        } else {
            Vec::new()
        };
    }
    if !per_layer || layers <= 1 {
        c.layer_activations.clear();
        let label = t::ACTIVATION.get(lang);
        activation_picker(ui, "activation", label, &mut c.activation, lang);
        return;
    }
    c.layer_activations = c.hidden_activations();
    for (l, f) in c.layer_activations.iter_mut().enumerate() {
        let label = format!("{} {}", t::ACTIVATION_OF_LAYER.get(lang), l + 1);
        activation_picker(ui, ("activation", l), &label, f, lang);
    }
    if let Some(&first) = c.layer_activations.first() {
        c.activation = first;
    }
}

fn activation_picker(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    f: &mut Activation,
    lang: t::Lang,
) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(id)
            .selected_text(f.name())
            .show_ui(ui, |ui| {
                for a in Activation::ALL {
                    ui.add_enabled_ui(a.is_trainable(), |ui| {
                        ui.selectable_value(f, a, a.name())
                            .on_disabled_hover_text(t::SIGN_CANNOT_TRAIN.get(lang));
                    });
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(t::ACTIVATION_TIP.get(lang));
    });
}

pub(super) fn optimizer_ui(ui: &mut Ui, s: &mut Settings) {
    let lang = s.lang;
    let mlp = s.config.model == ModelKind::Mlp;
    let c = &mut s.config;
    ui.horizontal(|ui| {
        let l = ui.label(t::LEARNING_RATE.get(lang));
        ui.add(
            // The slider stops at 10; a typed α up to 1000 must not be clamped back by it.
            Slider::new(&mut c.learning_rate, 1e-5..=10.0)
                .logarithmic(true)
                .clamping(egui::SliderClamping::Never)
                .show_value(false),
        )
        .labelled_by(l.id)
        .on_hover_text(t::LEARNING_RATE_TIP.get(lang));
        ui.add(
            DragValue::new(&mut c.learning_rate)
                .range(1e-5..=1000.0)
                .speed(0.01)
                .max_decimals(6),
        )
        .labelled_by(l.id)
        .on_hover_text(t::LEARNING_RATE_TIP.get(lang));
    });
    if mlp {
        super::optimizer::optimizer_kind_ui(ui, c, lang);
        ui.checkbox(&mut s.lambda_on, t::USE_LAMBDA.get(lang))
            .on_hover_text(t::LAMBDA_TIP.get(lang));
        ui.add_enabled_ui(s.lambda_on, |ui| {
            ui.horizontal(|ui| {
                let l = ui.label(t::LAMBDA.get(lang));
                if c.lambda <= 0.0 {
                    c.lambda = 1e-4;
                }
                ui.add(
                    Slider::new(&mut c.lambda, 1e-6..=10.0)
                        .clamping(egui::SliderClamping::Never)
                        .logarithmic(true)
                        .show_value(false),
                )
                .labelled_by(l.id)
                .on_hover_text(t::LAMBDA_TIP.get(lang));
                ui.add(
                    DragValue::new(&mut c.lambda)
                        .range(1e-6..=1000.0)
                        .speed(0.0001)
                        .max_decimals(7),
                )
                .labelled_by(l.id)
                .on_hover_text(t::LAMBDA_TIP.get(lang));
            });
            super::optimizer::reg_kind_ui(ui, c, lang);
        });
    }
    ui.horizontal(|ui| {
        let l = ui.label(t::UPDATE_RULE.get(lang));
        egui::ComboBox::from_id_salt("update")
            .selected_text(update_name(c.update).get(lang))
            .show_ui(ui, |ui| {
                for rule in UpdateRule::ALL {
                    let ok = !(mlp && rule == UpdateRule::Online);
                    ui.add_enabled_ui(ok, |ui| {
                        ui.selectable_value(&mut c.update, rule, update_name(rule).get(lang))
                            .on_disabled_hover_text(t::ONLINE_MLP.get(lang));
                    });
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(t::UPDATE_TIP.get(lang));
    });
    if mlp && c.update == UpdateRule::Online {
        c.update = UpdateRule::Sgd;
    }
    ui.add_enabled_ui(c.update == UpdateRule::MiniBatch, |ui| {
        labelled(
            ui,
            t::BATCH_SIZE.get(lang),
            t::BATCH_SIZE_TIP.get(lang),
            Slider::new(&mut c.batch_size, 1..=256).logarithmic(true),
        );
    });
    labelled(
        ui,
        t::INIT_SEED.get(lang),
        t::INIT_SEED_TIP.get(lang),
        DragValue::new(&mut c.init_seed),
    );
}

//! The MLP's gradient method (gd, momentum, Adam; COURSE §6) with the hyper-parameters of
//! the one chosen, and the kind of regularisation (L2 or L1). All of them are live settings.

use super::super::i18n::{self as t, Lang, Text};
use super::labelled;
use crate::nn::{OptimizerKind, RegKind};
use crate::train::TrainConfig;
use egui::{DragValue, Slider, Ui};

/// The optimizer's name in the menu.
pub fn optimizer_name(kind: OptimizerKind) -> Text {
    match kind {
        OptimizerKind::Gd => t::OPT_GD,
        OptimizerKind::Momentum => t::OPT_MOMENTUM,
        OptimizerKind::Adam => t::OPT_ADAM,
    }
}

/// The regularisation term's name (menu, legend of the λ-term curve).
pub fn reg_term_name(kind: RegKind) -> Text {
    match kind {
        RegKind::L2 => t::REG_L2,
        RegKind::L1 => t::REG_L1,
    }
}

/// A β in [0, 1): typed or dragged, never 1 (the moments would never forget).
fn beta_ui(ui: &mut Ui, label: &str, tip: &str, beta: &mut f64) {
    labelled(
        ui,
        label,
        tip,
        DragValue::new(beta)
            .range(0.0..=0.9999)
            .speed(0.001)
            .max_decimals(4),
    );
}

/// The gradient method and, below it, the hyper-parameters of the method chosen.
pub(super) fn optimizer_kind_ui(ui: &mut Ui, c: &mut TrainConfig, lang: Lang) {
    ui.horizontal(|ui| {
        let l = ui.label(t::OPTIMIZER_KIND.get(lang));
        egui::ComboBox::from_id_salt("optimizer")
            .selected_text(optimizer_name(c.optimizer).get(lang))
            .show_ui(ui, |ui| {
                for kind in OptimizerKind::ALL {
                    ui.selectable_value(&mut c.optimizer, kind, optimizer_name(kind).get(lang));
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(t::OPTIMIZER_KIND_TIP.get(lang));
    });
    match c.optimizer {
        OptimizerKind::Gd => {}
        OptimizerKind::Momentum => beta_ui(
            ui,
            t::MOMENTUM_BETA.get(lang),
            t::MOMENTUM_BETA_TIP.get(lang),
            &mut c.momentum,
        ),
        OptimizerKind::Adam => {
            beta_ui(
                ui,
                t::ADAM_BETA1.get(lang),
                t::ADAM_BETA1_TIP.get(lang),
                &mut c.beta1,
            );
            beta_ui(
                ui,
                t::ADAM_BETA2.get(lang),
                t::ADAM_BETA2_TIP.get(lang),
                &mut c.beta2,
            );
            labelled(
                ui,
                t::ADAM_EPS.get(lang),
                t::ADAM_EPS_TIP.get(lang),
                Slider::new(&mut c.eps, 1e-12..=1e-2)
                    .logarithmic(true)
                    .custom_formatter(|v, _| format!("{v:.0e}"))
                    .custom_parser(|s| s.trim().parse::<f64>().ok().filter(|v| *v > 0.0)),
            );
        }
    }
}

/// L2 or L1 (the λ beside it says how strong).
pub(super) fn reg_kind_ui(ui: &mut Ui, c: &mut TrainConfig, lang: Lang) {
    ui.horizontal(|ui| {
        let l = ui.label(t::REG_KIND.get(lang));
        egui::ComboBox::from_id_salt("reg")
            .selected_text(reg_term_name(c.reg).get(lang))
            .show_ui(ui, |ui| {
                for kind in RegKind::ALL {
                    ui.selectable_value(&mut c.reg, kind, reg_term_name(kind).get(lang));
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text(t::REG_KIND_TIP.get(lang));
    });
}

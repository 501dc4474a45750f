//! Gradient check in the app: centred differences `(J(θ + h) − J(θ − h)) / 2h` on the
//! current weights against backprop, per layer, with one sentence saying what the numbers
//! mean. It runs on the UI thread, so it is offered for networks up to [`MAX_PARAMETERS`].

use crate::gui::i18n::{self as t, Lang};
use crate::nn::Mlp;
use crate::nn::gradcheck::{gradient_check, relu_kinks};
use crate::train::Snapshot;
use egui::Ui;

/// The largest network checked in the app (each parameter costs two passes over the data).
pub const MAX_PARAMETERS: usize = 5_000;
/// The largest training set checked in the app.
pub const MAX_POINTS: usize = 2_000;

/// The last check: (the step it was for, relative error per layer, ReLU kinks straddled).
#[derive(Default)]
pub struct GradCheck {
    result: Option<(u64, Vec<f64>, (usize, usize))>,
}

impl GradCheck {
    /// The button and, once pressed, the result.
    pub fn ui(&mut self, ui: &mut Ui, m: &Mlp, snap: &Snapshot, lang: Lang) {
        let small = m.parameter_count() <= MAX_PARAMETERS && snap.data.len() <= MAX_POINTS;
        let trainable = m.trainability().is_ok();
        let r = ui
            .add_enabled(
                small && trainable,
                egui::Button::new(t::GRADCHECK.get(lang)),
            )
            .on_hover_text(t::GRADCHECK_TIP.get(lang))
            .on_disabled_hover_text(t::GRADCHECK_TOO_BIG.get(lang));
        if r.clicked() {
            // The model reads φ(x): check it on the points as it sees them.
            let phi = snap.config.features.apply(&snap.data);
            let errors = gradient_check(m, &phi, snap.config.loss, snap.config.penalty());
            let kinks = relu_kinks(m, &phi);
            self.result = Some((snap.step, errors, kinks));
        }
        let Some((step, errors, (near, total))) = &self.result else {
            return;
        };
        ui.label(format!("{} {step}", t::GRADCHECK_AT_STEP.get(lang)));
        for (l, e) in errors.iter().enumerate() {
            ui.label(
                egui::RichText::new(format!("{} {}: {e:.2e}", t::LAYER.get(lang), l + 1))
                    .monospace(),
            );
        }
        let worst = errors.iter().copied().fold(0.0, f64::max);
        let sentence = if *near > 0 {
            format!("{near} / {total} {}", t::GRADCHECK_KINKS.get(lang))
        } else if worst < 1e-6 {
            t::GRADCHECK_GOOD.get(lang).to_owned()
        } else {
            t::GRADCHECK_BAD.get(lang).to_owned()
        };
        ui.label(sentence);
    }
}

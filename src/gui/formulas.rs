//! The formula panel with live numbers, in the lecture's notation: for the perceptron the
//! update just made and f(x) of the hovered point; for the MLP the forward pass of a point,
//! layer by layer, and its loss.

use super::i18n::{self as t, Lang};
use crate::data::{Dataset, Features};
use crate::nn::{Loss, Mlp, Model, Output, Perceptron};
use crate::train::Snapshot;
use egui::{RichText, Ui};

/// `(v₁, v₂, …)` with 4 significant decimals, at most 8 values.
pub fn vector(v: &[f64]) -> String {
    let shown: Vec<String> = v.iter().take(8).map(|x| format!("{x:.4}")).collect();
    let more = if v.len() > 8 { ", …" } else { "" };
    format!("({}{more})", shown.join(", "))
}

/// The data point nearest to `p` (the one the formulas are about).
pub fn nearest_point(data: &Dataset, p: [f64; 2]) -> Option<usize> {
    (0..data.len()).min_by(|&a, &b| {
        let d = |n: usize| {
            let q = data.point(n);
            (q[0] - p[0]).hypot(q[1] - p[1])
        };
        d(a).total_cmp(&d(b))
    })
}

/// The perceptron's update line: `w̄ ← w̄ + α Σ y_i x̄_i` with the numbers filled in.
pub fn update_text(
    before: &[f64],
    after: &[f64],
    points: &[usize],
    data: &Dataset,
    features: Features,
    alpha: f64,
) -> String {
    let terms: Vec<String> = points
        .iter()
        .take(4)
        .map(|&i| {
            let y = data.label(i);
            let mut x_bar = vec!["1".to_owned()];
            x_bar.extend(features.phi(data.point(i)).iter().map(|v| v.to_string()));
            format!("({:+})·({})", y, x_bar.join(", "))
        })
        .collect();
    let more = if points.len() > 4 {
        format!(" + … ({} points)", points.len())
    } else {
        String::new()
    };
    format!(
        "w̄ ← w̄ + α·Σ yᵢ·x̄ᵢ = {} + {alpha}·[{}{more}] = {}",
        vector(before),
        terms.join(" + "),
        vector(after)
    )
}

/// `f(x) = b + wᵀφ(x)` at x, with its sign (`b + w₁x₁ + w₂x₂` written out in the plane).
pub fn f_text(p: &Perceptron, features: Features, x: [f64; 2]) -> String {
    if !features.is_plain() {
        let phi = features.phi(x);
        let v = p.f(&phi);
        let label = if v >= 0.0 { "+1" } else { "−1" };
        return format!(
            "f(x) = b + wᵀφ(x), φ(x) = {} → f = {v:.4} → sign = {label}",
            vector(&phi)
        );
    }
    let v = p.f(&x);
    let label = if v >= 0.0 { "+1" } else { "−1" };
    format!(
        "f(x) = b + w₁x₁ + w₂x₂ = {:.4} + {:.4}·{:.3} + {:.4}·{:.3} = {v:.4} → sign = {label}",
        p.bias, p.weights[0], x[0], p.weights[1], x[1]
    )
}

/// The loss of one point of class c, written out.
pub fn point_loss_text(m: &Mlp, z: &[f64], a: &[f64], class: usize, loss: Loss) -> Option<String> {
    let value = m.point_loss(z, class, loss)?;
    Some(match (loss, m.output()) {
        (Loss::CrossEntropy, Output::Softmax) => {
            format!("J = −log a_c = −log {:.4} = {value:.4}", a[class])
        }
        (Loss::CrossEntropy, _) => {
            format!(
                "J = −[t·log a + (1−t)·log(1−a)] = {value:.4}  (t = {class}, a = {:.4})",
                a[0]
            )
        }
        (Loss::Mse, _) => format!("J = ‖t − a‖² = {value:.4}"),
    })
}

/// Draws the panel.
pub fn formulas_ui(ui: &mut Ui, snap: &Snapshot, hovered: Option<[f64; 2]>, lang: Lang) {
    let data = &snap.data;
    match &*snap.model {
        Model::Perceptron(p) => {
            let features = snap.config.features;
            let w_names = if features.is_plain() {
                "(b, w₁, w₂)"
            } else {
                "(b, w)"
            };
            ui.label(format!("w̄ = {w_names} = {}", vector(&p.augmented())));
            if !features.is_plain() {
                ui.label(format!("φ(x) = ({features})"));
            }
            ui.label(format!(
                "J = Σ_(i∈M) −yᵢ(b + wᵀxᵢ) = {:.4},  |M| = {}",
                snap.metrics.data_loss.unwrap_or(0.0),
                snap.metrics.misclassified
            ));
            ui.label(RichText::new(t::FORMULA_TIP.get(lang)).strong());
            match &snap.last_pla() {
                Some(u) => {
                    ui.label(update_text(
                        &u.before,
                        &u.after,
                        &u.points,
                        data,
                        features,
                        snap.config.learning_rate,
                    ));
                }
                None => {
                    ui.label("—");
                }
            }
            match hovered {
                Some(x) => ui.label(f_text(p, features, x)),
                None => ui.label(t::HOVER_POINT.get(lang)),
            };
        }
        Model::Mlp(m) => {
            ui.label(RichText::new(t::FORWARD_PASS.get(lang)).strong());
            let Some(n) = hovered
                .and_then(|h| nearest_point(data, h))
                .or((!data.is_empty()).then_some(0))
            else {
                return;
            };
            let x = data.point(n);
            ui.label(format!(
                "{} {}: x = ({}, {}), {} {}",
                t::CHOSEN_POINT.get(lang),
                n + 1,
                x[0],
                x[1],
                t::CLASS.get(lang),
                data.classes[n]
            ));
            let features = snap.config.features;
            let input = features.phi(x);
            if !features.is_plain() {
                ui.label(format!("a(0) = φ(x) = ({features}) = {}", vector(&input)));
            }
            let layers = m.forward_point(&input);
            for (l, (z, a)) in layers.iter().enumerate() {
                let f = match m.activation(l) {
                    Some(f) if l + 1 < layers.len() => f.name(),
                    _ => m.output().name(),
                };
                ui.label(format!(
                    "z({0}) = W({0})ᵀa({1}) + b({0}) = {2}",
                    l + 1,
                    l,
                    vector(z)
                ));
                ui.label(format!("a({}) = {f}(z) = {}", l + 1, vector(a)));
            }
            if let Some((z, a)) = layers.last()
                && let Some(text) = point_loss_text(m, z, a, data.classes[n], snap.config.loss)
            {
                ui.label(text);
                let term = match snap.config.reg {
                    crate::nn::RegKind::L2 => "λ/2·Σ‖W‖²",
                    crate::nn::RegKind::L1 => "λ·Σ|w|",
                };
                ui.small(format!("J₀ = (1/N)·Σₙ Jₙ;  J = J₀ + {term}"));
            }
            if hovered.is_none() {
                ui.small(t::HOVER_POINT.get(lang));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_update_line_has_the_numbers() {
        let data = Dataset::from_rows(&[[2.0, -1.0], [0.0, 0.0]], vec![0, 1]).expect("ok");
        let plain = Features::default();
        let text = update_text(
            &[0.0, 0.0, 0.0],
            &[-1.0, -2.0, 1.0],
            &[0],
            &data,
            plain,
            1.0,
        );
        assert!(text.contains("(-1)·(1, 2, -1)"), "{text}");
        assert!(text.ends_with("(-1.0000, -2.0000, 1.0000)"), "{text}");
        let p = Perceptron::from_augmented(&[1.0, 2.0, -1.0]);
        let f = f_text(&p, plain, [0.5, 3.0]);
        assert!(f.contains("= -1.0000 → sign = −1"), "{f}");
        assert_eq!(nearest_point(&data, [1.9, -0.8]), Some(0));
    }
}

//! What the app's backprop view shows (COURSE §7), built on the worker: one chosen point's
//! forward and backward numbers at the step shown, and the next step as it will really be
//! taken: its batch, the gradient averaged over that batch (`(1/B) Σ a⁽ˡ⁻¹⁾e⁽ˡ⁾ᵀ + λW⁽ˡ⁾`),
//! and the change it makes to every parameter.

use super::trainer::Trainer;
use crate::nn::explain::{ExplainError, PointBackprop, explain_point};
use crate::nn::{Gradients, Model, backprop};
use ndarray::{Array1, Array2};

/// Networks up to this many parameters get the view (larger ones have too many numbers to
/// read, and cloning them for the preview would cost the worker's time).
pub const MAX_PARAMETERS: usize = 100_000;

/// The next step: its points, its gradient and what it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct NextStep {
    /// The points the step will use (the whole set for full batches).
    pub batch: Vec<usize>,
    /// `∂J/∂W⁽ˡ⁾`, `∂J/∂b⁽ˡ⁾` averaged over the batch, λW included, at the weights shown.
    pub gradient: Gradients,
    /// `Δθ = θ(next step) − θ(now)` for every layer: `−α ∂J/∂θ` for plain gradient descent,
    /// the optimizer's own step otherwise.
    pub change: Vec<(Array2<f64>, Array1<f64>)>,
}

/// The backprop view at one step for one point.
#[derive(Clone, Debug, PartialEq)]
pub struct BackpropView {
    /// What it was computed for: (run index, step, the point).
    pub key: (usize, u64, usize),
    /// The point's coordinates and class.
    pub x: [f64; 2],
    /// The point's class.
    pub class: usize,
    /// `a⁽⁰⁾ = φ(x)`, what the network reads.
    pub phi: Vec<f64>,
    /// Its numbers, or why there are none (a sign network has no backward pass).
    pub point: Result<PointBackprop, ExplainError>,
    /// The next step, where training can go on.
    pub next: Option<NextStep>,
}

/// The view for point `n` of the trainer's data at its current weights; `None` for the
/// perceptron, a point out of range, or a network over [`MAX_PARAMETERS`].
pub fn backprop_view(t: &Trainer, key: (usize, u64), n: usize) -> Option<BackpropView> {
    let Model::Mlp(m) = t.model() else {
        return None;
    };
    let data = t.data();
    if n >= data.len() || m.parameter_count() > MAX_PARAMETERS {
        return None;
    }
    let x = data.point(n);
    let class = data.classes[n];
    let config = t.config();
    let phi = config.features.phi(x);
    let point = explain_point(m, &phi, class, config.loss, config.lambda);
    let next = next_step(t);
    Some(BackpropView {
        key: (key.0, key.1, n),
        x,
        class,
        phi,
        point,
        next,
    })
}

/// Takes the next step on a copy of the trainer: its batch, gradient and change.
fn next_step(t: &Trainer) -> Option<NextStep> {
    let Model::Mlp(now) = t.model() else {
        return None;
    };
    if t.frozen().is_some() || t.diverged().is_some() {
        return None;
    }
    let mut ahead = t.clone();
    ahead.step();
    let Model::Mlp(then) = ahead.model() else {
        return None;
    };
    let batch = ahead.last_batch();
    let data = t.data();
    let config = t.config();
    let features = config.features;
    let rows: Vec<f64> = batch
        .iter()
        .flat_map(|&i| features.phi(data.point(i)))
        .collect();
    let x = Array2::from_shape_vec((batch.len(), features.len()), rows).ok()?;
    let classes: Vec<usize> = batch.iter().map(|&i| data.classes[i]).collect();
    let (_, gradient) = backprop::gradient(now, x.view(), &classes, config.loss, config.lambda);
    let change = then
        .layers()
        .iter()
        .zip(now.layers())
        .map(|(a, b)| (a.weights() - b.weights(), a.bias() - b.bias()))
        .collect();
    Some(NextStep {
        batch,
        gradient,
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataSpec;
    use crate::train::config::{TrainConfig, UpdateRule};

    #[test]
    fn the_next_change_is_minus_alpha_times_the_batch_gradient() {
        let data = DataSpec {
            points_per_class: 20,
            ..DataSpec::default()
        }
        .generate()
        .expect("valid");
        let config = TrainConfig {
            update: UpdateRule::MiniBatch,
            batch_size: 7,
            hidden_sizes: vec![3],
            learning_rate: 0.5,
            lambda: 0.01,
            ..TrainConfig::default()
        };
        let mut t = Trainer::new(&config, data, None).expect("valid");
        for _ in 0..3 {
            t.step();
        }
        let view = backprop_view(&t, (0, 3), 5).expect("an MLP");
        let point = view.point.as_ref().expect("a trainable network");
        assert_eq!(point.layers.len(), 2);
        let next = view.next.expect("training goes on");
        assert_eq!(next.batch.len(), 7);
        for (l, (dw, db)) in next.change.iter().enumerate() {
            let g = &next.gradient;
            for (d, gw) in dw.iter().zip(&g.weights[l]) {
                assert!((d + 0.5 * gw).abs() < 1e-12, "Δw = −α g");
            }
            for (d, gb) in db.iter().zip(&g.bias[l]) {
                assert!((d + 0.5 * gb).abs() < 1e-12, "Δb = −α g");
            }
        }
        // The view does not move the trainer itself.
        assert_eq!(t.steps(), 3);
        assert!(backprop_view(&t, (0, 3), 999).is_none());
    }
}

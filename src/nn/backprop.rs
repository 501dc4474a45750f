//! The readable backward pass: the plain ndarray MLP, the course's matrix formulas (forward, then
//! e⁽ᴸ⁾, e⁽ˡ⁾ = (e⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ) ⊙ f′(Z⁽ˡ⁾), ∂J/∂W⁽ˡ⁾ = A⁽ˡ⁻¹⁾ᵀe⁽ˡ⁾ + λW⁽ˡ⁾) written as directly as possible.
//!
//! It is the independent reference the fast kernels are tested against, the loss the gradient
//! check differentiates numerically, and the baseline the benchmarks measure the kernels
//! against. Rows are points (`X` is N×d0), as in COURSE §3.

use super::activation::{Activation, Output};
use super::loss::{self, Loss};
use super::mlp::{Gradients, LossParts, Mlp};
use super::regularization::Penalty;
use ndarray::{Array2, ArrayView2, Axis};

/// `(Z⁽ˡ⁾, A⁽ˡ⁾)` for l = 1…L: `Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)`, `A⁽⁰⁾ = X`.
pub fn forward(mlp: &Mlp, x: ArrayView2<f64>) -> Vec<(Array2<f64>, Array2<f64>)> {
    let mut out: Vec<(Array2<f64>, Array2<f64>)> = Vec::new();
    let last = mlp.layer_count() - 1;
    for (l, layer) in mlp.layers().iter().enumerate() {
        let input = out.last().map_or(x, |(_, a)| a.view());
        let z = input.dot(layer.weights()) + layer.bias();
        let a = if l < last {
            let f = mlp.activation(l).unwrap_or(Activation::Linear);
            z.mapv(|v| f.value(v))
        } else {
            let mut a = z.clone();
            for mut row in a.rows_mut() {
                let values = mlp.output_values(row.as_slice().expect("a row of a fresh array"));
                row.assign(&ndarray::Array1::from(values));
            }
            a
        };
        out.push((z, a));
    }
    out
}

/// The target matrix T (N×dL): `t = c` for one sigmoid unit, one-hot rows otherwise.
pub fn targets(classes: &[usize], outputs: usize) -> Array2<f64> {
    let mut t = Array2::zeros((classes.len(), outputs));
    for (n, &c) in classes.iter().enumerate() {
        for (j, v) in loss::target(c, outputs).into_iter().enumerate() {
            t[[n, j]] = v;
        }
    }
    t
}

/// `J₀ = (1/N) Σ_n loss_n` and the regularisation term (`λ/2 Σ‖W‖²` for a plain λ).
pub fn loss(
    mlp: &Mlp,
    x: ArrayView2<f64>,
    classes: &[usize],
    loss: Loss,
    penalty: impl Into<Penalty>,
) -> LossParts {
    let layers = forward(mlp, x);
    let (z, _) = layers.last().expect("at least one layer");
    let n = classes.len() as f64;
    let data_loss = z
        .rows()
        .into_iter()
        .zip(classes)
        .map(|(row, &c)| {
            let z = row.to_vec();
            mlp.point_loss(&z, c, loss).unwrap_or(f64::NAN)
        })
        .sum::<f64>()
        / n;
    LossParts {
        data_loss,
        reg_loss: mlp.reg_loss(penalty),
    }
}

/// Backprop (COURSE §3): `e⁽ᴸ⁾ = ∂J₀/∂Z⁽ᴸ⁾`; `e⁽ˡ⁾ = (e⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ) ⊙ f′(Z⁽ˡ⁾)`;
/// `∂J/∂W⁽ˡ⁾ = A⁽ˡ⁻¹⁾ᵀe⁽ˡ⁾ + λW⁽ˡ⁾` (L2; `+ λ·sign(W⁽ˡ⁾)` for L1); `∂J/∂b⁽ˡ⁾ = Σ_rows e⁽ˡ⁾`.
pub fn gradient(
    mlp: &Mlp,
    x: ArrayView2<f64>,
    classes: &[usize],
    loss_kind: Loss,
    penalty: impl Into<Penalty>,
) -> (LossParts, Gradients) {
    let penalty = penalty.into();
    let parts = loss(mlp, x, classes, loss_kind, penalty);
    let layers = forward(mlp, x);
    let n = classes.len() as f64;
    let (_, a_out) = layers.last().expect("at least one layer");
    let t = targets(classes, mlp.outputs());
    let mut e = match loss_kind {
        Loss::CrossEntropy => (a_out - &t) / n,
        Loss::Mse => {
            let g = (a_out - &t) * (2.0 / n);
            match mlp.output() {
                Output::Softmax => {
                    let r = (&g * a_out).sum_axis(Axis(1)).insert_axis(Axis(1));
                    a_out * &(&g - &r)
                }
                _ => &g * &a_out.mapv(|a| a * (1.0 - a)),
            }
        }
    };
    let count = mlp.layer_count();
    let mut gw = vec![Array2::zeros((0, 0)); count];
    let mut gb = vec![ndarray::Array1::zeros(0); count];
    for l in (0..count).rev() {
        let layer = &mlp.layers()[l];
        let input = if l == 0 {
            x.to_owned()
        } else {
            layers[l - 1].1.clone()
        };
        gw[l] = input.t().dot(&e) + &layer.weights().mapv(|w| penalty.weight_gradient(w));
        gb[l] = e.sum_axis(Axis(0));
        if l > 0 {
            let f: Activation = mlp.activation(l - 1).unwrap_or(Activation::Linear);
            let fprime = layers[l - 1].0.mapv(|z| f.derivative(z));
            e = e.dot(&layer.weights().t()) * fprime;
        }
    }
    (
        parts,
        Gradients {
            weights: gw,
            bias: gb,
        },
    )
}

/// One full-batch step the plain way: gradient, then `θ ← θ − α g`.
pub fn train_step(
    mlp: &mut Mlp,
    x: ArrayView2<f64>,
    classes: &[usize],
    loss_kind: Loss,
    penalty: impl Into<Penalty>,
    learning_rate: f64,
) -> LossParts {
    let (parts, grads) = gradient(mlp, x, classes, loss_kind, penalty);
    mlp.apply(&grads, learning_rate);
    parts
}

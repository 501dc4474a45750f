//! One point's backprop numbers (COURSE §7), what `perceptron-lab explain` prints and the
//! app's backprop view shows, so that a student can check a hand computation such as the
//! lecture's Eg. 1.
//!
//! For one point x with target t (N = 1):
//! - forward: `a⁽⁰⁾ = x`, `z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, `a⁽ˡ⁾ = f(z⁽ˡ⁾)`;
//! - backward: `e⁽ᴸ⁾ = ∂J₀/∂z⁽ᴸ⁾`, `e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾e⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)`;
//! - gradients: `∂J/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾e⁽ˡ⁾ᵀ + λW⁽ˡ⁾`, `∂J/∂b⁽ˡ⁾ = e⁽ˡ⁾`.
//!
//! The numbers come from the readable backward pass ([`super::backprop`]) run on a batch of
//! one point, so they are exactly those a training step averages over its points.
//! `w_ij⁽ˡ⁾` joins unit i of layer l−1 to unit j of layer l, so `dw[i][j]` is `∂J/∂w_ij⁽ˡ⁾`
//! (0-based here; the lecture counts from 1).

use super::activation::sign;
use super::backprop;
use super::loss::Loss;
use super::mlp::Mlp;
use super::perceptron::Perceptron;
use crate::text::number;
use ndarray::Array2;
use serde::Serialize;

/// One layer l = 1…L of one point's backprop.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerBackprop {
    /// `z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, i.e. `z_j = Σ_i w_ij a_i⁽ˡ⁻¹⁾ + b_j` (d⁽ˡ⁾ numbers).
    pub z: Vec<f64>,
    /// `a⁽ˡ⁾ = f(z⁽ˡ⁾)` (the output activation at l = L; softmax mixes the units).
    pub a: Vec<f64>,
    /// `e⁽ˡ⁾ = ∂J₀/∂z⁽ˡ⁾`: at the output `a − t` for cross-entropy, for MSE
    /// `g ⊙ a ⊙ (1 − a)` (sigmoid) or `a ⊙ (g − gᵀa)` (softmax) with `g = 2(a − t)`;
    /// below it `e⁽ˡ⁾ = (W⁽ˡ⁺¹⁾e⁽ˡ⁺¹⁾) ⊙ f′(z⁽ˡ⁾)`.
    pub e: Vec<f64>,
    /// `∂J/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾e⁽ˡ⁾ᵀ + λW⁽ˡ⁾`, shaped like W⁽ˡ⁾: d⁽ˡ⁻¹⁾ rows (i), d⁽ˡ⁾ columns (j).
    #[serde(rename = "dW")]
    pub dw: Vec<Vec<f64>>,
    /// `∂J/∂b⁽ˡ⁾ = e⁽ˡ⁾` (biases are not regularized).
    pub db: Vec<f64>,
}

/// One point's forward and backward pass through an MLP, with its loss in two parts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointBackprop {
    /// J₀, the point's data loss: `−ln a_c` (softmax) or `−[t ln a + (1−t) ln(1−a)]`
    /// (sigmoid) for cross-entropy, `‖t − a‖²` for MSE.
    #[serde(rename = "loss")]
    pub data_loss: f64,
    /// `λ/2 Σ_l ‖W⁽ˡ⁾‖²`, so that `J = J₀ + λ/2 Σ‖W‖²`.
    pub reg_loss: f64,
    /// Layers l = 1…L (no entry for the input a⁽⁰⁾ = x).
    pub layers: Vec<LayerBackprop>,
}

/// What the perceptron (COURSE §2) does with one point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerceptronPoint {
    /// `x̄ = (1, x₁, …, x_d)`.
    pub x_bar: Vec<f64>,
    /// `w̄ = (b, w₁, …, w_d)`.
    pub w_bar: Vec<f64>,
    /// `f_w(x) = w̄ᵀx̄`.
    pub f: f64,
    /// The label `y = +1` for class 1, `−1` for class 0.
    pub y: f64,
    /// `sign(f_w(x))` with sign(0) = +1.
    pub predicted: f64,
    /// Whether the point is in M: `sign(f_w(x)) ≠ y`.
    pub misclassified: bool,
    /// The point's term of `J = Σ_{i∈M} −y_i f_w(x_i)`: `−y f_w(x)` in M, else 0.
    pub loss: f64,
    /// The PLA's update for this point, `α y x̄`, when it is in M (`None` otherwise).
    pub update: Option<Vec<f64>>,
}

/// Why a point cannot be explained. Each message is one line and names the offending value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExplainError {
    /// The point has another number of coordinates than the model has inputs.
    #[error("the model takes {expected} inputs but the point has {got}")]
    Inputs {
        /// the model's inputs d⁽⁰⁾
        expected: usize,
        /// the point's coordinates
        got: usize,
    },
    /// A coordinate, λ or α that is not a finite number.
    #[error("{what} must be a finite number (got {})", number(*.value))]
    NotFinite {
        /// which input
        what: &'static str,
        /// its value
        value: f64,
    },
    /// λ < 0.
    #[error("λ must be ≥ 0 (got {})", number(*.0))]
    NegativeLambda(f64),
    /// A class the model's outputs cannot name.
    #[error("label {class} is not a class of this model: its classes are 0 to {}", .classes - 1)]
    Class {
        /// the label asked for
        class: usize,
        /// C, the model's number of classes
        classes: usize,
    },
    /// A network gradient descent cannot go through (sign′ = 0, or an output without a
    /// loss): it has a forward pass only.
    #[error("no backward pass: {0}")]
    NoBackward(String),
    /// The weights are so large that a number overflowed.
    #[error("the backprop numbers are not finite at these weights (a weight is too large)")]
    Overflow,
}

/// C, the number of classes an MLP's outputs name: 2 for one output unit, else d⁽ᴸ⁾.
pub fn mlp_classes(mlp: &Mlp) -> usize {
    mlp.outputs().max(2)
}

fn check_point(x: &[f64], inputs: usize, class: usize, classes: usize) -> Result<(), ExplainError> {
    if x.len() != inputs {
        return Err(ExplainError::Inputs {
            expected: inputs,
            got: x.len(),
        });
    }
    if let Some(&value) = x.iter().find(|v| !v.is_finite()) {
        return Err(ExplainError::NotFinite {
            what: "a coordinate of the point",
            value,
        });
    }
    if class >= classes {
        return Err(ExplainError::Class { class, classes });
    }
    Ok(())
}

/// One point's backprop numbers (COURSE §7) for class `class` (target `t = c` for one
/// sigmoid output, one-hot for softmax): the forward pass `z⁽ˡ⁾, a⁽ˡ⁾`, the errors
/// `e⁽ˡ⁾ = ∂J₀/∂z⁽ˡ⁾`, the gradients `∂J/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾e⁽ˡ⁾ᵀ + λW⁽ˡ⁾`, `∂J/∂b⁽ˡ⁾ = e⁽ˡ⁾`,
/// and `J₀`, `λ/2 Σ‖W‖²`.
///
/// A network gradient descent cannot train (sign hidden units, or a sign, tanh or linear
/// output) gives [`ExplainError::NoBackward`]; [`Mlp::forward_point`] still gives its
/// forward pass.
pub fn explain_point(
    mlp: &Mlp,
    x: &[f64],
    class: usize,
    loss: Loss,
    lambda: f64,
) -> Result<PointBackprop, ExplainError> {
    let inputs = mlp.layers()[0].inputs();
    check_point(x, inputs, class, mlp_classes(mlp))?;
    if !lambda.is_finite() {
        return Err(ExplainError::NotFinite {
            what: "λ",
            value: lambda,
        });
    }
    if lambda < 0.0 {
        return Err(ExplainError::NegativeLambda(lambda));
    }
    mlp.trainability().map_err(ExplainError::NoBackward)?;
    let row = Array2::from_shape_vec((1, inputs), x.to_vec())
        .expect("the point has as many coordinates as the model has inputs");
    let forward = backprop::forward(mlp, row.view());
    // With N = 1 the batch formulas are the point's: `∂J/∂b⁽ˡ⁾ = Σ_rows e⁽ˡ⁾ = e⁽ˡ⁾`.
    let (parts, grads) = backprop::gradient(mlp, row.view(), &[class], loss, lambda);
    let layers: Vec<LayerBackprop> = forward
        .into_iter()
        .zip(grads.weights.iter().zip(&grads.bias))
        .map(|((z, a), (dw, db))| LayerBackprop {
            z: z.row(0).to_vec(),
            a: a.row(0).to_vec(),
            e: db.to_vec(),
            dw: dw.rows().into_iter().map(|r| r.to_vec()).collect(),
            db: db.to_vec(),
        })
        .collect();
    let explained = PointBackprop {
        data_loss: parts.data_loss,
        reg_loss: parts.reg_loss,
        layers,
    };
    if explained.is_finite() {
        Ok(explained)
    } else {
        Err(ExplainError::Overflow)
    }
}

impl PointBackprop {
    /// `J = J₀ + λ/2 Σ‖W‖²`.
    pub fn total_loss(&self) -> f64 {
        self.data_loss + self.reg_loss
    }

    /// Whether every number is finite.
    pub fn is_finite(&self) -> bool {
        self.total_loss().is_finite()
            && self.layers.iter().all(|l| {
                l.z.iter()
                    .chain(&l.a)
                    .chain(&l.e)
                    .chain(&l.db)
                    .chain(l.dw.iter().flatten())
                    .all(|v| v.is_finite())
            })
    }
}

/// What the PLA does with one point of class `class` (`y = +1` for class 1, `−1` for
/// class 0): `f_w(x) = w̄ᵀx̄`; the point is in M when `sign(f_w(x)) ≠ y` (sign(0) = +1);
/// then its loss term is `−y f_w(x)` and its update `w̄ ← w̄ + α y x̄`.
pub fn explain_perceptron(
    perceptron: &Perceptron,
    x: &[f64],
    class: usize,
    learning_rate: f64,
) -> Result<PerceptronPoint, ExplainError> {
    check_point(x, perceptron.weights.len(), class, 2)?;
    if !learning_rate.is_finite() {
        return Err(ExplainError::NotFinite {
            what: "α",
            value: learning_rate,
        });
    }
    let mut x_bar = vec![1.0];
    x_bar.extend_from_slice(x);
    let f = perceptron.f(x);
    let y = if class == 1 { 1.0 } else { -1.0 };
    let predicted = sign(f);
    let misclassified = predicted != y;
    let update = misclassified.then(|| x_bar.iter().map(|v| learning_rate * y * v).collect());
    let point = PerceptronPoint {
        w_bar: perceptron.augmented(),
        x_bar,
        f,
        y,
        predicted,
        misclassified,
        loss: if misclassified { -y * f } else { 0.0 },
        update,
    };
    let finite = point.f.is_finite() && point.update.iter().flatten().all(|v| v.is_finite());
    if finite {
        Ok(point)
    } else {
        Err(ExplainError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Layer, Output};
    use ndarray::array;

    /// The lecture's hand-set XOR network (COURSE §4).
    fn xor_sign() -> Mlp {
        Mlp::from_layers(
            vec![
                Layer::new(array![[-2.0, 2.0], [-2.0, 2.0]], array![3.0, -1.0]).expect("fits"),
                Layer::new(array![[1.0], [1.0]], array![-1.0]).expect("fits"),
            ],
            Activation::Sign,
            Output::Sign,
        )
        .expect("valid")
    }

    fn one_layer(w: [f64; 2], b: f64) -> Mlp {
        let layer = Layer::new(array![[w[0]], [w[1]]], array![b]).expect("fits");
        Mlp::from_layers(vec![layer], Activation::Sigmoid, Output::Sigmoid).expect("valid")
    }

    #[test]
    fn logistic_regression_by_hand() {
        // z = 0.5·2 − 1·1 + 0.25 = 0.25, a = σ(0.25), e = a − t, ∂J/∂w_i1 = x_i e + λw_i1.
        let mlp = one_layer([0.5, -1.0], 0.25);
        let p = explain_point(&mlp, &[2.0, 1.0], 0, Loss::CrossEntropy, 0.1).expect("ok");
        let a = 1.0 / (1.0 + (-0.25f64).exp());
        assert_eq!(p.layers.len(), 1);
        let l = &p.layers[0];
        assert!((l.z[0] - 0.25).abs() < 1e-15);
        assert!((l.a[0] - a).abs() < 1e-15);
        assert!((l.e[0] - a).abs() < 1e-15);
        assert_eq!(l.db, l.e);
        assert!((l.dw[0][0] - (2.0 * a + 0.05)).abs() < 1e-15);
        assert!((l.dw[1][0] - (a - 0.1)).abs() < 1e-15);
        assert!((p.data_loss + (1.0 - a).ln()).abs() < 1e-15);
        assert!((p.reg_loss - 0.05 * 1.25).abs() < 1e-15);
    }

    #[test]
    fn a_sign_network_has_no_backward_pass() {
        let err = explain_point(&xor_sign(), &[0.0, 1.0], 1, Loss::CrossEntropy, 0.0);
        let Err(ExplainError::NoBackward(why)) = err else {
            panic!("expected NoBackward, got {err:?}");
        };
        assert!(why.contains("sign′ = 0"), "{why}");
    }

    #[test]
    fn bad_points_are_refused_with_the_value() {
        let mlp = one_layer([1.0, 1.0], 0.0);
        let refuse = |x: &[f64], c: usize, lambda: f64| {
            explain_point(&mlp, x, c, Loss::Mse, lambda)
                .expect_err("refused")
                .to_string()
        };
        assert!(refuse(&[1.0], 0, 0.0).contains("takes 2 inputs but the point has 1"));
        assert!(refuse(&[f64::NAN, 1.0], 0, 0.0).contains("NaN"));
        assert!(refuse(&[1.0, 1.0], 2, 0.0).contains("label 2 is not a class"));
        assert!(refuse(&[1.0, 1.0], 0, -1.0).contains("λ must be ≥ 0"));
        assert!(refuse(&[1.0, 1.0], 0, f64::INFINITY).contains("λ must be a finite"));
        let huge = one_layer([1e308, 1e308], 0.0);
        assert_eq!(
            explain_point(&huge, &[10.0, 10.0], 0, Loss::Mse, 1.0),
            Err(ExplainError::Overflow)
        );
    }

    #[test]
    fn perceptron_point_in_m_gets_alpha_y_xbar() {
        let p = Perceptron::from_augmented(&[1.0, -1.0, 0.0]);
        // f = 1 − x₁ = 2 at x = (−1, 0.5): sign +1 but class 0 (y = −1): in M.
        let got = explain_perceptron(&p, &[-1.0, 0.5], 0, 0.5).expect("ok");
        assert_eq!(got.f, 2.0);
        assert_eq!((got.y, got.predicted, got.misclassified), (-1.0, 1.0, true));
        assert_eq!(got.loss, 2.0);
        assert_eq!(got.update, Some(vec![-0.5, 0.5, -0.25]));
        // Class 1 there is classified right: no update.
        let right = explain_perceptron(&p, &[-1.0, 0.5], 1, 0.5).expect("ok");
        assert_eq!(
            (right.misclassified, right.loss, right.update),
            (false, 0.0, None)
        );
    }

    #[test]
    fn perceptron_at_zero_puts_class_zero_in_m_with_zero_loss() {
        // sign(0) = +1: a class-0 point on the boundary is misclassified and adds 0 to J.
        let got = explain_perceptron(&Perceptron::zeros(2), &[3.0, 4.0], 0, 1.0).expect("ok");
        assert!(got.misclassified);
        assert_eq!(got.loss, 0.0);
        assert_eq!(got.update, Some(vec![-1.0, -3.0, -4.0]));
        let refused = explain_perceptron(&Perceptron::zeros(2), &[3.0, 4.0], 2, 1.0);
        assert_eq!(
            refused,
            Err(ExplainError::Class {
                class: 2,
                classes: 2
            })
        );
    }
}

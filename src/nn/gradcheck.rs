//! Gradient check: backprop against centred finite differences
//! `∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h`, h = 1e-5.
//!
//! The analytic gradient comes from the fast kernels (what training uses); the numeric one
//! differentiates the plain ndarray loss in `backprop.rs`, an independent implementation.

use super::activation::Activation;
use super::backprop;
use super::kernels::{BatchData, Workspace};
use super::loss::Loss;
use super::mlp::{Gradients, Mlp};
use super::regularization::Penalty;
use crate::data::Dataset;

/// The step of the centred differences.
pub const H: f64 = 1e-5;

/// `‖a − n‖₂ / (‖a‖₂ + ‖n‖₂)` (0 when both are zero).
pub fn relative_error(analytic: &[f64], numeric: &[f64]) -> f64 {
    let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
    let diff = norm(&mut analytic.iter().zip(numeric).map(|(a, n)| a - n));
    let denom = norm(&mut analytic.iter().copied()) + norm(&mut numeric.iter().copied());
    if denom == 0.0 { 0.0 } else { diff / denom }
}

/// Per layer, the worse of the relative errors over the layer's weights and over its biases.
pub fn gradient_check(
    mlp: &Mlp,
    data: &Dataset,
    loss: Loss,
    penalty: impl Into<Penalty>,
) -> Vec<f64> {
    let penalty = penalty.into();
    gradient_check_with(mlp, data, loss, penalty, &|m: &Mlp| {
        let x = data.feature_major();
        let idx: Vec<usize> = (0..data.len()).collect();
        let batch = BatchData::of(data, &x);
        m.gradient(batch, &idx, loss, penalty, &mut Workspace::default())
            .1
    })
}

/// [`gradient_check`] of the gradient `analytic` gives (tests hand it a wrong one to see
/// the check fail).
pub fn gradient_check_with(
    mlp: &Mlp,
    data: &Dataset,
    loss: Loss,
    penalty: impl Into<Penalty>,
    analytic: &dyn Fn(&Mlp) -> Gradients,
) -> Vec<f64> {
    let penalty = penalty.into();
    let grads = analytic(mlp);
    let mut probe = mlp.clone();
    let j = |m: &Mlp| backprop::loss(m, data.points.view(), &data.classes, loss, penalty).total();
    (0..mlp.layer_count())
        .map(|l| {
            let mut numeric = [Vec::new(), Vec::new()];
            for (which, out) in numeric.iter_mut().enumerate() {
                let bias = which == 1;
                let len = slot_count(mlp, l, bias);
                for i in 0..len {
                    let saved = *slot(&mut probe, l, bias, i);
                    *slot(&mut probe, l, bias, i) = saved + H;
                    let plus = j(&probe);
                    *slot(&mut probe, l, bias, i) = saved - H;
                    let minus = j(&probe);
                    *slot(&mut probe, l, bias, i) = saved;
                    out.push((plus - minus) / (2.0 * H));
                }
            }
            let analytic_w: Vec<f64> = grads.weights[l].iter().copied().collect();
            let analytic_b = grads.bias[l].to_vec();
            relative_error(&analytic_w, &numeric[0]).max(relative_error(&analytic_b, &numeric[1]))
        })
        .collect()
}

/// ReLU inputs near the kink, where centred differences straddle `z = 0` and are not a
/// derivative: `(near, total)` over every hidden unit and point. "Near" is `|z| ≤ h·s` with
/// `s = max(1, max |a⁽ˡ⁻¹⁾|)`, the most a step of h in one parameter of the layer moves z.
pub fn relu_kinks(mlp: &Mlp, data: &Dataset) -> (usize, usize) {
    let hidden = mlp.layer_count().saturating_sub(1);
    if !mlp.hidden_activations().contains(&Activation::Relu) {
        return (0, 0);
    }
    let (mut near, mut total) = (0, 0);
    for n in 0..data.len() {
        let x = data.row(n).to_vec();
        let layers = mlp.forward_point(&x);
        let mut input_scale = x.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        for (l, (z, a)) in layers[..hidden].iter().enumerate() {
            if mlp.activation(l) == Some(Activation::Relu) {
                total += z.len();
                near += z.iter().filter(|v| v.abs() <= H * input_scale).count();
            }
            input_scale = a.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        }
    }
    (near, total)
}

fn slot_count(m: &Mlp, l: usize, bias: bool) -> usize {
    let layer = &m.layers()[l];
    if bias {
        layer.bias().len()
    } else {
        layer.weights().len()
    }
}

/// Weight i (row-major) or bias i of layer l.
fn slot(m: &mut Mlp, l: usize, bias: bool, i: usize) -> &mut f64 {
    let (w, b) = m.parameters_mut().swap_remove(l);
    if bias { &mut b[i] } else { &mut w[i] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_biases_at_the_origin_sit_on_the_kink() {
        use crate::nn::{Init, Output};
        let data = Dataset::from_rows(
            &[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]],
            vec![0, 1, 1, 0],
        )
        .expect("rows");
        let m =
            Mlp::new(&[2, 5, 1], Activation::Relu, Output::Sigmoid, Init::Auto, 1).expect("net");
        let (near, total) = relu_kinks(&m, &data);
        assert_eq!(total, 20);
        assert!(near >= 5, "(0,0) gives z = 0 in all 5 units: {near}");
        let t =
            Mlp::new(&[2, 5, 1], Activation::Tanh, Output::Sigmoid, Init::Auto, 1).expect("net");
        assert_eq!(relu_kinks(&t, &data), (0, 0));
    }

    #[test]
    fn relative_error_by_hand() {
        assert_eq!(relative_error(&[0.0], &[0.0]), 0.0);
        assert_eq!(relative_error(&[3.0, 4.0], &[3.0, 4.0]), 0.0);
        // ‖(1,0)−(0,0)‖ / (1 + 0) = 1
        assert_eq!(relative_error(&[1.0, 0.0], &[0.0, 0.0]), 1.0);
        // a = (2), n = (1): 1 / 3
        assert!((relative_error(&[2.0], &[1.0]) - 1.0 / 3.0).abs() < 1e-15);
    }
}

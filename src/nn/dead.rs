//! Layers whose output no longer depends on the input: every unit dead (ReLU `z ≤ 0` on
//! every point, so `a = 0`) or saturated (the same activation on every point, e.g. tanh
//! at ±1). Past such a layer the network computes a constant, and gradient descent cannot
//! bring it back (the gradient through it is zero). The CLI warns; the app can show it.

use super::activation::Activation;
use super::mlp::Mlp;
use crate::data::Dataset;

/// How a layer's units stopped responding to the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stuck {
    /// ReLU with `z ≤ 0` on every point: every unit outputs 0.
    Dead,
    /// Every unit outputs the same value on every point (saturated or dead).
    Saturated,
}

/// A hidden layer whose output is the same for every point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StuckLayer {
    /// 1-based hidden layer index.
    pub layer: usize,
    /// Its number of units.
    pub units: usize,
    /// Dead or saturated.
    pub how: Stuck,
}

impl std::fmt::Display for StuckLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.how {
            Stuck::Dead => write!(
                f,
                "all {} units of hidden layer {} are dead (ReLU z ≤ 0 on every training point)",
                self.units, self.layer
            ),
            Stuck::Saturated => write!(
                f,
                "all {} units of hidden layer {} are saturated (the same value on every \
                 training point)",
                self.units, self.layer
            ),
        }
    }
}

/// The first hidden layer whose every unit gives the same activation on every point of
/// `data`, if any (then the network's output does not depend on its input).
pub fn stuck_layer(mlp: &Mlp, data: &Dataset) -> Option<StuckLayer> {
    let hidden = mlp.layer_count().saturating_sub(1);
    if hidden == 0 || data.is_empty() {
        return None;
    }
    let first = mlp.forward_point(&data.row(0).to_vec());
    // Per hidden layer: the first point's activations, and whether every z ≤ 0 so far.
    let mut constant: Vec<bool> = vec![true; hidden];
    let mut all_nonpositive: Vec<bool> = first[..hidden]
        .iter()
        .map(|(z, _)| z.iter().all(|&v| v <= 0.0))
        .collect();
    for n in 1..data.len() {
        if !constant.contains(&true) {
            return None;
        }
        let layers = mlp.forward_point(&data.row(n).to_vec());
        for l in 0..hidden {
            if constant[l] && layers[l].1 != first[l].1 {
                constant[l] = false;
            }
            all_nonpositive[l] &= layers[l].0.iter().all(|&v| v <= 0.0);
        }
    }
    let l = constant.iter().position(|&c| c)?;
    let dead = mlp.activation(l) == Some(Activation::Relu) && all_nonpositive[l];
    Some(StuckLayer {
        layer: l + 1,
        units: first[l].1.len(),
        how: if dead { Stuck::Dead } else { Stuck::Saturated },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Init, Output};

    fn xor() -> Dataset {
        Dataset::from_rows(
            &[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]],
            vec![0, 1, 1, 0],
        )
        .expect("rows")
    }

    #[test]
    fn a_relu_layer_with_negative_biases_is_dead() {
        let mut m =
            Mlp::new(&[2, 3, 1], Activation::Relu, Output::Sigmoid, Init::Auto, 1).expect("net");
        assert_eq!(stuck_layer(&m, &xor()), None);
        for j in 0..3 {
            m.set_bias(0, j, -100.0);
        }
        let s = stuck_layer(&m, &xor()).expect("dead");
        assert_eq!((s.layer, s.units, s.how), (1, 3, Stuck::Dead));
        assert!(s.to_string().contains("dead (ReLU z ≤ 0"), "{s}");
    }

    #[test]
    fn a_saturated_tanh_layer_is_found() {
        let mut m = Mlp::new(
            &[2, 2, 2, 1],
            Activation::Tanh,
            Output::Sigmoid,
            Init::Auto,
            3,
        )
        .expect("net");
        for j in 0..2 {
            m.set_bias(1, j, 1e3);
        }
        let s = stuck_layer(&m, &xor()).expect("saturated");
        assert_eq!((s.layer, s.how), (2, Stuck::Saturated));
    }
}

//! Data losses and the L2 term (COURSE §3), one point at a time, in numerically stable form.
//!
//! These scalar formulas are the reference the fast kernels are tested against; the data loss
//! of a batch is their mean over the batch's N points, and the L2 term `λ/2 Σ‖W‖²` is added
//! once (not divided by N).

use serde::{Deserialize, Serialize};

/// The data loss J₀.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Loss {
    /// `−[t ln a + (1−t) ln(1−a)]` (sigmoid) or `−ln a_c` (softmax).
    #[serde(rename = "cross-entropy")]
    CrossEntropy,
    /// `‖t − a‖²`, summed over output units.
    #[serde(rename = "mse")]
    Mse,
}

impl Loss {
    /// Both losses, in menu order.
    pub const ALL: [Loss; 2] = [Self::CrossEntropy, Self::Mse];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::CrossEntropy => "cross-entropy",
            Self::Mse => "mse",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl std::fmt::Display for Loss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Sigmoid cross-entropy from the logit z and target t ∈ {0, 1}, without forming σ(z):
/// `−[t ln σ(z) + (1−t) ln(1−σ(z))] = max(z, 0) − t·z + ln(1 + e^{−|z|})`.
pub fn sigmoid_cross_entropy(z: f64, t: f64) -> f64 {
    z.max(0.0) - t * z + (-z.abs()).exp().ln_1p()
}

/// Softmax cross-entropy from the logits z and the class c:
/// `−ln(e^{z_c} / Σ_k e^{z_k}) = m + ln Σ_k e^{z_k − m} − z_c`, m = max z.
pub fn softmax_cross_entropy(z: &[f64], c: usize) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = z.iter().map(|&v| (v - m).exp()).sum();
    m + s.ln() - z[c]
}

/// Softmax probabilities `e^{z_j − m} / Σ_k e^{z_k − m}`.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|&v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

/// `‖t − a‖²` summed over the output units.
pub fn squared_error(a: &[f64], t: &[f64]) -> f64 {
    a.iter().zip(t).map(|(a, t)| (t - a) * (t - a)).sum()
}

/// The regularization term `(λ/2) Σ_l ‖W⁽ˡ⁾‖_F²` (biases are not regularized).
pub fn l2_term<'a>(lambda: f64, weights: impl IntoIterator<Item = &'a [f64]>) -> f64 {
    let sum: f64 = weights
        .into_iter()
        .map(|w| w.iter().map(|x| x * x).sum::<f64>())
        .sum();
    0.5 * lambda * sum
}

/// The target vector of class c for `outputs` units: `t = c` for one sigmoid unit, one-hot
/// otherwise.
pub fn target(c: usize, outputs: usize) -> Vec<f64> {
    if outputs == 1 {
        vec![c as f64]
    } else {
        (0..outputs).map(|j| f64::from(u8::from(j == c))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_entropy_matches_the_textbook_form_where_that_is_safe() {
        for z in [-5.0f64, -0.3, 0.0, 0.8, 6.0] {
            let a = 1.0 / (1.0 + (-z).exp());
            for t in [0.0, 1.0] {
                let naive = -(t * a.ln() + (1.0 - t) * (1.0 - a).ln());
                assert!(
                    (sigmoid_cross_entropy(z, t) - naive).abs() < 1e-12,
                    "z={z} t={t}"
                );
            }
        }
        // Far out the textbook form gives ∞; the stable one gives ≈ |z|.
        assert!((sigmoid_cross_entropy(800.0, 0.0) - 800.0).abs() < 1e-9);
        assert!(sigmoid_cross_entropy(800.0, 1.0) < 1e-300);
    }

    #[test]
    fn softmax_cross_entropy_is_minus_log_probability() {
        let z = [1.0, 2.0, 0.5];
        let p = softmax(&z);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        for c in 0..3 {
            assert!((softmax_cross_entropy(&z, c) + p[c].ln()).abs() < 1e-14);
        }
        // Uniform logits: −ln(1/3).
        assert!((softmax_cross_entropy(&[1e3, 1e3, 1e3], 2) - 3f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn squared_error_and_l2_by_hand() {
        assert_eq!(squared_error(&[0.5, 0.25], &[1.0, 0.0]), 0.25 + 0.0625);
        let w1 = [1.0, -2.0];
        let w2 = [3.0];
        assert_eq!(l2_term(0.1, [&w1[..], &w2[..]]), 0.05 * 14.0);
        assert_eq!(target(2, 3), vec![0.0, 0.0, 1.0]);
        assert_eq!(target(1, 1), vec![1.0]);
    }
}

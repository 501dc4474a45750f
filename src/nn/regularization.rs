//! The regularisation term on the weights (never the biases): L2 as in the lecture
//! (COURSE §3) or L1 (COURSE §6), each with its gradient beside it.

use serde::{Deserialize, Serialize};

/// Which penalty λ multiplies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RegKind {
    /// `(λ/2) Σ_l ‖W⁽ˡ⁾‖_F²`, gradient `λW` (the lecture's).
    #[default]
    L2,
    /// `λ Σ_l Σ_ij |w_ij⁽ˡ⁾|`, (sub)gradient `λ·sign(w)` with sign(0) = 0.
    L1,
}

impl RegKind {
    /// Both kinds, in menu order.
    pub const ALL: [RegKind; 2] = [Self::L2, Self::L1];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::L2 => "l2",
            Self::L1 => "l1",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The term as the interface writes it: `λ/2·ΣW²` or `λ·Σ|w|`.
    pub fn formula(self) -> &'static str {
        match self {
            Self::L2 => "λ/2·ΣW²",
            Self::L1 => "λ·Σ|w|",
        }
    }
}

impl std::fmt::Display for RegKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// λ with its kind: what the loss adds to J₀ and its gradient adds to `∂J₀/∂W`.
///
/// A plain `f64` converts into the L2 penalty of that λ (the lecture's, and what every
/// function taking a λ meant before L1 existed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Penalty {
    /// L2 or L1.
    pub kind: RegKind,
    /// λ ≥ 0 (not divided by N).
    pub lambda: f64,
}

impl From<f64> for Penalty {
    fn from(lambda: f64) -> Self {
        Self::l2(lambda)
    }
}

impl Penalty {
    /// `(λ/2) Σ‖W‖²`.
    pub fn l2(lambda: f64) -> Self {
        Self {
            kind: RegKind::L2,
            lambda,
        }
    }

    /// `λ Σ|w|`.
    pub fn l1(lambda: f64) -> Self {
        Self {
            kind: RegKind::L1,
            lambda,
        }
    }

    /// The term over every layer's weights: `(λ/2) Σ w²` (L2) or `λ Σ |w|` (L1).
    pub fn term<'a>(self, weights: impl IntoIterator<Item = &'a [f64]>) -> f64 {
        match self.kind {
            RegKind::L2 => super::loss::l2_term(self.lambda, weights),
            RegKind::L1 => {
                let sum: f64 = weights
                    .into_iter()
                    .map(|w| w.iter().map(|x| x.abs()).sum::<f64>())
                    .sum();
                self.lambda * sum
            }
        }
    }

    /// The term's derivative in one weight: `λw` (L2) or `λ·sign(w)`, sign(0) = 0 (L1, a
    /// subgradient; not the prediction's sign, for which sign(0) = +1).
    pub fn weight_gradient(self, w: f64) -> f64 {
        match self.kind {
            RegKind::L2 => w * self.lambda,
            RegKind::L1 => self.lambda * subgradient_sign(w),
        }
    }

    /// Adds the term's gradient to a layer's data gradient: `g ← g + ∂(term)/∂w`.
    pub fn add_gradient(self, g: &mut [f64], weights: &[f64]) {
        for (g, &w) in g.iter_mut().zip(weights) {
            *g += self.weight_gradient(w);
        }
    }
}

/// sign(w) ∈ {−1, 0, +1} with sign(0) = 0 (and 0 for NaN).
pub fn subgradient_sign(w: f64) -> f64 {
    if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_gradients_by_hand() {
        let w1 = [1.0, -2.0, 0.0];
        let w2 = [3.0];
        let layers = || [&w1[..], &w2[..]];
        assert_eq!(Penalty::l2(0.1).term(layers()), 0.05 * 14.0);
        assert_eq!(Penalty::l1(0.1).term(layers()), 0.1 * 6.0);
        let l1 = Penalty::l1(0.5);
        assert_eq!(
            w1.map(|w| l1.weight_gradient(w)),
            [0.5, -0.5, 0.0],
            "sign(0) = 0"
        );
        assert_eq!(Penalty::from(0.5).weight_gradient(-2.0), -1.0);
        let mut g = [1.0, 1.0, 1.0];
        l1.add_gradient(&mut g, &w1);
        assert_eq!(g, [1.5, 0.5, 1.0]);
    }

    #[test]
    fn names_round_trip() {
        for k in RegKind::ALL {
            assert_eq!(RegKind::from_name(k.name()), Some(k));
        }
        assert_eq!(RegKind::from_name("l3"), None);
    }
}

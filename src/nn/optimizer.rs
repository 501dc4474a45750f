//! The MLP's optimizers (COURSE §6): how a gradient becomes an update. `g = ∂J/∂θ` includes
//! the regularisation gradient; `t` counts updates from 1; every state starts at 0. The
//! perceptron keeps the PLA.
//!
//! - `gd`: `θ ← θ − α g` (the lecture's);
//! - `momentum` (heavy ball, PyTorch's SGD with dampening 0): `v ← βv + g`; `θ ← θ − αv`;
//! - `adam` (Kingma & Ba 2015, PyTorch's default, L2 inside g): `m ← β₁m + (1−β₁)g`;
//!   `v ← β₂v + (1−β₂)g²`; `θ ← θ − α (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)`.

use super::kernels::{self, BatchData, Route, Workspace};
use super::loss::Loss;
use super::mlp::{LossParts, Mlp};
use super::regularization::{Penalty, RegKind};
use serde::{Deserialize, Serialize};

/// Which optimizer (the command line's `--optimizer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    /// `θ ← θ − α g`.
    #[default]
    Gd,
    /// `v ← βv + g`; `θ ← θ − αv`.
    Momentum,
    /// `θ ← θ − α m̂ / (√v̂ + ε)`.
    Adam,
}

impl OptimizerKind {
    /// Every optimizer, in menu order.
    pub const ALL: [OptimizerKind; 3] = [Self::Gd, Self::Momentum, Self::Adam];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gd => "gd",
            Self::Momentum => "momentum",
            Self::Adam => "adam",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// β of momentum by default.
pub const DEFAULT_MOMENTUM: f64 = 0.9;
/// β₁ of Adam by default.
pub const DEFAULT_BETA1: f64 = 0.9;
/// β₂ of Adam by default.
pub const DEFAULT_BETA2: f64 = 0.999;
/// ε of Adam by default.
pub const DEFAULT_EPS: f64 = 1e-8;

/// An optimizer with its hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    /// `θ ← θ − α g`.
    Gd,
    /// `v ← βv + g`; `θ ← θ − αv`.
    Momentum {
        /// β in [0, 1).
        beta: f64,
    },
    /// `m ← β₁m + (1−β₁)g`; `v ← β₂v + (1−β₂)g²`;
    /// `θ ← θ − α (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)`.
    Adam {
        /// β₁ in [0, 1).
        beta1: f64,
        /// β₂ in [0, 1).
        beta2: f64,
        /// ε > 0.
        eps: f64,
    },
}

impl Optimizer {
    /// Which kind this is.
    pub fn kind(self) -> OptimizerKind {
        match self {
            Self::Gd => OptimizerKind::Gd,
            Self::Momentum { .. } => OptimizerKind::Momentum,
            Self::Adam { .. } => OptimizerKind::Adam,
        }
    }
}

/// The optimizer's memory: `t` and, per parameter array (layer 1's W, its b, layer 2's W…),
/// momentum's `v` or Adam's `m` and `v`. It belongs to the run: a checkpoint keeps it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimizerState {
    /// Updates made so far (Adam's t after the update).
    t: u64,
    /// Momentum's v, Adam's m.
    first: Vec<Vec<f64>>,
    /// Adam's v.
    second: Vec<Vec<f64>>,
}

impl OptimizerState {
    /// The updates made since the state started at 0.
    pub fn updates(&self) -> u64 {
        self.t
    }

    /// The number of values it holds (for the checkpoints' memory budget).
    pub fn len(&self) -> usize {
        self.first.iter().chain(&self.second).map(Vec::len).sum()
    }

    /// True while it holds nothing (gd, or before the first update).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Momentum's v or Adam's m, per parameter array.
    pub fn first_moment(&self) -> &[Vec<f64>] {
        &self.first
    }

    /// Adam's v, per parameter array.
    pub fn second_moment(&self) -> &[Vec<f64>] {
        &self.second
    }

    /// One update of every parameter array by `opt`, given `(θ, g)` pairs in a fixed order.
    /// The state is sized (zeros) on first use, and starts again at 0 if the arrays change.
    pub fn update<'a>(
        &mut self,
        opt: Optimizer,
        learning_rate: f64,
        slots: impl IntoIterator<Item = (&'a mut [f64], &'a [f64])>,
    ) {
        self.t += 1;
        let t = self.t;
        for (k, (theta, g)) in slots.into_iter().enumerate() {
            match opt {
                Optimizer::Gd => gd(theta, g, learning_rate),
                Optimizer::Momentum { beta } => {
                    let v = slot(&mut self.first, k, g.len());
                    momentum(theta, g, v, learning_rate, beta);
                }
                Optimizer::Adam { beta1, beta2, eps } => {
                    let m = slot(&mut self.first, k, g.len());
                    let v = slot(&mut self.second, k, g.len());
                    let moments = Moments { m, v };
                    adam(theta, g, moments, learning_rate, (beta1, beta2, eps), t);
                }
            }
        }
    }
}

/// Array k of a state, zeros of length `len` when new or of another length.
fn slot(state: &mut Vec<Vec<f64>>, k: usize, len: usize) -> &mut [f64] {
    if state.len() <= k {
        state.resize_with(k + 1, Vec::new);
    }
    if state[k].len() != len {
        state[k] = vec![0.0; len];
    }
    &mut state[k]
}

/// `θ ← θ − α g`.
pub fn gd(theta: &mut [f64], g: &[f64], learning_rate: f64) {
    for (p, g) in theta.iter_mut().zip(g) {
        *p -= learning_rate * g;
    }
}

/// `v ← βv + g`; `θ ← θ − αv`.
pub fn momentum(theta: &mut [f64], g: &[f64], v: &mut [f64], learning_rate: f64, beta: f64) {
    for ((p, g), v) in theta.iter_mut().zip(g).zip(v.iter_mut()) {
        *v = beta * *v + g;
        *p -= learning_rate * *v;
    }
}

/// Adam's two moment arrays.
pub struct Moments<'a> {
    /// m, the mean of g.
    pub m: &'a mut [f64],
    /// v, the mean of g².
    pub v: &'a mut [f64],
}

/// Update t (from 1) of Adam: `m ← β₁m + (1−β₁)g`; `v ← β₂v + (1−β₂)g²`;
/// `θ ← θ − α (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)`.
pub fn adam(
    theta: &mut [f64],
    g: &[f64],
    moments: Moments<'_>,
    learning_rate: f64,
    (beta1, beta2, eps): (f64, f64, f64),
    t: u64,
) {
    // t ≤ 2⁵³ in any run, so the exponent is exact.
    let correction1 = 1.0 - beta1.powf(t as f64);
    let correction2 = 1.0 - beta2.powf(t as f64);
    let Moments { m, v } = moments;
    for (((p, g), m), v) in theta.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
        *m = beta1 * *m + (1.0 - beta1) * g;
        *v = beta2 * *v + (1.0 - beta2) * g * g;
        let m_hat = *m / correction1;
        let v_hat = *v / correction2;
        *p -= learning_rate * m_hat / (v_hat.sqrt() + eps);
    }
}

impl Mlp {
    /// One update on the points `idx` by `opt` (COURSE §6), with `g = ∂J₀/∂θ` plus the
    /// penalty's gradient on the weights. Returns the loss before the update.
    ///
    /// gd with L2 is [`Mlp::train_step`], whose `W ← (1−αλ)W − α∂J₀/∂W` is the same update
    /// written as the runs before the optimizers computed it, bit for bit.
    #[allow(clippy::too_many_arguments)]
    pub fn optimizer_step(
        &mut self,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        penalty: Penalty,
        learning_rate: f64,
        opt: Optimizer,
        state: &mut OptimizerState,
        ws: &mut Workspace,
    ) -> LossParts {
        if opt == Optimizer::Gd && penalty.kind == RegKind::L2 {
            return self.train_step(data, idx, loss, penalty.lambda, learning_rate, ws);
        }
        let data_loss = kernels::batch_gradient_route(Route::best(), self, data, idx, loss, ws);
        let reg_loss = self.reg_loss(penalty);
        let params = self.parameters_mut();
        for ((w, _), dw) in params.iter().zip(ws.dw.iter_mut()) {
            penalty.add_gradient(dw, w);
        }
        let grads = ws.dw.iter().zip(&ws.db);
        let slots = params
            .into_iter()
            .zip(grads)
            .flat_map(|((w, b), (dw, db))| [(w, dw.as_slice()), (b, db.as_slice())]);
        state.update(opt, learning_rate, slots);
        LossParts {
            data_loss,
            reg_loss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_update_of_each_by_hand() {
        // θ = 1, g = 0.5, α = 0.1.
        let mut p = [1.0];
        gd(&mut p, &[0.5], 0.1);
        assert_eq!(p, [1.0 - 0.05]);
        let (mut p, mut v) = ([1.0], [0.2]);
        momentum(&mut p, &[0.5], &mut v, 0.1, 0.9);
        // v = 0.9·0.2 + 0.5 = 0.68; θ = 1 − 0.068.
        assert!((v[0] - 0.68).abs() < 1e-15);
        assert!((p[0] - 0.932).abs() < 1e-15);
        // Adam's first step moves every parameter by ≈ α·sign(g), whatever |g|.
        let mut p = [1.0, 1.0];
        let (mut m, mut v) = ([0.0; 2], [0.0; 2]);
        let moments = Moments {
            m: &mut m,
            v: &mut v,
        };
        adam(&mut p, &[0.5, -3e-4], moments, 0.1, (0.9, 0.999, 1e-8), 1);
        assert!((p[0] - 0.9).abs() < 1e-7, "{p:?}");
        assert!((p[1] - 1.1).abs() < 1e-4, "{p:?}");
    }

    #[test]
    fn the_state_starts_at_zero_and_sizes_itself() {
        let mut s = OptimizerState::default();
        assert!(s.is_empty());
        let mut a = [1.0, 2.0];
        let mut b = [3.0];
        let slots = [(&mut a[..], &[1.0, 1.0][..]), (&mut b[..], &[1.0][..])];
        s.update(Optimizer::Momentum { beta: 0.5 }, 1.0, slots);
        assert_eq!(s.updates(), 1);
        assert_eq!(s.first_moment(), &[vec![1.0, 1.0], vec![1.0]]);
        assert_eq!((a, b), ([0.0, 1.0], [2.0]));
        assert!(s.second_moment().is_empty());
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn names_round_trip() {
        for k in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(k.name()), Some(k));
        }
        assert_eq!(OptimizerKind::from_name("sgd"), None);
    }
}

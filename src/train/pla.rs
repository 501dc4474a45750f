//! The four perceptron update rules of COURSE §2, as a state machine that makes one weight
//! update per [`PlaState::step`].
//!
//! Convergence is checked only where M is computed: before each step (batch), before each
//! batch (mini-batch, M of the whole data), at the start of each pass (SGD, online). It means
//! M = ∅, never J = 0.

use super::config::UpdateRule;
use crate::data::Dataset;
use crate::nn::Perceptron;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// One perceptron update, for the app to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaUpdate {
    /// The point(s) whose `α y_i x̄_i` was added.
    pub points: Vec<usize>,
    /// `w̄ = (b, w₁, w₂)` before the update.
    pub before: Vec<f64>,
    /// `w̄` after the update.
    pub after: Vec<f64>,
}

/// What one call of [`PlaState::step`] did.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaOutcome {
    /// The update made, or `None` when the run has converged.
    pub update: Option<PlaUpdate>,
    /// |M| and J over all points, where this step computed M.
    pub measured: Option<(usize, f64)>,
    /// Passes completed during this call.
    pub passes: u64,
    /// M = ∅ was found: the run has converged.
    pub converged: bool,
    /// A pass started during this call: `w̄` and |M| at its start (the cycle check's input).
    pub pass_start: Option<(Vec<f64>, usize)>,
}

/// Where the rule is within the data.
#[derive(Clone, Debug, Default)]
pub struct PlaState {
    /// The visiting order (index order, or shuffled each epoch for mini-batches).
    order: Vec<usize>,
    /// The next position in `order` (mini-batch, online) or in `pass_m` (SGD).
    cursor: usize,
    /// SGD: M as computed at the start of the pass.
    pass_m: Vec<usize>,
    /// The best weights seen and their |M| (the pocket).
    pub pocket: Option<(Perceptron, usize)>,
    /// Set once M = ∅ was found.
    pub converged: bool,
}

impl PlaState {
    /// A fresh state for N points.
    pub fn new(n: usize) -> Self {
        Self {
            order: (0..n).collect(),
            ..Self::default()
        }
    }

    /// The bytes this state holds, roughly (for a checkpoint's memory budget).
    pub fn bytes(&self) -> usize {
        8 * (self.order.len() + self.pass_m.len()) + self.pocket.as_ref().map_or(0, |_| 48)
    }

    /// Records |M| for the pocket; returns (|M|, J).
    fn measure(&mut self, p: &Perceptron, data: &Dataset, m: &[usize]) -> (usize, f64) {
        if self.pocket.as_ref().is_none_or(|(_, best)| m.len() < *best) {
            self.pocket = Some((p.clone(), m.len()));
        }
        (m.len(), p.loss_over(data, m))
    }

    /// Makes one weight update of `rule` (or finds M = ∅ and stops).
    #[allow(clippy::too_many_arguments)]
    pub fn step(
        &mut self,
        rule: UpdateRule,
        p: &mut Perceptron,
        data: &Dataset,
        learning_rate: f64,
        batch_size: usize,
        shuffle: bool,
        rng: &mut ChaCha8Rng,
    ) -> PlaOutcome {
        let mut out = PlaOutcome {
            update: None,
            measured: None,
            passes: 0,
            converged: self.converged,
            pass_start: None,
        };
        if self.converged {
            return out;
        }
        if self.order.len() != data.len() {
            *self = Self {
                pocket: self.pocket.take(),
                ..Self::new(data.len())
            };
        }
        let n = data.len();
        let apply = |p: &mut Perceptron, points: Vec<usize>| {
            let before = p.augmented();
            p.update(data, &points, learning_rate);
            PlaUpdate {
                points,
                before,
                after: p.augmented(),
            }
        };
        match rule {
            UpdateRule::Batch => {
                let m = p.misclassified(data);
                out.measured = Some(self.measure(p, data, &m));
                out.pass_start = Some((p.augmented(), m.len()));
                if m.is_empty() {
                    self.converged = true;
                } else {
                    out.update = Some(apply(p, m));
                    out.passes = 1;
                }
            }
            UpdateRule::MiniBatch => loop {
                let m = p.misclassified(data);
                out.measured = Some(self.measure(p, data, &m));
                if m.is_empty() {
                    self.converged = true;
                    break;
                }
                if self.cursor == 0 {
                    out.pass_start = Some((p.augmented(), m.len()));
                    if shuffle {
                        self.order.shuffle(rng);
                    }
                }
                let end = (self.cursor + batch_size.max(1)).min(n);
                let batch: Vec<usize> = self.order[self.cursor..end]
                    .iter()
                    .copied()
                    .filter(|&i| p.is_misclassified(data, i))
                    .collect();
                self.cursor = if end == n { 0 } else { end };
                if self.cursor == 0 {
                    out.passes += 1;
                }
                if !batch.is_empty() {
                    out.update = Some(apply(p, batch));
                    break;
                }
            },
            UpdateRule::Sgd => {
                if self.cursor >= self.pass_m.len() {
                    let m = p.misclassified(data);
                    out.measured = Some(self.measure(p, data, &m));
                    out.pass_start = Some((p.augmented(), m.len()));
                    if m.is_empty() {
                        self.converged = true;
                        out.converged = true;
                        return out;
                    }
                    self.pass_m = m;
                    self.cursor = 0;
                }
                // Every point of the pass's M, even if w̄ already classifies it right.
                let i = self.pass_m[self.cursor];
                self.cursor += 1;
                if self.cursor == self.pass_m.len() {
                    out.passes = 1;
                }
                out.update = Some(apply(p, vec![i]));
            }
            UpdateRule::Online => loop {
                if self.cursor == 0 {
                    let m = p.misclassified(data);
                    out.measured = Some(self.measure(p, data, &m));
                    out.pass_start = Some((p.augmented(), m.len()));
                    if m.is_empty() {
                        self.converged = true;
                        break;
                    }
                }
                let i = self.cursor;
                self.cursor = (self.cursor + 1) % n;
                if self.cursor == 0 {
                    out.passes += 1;
                }
                if p.is_misclassified(data, i) {
                    out.update = Some(apply(p, vec![i]));
                    break;
                }
            },
        }
        out.converged = self.converged;
        out
    }
}

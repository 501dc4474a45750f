//! One parameter update of each kind of model: the PLA rule of the configuration, or one
//! backprop step of the MLP on its next batch, with the divergence guard's look at the loss.

use super::{StepReport, Trainer, guard_interval};
use crate::nn::{BatchData, LossParts, Model, Perceptron};
use crate::train::config::UpdateRule;
use crate::train::guard::{Divergence, DivergenceKind};
use rand::seq::SliceRandom;

impl Trainer {
    /// One update of the perceptron by the configured PLA rule (COURSE §2).
    pub(super) fn step_perceptron(&mut self) -> StepReport {
        let Model::Perceptron(p) = &mut self.model else {
            return StepReport::default();
        };
        let out = self.pla.step(
            self.config.update,
            p,
            &self.phi,
            self.config.learning_rate,
            self.config.batch_size,
            self.config.shuffle,
            &mut self.rng,
        );
        self.epochs += out.passes;
        let updated = out.update.is_some();
        if updated {
            self.steps += 1;
        }
        let batch_len = out.update.as_ref().map_or(0, |u| u.points.len());
        let loss = match (&out.measured, &out.update) {
            (Some((_, j)), _) => *j,
            (None, Some(u)) => {
                Perceptron::from_augmented(&u.before).loss_over(&self.phi, &u.points)
            }
            (None, None) => 0.0,
        };
        let diverged = p
            .augmented()
            .into_iter()
            .find(|w| !w.is_finite())
            .map(|value| DivergenceKind::NotFinite { value });
        StepReport {
            updated,
            loss: LossParts {
                data_loss: loss,
                reg_loss: 0.0,
            },
            batch_len,
            misclassified: out.measured.map(|(m, _)| m),
            converged: out.converged,
            diverged: diverged.map(|what| Divergence {
                step: self.steps,
                what,
                learning_rate: self.config.learning_rate,
            }),
            pla: out.update,
            pass_start: out.pass_start,
            ..StepReport::default()
        }
    }

    /// One backprop step of the MLP on the next batch of its update rule (COURSE §3), by
    /// the configured optimizer (COURSE §6).
    pub(super) fn step_mlp(&mut self) -> StepReport {
        let Model::Mlp(mlp) = &mut self.model else {
            return StepReport::default();
        };
        let n = self.data.len();
        let idx: &[usize] = match self.config.update {
            UpdateRule::Batch => {
                self.epochs += 1;
                &self.all
            }
            UpdateRule::MiniBatch | UpdateRule::Sgd | UpdateRule::Online => {
                let b = if self.config.update == UpdateRule::Sgd {
                    1
                } else {
                    self.config.batch_size
                };
                if self.cursor == 0 {
                    self.order.shuffle(&mut self.rng);
                }
                let start = self.cursor;
                let end = (start + b).min(n);
                self.cursor = if end == n { 0 } else { end };
                if self.cursor == 0 {
                    self.epochs += 1;
                }
                &self.order[start..end]
            }
        };
        // The guard's full-data loss: the batch loss itself for full batches, else
        // measured every few epochs (before this step's update).
        let full_batch = idx.len() == n;
        let every = guard_interval(n, idx.len());
        let measured = (!full_batch && (self.steps + 1).is_multiple_of(every)).then(|| {
            let (_, m) = crate::nn::evaluate_mlp(
                mlp,
                &self.phi,
                self.config.loss,
                self.config.penalty(),
                &mut self.ws,
            );
            m.loss().unwrap_or(f64::NAN)
        });
        let batch = BatchData {
            x: &self.x,
            n_total: n,
            classes: &self.data.classes,
        };
        let loss = mlp.optimizer_step(
            batch,
            idx,
            self.config.loss,
            self.config.penalty(),
            self.config.learning_rate,
            self.config.optimizer(),
            &mut self.optimizer,
            &mut self.ws,
        );
        self.steps += 1;
        let total = loss.total();
        let what = if !total.is_finite() {
            self.guard.check(total)
        } else if full_batch {
            self.guard.check_growth(total, 1)
        } else if let Some(full) = measured {
            self.guard.check_growth(full, every)
        } else {
            None
        };
        let diverged = what.map(|what| Divergence {
            step: self.steps,
            what,
            learning_rate: self.config.learning_rate,
        });
        StepReport {
            updated: true,
            loss,
            batch_len: idx.len(),
            diverged,
            ..StepReport::default()
        }
    }
}

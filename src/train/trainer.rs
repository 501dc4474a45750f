//! The [`Trainer`]: a model, its data and its random stream, advanced one parameter update at
//! a time. No threads: the CLI and the tests drive it directly, the app through the worker.
//! The same configuration and seed give bit-identical results on every run.

use super::config::{ConfigError, ModelKind, TrainConfig, UpdateRule, ValidConfig};
use super::guard::{Divergence, DivergenceGuard, DivergenceKind};
use super::pla::{PlaState, PlaUpdate};
use crate::data::Dataset;
use crate::nn::{
    Activation, BatchData, LossParts, Metrics, Mlp, Model, Output, Perceptron, Workspace,
};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

/// What one [`Trainer::step`] did.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepReport {
    /// Parameter updates so far (after this step).
    pub step: u64,
    /// Completed epochs (passes) so far.
    pub epoch: u64,
    /// Whether this call changed the parameters.
    pub updated: bool,
    /// The loss of the step's batch before the update (for the PLA: J over all points where
    /// M was computed, otherwise over the points used).
    pub loss: LossParts,
    /// The number of points the step used.
    pub batch_len: usize,
    /// |M| over all points, where this step computed M (PLA).
    pub misclassified: Option<usize>,
    /// This step finished an epoch.
    pub epoch_done: bool,
    /// The PLA found M = ∅: nothing left to learn.
    pub converged: bool,
    /// The divergence guard tripped at this step (or earlier).
    pub diverged: Option<Divergence>,
    /// The perceptron update, for the app to draw.
    pub pla: Option<PlaUpdate>,
    /// A PLA pass started in this step: `w̄` and |M| at its start.
    pub pass_start: Option<(Vec<f64>, usize)>,
}

/// A model, its data and its random stream. Cloning is cheap enough for checkpoints: the
/// data is shared and the scratch buffers are not copied.
pub struct Trainer {
    config: ValidConfig,
    data: Arc<Dataset>,
    x: Arc<Vec<f64>>,
    all: Arc<Vec<usize>>,
    model: Model,
    ws: Workspace,
    rng: ChaCha8Rng,
    order: Vec<usize>,
    cursor: usize,
    steps: u64,
    epochs: u64,
    pla: PlaState,
    guard: DivergenceGuard,
    diverged: Option<Divergence>,
    /// Why this model cannot be trained (a hand-set sign network), if so.
    frozen: Option<String>,
}

/// Steps between the divergence guard's full-data measurements when a step uses `b` of `n`
/// points: about every 4 epochs, at most every [`GUARD_MAX_INTERVAL`] steps.
pub fn guard_interval(n: usize, b: usize) -> u64 {
    (4 * n.div_ceil(b.max(1)) as u64).clamp(1, GUARD_MAX_INTERVAL)
}

/// The longest interval between the guard's full-data measurements.
pub const GUARD_MAX_INTERVAL: u64 = 50;

/// The shuffling stream of a run (the weights use another stream of the same seed).
fn shuffle_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(2);
    rng
}

/// The model a configuration starts from: `(w, b) = (0, 0)` for the perceptron (as in the
/// lecture), seeded Xavier/He (or `S·randn`) weights for the MLP.
pub fn initial_model(config: &TrainConfig, classes: usize) -> Result<Model, ConfigError> {
    match config.model {
        ModelKind::Perceptron => Ok(Model::Perceptron(Perceptron::zeros(2))),
        ModelKind::Mlp
            if config.activation == Activation::Sign && !config.hidden_sizes.is_empty() =>
        {
            Err(ConfigError::SignActivation)
        }
        ModelKind::Mlp => Mlp::new(
            &config.layer_sizes(classes),
            config.activation,
            Output::for_classes(classes),
            config.init,
            config.init_seed,
        )
        .map(Model::Mlp)
        .map_err(ConfigError::Build),
    }
}

/// Checks that a given model can be trained on data with C classes.
fn check_model(model: &Model, classes: usize) -> Result<(), ConfigError> {
    match model {
        Model::Perceptron(p) => {
            if classes != 2 {
                return Err(ConfigError::PerceptronClasses(classes));
            }
            if p.weights.len() != 2 {
                return Err(ConfigError::Inputs {
                    kind: "perceptron",
                    inputs: p.weights.len(),
                });
            }
        }
        Model::Mlp(m) => {
            let wanted = if classes <= 2 { 1 } else { classes };
            // A hand-set network (sign, tanh or linear output) is shown, not trained: only
            // its number of outputs must fit.
            let output_ok = m.output() == Output::for_classes(classes) || m.trainability().is_err();
            if m.outputs() != wanted || !output_ok {
                return Err(ConfigError::Outputs {
                    outputs: m.outputs(),
                    output: m.output(),
                    classes,
                    wanted,
                    needed: Output::for_classes(classes),
                });
            }
            if m.sizes()[0] != 2 {
                return Err(ConfigError::Inputs {
                    kind: "network",
                    inputs: m.sizes()[0],
                });
            }
        }
    }
    Ok(())
}

impl Trainer {
    /// A trainer on `data`, starting from `model` (or from [`initial_model`]).
    pub fn new(
        config: &TrainConfig,
        data: Dataset,
        model: Option<Model>,
    ) -> Result<Self, ConfigError> {
        let model = match model {
            Some(m) => m,
            None => initial_model(config, data.class_count)?,
        };
        let mut config = config.clone();
        config.model = match model {
            Model::Perceptron(_) => ModelKind::Perceptron,
            Model::Mlp(_) => ModelKind::Mlp,
        };
        if let Model::Mlp(m) = &model {
            // The model's own shape is the truth (a loaded or hand-set network).
            config.hidden_sizes = m.hidden_sizes();
            config.activation = m.hidden_activation();
        }
        let frozen = match &model {
            Model::Mlp(m) => m.trainability().err(),
            Model::Perceptron(_) => None,
        };
        let config = config.validate(&data)?;
        check_model(&model, data.class_count)?;
        let n = data.len();
        let mut ws = Workspace::default();
        let guard = match &model {
            // The PLA's J starts at 0 from w̄ = 0: only overflow counts there.
            Model::Perceptron(_) => DivergenceGuard::new(None),
            Model::Mlp(_) if frozen.is_some() => DivergenceGuard::new(None),
            Model::Mlp(_) => {
                let (_, m) = model.evaluate(&data, config.loss, config.lambda, &mut ws);
                DivergenceGuard::new(m.loss())
            }
        };
        Ok(Self {
            x: Arc::new(data.feature_major()),
            all: Arc::new((0..n).collect()),
            order: (0..n).collect(),
            pla: PlaState::new(n),
            rng: shuffle_rng(config.init_seed),
            config,
            data: Arc::new(data),
            model,
            ws,
            cursor: 0,
            steps: 0,
            epochs: 0,
            guard,
            diverged: None,
            frozen,
        })
    }

    /// Continues the step and epoch counts of an earlier segment of the same run.
    pub fn set_counters(&mut self, steps: u64, epochs: u64) {
        self.steps = steps;
        self.epochs = epochs;
    }
}

impl Clone for Trainer {
    /// The whole state that determines the next steps (model, RNG, order, cursor, counters,
    /// PLA state, guard), without the scratch buffers.
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            data: Arc::clone(&self.data),
            x: Arc::clone(&self.x),
            all: Arc::clone(&self.all),
            model: self.model.clone(),
            ws: Workspace::default(),
            rng: self.rng.clone(),
            order: self.order.clone(),
            cursor: self.cursor,
            steps: self.steps,
            epochs: self.epochs,
            pla: self.pla.clone(),
            guard: self.guard.clone(),
            diverged: self.diverged,
            frozen: self.frozen.clone(),
        }
    }
}

impl Trainer {
    /// The bytes a checkpoint of this state holds, roughly (for the memory budget).
    pub fn checkpoint_bytes(&self) -> usize {
        let params = match &self.model {
            Model::Perceptron(p) => p.weights.len() + 1,
            Model::Mlp(m) => m.parameter_count(),
        };
        256 + 8 * (params + self.order.len()) + self.pla.bytes()
    }

    /// The settings in use.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// The model as it is now.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The training data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The training data, shared.
    pub fn shared_data(&self) -> Arc<Dataset> {
        Arc::clone(&self.data)
    }

    /// Parameter updates so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Completed epochs (passes) so far.
    pub fn epochs(&self) -> u64 {
        self.epochs
    }

    /// True once the PLA found M = ∅ (never for the MLP).
    pub fn converged(&self) -> bool {
        self.pla.converged
    }

    /// Why this model cannot be trained (a hand-set sign network), if so.
    pub fn frozen(&self) -> Option<&str> {
        self.frozen.as_deref()
    }

    /// Why the run stopped making sense, if it diverged.
    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// The full-data loss at the start of this segment (the guard's reference).
    pub fn start_loss(&self) -> Option<f64> {
        self.guard.start()
    }

    /// The pocket: the best perceptron weights seen and their |M|.
    pub fn pocket(&self) -> Option<&(Perceptron, usize)> {
        self.pla.pocket.as_ref()
    }

    /// Puts the pocket's weights in place (the end of a pocket run that did not converge).
    pub fn use_pocket(&mut self) {
        if let Some((p, _)) = self.pla.pocket.clone() {
            self.model = Model::Perceptron(p);
        }
    }

    /// One parameter update of the configured rule.
    pub fn step(&mut self) -> StepReport {
        if self.frozen.is_some() {
            return StepReport {
                step: self.steps,
                epoch: self.epochs,
                ..StepReport::default()
            };
        }
        if let Some(d) = self.diverged {
            return StepReport {
                step: self.steps,
                epoch: self.epochs,
                diverged: Some(d),
                ..StepReport::default()
            };
        }
        let epoch_before = self.epochs;
        let mut report = match &mut self.model {
            Model::Perceptron(p) => {
                let out = self.pla.step(
                    self.config.update,
                    p,
                    &self.data,
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
                        Perceptron::from_augmented(&u.before).loss_over(&self.data, &u.points)
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
            Model::Mlp(mlp) => {
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
                        &self.data,
                        self.config.loss,
                        self.config.lambda,
                        &mut self.ws,
                    );
                    m.loss().unwrap_or(f64::NAN)
                });
                let batch = BatchData {
                    x: &self.x,
                    n_total: n,
                    classes: &self.data.classes,
                };
                let loss = mlp.train_step(
                    batch,
                    idx,
                    self.config.loss,
                    self.config.lambda,
                    self.config.learning_rate,
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
        };
        report.step = self.steps;
        report.epoch = self.epochs;
        report.epoch_done = self.epochs > epoch_before;
        if report.diverged.is_some() {
            self.diverged = report.diverged;
        }
        report
    }

    /// Steps until an epoch (pass) completes, the PLA converges or the run diverges; returns
    /// the last report.
    pub fn epoch(&mut self) -> StepReport {
        loop {
            let r = self.step();
            if r.epoch_done || r.converged || r.diverged.is_some() {
                return r;
            }
        }
    }

    /// Accuracy, mistakes and loss over every training point, computed now.
    pub fn metrics(&mut self) -> Metrics {
        let (_, m) = self.model.evaluate(
            &self.data,
            self.config.loss,
            self.config.lambda,
            &mut self.ws,
        );
        m
    }

    /// The model's outputs for every training point, and the metrics over all of them.
    pub fn evaluate(&mut self) -> (Vec<Vec<f64>>, Metrics) {
        self.model.evaluate(
            &self.data,
            self.config.loss,
            self.config.lambda,
            &mut self.ws,
        )
    }

    /// Applies the settings that change live (α, λ, B, loss, shuffle, pocket), keeping the
    /// weights and the counters. Anything else needs [`Trainer::new`].
    pub fn set_live(&mut self, config: &TrainConfig) -> Result<(), ConfigError> {
        let mut next = (*self.config).clone();
        next.learning_rate = config.learning_rate;
        next.lambda = config.lambda;
        next.batch_size = config.batch_size;
        next.loss = config.loss;
        next.shuffle = config.shuffle;
        next.pocket = config.pocket;
        if matches!(self.model, Model::Perceptron(_)) || config.update != UpdateRule::Online {
            next.update = config.update;
        }
        let lr_changed = next.learning_rate != self.config.learning_rate;
        self.config = next.validate(&self.data)?;
        // A run that grew too far but still has finite weights may go on at another α.
        if lr_changed && self.diverged.is_some() && self.model.is_finite() {
            self.diverged = None;
            self.guard = DivergenceGuard::new(self.guard.start());
        }
        Ok(())
    }

    /// Replaces the data, keeping the weights where the model still fits (same input size and
    /// class count); the epoch order starts again.
    pub fn set_data(&mut self, data: Dataset) -> Result<(), ConfigError> {
        self.config.validate(&data)?;
        check_model(&self.model, data.class_count)?;
        let n = data.len();
        self.x = Arc::new(data.feature_major());
        self.all = Arc::new((0..n).collect());
        self.order = (0..n).collect();
        self.cursor = 0;
        // The pocket's |M| was counted on the old data: start a new pocket.
        self.pla = PlaState::new(n);
        self.data = Arc::new(data);
        Ok(())
    }

    /// Replaces the model's parameters (hand-edited weights), keeping data and counters.
    pub fn set_model(&mut self, model: Model) -> Result<(), ConfigError> {
        check_model(&model, self.data.class_count)?;
        self.frozen = match &model {
            Model::Mlp(m) => m.trainability().err(),
            Model::Perceptron(_) => None,
        };
        self.model = model;
        self.pla.converged = false;
        self.diverged = None;
        self.guard = DivergenceGuard::new(self.guard.start());
        Ok(())
    }
}

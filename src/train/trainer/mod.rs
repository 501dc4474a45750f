//! The [`Trainer`]: a model, its data and its random stream, advanced one parameter update at
//! a time. No threads: the CLI and the tests drive it directly, the app through the worker.
//! The same configuration and seed give bit-identical results on every run.

use super::config::{ConfigError, ModelKind, TrainConfig, UpdateRule, ValidConfig};
use super::guard::{Divergence, DivergenceGuard};
use super::pla::{PlaState, PlaUpdate};
use crate::data::{Dataset, SplitError, fit_test_set};
use crate::nn::{LossParts, Metrics, Model, OptimizerState, Perceptron, Workspace};
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

mod last_batch;
mod setup;
mod step;

pub use setup::{GUARD_MAX_INTERVAL, guard_interval, initial_model};
use setup::{check_model, shuffle_rng};

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
    /// The points as they are (in ℝ², for drawing and editing).
    data: Arc<Dataset>,
    /// The points as the model reads them, `φ(x_n)` (the same `Arc` as `data` for
    /// `(x₁, x₂)`).
    phi: Arc<Dataset>,
    /// The held-out test points (never trained on), if any.
    test: Option<Arc<Dataset>>,
    /// The test points as the model reads them, `φ(x_n)`.
    test_phi: Option<Arc<Dataset>>,
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
    /// The MLP optimizer's memory (momentum's v, Adam's m, v and t): part of the run.
    optimizer: OptimizerState,
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
            None => {
                // Checked before the model takes over the shape (one activation per layer).
                config.validate(&data)?;
                initial_model(config, data.class_count)?
            }
        };
        let mut config = config.clone();
        config.model = match model {
            Model::Perceptron(_) => ModelKind::Perceptron,
            Model::Mlp(_) => ModelKind::Mlp,
        };
        if let Model::Mlp(m) = &model {
            // The model's own shape is the truth (a loaded or hand-set network).
            config.hidden_sizes = m.hidden_sizes();
            if let Some(f) = m.uniform_activation() {
                config.activation = f;
                config.layer_activations.clear();
            } else if !m.hidden_activations().is_empty() {
                config.activation = m.first_activation();
                config.layer_activations = m.hidden_activations().to_vec();
            }
        }
        let frozen = match &model {
            Model::Mlp(m) => m.trainability().err(),
            Model::Perceptron(_) => None,
        };
        let config = config.validate(&data)?;
        check_model(&model, data.class_count, config.features)?;
        let n = data.len();
        let data = Arc::new(data);
        let phi = phi_data(&data, &config);
        let mut ws = Workspace::default();
        let guard = match &model {
            // The PLA's J starts at 0 from w̄ = 0: only overflow counts there.
            Model::Perceptron(_) => DivergenceGuard::new(None),
            Model::Mlp(_) if frozen.is_some() => DivergenceGuard::new(None),
            Model::Mlp(_) => {
                let (_, m) = model.evaluate(&phi, config.loss, config.penalty(), &mut ws);
                DivergenceGuard::new(m.loss())
            }
        };
        Ok(Self {
            x: Arc::new(phi.feature_major()),
            all: Arc::new((0..n).collect()),
            order: (0..n).collect(),
            pla: PlaState::new(n),
            rng: shuffle_rng(config.init_seed),
            config,
            data,
            phi,
            test: None,
            test_phi: None,
            model,
            ws,
            cursor: 0,
            steps: 0,
            epochs: 0,
            guard,
            diverged: None,
            frozen,
            optimizer: OptimizerState::default(),
        })
    }

    /// Continues the step and epoch counts of an earlier segment of the same run.
    pub fn set_counters(&mut self, steps: u64, epochs: u64) {
        self.steps = steps;
        self.epochs = epochs;
    }
}

/// The data as a model reading `config.features` sees it (shared as it is for `(x₁, x₂)`).
fn phi_data(data: &Arc<Dataset>, config: &TrainConfig) -> Arc<Dataset> {
    if config.features.is_plain() {
        Arc::clone(data)
    } else {
        Arc::new(config.features.apply(data))
    }
}

impl Clone for Trainer {
    /// The whole state that determines the next steps (model, RNG, order, cursor, counters,
    /// PLA state, guard, optimizer state), without the scratch buffers.
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            data: Arc::clone(&self.data),
            phi: Arc::clone(&self.phi),
            test: self.test.clone(),
            test_phi: self.test_phi.clone(),
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
            optimizer: self.optimizer.clone(),
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
        256 + 8 * (params + self.order.len() + self.optimizer.len()) + self.pla.bytes()
    }

    /// The optimizer's state (momentum's v, Adam's m and v), as the next step finds it.
    pub fn optimizer_state(&self) -> &OptimizerState {
        &self.optimizer
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

    /// The training data as the model reads it: row n is `φ(x_n)`.
    pub fn phi_data(&self) -> &Dataset {
        &self.phi
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
        let mut report = match self.model {
            Model::Perceptron(_) => self.step_perceptron(),
            Model::Mlp(_) => self.step_mlp(),
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
            &self.phi,
            self.config.loss,
            self.config.penalty(),
            &mut self.ws,
        );
        m
    }

    /// The model's outputs for every training point, and the metrics over all of them.
    pub fn evaluate(&mut self) -> (Vec<Vec<f64>>, Metrics) {
        self.model.evaluate(
            &self.phi,
            self.config.loss,
            self.config.penalty(),
            &mut self.ws,
        )
    }

    /// Applies the settings that change live (α, λ and its kind, B, loss, shuffle, pocket,
    /// the optimizer and its hyper-parameters), keeping the weights and the counters.
    /// Another optimizer kind starts its state from 0; new hyper-parameters keep it.
    /// Anything else needs [`Trainer::new`].
    pub fn set_live(&mut self, config: &TrainConfig) -> Result<(), ConfigError> {
        let mut next = (*self.config).clone();
        next.learning_rate = config.learning_rate;
        next.lambda = config.lambda;
        next.reg = config.reg;
        next.optimizer = config.optimizer;
        next.momentum = config.momentum;
        next.beta1 = config.beta1;
        next.beta2 = config.beta2;
        next.eps = config.eps;
        next.batch_size = config.batch_size;
        next.loss = config.loss;
        next.shuffle = config.shuffle;
        next.pocket = config.pocket;
        if matches!(self.model, Model::Perceptron(_)) || config.update != UpdateRule::Online {
            next.update = config.update;
        }
        let lr_changed = next.learning_rate != self.config.learning_rate;
        let kind_changed = next.optimizer != self.config.optimizer;
        self.config = next.validate(&self.data)?;
        if kind_changed {
            self.optimizer = OptimizerState::default();
        }
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
        check_model(&self.model, data.class_count, self.config.features)?;
        let n = data.len();
        let data = Arc::new(data);
        self.phi = phi_data(&data, &self.config);
        self.x = Arc::new(self.phi.feature_major());
        self.all = Arc::new((0..n).collect());
        self.order = (0..n).collect();
        self.cursor = 0;
        // The pocket's |M| was counted on the old data: start a new pocket.
        self.pla = PlaState::new(n);
        self.data = data;
        Ok(())
    }

    /// Sets the held-out test points (`None`: no test set). A test set may lack a class of
    /// the training data but not hold another one; it takes the training data's class count.
    pub fn set_test(&mut self, test: Option<Dataset>) -> Result<(), SplitError> {
        self.test = match test {
            Some(t) => Some(Arc::new(fit_test_set(t, self.data.class_count)?)),
            None => None,
        };
        let features = self.config.features;
        self.test_phi = self.test.as_ref().map(|t| {
            if features.is_plain() {
                Arc::clone(t)
            } else {
                Arc::new(features.apply(t))
            }
        });
        Ok(())
    }

    /// The held-out test points, if any.
    pub fn test_data(&self) -> Option<&Dataset> {
        self.test.as_deref()
    }

    /// The held-out test points, shared.
    pub fn shared_test(&self) -> Option<Arc<Dataset>> {
        self.test.clone()
    }

    /// Accuracy, mistakes and loss over every test point with the current weights (`None`
    /// without a test set). The λ-term is the same as for training: it depends on the
    /// weights only.
    pub fn test_metrics(&mut self) -> Option<Metrics> {
        self.evaluate_test().map(|(_, m)| m)
    }

    /// The model's outputs for every test point (through φ), and the metrics over them
    /// (`None` without a test set).
    pub fn evaluate_test(&mut self) -> Option<(Vec<Vec<f64>>, Metrics)> {
        let test = self.test_phi.as_ref()?;
        Some(
            self.model
                .evaluate(test, self.config.loss, self.config.penalty(), &mut self.ws),
        )
    }

    /// Replaces the model's parameters (hand-edited weights), keeping data and counters.
    pub fn set_model(&mut self, model: Model) -> Result<(), ConfigError> {
        check_model(&model, self.data.class_count, self.config.features)?;
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

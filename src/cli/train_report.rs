//! The JSON report of `train`, and writing JSON files atomically.

use super::args::TrainArgs;
use super::run_loop::{Divergence, RunResult};
use crate::fsio::write_atomic;
use crate::nn::kernels::simd_level;
use crate::nn::{Model, OptimizerKind};
use crate::train::{ModelKind, Sample, Trainer};
use serde::Serialize;

/// The JSON report of a training run.
#[derive(Serialize)]
pub struct Report<'a> {
    model: &'static str,
    /// Units per layer, input first.
    pub layers: Vec<usize>,
    activation: String,
    loss_function: &'static str,
    data: String,
    /// C.
    pub classes: usize,
    /// N.
    pub points: usize,
    seed: Option<u64>,
    init_seed: u64,
    learning_rate: f64,
    lambda: f64,
    /// `l2` or `l1` (MLP).
    reg: Option<&'static str>,
    /// `gd`, `momentum` or `adam` (MLP).
    optimizer: Option<&'static str>,
    /// The optimizer's hyper-parameters: `{"momentum": β}`, `{"beta1", "beta2", "eps"}`,
    /// or null.
    optimizer_params: Option<serde_json::Value>,
    update: &'static str,
    batch_size: usize,
    /// Parameter updates made.
    pub steps: u64,
    /// Epochs (passes) completed.
    pub epochs: u64,
    /// The PLA found M = ∅.
    pub converged: bool,
    /// Where the run diverged, or null.
    pub diverged: Option<Divergence>,
    /// A signal stopped the run before its limit.
    pub interrupted: bool,
    loss: Option<f64>,
    data_loss: Option<f64>,
    reg_loss: f64,
    accuracy: f64,
    misclassified: usize,
    pocket_misclassified: Option<usize>,
    /// J over the test points with the final weights (null without a test set).
    pub test_loss: Option<f64>,
    /// Accuracy over the test points (null without a test set).
    pub test_accuracy: Option<f64>,
    /// Misclassified test points (for the perceptron: test |M|; null without a test set).
    pub test_misclassified: Option<usize>,
    /// The number of test points (null without a test set).
    pub test_points: Option<usize>,
    elapsed_s: f64,
    /// Seconds in the update loop alone.
    pub update_s: f64,
    /// Updates per second of update-loop time.
    pub steps_per_s: f64,
    simd: &'static str,
    history: &'a [Sample],
}

/// The report of a finished (or stopped) run.
pub fn build<'a>(args: &TrainArgs, t: &Trainer, result: &'a RunResult) -> Report<'a> {
    let steps_per_s = if result.update_time.is_zero() {
        0.0
    } else {
        t.steps() as f64 / result.update_time.as_secs_f64()
    };
    let m = &result.metrics;
    let (layers, activation) = match t.model() {
        Model::Perceptron(p) => (vec![p.weights.len(), 1], "sign".to_owned()),
        Model::Mlp(mlp) => (
            mlp.sizes(),
            super::args::activation_names(mlp.hidden_activations()),
        ),
    };
    let kind = t.config().model;
    let mlp = kind == ModelKind::Mlp;
    Report {
        model: kind.name(),
        layers,
        activation,
        loss_function: match kind {
            ModelKind::Perceptron => "perceptron",
            ModelKind::Mlp => t.config().loss.name(),
        },
        data: args.data.describe(),
        classes: t.data().class_count,
        points: t.data().len(),
        seed: args.data.data.is_none().then(|| args.data.spec().seed),
        init_seed: t.config().init_seed,
        learning_rate: t.config().learning_rate,
        lambda: t.config().lambda,
        reg: mlp.then(|| t.config().reg.name()),
        optimizer: mlp.then(|| t.config().optimizer.name()),
        optimizer_params: mlp.then(|| optimizer_params(t.config())).flatten(),
        update: t.config().update.name(),
        batch_size: t.config().batch_size,
        steps: t.steps(),
        epochs: t.epochs(),
        converged: t.converged(),
        diverged: result.diverged.clone(),
        interrupted: result.interrupted,
        // `+ 0.0` turns the −0 of an empty sum into 0.
        loss: m.loss().map(|l| l + 0.0),
        data_loss: m.data_loss.map(|l| l + 0.0),
        reg_loss: m.reg_loss,
        accuracy: m.accuracy,
        misclassified: m.misclassified,
        pocket_misclassified: t
            .config()
            .pocket
            .then(|| t.pocket().map(|(_, m)| *m))
            .flatten(),
        test_loss: None,
        test_accuracy: None,
        test_misclassified: None,
        test_points: None,
        elapsed_s: result.elapsed.as_secs_f64(),
        update_s: result.update_time.as_secs_f64(),
        steps_per_s,
        simd: simd_level(),
        history: result.history.samples(),
    }
}

/// The chosen optimizer's hyper-parameters, by their flag names.
fn optimizer_params(c: &crate::train::TrainConfig) -> Option<serde_json::Value> {
    match c.optimizer {
        OptimizerKind::Gd => None,
        OptimizerKind::Momentum => Some(serde_json::json!({ "momentum": c.momentum })),
        OptimizerKind::Adam => Some(serde_json::json!({
            "beta1": c.beta1,
            "beta2": c.beta2,
            "eps": c.eps,
        })),
    }
}

impl Report<'_> {
    /// Adds the test set's metrics with the final weights and its size (the training
    /// fields stay over the training points only).
    pub fn with_test(mut self, test: Option<(crate::nn::Metrics, usize)>) -> Self {
        if let Some((m, n)) = test {
            self.test_loss = m.loss().map(|l| l + 0.0);
            self.test_accuracy = Some(m.accuracy);
            self.test_misclassified = Some(m.misclassified);
            self.test_points = Some(n);
        }
        self
    }
}

/// Writes JSON to a file atomically, the error as one line.
pub fn write_json(path: &std::path::Path, value: &impl Serialize) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    text.push('\n');
    write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())
}

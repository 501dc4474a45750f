//! `perceptron-lab train`: a headless run, a summary on stdout, a JSON report and a model file.

use super::args::TrainArgs;
use super::out;
use crate::nn::kernels::simd_level;
use crate::nn::model_file::save_model;
use crate::nn::{Metrics, Model};
use crate::train::{History, ModelKind, Sample, Trainer};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Default step limit of an MLP run.
pub const DEFAULT_MLP_STEPS: u64 = 10_000;
/// Default pass limit of a perceptron run.
pub const DEFAULT_PLA_PASSES: u64 = 1_000;
/// The most samples a report's history keeps.
const HISTORY_SAMPLES: usize = 512;
/// Full-data accuracy is sampled only for datasets up to this size.
const SAMPLED_ACCURACY_MAX_POINTS: usize = 20_000;

/// When a run stops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// After this many parameter updates.
    Steps(u64),
    /// After this many epochs (passes).
    Epochs(u64),
}

/// The outcome of [`run`].
pub struct RunResult {
    /// The metrics over all points at the end.
    pub metrics: Metrics,
    /// The sampled history.
    pub history: History,
    /// Time in the update loop alone.
    pub update_time: Duration,
    /// Wall time of the whole loop, sampling included.
    pub elapsed: Duration,
    /// Why the run diverged, if it did.
    pub diverged: Option<crate::train::Divergence>,
}

fn sample(t: &mut Trainer, r: &crate::train::StepReport, full: bool) -> Sample {
    let metrics = full.then(|| t.metrics());
    Sample {
        step: r.step,
        epoch: r.epoch,
        loss: r.loss.total(),
        data_loss: r.loss.data_loss,
        reg_loss: r.loss.reg_loss,
        accuracy: metrics.map(|m| m.accuracy),
        misclassified: metrics.map(|m| m.misclassified).or(r.misclassified),
    }
}

/// Runs `t` to `limit` (or convergence, or divergence), timing the update loop alone and
/// sampling the history between timed chunks.
pub fn run(t: &mut Trainer, limit: Limit, progress: Option<&ProgressBar>) -> RunResult {
    let start = Instant::now();
    let mut history = History::new(HISTORY_SAMPLES);
    let full = t.data().len() <= SAMPLED_ACCURACY_MAX_POINTS;
    let expected_steps = match limit {
        Limit::Steps(k) => k,
        Limit::Epochs(e) => e.saturating_mul(t.data().len() as u64).min(1 << 40),
    };
    let chunk = (expected_steps / HISTORY_SAMPLES as u64).clamp(1, 10_000);
    let mut update_time = Duration::ZERO;
    let mut diverged = None;
    let done = |t: &Trainer| match limit {
        Limit::Steps(k) => t.steps() >= k,
        Limit::Epochs(e) => t.epochs() >= e,
    };
    while !done(t) && !t.converged() && diverged.is_none() {
        let timer = Instant::now();
        let mut last = None;
        for _ in 0..chunk {
            let r = t.step();
            let stop = r.converged || r.diverged.is_some() || done(t);
            last = Some(r);
            if stop {
                break;
            }
        }
        update_time += timer.elapsed();
        if let Some(r) = last {
            diverged = r.diverged;
            if r.updated {
                let s = sample(t, &r, full);
                history.push(s);
            }
            if let Some(bar) = progress {
                bar.set_position(match limit {
                    Limit::Steps(_) => t.steps(),
                    Limit::Epochs(_) => t.epochs(),
                });
            }
        }
    }
    if t.config().pocket && !t.converged() {
        t.use_pocket();
    }
    RunResult {
        metrics: t.metrics(),
        history,
        update_time,
        elapsed: start.elapsed(),
        diverged,
    }
}

/// The JSON report of a training run.
#[derive(Serialize)]
struct Report<'a> {
    model: &'a str,
    layers: Vec<usize>,
    activation: &'a str,
    loss_function: &'a str,
    data: String,
    classes: usize,
    points: usize,
    seed: Option<u64>,
    init_seed: u64,
    learning_rate: f64,
    lambda: f64,
    update: &'a str,
    batch_size: usize,
    steps: u64,
    epochs: u64,
    converged: bool,
    diverged: Option<String>,
    loss: Option<f64>,
    data_loss: Option<f64>,
    reg_loss: f64,
    accuracy: f64,
    misclassified: usize,
    pocket_misclassified: Option<usize>,
    elapsed_s: f64,
    update_s: f64,
    steps_per_s: f64,
    simd: &'a str,
    history: &'a [Sample],
}

/// Writes JSON to a file, the error as one line.
pub fn write_json(path: &std::path::Path, value: &impl Serialize) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `perceptron-lab train`.
pub fn train(args: &TrainArgs) -> Result<(), String> {
    let data = args.data.load()?;
    let config = args.config();
    let (model, note) = args.initial_model()?.unzip();
    let mut t = Trainer::new(&config, data, model).map_err(|e| e.to_string())?;
    if let Some(reason) = t.frozen() {
        return Err(reason.to_owned());
    }
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let kind = t.config().model;
    let limit = match (args.steps, args.epochs, kind) {
        (Some(k), _, _) => Limit::Steps(k),
        (None, Some(e), _) => Limit::Epochs(e),
        (None, None, ModelKind::Perceptron) => Limit::Epochs(DEFAULT_PLA_PASSES),
        (None, None, ModelKind::Mlp) => Limit::Steps(DEFAULT_MLP_STEPS),
    };
    let total = match limit {
        Limit::Steps(k) | Limit::Epochs(k) => k,
    };
    let progress = (std::io::stderr().is_terminal() && total >= 2_000).then(|| {
        let bar = ProgressBar::new(total);
        let unit = if matches!(limit, Limit::Steps(_)) {
            "steps"
        } else {
            "epochs"
        };
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:40}} {{pos}}/{{len}} {unit} ({{eta}} left)"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let result = run(&mut t, limit, progress.as_ref());
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let steps_per_s = if result.update_time.is_zero() {
        0.0
    } else {
        t.steps() as f64 / result.update_time.as_secs_f64()
    };
    let m = result.metrics;
    let (layers, activation) = match t.model() {
        Model::Perceptron(_) => (vec![2, 1], "sign".to_owned()),
        Model::Mlp(mlp) => (mlp.sizes(), mlp.hidden_activation().name().to_owned()),
    };
    let converged = t.converged();
    let report = Report {
        model: kind.name(),
        layers: layers.clone(),
        activation: &activation,
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
        update: t.config().update.name(),
        batch_size: t.config().batch_size,
        steps: t.steps(),
        epochs: t.epochs(),
        converged,
        diverged: result.diverged.map(|d| d.to_string()),
        loss: m.loss(),
        data_loss: m.data_loss,
        reg_loss: m.reg_loss,
        accuracy: m.accuracy,
        misclassified: m.misclassified,
        pocket_misclassified: t
            .config()
            .pocket
            .then(|| t.pocket().map(|(_, m)| *m))
            .flatten(),
        elapsed_s: result.elapsed.as_secs_f64(),
        update_s: result.update_time.as_secs_f64(),
        steps_per_s,
        simd: simd_level(),
        history: result.history.samples(),
    };
    if let Some(path) = &args.report {
        write_json(path, &report)?;
    }
    let shape = layers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    out(format_args!(
        "{} {shape}, {} points, {} classes: {} steps, {} epochs{}",
        kind.name(),
        report.points,
        report.classes,
        report.steps,
        report.epochs,
        match kind {
            ModelKind::Perceptron if converged => ", converged (M is empty)".to_owned(),
            ModelKind::Perceptron => ", not converged".to_owned(),
            ModelKind::Mlp => String::new(),
        }
    ));
    let loss = match (m.data_loss, kind) {
        (Some(j), ModelKind::Perceptron) => format!("perceptron loss J {j:.6}"),
        (Some(d), ModelKind::Mlp) => format!(
            "loss {:.6} (data {d:.6} + λ-term {:.6})",
            d + m.reg_loss,
            m.reg_loss
        ),
        (None, _) => "loss undefined".to_owned(),
    };
    out(format_args!(
        "{loss}, accuracy {:.4} ({} misclassified)",
        m.accuracy, m.misclassified
    ));
    out(format_args!(
        "{steps_per_s:.0} steps/s ({:.3} s in the update loop, {})",
        report.update_s,
        simd_level()
    ));
    if let Some(reason) = result.diverged {
        return Err(format!("training diverged: {reason}"));
    }
    if let Some(path) = &args.save {
        save_model(path, t.model()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

//! The headless training loop: steps to a limit, convergence, divergence or an interrupt,
//! timing the updates alone and sampling the history between timed chunks.

use super::interrupt::Interrupt;
use super::progress::Progress;
use crate::nn::{Metrics, Model};
use crate::train::guard::DivergenceKind;
use crate::train::notice::short;
use crate::train::{History, StepReport, Trainer};
use serde::Serialize;
use std::time::{Duration, Instant};

/// The most samples a report's history keeps.
const HISTORY_SAMPLES: usize = 512;
/// Full-data accuracy is sampled only for datasets up to this size (the MLP).
const SAMPLED_ACCURACY_MAX_POINTS: usize = 20_000;

/// When a run stops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// After this many parameter updates.
    Steps(u64),
    /// After this many epochs (passes).
    Epochs(u64),
}

/// Where and how a run diverged (the report's `diverged` object).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The step at which it was detected.
    pub step: u64,
    /// What went wrong, e.g. `loss is NaN`.
    pub what: String,
    /// The trainer's explanation.
    pub message: String,
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
    /// Where the run diverged, if it did.
    pub diverged: Option<Divergence>,
    /// True when a signal stopped the run.
    pub interrupted: bool,
}

/// One history sample. For the perceptron `loss` is J over all points beside |M| over all
/// points, at the same weights (COURSE §2: J ≥ 0, J = 0 exactly when M = ∅); `None` when
/// that would cost a pass over a large dataset the step did not make.
fn sample(t: &mut Trainer, r: &StepReport, full: bool) -> Option<crate::train::Sample> {
    let perceptron = matches!(t.model(), Model::Perceptron(_));
    if perceptron && !full {
        // Large data: only the steps that measured M over all points (J beside it).
        let m = r.misclassified?;
        let j = r.loss.data_loss + 0.0;
        return Some(crate::train::Sample {
            step: r.step,
            epoch: r.epoch,
            loss: j,
            data_loss: j,
            reg_loss: 0.0,
            accuracy: Some(1.0 - m as f64 / t.data().len() as f64),
            misclassified: Some(m),
        });
    }
    let metrics = full.then(|| t.metrics());
    let (loss, data_loss, reg_loss) = match metrics.and_then(|m| m.data_loss) {
        Some(j) if perceptron => (j + 0.0, j + 0.0, 0.0),
        _ => (r.loss.total(), r.loss.data_loss, r.loss.reg_loss),
    };
    Some(crate::train::Sample {
        step: r.step,
        epoch: r.epoch,
        loss,
        data_loss,
        reg_loss,
        accuracy: metrics.map(|m| m.accuracy),
        misclassified: metrics.map(|m| m.misclassified).or(r.misclassified),
    })
}

/// What a diverging step shows, in a few words.
fn what_diverged(t: &Trainer, d: &crate::train::Divergence) -> String {
    match (t.model(), d.what) {
        (Model::Perceptron(_), _) => "weights are not finite".into(),
        (Model::Mlp(_), DivergenceKind::NotFinite { value }) if value.is_nan() => {
            "loss is NaN".into()
        }
        (Model::Mlp(_), DivergenceKind::NotFinite { .. }) => "loss is infinite".into(),
        (Model::Mlp(_), DivergenceKind::Grew { from, to }) => {
            format!("loss grew from {} to {}", short(from), short(to))
        }
    }
}

/// Runs `t` to `limit` (or convergence, divergence, or until `interrupt` is set, checked at
/// every step boundary).
pub fn run(
    t: &mut Trainer,
    limit: Limit,
    interrupt: &Interrupt,
    progress: &mut Progress,
) -> RunResult {
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
    while !done(t) && !t.converged() && diverged.is_none() && !interrupt.is_set() {
        let timer = Instant::now();
        let mut last = None;
        for _ in 0..chunk {
            let r = t.step();
            let stop = r.converged || r.diverged.is_some() || done(t) || interrupt.is_set();
            last = Some(r);
            if stop {
                break;
            }
        }
        update_time += timer.elapsed();
        if let Some(r) = last {
            if let Some(d) = &r.diverged {
                diverged = Some(Divergence {
                    step: d.step,
                    what: what_diverged(t, d),
                    message: d.to_string(),
                });
            }
            if r.updated
                && let Some(s) = sample(t, &r, full)
            {
                history.push(s);
            }
            progress.update(match limit {
                Limit::Steps(_) => t.steps(),
                Limit::Epochs(_) => t.epochs(),
            });
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
        interrupted: interrupt.is_set(),
    }
}

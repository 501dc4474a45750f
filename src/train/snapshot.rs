//! A [`Snapshot`]: everything the app draws, built on the worker so that the UI thread never
//! runs the model.

use super::grid::{self, DecisionGrid, GridSpec};
use super::notice::{Notice, Verdict};
use super::pla::PlaUpdate;
use super::session::View;
use super::trainer::Trainer;
use crate::nn::{Confusion, LossParts, Metrics, Model};
use std::sync::Arc;

/// The state of a session as the app shows it, built on the worker.
#[derive(Clone)]
pub struct Snapshot {
    /// Increases with every snapshot built.
    pub seq: u64,
    /// Whether the worker is training.
    pub running: bool,
    /// The session's view: runs, cursor, the model and settings at the step shown.
    pub view: View,
    /// Metrics over every training point at the step shown.
    pub metrics: Metrics,
    /// Metrics over every test point at the step shown (`None` without a test set).
    pub test_metrics: Option<Metrics>,
    /// The model's output over the plot.
    pub grid: Option<Arc<DecisionGrid>>,
    /// The step the grid was computed at (older than `view.step` while it catches up).
    pub grid_step: u64,
    /// The grid is a coarse preview (full resolution comes when paused).
    pub grid_coarse: bool,
    /// How long ago, in ms, the grid's weights stopped being the ones shown (0 while they
    /// still are): a wide network's picture falls seconds behind while training.
    pub grid_age_ms: f64,
    /// The decision boundary through the grid, as polylines.
    pub boundary: Polylines,
    /// Updates per second over the last half second.
    pub updates_per_sec: f64,
    /// The indices of the points the model gets wrong (up to 20 000 points are checked).
    pub misclassified: Arc<Vec<usize>>,
    /// The confusion matrix of the training points at the step shown (true class × predicted
    /// class).
    pub confusion: Arc<Confusion>,
    /// The confusion matrix of the test points, when there are some.
    pub test_confusion: Option<Arc<Confusion>>,
    /// The per-unit maps, while the app asks for them (they may be a step behind).
    pub unit_maps: Option<Arc<super::unit_maps::UnitMaps>>,
    /// The backprop view of the chosen point, while the app asks for it.
    pub backprop: Option<Arc<super::backprop_view::BackpropView>>,
    /// What the user should be told since the last snapshot read.
    pub notices: Vec<Notice>,
    /// Milliseconds spent building this snapshot (grid and metrics).
    pub build_ms: f64,
    /// When the worker finished building it (the step it shows was reached just before).
    pub built_at: std::time::Instant,
}

impl std::ops::Deref for Snapshot {
    type Target = View;
    fn deref(&self) -> &View {
        &self.view
    }
}

impl Snapshot {
    /// The perceptron update made at the step shown.
    pub fn last_pla(&self) -> Option<&PlaUpdate> {
        self.view.last.as_ref().and_then(|r| r.pla.as_ref())
    }

    /// The loss parts of the step shown's batch, or of the full data where no step was made.
    pub fn last_loss(&self) -> LossParts {
        match &self.view.last {
            Some(r) if r.updated => r.loss,
            _ => LossParts {
                data_loss: self.metrics.data_loss.unwrap_or(f64::NAN),
                reg_loss: self.metrics.reg_loss,
            },
        }
    }

    /// The PLA has converged at the step shown.
    pub fn converged(&self) -> bool {
        matches!(self.view.verdict, Some(Verdict::Converged { .. }))
    }
}

/// Datasets up to this size get their misclassified points marked.
const MARK_MAX_POINTS: usize = 20_000;

/// The points whose output (from [`Trainer::evaluate`]) gives the wrong class.
pub fn misclassified(t: &Trainer, outputs: &[Vec<f64>]) -> Vec<usize> {
    let data = t.data();
    if data.len() > MARK_MAX_POINTS {
        return Vec::new();
    }
    (0..data.len())
        .filter(|&n| predicted(t.model(), &outputs[n]) != data.classes[n])
        .collect()
}

/// The confusion matrix of the points against their outputs (from [`Trainer::evaluate`]).
pub fn confusion(t: &Trainer, outputs: &[Vec<f64>]) -> Confusion {
    confusion_of(t.model(), t.data(), outputs)
}

/// The confusion matrix of `model` on `data` from its outputs there (C from the training
/// data's count, which a test set never exceeds).
pub fn confusion_of(model: &Model, data: &crate::data::Dataset, outputs: &[Vec<f64>]) -> Confusion {
    Confusion::from_pairs(
        data.class_count,
        outputs
            .iter()
            .zip(&data.classes)
            .map(|(out, &c)| (c, predicted(model, out))),
    )
}

/// The class an output row stands for.
fn predicted(model: &Model, out: &[f64]) -> usize {
    match model {
        Model::Perceptron(_) => usize::from(out[0] > 0.0),
        Model::Mlp(m) => m.output().predicted_class(out),
    }
}

/// Boundary polylines in data coordinates.
pub type Polylines = Arc<Vec<Vec<[f64; 2]>>>;

/// The grid and its boundary polylines.
pub fn grid_and_boundary(
    model: &Model,
    features: crate::data::Features,
    spec: GridSpec,
    ws: &mut crate::nn::Workspace,
) -> (Arc<DecisionGrid>, Polylines) {
    let g = grid::model_grid(model, features, spec, true, ws);
    let lines = grid::polylines(&grid::boundary(&g), spec);
    (Arc::new(g), Arc::new(lines))
}

//! A [`Snapshot`]: everything the app draws, built on the worker so that the UI thread never
//! runs the model.

use super::config::TrainConfig;
use super::grid::{self, DecisionGrid, GridSpec};
use super::history::Sample;
use super::pla::PlaUpdate;
use super::trainer::Trainer;
use crate::data::Dataset;
use crate::nn::{LossParts, Metrics, Model, Perceptron};
use std::sync::Arc;

/// The state of a run as the app shows it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Increases with every snapshot built.
    pub seq: u64,
    /// Increases when the run starts over (new weights, new network): the app clears its
    /// curves.
    pub generation: u64,
    /// Whether the worker is playing.
    pub running: bool,
    /// Parameter updates so far.
    pub steps: u64,
    /// Completed epochs (passes) so far.
    pub epochs: u64,
    /// The settings in use.
    pub config: TrainConfig,
    /// The model now.
    pub model: Model,
    /// The training data (shared, rarely changes).
    pub data: Arc<Dataset>,
    /// Metrics over every point, computed for this snapshot.
    pub metrics: Metrics,
    /// The loss parts of the last step's batch.
    pub last_loss: LossParts,
    /// History samples since the last snapshot the app received.
    pub samples: Vec<Sample>,
    /// The model's output over the plot (refreshed at most about 15 times a second).
    pub grid: Option<Arc<DecisionGrid>>,
    /// The decision boundary through the grid, as polylines.
    pub boundary: Polylines,
    /// Updates per second over the last second.
    pub updates_per_sec: f64,
    /// The PLA found M = ∅.
    pub converged: bool,
    /// Why training stopped, if it diverged.
    pub diverged: Option<String>,
    /// The last perceptron update (points used, w̄ before and after).
    pub last_pla: Option<PlaUpdate>,
    /// The indices of the points the model gets wrong (up to 20 000 points are checked).
    pub misclassified: Arc<Vec<usize>>,
    /// The pocket: the best perceptron seen and its |M|.
    pub pocket: Option<(Perceptron, usize)>,
    /// A message for the user (a refused command, a rebuilt network…).
    pub message: Option<String>,
    /// Milliseconds spent building this snapshot (grid and metrics).
    pub build_ms: f64,
    /// Whether Step back has something to undo.
    pub can_step_back: bool,
    /// Why the model cannot be trained (a hand-set sign network), if so.
    pub frozen: Option<String>,
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
    spec: GridSpec,
    ws: &mut crate::nn::Workspace,
) -> (Arc<DecisionGrid>, Polylines) {
    let g = grid::model_grid(model, spec, true, ws);
    let lines = grid::polylines(&grid::boundary(&g), spec);
    (Arc::new(g), Arc::new(lines))
}

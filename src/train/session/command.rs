//! What a session is told: [`Command`]s, and what training a little did ([`Progress`]).

use crate::data::Dataset;
use crate::nn::Model;
use crate::nn::model_file::SavedModel;
use crate::train::config::TrainConfig;
use crate::train::grid::GridSpec;
use crate::train::notice::Notice;

/// How fast Play trains (the worker's scheduling; the session only carries it).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    /// This many updates a second (slow motion for a class to follow).
    PerSecond(f64),
    /// As fast as the core allows.
    Full,
}

/// A user action. Commands take effect in the order they are applied.
#[derive(Clone, Debug)]
pub enum Command {
    /// Train continuously.
    Play,
    /// Stop training.
    Pause,
    /// Make this many updates, then pause.
    Step(u64),
    /// Train to the end of the current epoch (pass), then pause.
    StepEpoch,
    /// Move the cursor to this step of the current run (its head: back to live).
    View(u64),
    /// Back to the head of the current run (End).
    Live,
    /// The cursor one step back (never erases anything).
    StepBack,
    /// The cursor one step forward.
    StepForward,
    /// New weights (from this seed, or the configured one), same data: a new segment.
    Reset(Option<u64>),
    /// New settings: live ones apply at the next step; structural ones rebuild.
    SetConfig(TrainConfig),
    /// New data: another dataset (`keep_weights` false: a new segment from the initial
    /// weights) or edited points (`keep_weights` true).
    SetData {
        /// The data.
        data: Dataset,
        /// Keep the weights (edited points) or start a new segment (a new dataset).
        keep_weights: bool,
    },
    /// New data with its held-out test points (another dataset, or another split): a new
    /// segment from the initial weights. `SetData` keeps the test set when it keeps the
    /// weights (edited training points) and drops it otherwise.
    SetSplit {
        /// The points training sees.
        train: Dataset,
        /// The test points (`None`: no test set; boxed to keep commands small).
        test: Option<Box<Dataset>>,
    },
    /// New parameters for the same network (hand-edited weights).
    SetModel(Model),
    /// A whole new model (loaded from a file): a new segment from it; its inputs become the
    /// run's features.
    LoadModel(SavedModel),
    /// The perceptron's pass limit.
    SetPassLimit(u64),
    /// A new run from the same data and initial weights, with the current settings.
    NewRun,
    /// Make this run current (at its head).
    SelectRun(String),
    /// Name a run.
    RenameRun(String, String),
    /// Forget a run (not the last one).
    DeleteRun(String),
    /// Scheduling (the worker's): the training speed.
    SetSpeed(Speed),
    /// Scheduling (the worker's): the region and resolution of the decision grid.
    SetGrid(GridSpec),
    /// Scheduling (the worker's): which per-unit maps the app shows.
    SetUnitMaps(crate::train::unit_maps::UnitMapsWanted),
    /// Scheduling (the worker's): the point the backprop view explains (none: the view is
    /// closed).
    SetBackpropPoint(Option<usize>),
    /// Scheduling (the worker's): publish a view now.
    Refresh,
}

/// What [`Session::step_for`] did.
#[derive(Debug, Default)]
pub struct Progress {
    /// Steps made.
    pub steps: u64,
    /// What to tell the user.
    pub notices: Vec<Notice>,
}

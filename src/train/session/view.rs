//! What the UI shows ([`View`]) and the state at the cursor, replayed from checkpoints.

use super::Session;
use crate::data::Dataset;
use crate::nn::{Metrics, Model, Perceptron};
use crate::train::config::TrainConfig;
use crate::train::guard::Divergence;
use crate::train::notice::Verdict;
use crate::train::run::{Run, Segment};
use crate::train::scenario::Action;
use crate::train::trainer::{StepReport, Trainer};
use serde_json::{Map, Value};
use std::sync::Arc;

/// One run as the UI lists and draws it.
#[derive(Clone, Debug)]
pub struct RunView {
    /// "1", "1.1"…
    pub id: String,
    /// The user's name for it (empty: none).
    pub name: String,
    /// The run it branched from, and where.
    pub parent: Option<(String, u64)>,
    /// Its last step.
    pub head_step: u64,
    /// Per-step batch loss.
    pub curve: Arc<crate::train::curves::StepCurve>,
    /// Full-data metrics.
    pub metrics: Arc<crate::train::curves::MetricCurve>,
    /// Test-set metrics (empty without a test set).
    pub test_metrics: Arc<crate::train::curves::MetricCurve>,
    /// Marks on its curves.
    pub marks: Arc<Vec<crate::train::run::Mark>>,
    /// Its settings (for "what differs").
    pub config: TrainConfig,
}

/// What the UI shows now.
#[derive(Clone)]
pub struct View {
    /// Every run, in creation order.
    pub runs: Vec<RunView>,
    /// The current run's index in `runs`.
    pub current: usize,
    /// The step viewed when not at the head.
    pub cursor: Option<u64>,
    /// The step shown (the cursor, or the head).
    pub step: u64,
    /// Epochs at that step.
    pub epochs: u64,
    /// The settings in effect there.
    pub config: TrainConfig,
    /// The model there, shared with the views before while it has not changed.
    pub model: Arc<Model>,
    /// The training data there.
    pub data: Arc<Dataset>,
    /// The held-out test points there, if any.
    pub test_data: Option<Arc<Dataset>>,
    /// The report of the step that reached it (the PLA update made there).
    pub last: Option<StepReport>,
    /// The verdict visible there.
    pub verdict: Option<Verdict>,
    /// The segment holding it.
    pub segment: Segment,
    /// The pocket (best perceptron so far) there.
    pub pocket: Option<(Perceptron, usize)>,
    /// A hand-set network that cannot be trained.
    pub frozen: bool,
    /// The run diverged (at or before the step shown).
    pub diverged: Option<Divergence>,
    /// Training is going on.
    pub playing: bool,
    /// The perceptron's pass limit.
    pub pass_limit: u64,
    /// Where the session started (a scenario setup).
    pub origin: Arc<Map<String, Value>>,
    /// What the user did since, as scenario actions.
    pub log: Arc<Vec<Action>>,
}

impl Session {
    /// The current run.
    pub fn run(&self) -> &Run {
        &self.runs[self.current]
    }

    /// Every run.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The index of the current run in [`Session::runs`].
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The step the cursor is on (the head when live).
    pub fn cursor_step(&self) -> u64 {
        self.cursor.unwrap_or_else(|| self.run().head_step())
    }

    /// Whether training is going on (playing, or steps still to make).
    pub fn busy(&self) -> bool {
        self.playing || self.pending_steps > 0 || self.until_epoch.is_some()
    }

    /// Whether Play trains continuously (as opposed to a pending Step).
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The state shown: the head, or the replayed state at the cursor.
    pub fn viewed_trainer(&mut self) -> &mut Trainer {
        self.refresh_viewed();
        match &mut self.viewed {
            Some((_, _, t, _)) => t,
            None => &mut self.runs[self.current].head,
        }
    }

    pub(super) fn refresh_viewed(&mut self) {
        let Some(step) = self.cursor else {
            self.viewed = None;
            return;
        };
        if self
            .viewed
            .as_ref()
            .is_some_and(|(r, s, _, _)| *r == self.current && *s == step)
        {
            return;
        }
        self.viewed = self.runs[self.current]
            .state_at(step)
            .map(|(t, r)| (self.current, step, t, r));
        if self.viewed.is_none() {
            self.cursor = None;
        }
    }

    /// The model at the cursor (what `--save` writes).
    pub fn model_at_cursor(&mut self) -> Model {
        self.viewed_trainer().model().clone()
    }

    /// Test-set metrics at the cursor (`None` without a test set).
    pub fn test_metrics_at_cursor(&mut self) -> Option<Metrics> {
        self.viewed_trainer().test_metrics()
    }

    /// Full-data metrics at the cursor.
    pub fn metrics_at_cursor(&mut self) -> Metrics {
        self.viewed_trainer().metrics()
    }

    /// What the UI shows now.
    pub fn view(&mut self) -> View {
        self.refresh_viewed();
        let step = self.cursor_step();
        let model = {
            let t = match &self.viewed {
                Some((_, _, t, _)) => t,
                None => &self.runs[self.current].head,
            };
            self.shown.model(self.current, self.cursor, step, t.model())
        };
        let run = &self.runs[self.current];
        let (t, last) = match &self.viewed {
            Some((_, _, t, r)) => (t, r.clone()),
            None => (&run.head, run.last.clone()),
        };
        View {
            runs: self
                .runs
                .iter()
                .map(|r| RunView {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    parent: r.parent.clone(),
                    head_step: r.head_step(),
                    curve: Arc::clone(&r.curve),
                    metrics: Arc::clone(&r.metrics),
                    test_metrics: Arc::clone(&r.test_metrics),
                    marks: Arc::clone(&r.marks),
                    config: r.head.config().clone(),
                })
                .collect(),
            current: self.current,
            cursor: self.cursor,
            step,
            epochs: t.epochs(),
            config: t.config().clone(),
            model,
            data: t.shared_data(),
            test_data: t.shared_test(),
            last,
            verdict: run.verdict_at(step).cloned(),
            segment: run.segment_at(step).clone(),
            pocket: t.pocket().cloned(),
            frozen: t.frozen().is_some(),
            diverged: t.diverged().copied(),
            playing: self.busy(),
            pass_limit: self.pass_limit,
            origin: Arc::clone(&self.origin),
            log: Arc::clone(&self.log),
        }
    }
}

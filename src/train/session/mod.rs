//! [`Session`]: everything about the runs a user has made, thread-free, driven by the same
//! [`Command`]s whether the app's worker, a test or the `run` command drives it.
//!
//! - `apply(Command) -> Vec<Notice>` for every user action;
//! - `step_for(budget, max_steps) -> Progress` to train a little while playing;
//! - `view()` for what the UI shows now.
//!
//! Viewing a past step moves a cursor; training or changing a setting there starts a branch
//! (a new run), and the old continuation stays.

mod change;
mod command;
mod log;
mod runs;
mod shown;
mod view;

pub use command::{Command, Progress, Speed};
pub use view::{RunView, View};

use super::notice::{Notice, Verdict};
use super::run::Run;
use super::scenario::Action;
use super::scenario_io::setup_of;
use super::trainer::{StepReport, Trainer};
use crate::nn::Model;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The default pass limit of the perceptron.
pub const DEFAULT_PASS_LIMIT: u64 = 1000;
/// Runs kept before the oldest is dropped (each within its checkpoint budget).
pub const MAX_RUNS: usize = 10;

/// The runs a user has made, and what is being trained and shown.
#[derive(Clone)]
pub struct Session {
    pub(super) runs: Vec<Run>,
    pub(super) current: usize,
    pub(super) cursor: Option<u64>,
    /// The replayed state at the cursor: (run index, step, state, its last report).
    pub(super) viewed: Option<(usize, u64, Trainer, Option<StepReport>)>,
    pub(super) playing: bool,
    pub(super) pending_steps: u64,
    pub(super) until_epoch: Option<u64>,
    pub(super) pass_limit: u64,
    pub(super) next_top: u32,
    /// Stop when the MLP fits every training point (`play-until converged`).
    pub(super) until_fitted: bool,
    /// Where the session started, as a scenario setup (settings, points, weights).
    pub(super) origin: Arc<Map<String, Value>>,
    /// What the user did, as scenario actions: replaying them on `origin` rebuilds every
    /// run exactly.
    pub(super) log: Arc<Vec<Action>>,
    /// The model shown, shared across views while it does not change.
    pub(super) shown: shown::Shown,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("runs", &self.runs.len())
            .field("current", &self.runs[self.current].id)
            .field("cursor", &self.cursor)
            .finish()
    }
}

impl Session {
    /// A session whose run 1 starts from `start`.
    pub fn new(start: Trainer) -> Self {
        let mut origin = setup_of(start.config(), start.data(), start.model());
        if let Some(test) = start.test_data() {
            origin.insert(
                super::scenario_io::TEST_POINTS_KEY.into(),
                super::scenario_io::points_to_json(test),
            );
        }
        Self {
            origin: Arc::new(origin),
            log: Arc::default(),
            runs: vec![Run::new("1".into(), start)],
            current: 0,
            cursor: None,
            viewed: None,
            playing: false,
            pending_steps: 0,
            until_epoch: None,
            pass_limit: DEFAULT_PASS_LIMIT,
            next_top: 2,
            until_fitted: false,
            shown: shown::Shown::default(),
        }
    }

    pub(super) fn apply_unlogged(&mut self, command: Command) -> Vec<Notice> {
        let mut notices = Vec::new();
        match command {
            Command::Play | Command::Step(_) | Command::StepEpoch => {
                self.start_training(command, &mut notices)
            }
            Command::Pause => self.stop(),
            Command::View(step) => self.move_cursor(Some(step)),
            Command::Live => self.move_cursor(None),
            Command::StepBack => {
                self.stop();
                let s = self.cursor_step();
                self.move_cursor(Some(s.saturating_sub(1)));
            }
            Command::StepForward => {
                self.stop();
                let s = self.cursor_step();
                self.move_cursor(Some(s + 1));
            }
            Command::SetPassLimit(n) => self.pass_limit = n.max(1),
            Command::NewRun => self.new_run(&mut notices),
            Command::SelectRun(id) => match self.index_of(&id) {
                Some(i) => {
                    self.stop();
                    self.current = i;
                    self.cursor = None;
                }
                None => notices.push(Notice::NoSuchRun { run: id }),
            },
            Command::RenameRun(id, name) => match self.index_of(&id) {
                Some(i) => self.runs[i].name = name.chars().take(60).collect(),
                None => notices.push(Notice::NoSuchRun { run: id }),
            },
            Command::DeleteRun(id) => self.delete_run(&id, &mut notices),
            Command::SetSpeed(_)
            | Command::SetGrid(_)
            | Command::SetUnitMaps(_)
            | Command::SetBackpropPoint(_)
            | Command::Refresh => {}
            change => {
                self.branch_if_viewing(&mut notices);
                self.change_at_head(change, &mut notices);
            }
        }
        notices
    }

    pub(super) fn stop(&mut self) {
        self.playing = false;
        self.pending_steps = 0;
        self.until_epoch = None;
        self.until_fitted = false;
    }

    pub(super) fn move_cursor(&mut self, step: Option<u64>) {
        self.stop();
        let head = self.run().head_step();
        self.cursor = step.filter(|&s| s < head);
    }

    pub(super) fn start_training(&mut self, command: Command, notices: &mut Vec<Notice>) {
        self.branch_if_viewing(notices);
        let run = &self.runs[self.current];
        if run.head().frozen().is_some() {
            notices.push(Notice::Frozen);
            return;
        }
        if let Some(v) = run.stopped() {
            notices.push(Notice::Verdict(v.clone()));
            return;
        }
        match command {
            Command::Play => self.playing = true,
            Command::Step(n) => {
                self.playing = false;
                self.pending_steps += n;
            }
            _ => {
                self.playing = false;
                self.until_epoch = Some(run.head().epochs() + 1);
            }
        }
    }

    /// Trains for at most `budget` and `max_steps` steps while busy.
    pub fn step_for(&mut self, budget: Duration, max_steps: u64) -> Progress {
        let mut progress = Progress::default();
        if !self.busy() {
            return progress;
        }
        let started = Instant::now();
        let by_hand = !self.playing && self.pending_steps <= 64;
        while self.busy() && progress.steps < max_steps {
            let run = &mut self.runs[self.current];
            let (mut notices, stop) = run.step(self.pass_limit, by_hand);
            progress.steps += 1;
            self.pending_steps = self.pending_steps.saturating_sub(1);
            if let Some(target) = self.until_epoch
                && run.head().epochs() >= target
            {
                self.until_epoch = None;
            }
            if self.until_fitted && run.head.metrics().misclassified == 0 {
                let steps = run.head_step() - run.segments.last().map_or(0, |s| s.start_step);
                notices.push(Notice::Verdict(Verdict::Fitted { steps }));
                self.stop();
            }
            progress.notices.append(&mut notices);
            if stop {
                self.stop();
            }
            // The clock is read every step once steps are slow (a wide network), every 16
            // while they are fast (a clock read would be a large part of a tiny step).
            let slow = started.elapsed() >= Duration::from_micros(20) * progress.steps as u32;
            if (slow || progress.steps.is_multiple_of(16)) && started.elapsed() >= budget {
                break;
            }
        }
        if progress.steps > 0 {
            self.shown.trained();
            self.log(Action::Step(progress.steps));
        }
        progress
    }

    /// Trains until M = ∅ (perceptron), every training point is right (MLP), a verdict, or
    /// `max_steps` steps; returns the notices.
    pub fn play_until_converged(&mut self, max_steps: u64) -> Vec<Notice> {
        let mut notices = Vec::new();
        self.branch_if_viewing(&mut notices);
        if self.run().head().frozen().is_some() {
            notices.push(Notice::Frozen);
            return notices;
        }
        self.stop();
        self.pending_steps = max_steps;
        self.until_fitted = self.run().head().config().model == super::config::ModelKind::Mlp;
        while self.busy() {
            let mut p = self.step_for(Duration::from_secs(3600), u64::MAX);
            notices.append(&mut p.notices);
            if p.steps == 0 {
                break;
            }
        }
        self.stop();
        notices
    }
}

/// The layer sizes as "2-8-8-1" (the perceptron: "perceptron").
pub fn shape(model: &Model) -> String {
    match model {
        Model::Perceptron(_) => "perceptron".into(),
        Model::Mlp(m) => m
            .sizes()
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join("-"),
    }
}

//! [`Session`]: everything about the runs a user has made, thread-free, driven by the same
//! [`Command`]s whether the app's worker, a test or the `run` command drives it.
//!
//! - `apply(Command) -> Vec<Notice>` for every user action;
//! - `step_for(budget, max_steps) -> Progress` to train a little while playing;
//! - `view()` for what the UI shows now.
//!
//! Viewing a past step moves a cursor; training or changing a setting there starts a branch
//! (a new run), and the old continuation stays.

use super::change::{Change, classify};
use super::config::TrainConfig;
use super::grid::GridSpec;
use super::guard::Divergence;
use super::notice::{Notice, SegmentCause, Verdict};
use super::run::{MarkKind, Run, Segment};
use super::scenario::Action;
use super::scenario_io::{config_diff, points_to_json, setup_of};
use super::trainer::{StepReport, Trainer};
use super::worker::Speed;
use crate::data::Dataset;
use crate::nn::{Metrics, Model, Perceptron};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The default pass limit of the perceptron.
pub const DEFAULT_PASS_LIMIT: u64 = 1000;
/// Runs kept before the oldest is dropped (each within its checkpoint budget).
pub const MAX_RUNS: usize = 10;

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
    /// New parameters for the same network (hand-edited weights).
    SetModel(Model),
    /// A whole new model (loaded from a file): a new segment from it.
    LoadModel(Model),
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
    /// Scheduling (the worker's): publish a view now.
    Refresh,
}

/// A command as it goes into the log.
enum Logged {
    Action(Action),
    /// The cursor moved: logged as a view of where it is.
    View,
    /// New settings: logged as the flags that changed.
    Config(TrainConfig),
}

/// What [`Session::step_for`] did.
#[derive(Debug, Default)]
pub struct Progress {
    /// Steps made.
    pub steps: u64,
    /// What to tell the user.
    pub notices: Vec<Notice>,
}

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
    pub curve: Arc<super::curves::StepCurve>,
    /// Full-data metrics.
    pub metrics: Arc<super::curves::MetricCurve>,
    /// Marks on its curves.
    pub marks: Arc<Vec<super::run::Mark>>,
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
    /// The model there.
    pub model: Model,
    /// The training data there.
    pub data: Arc<Dataset>,
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

/// The runs a user has made, and what is being trained and shown.
#[derive(Clone)]
pub struct Session {
    runs: Vec<Run>,
    current: usize,
    cursor: Option<u64>,
    /// The replayed state at the cursor: (run index, step, state, its last report).
    viewed: Option<(usize, u64, Trainer, Option<StepReport>)>,
    playing: bool,
    pending_steps: u64,
    until_epoch: Option<u64>,
    pass_limit: u64,
    next_top: u32,
    /// Stop when the MLP fits every training point (`play-until converged`).
    until_fitted: bool,
    /// Where the session started, as a scenario setup (settings, points, weights).
    origin: Arc<Map<String, Value>>,
    /// What the user did, as scenario actions: replaying them on `origin` rebuilds every
    /// run exactly.
    log: Arc<Vec<Action>>,
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
        let origin = setup_of(start.config(), start.data(), start.model());
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
        }
    }

    /// The current run.
    pub fn run(&self) -> &Run {
        &self.runs[self.current]
    }

    /// Every run.
    pub fn runs(&self) -> &[Run] {
        &self.runs
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

    fn refresh_viewed(&mut self) {
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

    /// Full-data metrics at the cursor.
    pub fn metrics_at_cursor(&mut self) -> Metrics {
        self.viewed_trainer().metrics()
    }

    /// What the UI shows now.
    pub fn view(&mut self) -> View {
        self.refresh_viewed();
        let step = self.cursor_step();
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
                    marks: Arc::clone(&r.marks),
                    config: r.head.config().clone(),
                })
                .collect(),
            current: self.current,
            cursor: self.cursor,
            step,
            epochs: t.epochs(),
            config: t.config().clone(),
            model: t.model().clone(),
            data: t.shared_data(),
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

    /// Applies one user action (and logs it as a scenario action).
    pub fn apply(&mut self, command: Command) -> Vec<Notice> {
        let before = self.run().head().config().clone();
        let action = self.action_of(&command);
        let notices = self.apply_unlogged(command);
        let refused = notices
            .iter()
            .any(|n| matches!(n, Notice::Refused(_) | Notice::NoSuchRun { .. }));
        if !refused {
            match action {
                Some(Logged::Action(a)) => self.log(a),
                Some(Logged::View) => self.log(Action::View(self.cursor_step())),
                Some(Logged::Config(new)) => {
                    let diff = config_diff(&before, &new);
                    if !diff.is_empty() {
                        self.log(Action::Set(diff));
                    }
                }
                None => {}
            }
        }
        notices
    }

    /// What a command is in a scenario's words.
    fn action_of(&self, command: &Command) -> Option<Logged> {
        Some(match command {
            Command::View(_) | Command::Live | Command::StepBack | Command::StepForward => {
                Logged::View
            }
            Command::SetConfig(c) => Logged::Config(c.clone()),
            Command::SetData {
                data,
                keep_weights: true,
            } => Logged::Action(Action::EditPoints(data.clone())),
            Command::SetData { data, .. } => {
                let mut m = Map::new();
                m.insert("points-inline".into(), points_to_json(data));
                Logged::Action(Action::Set(m))
            }
            Command::SetModel(m) => Logged::Action(Action::SetWeights(m.clone())),
            Command::LoadModel(m) => Logged::Action(Action::LoadWeights(m.clone())),
            Command::Reset(seed) => Logged::Action(Action::Reset(*seed)),
            Command::SetPassLimit(n) => Logged::Action(Action::PassLimit(*n)),
            Command::NewRun => Logged::Action(Action::NewRun),
            Command::SelectRun(id) => Logged::Action(Action::SelectRun(id.clone())),
            Command::RenameRun(id, name) => {
                Logged::Action(Action::RenameRun(id.clone(), name.clone()))
            }
            Command::DeleteRun(id) => Logged::Action(Action::DeleteRun(id.clone())),
            // Training is logged as the steps it made; a branch made without a step as 0.
            Command::Play | Command::Step(_) | Command::StepEpoch if self.cursor.is_some() => {
                Logged::Action(Action::Step(0))
            }
            _ => return None,
        })
    }

    /// Appends to the log: consecutive views and consecutive steps merge.
    fn log(&mut self, a: Action) {
        let log = Arc::make_mut(&mut self.log);
        match (log.last_mut(), a) {
            (Some(Action::View(s)), Action::View(t)) => *s = t,
            (Some(Action::Step(n)), Action::Step(k)) => *n += k,
            (_, a) => log.push(a),
        }
    }

    fn apply_unlogged(&mut self, command: Command) -> Vec<Notice> {
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
            Command::SetSpeed(_) | Command::SetGrid(_) | Command::Refresh => {}
            change => {
                self.branch_if_viewing(&mut notices);
                self.change_at_head(change, &mut notices);
            }
        }
        notices
    }

    fn stop(&mut self) {
        self.playing = false;
        self.pending_steps = 0;
        self.until_epoch = None;
        self.until_fitted = false;
    }

    fn move_cursor(&mut self, step: Option<u64>) {
        self.stop();
        let head = self.run().head_step();
        self.cursor = step.filter(|&s| s < head);
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.runs.iter().position(|r| r.id == id)
    }

    fn start_training(&mut self, command: Command, notices: &mut Vec<Notice>) {
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

    /// Viewing a past step and training or changing something there: a branch.
    fn branch_if_viewing(&mut self, notices: &mut Vec<Notice>) {
        let Some(step) = self.cursor else { return };
        self.refresh_viewed();
        let Some((_, _, state, _)) = self.viewed.take() else {
            self.cursor = None;
            return;
        };
        let parent = &mut self.runs[self.current];
        let id = format!("{}.{}", parent.id, parent.children + 1);
        let branch = parent.branch(id.clone(), step, state);
        notices.push(Notice::Branched {
            run: id,
            parent: parent.id.clone(),
            step,
        });
        self.runs.push(branch);
        self.current = self.runs.len() - 1;
        self.cursor = None;
        self.enforce_budget(notices);
    }

    fn new_run(&mut self, notices: &mut Vec<Notice>) {
        let run = self.run();
        let seg = run.segments.last().map_or(0, |s| s.start_step);
        let config = run.head().config().clone();
        let Some((mut start, _)) = run.state_at(seg) else {
            return;
        };
        // The same initial weights and data, counted from step 0, with today's settings.
        let _ = start.set_live(&config);
        let Ok(mut fresh) = Trainer::new(
            start.config(),
            start.data().clone(),
            Some(start.model().clone()),
        ) else {
            return;
        };
        fresh.set_counters(0, 0);
        let id = self.next_top.to_string();
        self.next_top += 1;
        self.stop();
        self.runs.push(Run::new(id.clone(), fresh));
        self.current = self.runs.len() - 1;
        self.cursor = None;
        notices.push(Notice::NewRun { run: id });
        self.enforce_budget(notices);
    }

    fn delete_run(&mut self, id: &str, notices: &mut Vec<Notice>) {
        let Some(i) = self.index_of(id) else {
            notices.push(Notice::NoSuchRun { run: id.into() });
            return;
        };
        if self.runs.len() == 1 {
            return;
        }
        self.runs.remove(i);
        if self.current == i {
            self.stop();
            self.current = self.runs.len() - 1;
            self.cursor = None;
        } else if self.current > i {
            self.current -= 1;
        }
        self.viewed = None;
    }

    /// Drops the oldest runs (never the current one) beyond [`MAX_RUNS`].
    fn enforce_budget(&mut self, notices: &mut Vec<Notice>) {
        while self.runs.len() > MAX_RUNS {
            let i = usize::from(self.current == 0);
            let run = self.runs.remove(i);
            if self.current > i {
                self.current -= 1;
            }
            self.viewed = None;
            notices.push(Notice::RunDropped { run: run.id });
        }
    }

    /// A change of settings, data or model at the head of the current run.
    fn change_at_head(&mut self, change: Command, notices: &mut Vec<Notice>) {
        let run = &mut self.runs[self.current];
        let config = run.head().config().clone();
        let data = run.head().data().clone();
        let (next, cause) = match change {
            Command::SetConfig(new) => match classify(&config, &new) {
                (Change::None, _) => return,
                (Change::Live, what) => {
                    match run.head.set_live(&new) {
                        Ok(()) => run.changed_at_head(MarkKind::Settings(what)),
                        Err(e) => notices.push(Notice::Refused(e)),
                    }
                    return;
                }
                (Change::Rebuild, _) => {
                    let from = shape(run.head().model());
                    let next = Trainer::new(&new, data, None);
                    if let Ok(t) = &next {
                        notices.push(Notice::Rebuilt {
                            from,
                            to: shape(t.model()),
                            seed: new.init_seed,
                        });
                    }
                    (next, SegmentCause::Rebuild)
                }
            },
            Command::SetData {
                data,
                keep_weights: true,
            } => {
                let mut edited = run.head.clone();
                match edited.set_data(data.clone()) {
                    Ok(()) => {
                        run.head = edited;
                        run.changed_at_head(MarkKind::Edit);
                        return;
                    }
                    // Another class count: the network no longer fits.
                    Err(_) => (Trainer::new(&config, data, None), SegmentCause::NewData),
                }
            }
            Command::SetData { data, .. } => {
                (Trainer::new(&config, data, None), SegmentCause::NewData)
            }
            Command::SetModel(model) => {
                match run.head.set_model(model) {
                    Ok(()) => run.changed_at_head(MarkKind::Edit),
                    Err(e) => notices.push(Notice::Refused(e)),
                }
                return;
            }
            Command::LoadModel(model) => (
                Trainer::new(&config, data, Some(model)),
                SegmentCause::LoadedModel,
            ),
            Command::Reset(seed) => {
                let mut c = config;
                if let Some(s) = seed {
                    c.init_seed = s;
                }
                (Trainer::new(&c, data, None), SegmentCause::Reset)
            }
            _ => return,
        };
        match next {
            Ok(t) => {
                let step = run.head_step();
                run.new_segment(t, cause);
                // A rebuild has said what changed (Rebuilt) and keeps playing.
                if cause != SegmentCause::Rebuild {
                    notices.push(Notice::NewSegment { cause, step });
                    self.stop();
                }
            }
            Err(e) => notices.push(Notice::Refused(e)),
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
            if progress.steps.is_multiple_of(16) && started.elapsed() >= budget {
                break;
            }
        }
        if progress.steps > 0 {
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

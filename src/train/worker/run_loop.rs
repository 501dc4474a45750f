//! The worker's scheduling loop ([`Loop`]): wait for commands, apply them to the session,
//! train a little, draw a little (the grid job, within its share), publish.

use super::stats::{DRAW_SHARE, Stats};
use super::{Message, SNAPSHOT_INTERVAL, Shared, Speed, Waker};
use crate::nn::Workspace;
use crate::train::backprop_view::BackpropView;
use crate::train::grid::GridSpec;
use crate::train::grid_job::{GridJob, MIN_CELLS, PICTURE_BUDGET, Picture, Plan, estimate_cost};
use crate::train::notice::Notice;
use crate::train::session::{Command, Session};
use crate::train::unit_maps::{UnitMaps, UnitMapsJob, UnitMapsWanted};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// What is measured over every training point at the cursor.
#[derive(Clone)]
pub(super) struct Measured {
    pub(super) metrics: crate::nn::Metrics,
    pub(super) misclassified: Arc<Vec<usize>>,
    pub(super) confusion: Arc<crate::nn::Confusion>,
    pub(super) test_metrics: Option<crate::nn::Metrics>,
    pub(super) test_confusion: Option<Arc<crate::nn::Confusion>>,
}

/// How long one burst of full-speed training lasts before commands are looked at again.
const BURST: Duration = Duration::from_millis(4);
/// How long one slice of the picture may take while paused (commands are looked at between).
const PAUSED_SLICE: Duration = Duration::from_millis(16);
/// The time a paused refinement of the picture may take (its side at least doubles).
const REFINE_BUDGET: Duration = Duration::from_secs(1);

/// The parameters of a model (a grid cell costs about one multiply-add each).
fn model_params(model: &crate::nn::Model) -> usize {
    match model {
        crate::nn::Model::Mlp(m) => m.parameter_count(),
        crate::nn::Model::Perceptron(p) => p.weights.len() + 1,
    }
}

/// The shortest time between two pictures while training.
const PICTURE_INTERVAL: Duration = Duration::from_millis(66);

/// The worker's own state: the session and what scheduling needs.
pub(super) struct Loop<'w> {
    pub(super) session: Session,
    pub(super) grid_spec: GridSpec,
    pub(super) speed: Speed,
    rx: Receiver<Message>,
    pub(super) shared: Arc<Shared>,
    pub(super) waker: &'w Waker,
    pub(super) seq: u64,
    pub(super) notices: Vec<Notice>,
    pub(super) last_publish: Option<Instant>,
    /// The newest finished picture.
    pub(super) picture: Option<Picture>,
    job: Option<GridJob>,
    /// The time a grid cell took, and the parameters of the model it was measured on.
    cost_per_cell: Option<(Duration, usize)>,
    /// The parameters of the model the job draws.
    job_params: usize,
    picture_done: Option<Instant>,
    /// Metrics at the cursor: (run, step, when measured, how long it took).
    pub(super) metrics_of: Option<(usize, u64, Instant, Duration)>,
    pub(super) metrics: Option<Measured>,
    pub(super) dirty: bool,
    pub(super) rate_window: (Instant, u64),
    pub(super) updates_per_sec: f64,
    pub(super) trained: u64,
    next_slow_step: Instant,
    pub(super) ws: Workspace,
    /// The per-unit maps the app wants, the job computing them and the newest ones.
    pub(super) maps_wanted: UnitMapsWanted,
    pub(super) maps_job: Option<UnitMapsJob>,
    pub(super) unit_maps: Option<Arc<UnitMaps>>,
    pub(super) maps_done: Option<Instant>,
    /// The point the backprop view explains, and the newest view.
    pub(super) backprop_point: Option<usize>,
    pub(super) backprop: Option<Arc<BackpropView>>,
    pub(super) backprop_key: Option<(usize, u64, usize)>,
    pub(super) backprop_done: Option<Instant>,
    /// Time spent training and drawing/measuring/publishing (the budget's ledger).
    pub(super) stats: Stats,
}

impl<'w> Loop<'w> {
    pub(super) fn new(
        session: Session,
        grid_spec: GridSpec,
        speed: Speed,
        rx: Receiver<Message>,
        shared: Arc<Shared>,
        waker: &'w Waker,
    ) -> Self {
        Self {
            session,
            grid_spec,
            speed,
            rx,
            shared,
            waker,
            seq: 0,
            notices: Vec::new(),
            last_publish: None,
            picture: None,
            job: None,
            cost_per_cell: None,
            job_params: 1,
            picture_done: None,
            metrics_of: None,
            metrics: None,
            dirty: true,
            rate_window: (Instant::now(), 0),
            updates_per_sec: 0.0,
            trained: 0,
            next_slow_step: Instant::now(),
            ws: Workspace::default(),
            maps_wanted: UnitMapsWanted::default(),
            maps_job: None,
            unit_maps: None,
            maps_done: None,
            backprop_point: None,
            backprop: None,
            backprop_key: None,
            backprop_done: None,
            stats: Stats::default(),
        }
    }

    fn slow_motion(&self) -> bool {
        matches!(self.speed, Speed::PerSecond(_)) && self.session.playing()
    }

    /// How long to wait for a command before training, drawing or publishing again.
    fn wait(&mut self) -> Option<Duration> {
        if self.session.busy() {
            let wait = if self.slow_motion() {
                self.next_slow_step
                    .saturating_duration_since(Instant::now())
            } else {
                Duration::ZERO
            };
            Some(
                if self.dirty || self.job.is_some() || self.maps_job.is_some() {
                    wait.min(SNAPSHOT_INTERVAL)
                } else {
                    wait
                },
            )
        } else if self.job.is_some() || self.picture_due() || self.maps_due() || self.backprop_due()
        {
            Some(Duration::ZERO)
        } else if self.dirty {
            Some(SNAPSHOT_INTERVAL)
        } else {
            None
        }
    }

    pub(super) fn run(mut self) {
        loop {
            let first = match self.wait() {
                Some(wait) => match self.rx.recv_timeout(wait) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                None => match self.rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return,
                },
            };
            if let Some(m) = first
                && !self.handle(m)
            {
                return;
            }
            // Commands are looked at between every piece of work, so that none waits behind
            // more than one training step or one slice of the picture.
            if !self.drain() {
                return;
            }
            let trained = self.train_a_little();
            if !self.drain() {
                return;
            }
            self.draw_a_little(trained);
            self.map_a_little(trained);
            self.explain_a_little();
            if !self.drain() {
                return;
            }
            self.maybe_publish();
            self.stats.share(&self.shared);
        }
    }

    /// Applies every command waiting; false means shut down.
    fn drain(&mut self) -> bool {
        loop {
            match self.rx.try_recv() {
                Ok(m) => {
                    if !self.handle(m) {
                        return false;
                    }
                }
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Disconnected) => return false,
            }
        }
    }

    /// Applies one message; false means shut down.
    fn handle(&mut self, message: Message) -> bool {
        self.dirty = true;
        let (command, sent) = match message {
            Message::Shutdown => return false,
            Message::Panic => panic!("a test asked the trainer to panic"),
            Message::Command(c, sent) => (c, sent),
        };
        match &command {
            Command::SetSpeed(speed) => {
                self.speed = *speed;
                self.next_slow_step = Instant::now();
            }
            Command::SetGrid(spec) => {
                if *spec != self.grid_spec {
                    self.grid_spec = *spec;
                    self.job = None;
                    self.picture = None;
                }
            }
            Command::SetUnitMaps(wanted) => {
                if *wanted != self.maps_wanted {
                    self.maps_wanted = *wanted;
                    self.maps_job = None;
                }
            }
            Command::SetBackpropPoint(n) => self.backprop_point = *n,
            Command::Play => self.next_slow_step = Instant::now(),
            Command::Refresh | Command::Pause => {}
            // Anything else may change what the grid shows at the same step.
            _ => {
                self.job = None;
                self.metrics_of = None;
                if let Some(p) = &mut self.picture {
                    p.key.2 = u64::MAX;
                }
                self.maps_job = None;
                self.unit_maps = None;
                self.backprop_key = None;
            }
        }
        let mut notices = self.session.apply(command);
        self.notices.append(&mut notices);
        self.stats.latency(sent.elapsed());
        true
    }

    /// One slow-motion step when due, or a burst of about 4 ms; the time it took.
    fn train_a_little(&mut self) -> Duration {
        if !self.session.busy() {
            return Duration::ZERO;
        }
        let started = Instant::now();
        let progress = if self.slow_motion() {
            if Instant::now() < self.next_slow_step {
                return Duration::ZERO;
            }
            if let Speed::PerSecond(rate) = self.speed {
                self.next_slow_step =
                    Instant::now() + Duration::from_secs_f64(1.0 / rate.clamp(0.01, 1e6));
            }
            self.session.step_for(BURST, 1)
        } else {
            self.session.step_for(BURST, u64::MAX)
        };
        self.trained += progress.steps;
        let mut notices = progress.notices;
        self.notices.append(&mut notices);
        self.dirty = true;
        let took = started.elapsed();
        self.stats.trained(took, progress.steps);
        took
    }

    /// What the picture should show now: (run, step, data).
    fn wanted(&mut self) -> (usize, u64, u64) {
        let step = self.session.cursor_step();
        let run = self.session.current_index();
        let data = Arc::as_ptr(&self.session.viewed_trainer().shared_data()) as u64;
        (run, step, data)
    }

    /// A new picture is wanted: none yet, another step, or a coarse one while paused.
    fn picture_due(&self) -> bool {
        match &self.picture {
            None => true,
            Some(p) => {
                p.key.2 == u64::MAX
                    || (!self.session.busy() && (p.coarse || p.key.1 != self.session.cursor_step()))
            }
        }
    }

    /// Works on the picture within its share: a fifth of the worker's time while training,
    /// slices of 16 ms while paused.
    fn draw_a_little(&mut self, trained: Duration) {
        let busy = self.session.busy();
        let wanted = self.wanted();
        let stale = self
            .picture
            .as_ref()
            .is_none_or(|p| p.key != wanted || p.coarse);
        // While training, a new picture at most about 15 times a second: the eye sees no more
        // and the steps keep their time.
        let rested = !busy
            || self
                .picture_done
                .is_none_or(|t| t.elapsed() >= PICTURE_INTERVAL);
        if self.job.is_none() && stale && rested && (busy || self.picture_due()) {
            let viewed = self.session.viewed_trainer();
            let (model, features) = (viewed.model().clone(), viewed.config().features);
            let params = model_params(&model);
            // A quick picture first (while training, and for a new step when paused), then,
            // paused, refinements that double its side up to the full grid.
            let plan = match &self.picture {
                Some(p) if !busy && p.key == wanted && p.coarse => {
                    Plan::Within(REFINE_BUDGET, 2 * p.grid.spec.nx)
                }
                _ => Plan::Within(PICTURE_BUDGET, MIN_CELLS),
            };
            let cost = estimate_cost(self.cost_per_cell, params);
            self.job = Some(GridJob::new(
                model,
                features,
                self.grid_spec,
                wanted,
                Some(cost),
                plan,
            ));
            self.job_params = params;
        }
        let Some(job) = &mut self.job else { return };
        let budget = if busy {
            trained
                .mul_f64(DRAW_SHARE / (1.0 - DRAW_SHARE))
                .max(Duration::from_millis(1))
        } else {
            PAUSED_SLICE
        };
        if busy && !self.stats.may_draw() {
            return;
        }
        let started = Instant::now();
        let known = self
            .cost_per_cell
            .map(|(c, of)| c.mul_f64(self.job_params as f64 / of.max(1) as f64));
        let (done, per_cell) = job.advance(budget, &mut self.ws, known);
        if let Some(c) = per_cell {
            self.cost_per_cell = Some((c, self.job_params));
        }
        if let Some(p) = done {
            self.picture = Some(p);
            self.picture_done = Some(Instant::now());
            self.job = None;
            self.dirty = true;
        }
        self.stats.drew(started.elapsed());
    }
}

//! The background trainer: one named thread that owns the [`Trainer`], takes [`Command`]s
//! and publishes [`Snapshot`]s into a single "latest" slot.
//!
//! The UI never waits for training and training never waits for the UI: the worker replaces
//! an unread snapshot with a newer one (carrying over its history samples, so the curve has
//! no gaps), publishes at most about 60 times a second however fast it trains, and refreshes
//! the decision grid at most about 15 times a second. While paused it sleeps on the channel.

use super::config::{ConfigError, TrainConfig};
use super::grid::GridSpec;
use super::history::Sample;
use super::snapshot::{self, Snapshot};
use super::trainer::{StepReport, Trainer};
use crate::data::Dataset;
use crate::nn::{LossParts, Model, Workspace};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The shortest time between two snapshots (about the display rate).
pub const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(16);
/// The shortest time between two decision grids.
pub const GRID_INTERVAL: Duration = Duration::from_millis(66);
/// Steps kept for Step back.
pub const UNDO_DEPTH: usize = 256;

/// How fast Play trains.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    /// This many updates a second (slow motion for a class to follow).
    PerSecond(f64),
    /// As fast as the core allows.
    Full,
}

/// What the UI asks of the worker. Commands take effect in the order they are sent.
#[derive(Clone, Debug)]
pub enum Command {
    /// Train continuously at the chosen speed.
    Play,
    /// Stop training.
    Pause,
    /// Make this many updates, then pause.
    Step(u64),
    /// Train to the end of the current epoch (pass), then pause.
    StepEpoch,
    /// Undo the last single-stepped update.
    StepBack,
    /// New weights (from this seed, or the configured one), same data and settings.
    Reset(Option<u64>),
    /// New settings: live ones apply at the next step; others rebuild the network.
    SetConfig(TrainConfig),
    /// New data; the weights stay where the model still fits.
    SetData(Dataset),
    /// New parameters for the same network (hand-edited weights).
    SetModel(Model),
    /// A whole new model (loaded from a file); the run starts over from it.
    LoadModel(Model),
    /// The training speed.
    SetSpeed(Speed),
    /// The region and resolution of the decision grid.
    SetGrid(GridSpec),
    /// Publish a snapshot now (e.g. a new window wants one).
    Refresh,
    /// For tests: panic inside the worker.
    #[doc(hidden)]
    PanicForTest,
    /// End the thread.
    Shutdown,
}

struct Shared {
    slot: Mutex<Option<Snapshot>>,
    panic: Mutex<Option<String>>,
}

/// The app's handle on the training thread; dropping it stops and joins the thread.
pub struct Worker {
    tx: Sender<Command>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A function the worker calls after publishing (in the app: `ctx.request_repaint()`).
pub type Waker = Box<dyn Fn() + Send>;

impl Worker {
    /// Starts the thread `trainer` with a trainer, a grid spec and a waker.
    pub fn spawn(
        trainer: Trainer,
        grid: GridSpec,
        speed: Speed,
        waker: Waker,
    ) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            slot: Mutex::new(None),
            panic: Mutex::new(None),
        });
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("trainer".into())
            .spawn(move || {
                // The loop borrows the waker, so that it is still here to report a panic.
                let loop_shared = Arc::clone(&thread_shared);
                let result = catch_unwind(AssertUnwindSafe(|| {
                    Loop::new(trainer, grid, speed, rx, loop_shared, &waker).run();
                }));
                if let Err(payload) = result {
                    let text = payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    *thread_shared
                        .panic
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) = Some(text);
                    waker();
                }
            })?;
        let w = Self {
            tx,
            shared,
            thread: Some(thread),
        };
        w.send(Command::Refresh);
        Ok(w)
    }

    /// Sends a command (ignored if the thread has ended; [`Worker::panicked`] says why).
    pub fn send(&self, command: Command) {
        let _ = self.tx.send(command);
    }

    /// Takes the newest snapshot, if there is one the caller has not seen.
    pub fn take_snapshot(&self) -> Option<Snapshot> {
        self.shared
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The panic message, if the training thread panicked.
    pub fn panicked(&self) -> Option<String> {
        self.shared
            .panic
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.tx.send(Command::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The worker's own state.
struct Loop<'w> {
    trainer: Trainer,
    grid_spec: GridSpec,
    speed: Speed,
    rx: Receiver<Command>,
    shared: Arc<Shared>,
    waker: &'w Waker,
    running: bool,
    /// Steps still to make for Step(n) / StepEpoch while not playing.
    pending_steps: u64,
    until_epoch: Option<u64>,
    seq: u64,
    generation: u64,
    pending_samples: Vec<Sample>,
    last_report: StepReport,
    last_publish: Option<Instant>,
    last_grid: Option<Instant>,
    grid: Option<Arc<crate::train::grid::DecisionGrid>>,
    boundary: snapshot::Polylines,
    grid_stale: bool,
    dirty: bool,
    message: Option<String>,
    undo: Vec<Trainer>,
    rate_window: (Instant, u64),
    updates_per_sec: f64,
    next_slow_step: Instant,
    ws: Workspace,
    last_metrics: Option<(Instant, crate::nn::Metrics, Arc<Vec<usize>>)>,
    /// The step of the last history sample, and when it was taken.
    last_sampled: Option<u64>,
    last_sample_time: Instant,
    burst_stride: u64,
}

/// A history sample from full-data metrics.
fn sample_of(step: u64, epoch: u64, m: &crate::nn::Metrics) -> Sample {
    Sample {
        step,
        epoch,
        loss: m.loss().unwrap_or(f64::NAN),
        data_loss: m.data_loss.unwrap_or(f64::NAN),
        reg_loss: m.reg_loss,
        accuracy: Some(m.accuracy),
        misclassified: Some(m.misclassified),
    }
}

impl<'w> Loop<'w> {
    fn new(
        trainer: Trainer,
        grid_spec: GridSpec,
        speed: Speed,
        rx: Receiver<Command>,
        shared: Arc<Shared>,
        waker: &'w Waker,
    ) -> Self {
        let steps = trainer.steps();
        Self {
            trainer,
            grid_spec,
            speed,
            rx,
            shared,
            waker,
            running: false,
            pending_steps: 0,
            until_epoch: None,
            seq: 0,
            generation: 0,
            pending_samples: Vec::new(),
            last_report: StepReport::default(),
            last_publish: None,
            last_grid: None,
            grid: None,
            boundary: Arc::new(Vec::new()),
            grid_stale: true,
            dirty: true,
            message: None,
            undo: Vec::new(),
            rate_window: (Instant::now(), steps),
            updates_per_sec: 0.0,
            next_slow_step: Instant::now(),
            ws: Workspace::default(),
            last_metrics: None,
            last_sampled: None,
            last_sample_time: Instant::now(),
            burst_stride: 1,
        }
    }

    fn busy(&self) -> bool {
        self.running || self.pending_steps > 0 || self.until_epoch.is_some()
    }

    fn run(mut self) {
        self.take_sample();
        loop {
            // Commands: block while idle, poll while training.
            let first = if self.busy() {
                let wait = match self.speed {
                    Speed::PerSecond(_)
                        if self.running
                            && self.pending_steps == 0
                            && self.until_epoch.is_none() =>
                    {
                        self.next_slow_step
                            .saturating_duration_since(Instant::now())
                    }
                    _ => Duration::ZERO,
                };
                let wait = if self.dirty {
                    wait.min(SNAPSHOT_INTERVAL)
                } else {
                    wait
                };
                match self.rx.recv_timeout(wait) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else if self.dirty {
                match self.rx.recv_timeout(SNAPSHOT_INTERVAL) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match self.rx.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return,
                }
            };
            let mut command = first;
            while let Some(c) = command {
                if !self.handle(c) {
                    return;
                }
                command = match self.rx.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                };
            }
            self.train_a_little();
            self.maybe_publish();
        }
    }

    /// Applies one command; false means shut down.
    fn handle(&mut self, command: Command) -> bool {
        self.dirty = true;
        match command {
            Command::Play | Command::Step(_) | Command::StepEpoch
                if self.trainer.frozen().is_some() =>
            {
                self.message = self.trainer.frozen().map(str::to_owned);
            }
            Command::Play => {
                if self.trainer.diverged().is_none() && !self.trainer.converged() {
                    self.running = true;
                    self.next_slow_step = Instant::now();
                }
            }
            Command::Pause => {
                self.running = false;
                self.pending_steps = 0;
                self.until_epoch = None;
            }
            Command::Step(n) => {
                self.running = false;
                self.pending_steps += n;
                // About 256 samples of the curve over a long burst.
                self.burst_stride = (self.pending_steps / 256).max(1);
            }
            Command::StepEpoch => {
                self.running = false;
                self.until_epoch = Some(self.trainer.epochs() + 1);
            }
            Command::StepBack => {
                self.running = false;
                self.pending_steps = 0;
                if let Some(t) = self.undo.pop() {
                    self.trainer = t;
                    self.last_report = StepReport::default();
                    self.grid_stale = true;
                    self.generation += 1;
                }
            }
            Command::Reset(seed) => {
                let mut config = self.trainer.config().clone();
                if let Some(s) = seed {
                    config.init_seed = s;
                }
                let data = self.trainer.data().clone();
                self.restart(Trainer::new(&config, data, None));
            }
            Command::SetConfig(config) => self.set_config(config),
            Command::SetData(data) => {
                let mut next = self.trainer.clone();
                match next.set_data(data.clone()) {
                    Ok(()) => {
                        self.trainer = next;
                        self.undo.clear();
                        self.grid_stale = true;
                    }
                    Err(_) => {
                        // The network no longer fits (another class count): a new one.
                        let config = self.trainer.config().clone();
                        self.message = Some(
                            "the data has another number of classes: the network was rebuilt"
                                .into(),
                        );
                        self.restart(Trainer::new(&config, data, None));
                    }
                }
            }
            Command::SetModel(model) => match self.trainer.set_model(model) {
                Ok(()) => self.grid_stale = true,
                Err(e) => self.message = Some(e.to_string()),
            },
            Command::LoadModel(model) => {
                let config = self.trainer.config().clone();
                let data = self.trainer.data().clone();
                self.restart(Trainer::new(&config, data, Some(model)));
            }
            Command::SetSpeed(speed) => {
                self.speed = speed;
                self.next_slow_step = Instant::now();
            }
            Command::SetGrid(spec) => {
                if spec != self.grid_spec {
                    self.grid_spec = spec;
                    self.grid_stale = true;
                }
            }
            Command::Refresh => {}
            Command::PanicForTest => panic!("a test asked the trainer to panic"),
            Command::Shutdown => return false,
        }
        true
    }

    /// Replaces the trainer with a new run, or reports why it could not be built.
    fn restart(&mut self, next: Result<Trainer, ConfigError>) {
        match next {
            Ok(t) => {
                self.trainer = t;
                self.running = false;
                self.pending_steps = 0;
                self.until_epoch = None;
                self.undo.clear();
                self.generation += 1;
                self.pending_samples.clear();
                self.last_report = StepReport::default();
                self.grid_stale = true;
                self.rate_window = (Instant::now(), 0);
                self.updates_per_sec = 0.0;
                self.last_sampled = None;
                self.take_sample();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn set_config(&mut self, config: TrainConfig) {
        let now = self.trainer.config().clone();
        let structural = config.model != now.model
            || config.hidden_sizes != now.hidden_sizes
            || config.activation != now.activation
            || config.init != now.init
            || config.init_seed != now.init_seed
            || (config.update != now.update && self.trainer.set_live(&config).is_err());
        if structural {
            let data = self.trainer.data().clone();
            self.restart(Trainer::new(&config, data, None));
        } else if let Err(e) = self.trainer.set_live(&config) {
            self.message = Some(e.to_string());
        }
    }

    fn record(&mut self, report: StepReport) {
        if report.diverged.is_some() || report.converged {
            self.running = false;
            self.pending_steps = 0;
            self.until_epoch = None;
        }
        if report.updated || report.converged || report.diverged.is_some() {
            self.last_report = report;
            self.dirty = true;
            self.grid_stale = true;
        }
    }

    /// Some training: one slow-motion step, the pending single steps, or a burst of about
    /// 2 ms at full speed.
    fn train_a_little(&mut self) {
        let single = self.pending_steps > 0
            || self.until_epoch.is_some()
            || matches!(self.speed, Speed::PerSecond(_));
        if self.pending_steps > 0 {
            let burst = self
                .pending_steps
                .min(if self.pending_steps > 64 { 4096 } else { 1 });
            let started = Instant::now();
            for _ in 0..burst {
                if burst <= 64 {
                    self.push_undo();
                }
                let r = self.trainer.step();
                let stop = !r.updated;
                self.pending_steps -= 1;
                self.record(r);
                if burst > 64 && self.trainer.steps().is_multiple_of(self.burst_stride) {
                    self.take_sample();
                }
                if stop || self.pending_steps == 0 || started.elapsed() > Duration::from_millis(4) {
                    if stop {
                        self.pending_steps = 0;
                    }
                    break;
                }
            }
            return;
        }
        if let Some(target) = self.until_epoch {
            let started = Instant::now();
            while self.trainer.epochs() < target && started.elapsed() < Duration::from_millis(4) {
                let r = self.trainer.step();
                let stop = !r.updated;
                self.record(r);
                if stop {
                    break;
                }
            }
            if self.trainer.epochs() >= target
                || self.trainer.converged()
                || self.trainer.diverged().is_some()
            {
                self.until_epoch = None;
            }
            return;
        }
        if !self.running {
            return;
        }
        match self.speed {
            Speed::PerSecond(rate) if single => {
                if Instant::now() >= self.next_slow_step {
                    self.push_undo();
                    let r = self.trainer.step();
                    self.record(r);
                    self.next_slow_step =
                        Instant::now() + Duration::from_secs_f64(1.0 / rate.clamp(0.01, 1e6));
                }
            }
            _ => {
                self.undo.clear();
                let started = Instant::now();
                let mut batch = 16u64;
                loop {
                    let mut last = None;
                    for _ in 0..batch {
                        let r = self.trainer.step();
                        let stop = !r.updated || r.diverged.is_some();
                        last = Some(r);
                        if stop {
                            break;
                        }
                    }
                    let stop = last
                        .as_ref()
                        .is_some_and(|r| !r.updated || r.diverged.is_some());
                    if let Some(r) = last {
                        self.record(r);
                    }
                    if stop || started.elapsed() > Duration::from_millis(2) {
                        break;
                    }
                    batch *= 2;
                }
                self.sample_between_steps();
            }
        }
    }

    /// Adds a history sample of the full-data loss now, at most every 4 ms and only on
    /// classroom-sized data (larger data is sampled when a snapshot is published).
    fn sample_between_steps(&mut self) {
        if self.last_sample_time.elapsed() >= Duration::from_millis(4) {
            self.take_sample();
        }
    }

    /// Adds a history sample of the full-data loss now (classroom-sized data only).
    fn take_sample(&mut self) {
        let steps = self.trainer.steps();
        if self.trainer.data().len() > 20_000 || self.last_sampled == Some(steps) {
            return;
        }
        let (_, m) = self.trainer.evaluate();
        self.pending_samples
            .push(sample_of(steps, self.trainer.epochs(), &m));
        self.last_sampled = Some(steps);
        self.last_sample_time = Instant::now();
    }

    fn push_undo(&mut self) {
        if self.trainer.data().len() <= 100_000 {
            if self.undo.len() == UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.undo.push(self.trainer.clone());
        }
    }

    fn maybe_publish(&mut self) {
        if !self.dirty {
            return;
        }
        let now = Instant::now();
        if self.busy()
            && self
                .last_publish
                .is_some_and(|t| now - t < SNAPSHOT_INTERVAL)
        {
            return;
        }
        let started = Instant::now();
        let steps = self.trainer.steps();
        let window = now - self.rate_window.0;
        if window >= Duration::from_millis(500) {
            self.updates_per_sec =
                (steps.saturating_sub(self.rate_window.1)) as f64 / window.as_secs_f64();
            self.rate_window = (now, steps);
        } else if !self.busy() {
            self.updates_per_sec = 0.0;
            self.rate_window = (now, steps);
        }
        let grid_due = self.grid.is_none()
            || (self.grid_stale
                && (!self.busy() || self.last_grid.is_none_or(|t| now - t >= GRID_INTERVAL)));
        if grid_due {
            let (g, b) =
                snapshot::grid_and_boundary(self.trainer.model(), self.grid_spec, &mut self.ws);
            self.grid = Some(g);
            self.boundary = b;
            self.last_grid = Some(now);
            self.grid_stale = false;
        }
        // Full-data metrics for every snapshot on classroom-sized data; on very large data
        // at most twice a second, so that training keeps its core.
        let metrics_due = self.trainer.data().len() <= 20_000
            || !self.busy()
            || self
                .last_metrics
                .as_ref()
                .is_none_or(|(t, _, _)| now - *t >= Duration::from_millis(500));
        if metrics_due {
            let (outputs, metrics) = self.trainer.evaluate();
            let wrong = Arc::new(snapshot::misclassified(&self.trainer, &outputs));
            self.last_metrics = Some((now, metrics, wrong));
        }
        let (_, metrics, misclassified) = self.last_metrics.clone().expect("computed above");
        let r = &self.last_report;
        let loss = if r.updated {
            r.loss
        } else {
            LossParts {
                data_loss: metrics.data_loss.unwrap_or(f64::NAN),
                reg_loss: metrics.reg_loss,
            }
        };
        if self.pending_samples.last().is_none_or(|p| p.step != steps)
            && self.last_sampled != Some(steps)
        {
            self.pending_samples
                .push(sample_of(steps, self.trainer.epochs(), &metrics));
            self.last_sampled = Some(steps);
        }
        self.seq += 1;
        let snap = Snapshot {
            seq: self.seq,
            generation: self.generation,
            running: self.busy(),
            steps,
            epochs: self.trainer.epochs(),
            config: self.trainer.config().clone(),
            model: self.trainer.model().clone(),
            data: self.trainer.shared_data(),
            metrics,
            last_loss: loss,
            samples: std::mem::take(&mut self.pending_samples),
            grid: self.grid.clone(),
            boundary: Arc::clone(&self.boundary),
            updates_per_sec: self.updates_per_sec,
            converged: self.trainer.converged(),
            diverged: self.trainer.diverged().map(str::to_owned),
            last_pla: r.pla.clone(),
            misclassified,
            pocket: self.trainer.pocket().cloned(),
            message: self.message.take(),
            build_ms: started.elapsed().as_secs_f64() * 1e3,
            can_step_back: !self.undo.is_empty(),
            frozen: self.trainer.frozen().map(str::to_owned),
        };
        {
            let mut slot = self
                .shared
                .slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let mut snap = snap;
            if let Some(old) = slot.take() {
                // The app has not read the older one: keep its samples (no gap in the
                // curves) and its message, unless the run started over.
                if old.generation == snap.generation {
                    let mut samples = old.samples;
                    samples.append(&mut snap.samples);
                    snap.samples = samples;
                }
                if snap.message.is_none() {
                    snap.message = old.message;
                }
            }
            *slot = Some(snap);
        }
        self.last_publish = Some(now);
        self.dirty = self.busy() || self.grid_stale;
        (self.waker)();
    }
}

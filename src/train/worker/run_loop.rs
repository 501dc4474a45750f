//! The worker's state machine ([`Loop`]): waiting for and applying [`Command`]s, and the
//! bookkeeping when a run starts over or a step reports.

use super::{Command, SNAPSHOT_INTERVAL, Shared, Speed, Waker};
use crate::nn::Workspace;
use crate::train::config::{ConfigError, TrainConfig};
use crate::train::grid::GridSpec;
use crate::train::history::Sample;
use crate::train::snapshot;
use crate::train::trainer::{StepReport, Trainer};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// The worker's own state.
pub(super) struct Loop<'w> {
    pub(super) trainer: Trainer,
    pub(super) grid_spec: GridSpec,
    pub(super) speed: Speed,
    pub(super) rx: Receiver<Command>,
    pub(super) shared: Arc<Shared>,
    pub(super) waker: &'w Waker,
    pub(super) running: bool,
    /// Steps still to make for Step(n) / StepEpoch while not playing.
    pub(super) pending_steps: u64,
    pub(super) until_epoch: Option<u64>,
    pub(super) seq: u64,
    pub(super) generation: u64,
    pub(super) pending_samples: Vec<Sample>,
    pub(super) last_report: StepReport,
    pub(super) last_publish: Option<Instant>,
    pub(super) last_grid: Option<Instant>,
    pub(super) grid: Option<Arc<crate::train::grid::DecisionGrid>>,
    pub(super) boundary: snapshot::Polylines,
    pub(super) grid_stale: bool,
    pub(super) dirty: bool,
    pub(super) message: Option<String>,
    pub(super) undo: Vec<Trainer>,
    pub(super) rate_window: (Instant, u64),
    pub(super) updates_per_sec: f64,
    pub(super) next_slow_step: Instant,
    pub(super) ws: Workspace,
    pub(super) last_metrics: Option<(Instant, crate::nn::Metrics, Arc<Vec<usize>>)>,
    /// The step of the last history sample, and when it was taken.
    pub(super) last_sampled: Option<u64>,
    pub(super) last_sample_time: Instant,
    pub(super) burst_stride: u64,
}

impl<'w> Loop<'w> {
    pub(super) fn new(
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

    pub(super) fn busy(&self) -> bool {
        self.running || self.pending_steps > 0 || self.until_epoch.is_some()
    }

    pub(super) fn run(mut self) {
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

    pub(super) fn record(&mut self, report: StepReport) {
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
}

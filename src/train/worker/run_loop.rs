//! The worker's scheduling loop ([`Loop`]): wait for commands, apply them to the session,
//! train a little, publish.

use super::{Message, SNAPSHOT_INTERVAL, Shared, Speed, Waker};
use crate::nn::Workspace;
use crate::train::grid::{DecisionGrid, GridSpec};
use crate::train::notice::Notice;
use crate::train::session::{Command, Session};
use crate::train::snapshot::Polylines;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long one burst of full-speed training lasts before commands are looked at again.
const BURST: Duration = Duration::from_millis(4);

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
    pub(super) last_grid: Option<Instant>,
    pub(super) grid: Option<Arc<DecisionGrid>>,
    pub(super) boundary: Polylines,
    /// The (run, step) the grid was computed for.
    pub(super) grid_of: Option<(usize, u64, u64)>,
    pub(super) dirty: bool,
    pub(super) rate_window: (Instant, u64),
    pub(super) updates_per_sec: f64,
    pub(super) trained: u64,
    next_slow_step: Instant,
    pub(super) ws: Workspace,
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
            last_grid: None,
            grid: None,
            boundary: Arc::new(Vec::new()),
            grid_of: None,
            dirty: true,
            rate_window: (Instant::now(), 0),
            updates_per_sec: 0.0,
            trained: 0,
            next_slow_step: Instant::now(),
            ws: Workspace::default(),
        }
    }

    fn slow_motion(&self) -> bool {
        matches!(self.speed, Speed::PerSecond(_)) && self.session.playing()
    }

    /// How long to wait for a command before training or publishing again.
    fn wait(&self) -> Option<Duration> {
        if self.session.busy() {
            let wait = if self.slow_motion() {
                self.next_slow_step
                    .saturating_duration_since(Instant::now())
            } else {
                Duration::ZERO
            };
            Some(if self.dirty {
                wait.min(SNAPSHOT_INTERVAL)
            } else {
                wait
            })
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
            let mut message = first;
            while let Some(m) = message {
                if !self.handle(m) {
                    return;
                }
                message = match self.rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                };
            }
            self.train_a_little();
            self.maybe_publish();
        }
    }

    /// Applies one message; false means shut down.
    fn handle(&mut self, message: Message) -> bool {
        self.dirty = true;
        let command = match message {
            Message::Shutdown => return false,
            Message::Panic => panic!("a test asked the trainer to panic"),
            Message::Command(c) => c,
        };
        match &command {
            Command::SetSpeed(speed) => {
                self.speed = *speed;
                self.next_slow_step = Instant::now();
            }
            Command::SetGrid(spec) => {
                if *spec != self.grid_spec {
                    self.grid_spec = *spec;
                    self.grid_of = None;
                }
            }
            Command::Play => self.next_slow_step = Instant::now(),
            Command::Refresh | Command::Pause => {}
            // Anything else may change what the grid shows at the same step.
            _ => self.grid_of = None,
        }
        let mut notices = self.session.apply(command);
        self.notices.append(&mut notices);
        true
    }

    /// One slow-motion step when due, or a burst of about 4 ms.
    fn train_a_little(&mut self) {
        if !self.session.busy() {
            return;
        }
        let progress = if self.slow_motion() {
            if Instant::now() < self.next_slow_step {
                return;
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
    }
}

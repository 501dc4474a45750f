//! The background trainer: one named thread that owns the [`Trainer`], takes [`Command`]s
//! and publishes [`Snapshot`]s into a single "latest" slot.
//!
//! The UI never waits for training and training never waits for the UI: the worker replaces
//! an unread snapshot with a newer one (carrying over its history samples, so the curve has
//! no gaps), publishes at most about 60 times a second however fast it trains, and refreshes
//! the decision grid at most about 15 times a second. While paused it sleeps on the channel.

mod publish;
mod run_loop;
mod stepping;

use super::config::TrainConfig;
use super::grid::GridSpec;
use super::snapshot::Snapshot;
use super::trainer::Trainer;
use crate::data::Dataset;
use crate::nn::Model;
use run_loop::Loop;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

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

//! The background trainer: one named thread that schedules a [`Session`]. It applies
//! [`Command`]s in order, trains a little between them while playing, and publishes
//! [`Snapshot`]s into a single latest-wins slot (notices of unread snapshots carried over).
//!
//! The UI never waits for training and training never waits for the UI: snapshots go out at
//! most about 60 times a second however fast the session trains, the decision grid at most
//! about 15 times a second. While idle the thread sleeps on the channel. All training policy
//! (verdicts, the divergence guard, history, checkpoints) lives in the session.

mod backprop;
mod maps;
mod publish;
mod run_loop;
mod stats;

pub use stats::WorkerStats;

use super::grid::GridSpec;
use super::session::{Command, Session};
use super::snapshot::Snapshot;
use run_loop::Loop;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The shortest time between two snapshots (about the display rate).
pub const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(16);

pub use super::session::Speed;

/// What goes over the channel: a session command, or the worker's own.
pub(crate) enum Message {
    /// A command and when it was sent (for the latency figures).
    Command(Command, std::time::Instant),
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    Panic,
    Shutdown,
}

struct Shared {
    slot: Mutex<Option<Snapshot>>,
    panic: Mutex<Option<String>>,
    stats: Mutex<WorkerStats>,
}

/// The app's handle on the training thread; dropping it stops and joins the thread.
pub struct Worker {
    tx: Sender<Message>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A function the worker calls after publishing (in the app: `ctx.request_repaint()`).
pub type Waker = Box<dyn Fn() + Send>;

impl Worker {
    /// Starts the thread `trainer` on a session, with a grid spec, a speed and a waker.
    pub fn spawn(
        session: Session,
        grid: GridSpec,
        speed: Speed,
        waker: Waker,
    ) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            slot: Mutex::new(None),
            panic: Mutex::new(None),
            stats: Mutex::new(WorkerStats::default()),
        });
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("trainer".into())
            .spawn(move || {
                // The loop borrows the waker, so that it is still here to report a panic.
                let loop_shared = Arc::clone(&thread_shared);
                let result = catch_unwind(AssertUnwindSafe(|| {
                    Loop::new(session, grid, speed, rx, loop_shared, &waker).run();
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
        let _ = self
            .tx
            .send(Message::Command(command, std::time::Instant::now()));
    }

    /// For tests of the recovery path: makes the training thread panic.
    #[doc(hidden)]
    pub fn panic_for_test(&self) {
        let _ = self.tx.send(Message::Panic);
    }

    /// Takes the newest snapshot, if there is one the caller has not seen.
    pub fn take_snapshot(&self) -> Option<Snapshot> {
        self.shared
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The worker's figures: time training and drawing, steps, command latencies.
    pub fn stats(&self) -> WorkerStats {
        self.shared
            .stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
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
        let _ = self.tx.send(Message::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

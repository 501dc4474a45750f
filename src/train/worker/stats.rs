//! The worker's ledger: time spent training against time spent on the picture, metrics and
//! publishing (kept under a fifth while training), and how long commands waited.

use super::Shared;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

/// The picture's and the metrics' share of the worker's time while training: one part in
/// twenty (a fifth at most is allowed). A piece of work started within the share may end
/// past it, and snapshots come on top: at 3 × 512 a share of 0.1 came to 13 % of the time
/// and 0.07 to 8 %; a twentieth keeps training above 90 % of its headless speed.
pub(super) const DRAW_SHARE: f64 = 0.05;

/// Measurements of the worker, read by `bench --worker`.
#[derive(Clone, Debug, Default)]
pub struct WorkerStats {
    /// Time in training steps.
    pub train: Duration,
    /// Time on the grid, the metrics and building snapshots.
    pub overhead: Duration,
    /// Steps made.
    pub steps: u64,
    /// How long each command waited between send and effect, in ms (the last 10 000).
    pub latencies_ms: Vec<f64>,
}

/// The loop's running ledger.
pub(super) struct Stats {
    now: WorkerStats,
    /// The current window: when it started, and the overhead within it (the share is held
    /// against the window's wall time).
    window: (Instant, Duration),
    new_latencies: Vec<f64>,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            now: WorkerStats::default(),
            window: (Instant::now(), Duration::ZERO),
            new_latencies: Vec::new(),
        }
    }
}

impl Stats {
    pub(super) fn trained(&mut self, took: Duration, steps: u64) {
        self.now.train += took;
        self.now.steps += steps;
    }

    pub(super) fn drew(&mut self, took: Duration) {
        self.now.overhead += took;
        self.window.1 += took;
        self.roll();
    }

    /// Whether the picture (and the metrics) may have more time now without going over
    /// their share of the worker's wall time.
    pub(super) fn may_draw(&self) -> bool {
        let wall = self.window.0.elapsed();
        self.window.1.as_secs_f64() <= DRAW_SHARE * wall.as_secs_f64()
    }

    /// Every second the window keeps half of its past, so the share follows recent work.
    fn roll(&mut self) {
        let wall = self.window.0.elapsed();
        if wall > Duration::from_secs(1) {
            self.window = (Instant::now() - wall / 2, self.window.1 / 2);
        }
    }

    pub(super) fn latency(&mut self, waited: Duration) {
        self.new_latencies.push(waited.as_secs_f64() * 1e3);
    }

    /// Puts the figures where `Worker::stats` reads them.
    pub(super) fn share(&mut self, shared: &Shared) {
        let mut s = shared.stats.lock().unwrap_or_else(PoisonError::into_inner);
        s.train = self.now.train;
        s.overhead = self.now.overhead;
        s.steps = self.now.steps;
        s.latencies_ms.append(&mut self.new_latencies);
        let n = s.latencies_ms.len();
        if n > 10_000 {
            s.latencies_ms.drain(..n - 10_000);
        }
    }
}

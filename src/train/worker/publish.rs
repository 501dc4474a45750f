//! Publishing: building a [`Snapshot`] (the session's view, grid, boundary, metrics) and
//! putting it into the shared slot ([`Loop::maybe_publish`]).

use super::run_loop::Loop;
use super::{GRID_INTERVAL, SNAPSHOT_INTERVAL};
use crate::train::snapshot::{self, Snapshot};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

impl Loop<'_> {
    fn measure_rate(&mut self, now: Instant) {
        let window = now - self.rate_window.0;
        if window >= Duration::from_millis(500) {
            self.updates_per_sec =
                (self.trained.saturating_sub(self.rate_window.1)) as f64 / window.as_secs_f64();
            self.rate_window = (now, self.trained);
        } else if !self.session.busy() {
            self.updates_per_sec = 0.0;
            self.rate_window = (now, self.trained);
        }
    }

    pub(super) fn maybe_publish(&mut self) {
        if !self.dirty {
            return;
        }
        let now = Instant::now();
        let busy = self.session.busy();
        if busy
            && self
                .last_publish
                .is_some_and(|t| now - t < SNAPSHOT_INTERVAL)
        {
            return;
        }
        let started = Instant::now();
        self.measure_rate(now);
        let view = self.session.view();
        let key = (view.current, view.step, Self::data_key(&view));
        let stale = self.grid_of != Some(key);
        let grid_due = self.grid.is_none()
            || (stale && (!busy || self.last_grid.is_none_or(|t| now - t >= GRID_INTERVAL)));
        if grid_due {
            let (g, b) = snapshot::grid_and_boundary(&view.model, self.grid_spec, &mut self.ws);
            self.grid = Some(g);
            self.boundary = b;
            self.last_grid = Some(now);
            self.grid_of = Some(key);
        }
        let t = self.session.viewed_trainer();
        let (outputs, metrics) = t.evaluate();
        let misclassified = Arc::new(snapshot::misclassified(t, &outputs));
        self.seq += 1;
        let snap = Snapshot {
            seq: self.seq,
            running: busy,
            metrics,
            grid: self.grid.clone(),
            grid_step: self.grid_of.map_or(0, |k| k.1),
            boundary: Arc::clone(&self.boundary),
            updates_per_sec: self.updates_per_sec,
            misclassified,
            notices: std::mem::take(&mut self.notices),
            build_ms: started.elapsed().as_secs_f64() * 1e3,
            view,
        };
        {
            let mut slot = self
                .shared
                .slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let mut snap = snap;
            if let Some(old) = slot.take() {
                // The app has not read the older one: keep its notices.
                let mut notices = old.notices;
                notices.append(&mut snap.notices);
                snap.notices = notices;
            }
            *slot = Some(snap);
        }
        self.last_publish = Some(now);
        self.dirty = busy || self.grid_of != Some(key);
        (self.waker)();
    }

    /// A number that changes when the data shown changes (its address and length).
    fn data_key(view: &crate::train::View) -> u64 {
        (Arc::as_ptr(&view.data) as u64) ^ (view.data.len() as u64).rotate_left(48)
    }
}

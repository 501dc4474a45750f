//! Publishing: building a [`Snapshot`] (the session's view, the newest picture, metrics) and
//! putting it into the shared slot ([`Loop::maybe_publish`]).

use super::SNAPSHOT_INTERVAL;
use super::run_loop::{Loop, Measured};
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

    /// Full-data metrics at the cursor: measured for every snapshot when cheap; while
    /// training at most every 100 ms, and never more than a twentieth of the time.
    fn metrics_now(&mut self, busy: bool) -> Measured {
        let key = (self.session.current_index(), self.session.cursor_step());
        let fresh = self.metrics_of.is_some_and(|(r, s, at, cost)| {
            (r, s) == key || (busy && at.elapsed() < (cost * 20).max(Duration::from_millis(100)))
        });
        if let (true, Some(m)) = (fresh, &self.metrics) {
            return m.clone();
        }
        let started = Instant::now();
        let t = self.session.viewed_trainer();
        let (outputs, metrics) = t.evaluate();
        let test = t.evaluate_test();
        let test_confusion = match (test.as_ref(), t.test_data()) {
            (Some((out, _)), Some(data)) => {
                Some(Arc::new(snapshot::confusion_of(t.model(), data, out)))
            }
            _ => None,
        };
        let measured = Measured {
            metrics,
            misclassified: Arc::new(snapshot::misclassified(t, &outputs)),
            confusion: Arc::new(snapshot::confusion(t, &outputs)),
            test_metrics: test.map(|(_, m)| m),
            test_confusion,
        };
        self.metrics_of = Some((key.0, key.1, Instant::now(), started.elapsed()));
        self.metrics = Some(measured.clone());
        measured
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
        // While training, the metrics and the snapshot share the picture's fifth.
        if busy && !self.stats.may_draw() && self.last_publish.is_some() {
            return;
        }
        let started = Instant::now();
        self.measure_rate(now);
        let view = self.session.view();
        let Measured {
            metrics,
            misclassified,
            confusion,
            test_metrics,
            test_confusion,
        } = self.metrics_now(busy);
        self.seq += 1;
        let picture = self.picture.as_ref();
        let snap = Snapshot {
            seq: self.seq,
            running: busy,
            metrics,
            test_metrics,
            test_confusion,
            grid: picture.map(|p| Arc::clone(&p.grid)),
            grid_step: picture.map_or(0, |p| p.key.1),
            grid_coarse: picture.is_some_and(|p| p.coarse),
            grid_age_ms: picture
                .filter(|p| p.key.1 != view.step)
                .map_or(0.0, |p| p.taken.elapsed().as_secs_f64() * 1e3),
            boundary: picture.map_or_else(|| Arc::new(Vec::new()), |p| Arc::clone(&p.boundary)),
            updates_per_sec: self.updates_per_sec,
            misclassified,
            confusion,
            unit_maps: self.unit_maps.clone(),
            backprop: self.backprop.clone(),
            notices: std::mem::take(&mut self.notices),
            build_ms: started.elapsed().as_secs_f64() * 1e3,
            built_at: Instant::now(),
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
        self.dirty = busy;
        self.stats.drew(started.elapsed());
        (self.waker)();
    }
}

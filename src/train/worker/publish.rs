//! Publishing: building a [`Snapshot`] (grid, boundary, metrics, samples) and putting it
//! into the shared slot ([`Loop::maybe_publish`]).

use super::run_loop::Loop;
use super::stepping::sample_of;
use super::{GRID_INTERVAL, SNAPSHOT_INTERVAL};
use crate::nn::LossParts;
use crate::train::snapshot::{self, Snapshot};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

impl Loop<'_> {
    pub(super) fn maybe_publish(&mut self) {
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

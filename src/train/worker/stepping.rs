//! Training between commands ([`Loop::train_a_little`]), history samples and the undo stack.

use super::run_loop::Loop;
use super::{Speed, UNDO_DEPTH};
use crate::train::history::Sample;
use std::time::{Duration, Instant};

/// A history sample from full-data metrics.
pub(super) fn sample_of(step: u64, epoch: u64, m: &crate::nn::Metrics) -> Sample {
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

impl Loop<'_> {
    /// Some training: one slow-motion step, the pending single steps, or a burst of about
    /// 2 ms at full speed.
    pub(super) fn train_a_little(&mut self) {
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
                // Every step of a short burst, about 256 samples over a long one.
                if self.trainer.steps().is_multiple_of(self.burst_stride) {
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
    pub(super) fn take_sample(&mut self) {
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
}

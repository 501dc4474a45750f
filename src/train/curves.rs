//! A run's curves, bounded and honest.
//!
//! - [`StepCurve`]: the loss of every step's batch. Every step is kept exactly for the first
//!   [`STEP_BUCKETS`] steps; after that, adjacent buckets merge in pairs (the bucket width
//!   doubles), each keeping the min, mean and max of its steps, like an audio waveform. A
//!   noisy mini-batch loss and a fast run both look like what happened.
//! - [`MetricCurve`]: full-data metrics (loss, accuracy, |M|) measured every `interval` steps;
//!   the interval starts at 1 and doubles when [`METRIC_SAMPLES`] samples are held, so a run
//!   of any length is measured at regular steps from its start.

use super::history::Sample;

/// Buckets a [`StepCurve`] holds before it halves its resolution.
pub const STEP_BUCKETS: usize = 4096;
/// Samples a [`MetricCurve`] holds before it doubles its interval.
pub const METRIC_SAMPLES: usize = 2048;

/// The batch losses of steps `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// The first step in the bucket.
    pub first: u64,
    /// The last step in the bucket.
    pub last: u64,
    /// The epoch count at the last step.
    pub epoch: u64,
    /// The smallest loss.
    pub min: f64,
    /// The largest loss.
    pub max: f64,
    /// The sum of the losses (mean = sum / count).
    pub sum: f64,
    /// How many steps the bucket holds.
    pub count: u64,
}

impl Bucket {
    /// The mean loss of the bucket's steps.
    pub fn mean(&self) -> f64 {
        self.sum / self.count.max(1) as f64
    }

    fn merge(&mut self, o: &Bucket) {
        self.last = o.last;
        self.epoch = o.epoch;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.sum += o.sum;
        self.count += o.count;
    }
}

/// The per-step loss as exact values, then a min/mean/max envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct StepCurve {
    buckets: Vec<Bucket>,
    /// Steps per bucket: bucket k covers steps `[k·width, (k+1)·width)`.
    width: u64,
}

impl Default for StepCurve {
    fn default() -> Self {
        Self {
            buckets: Vec::new(),
            width: 1,
        }
    }
}

impl StepCurve {
    /// Adds the loss of step `step` (steps arrive in increasing order; non-finite losses are
    /// left out: the divergence verdict says what happened).
    pub fn push(&mut self, step: u64, epoch: u64, loss: f64) {
        if !loss.is_finite() {
            return;
        }
        let b = Bucket {
            first: step,
            last: step,
            epoch,
            min: loss,
            max: loss,
            sum: loss,
            count: 1,
        };
        match self.buckets.last_mut() {
            Some(last) if last.first / self.width == step / self.width && step > last.last => {
                last.merge(&b)
            }
            _ => self.buckets.push(b),
        }
        if self.buckets.len() > STEP_BUCKETS {
            self.halve();
        }
    }

    fn halve(&mut self) {
        self.width *= 2;
        let mut merged: Vec<Bucket> = Vec::with_capacity(self.buckets.len() / 2 + 1);
        for b in &self.buckets {
            match merged.last_mut() {
                Some(m) if m.first / self.width == b.first / self.width => m.merge(b),
                _ => merged.push(*b),
            }
        }
        self.buckets = merged;
    }

    /// The buckets, oldest first.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    /// Steps per bucket (1 while every step is kept exactly).
    pub fn width(&self) -> u64 {
        self.width
    }

    /// The curve up to and including `step` (for a branch made there).
    pub fn prefix(&self, step: u64) -> Self {
        let buckets = self
            .buckets
            .iter()
            .filter(|b| b.first <= step)
            .map(|b| {
                let mut b = *b;
                b.last = b.last.min(step);
                b
            })
            .collect();
        Self {
            buckets,
            width: self.width,
        }
    }

    /// The bytes held, roughly.
    pub fn bytes(&self) -> usize {
        self.buckets.capacity() * std::mem::size_of::<Bucket>()
    }
}

/// Full-data metrics at regular step intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricCurve {
    samples: Vec<Sample>,
    interval: u64,
}

impl Default for MetricCurve {
    fn default() -> Self {
        Self {
            samples: Vec::new(),
            interval: 1,
        }
    }
}

impl MetricCurve {
    /// Whether step `step` is due for a measurement.
    pub fn due(&self, step: u64) -> bool {
        step.is_multiple_of(self.interval) && self.samples.last().is_none_or(|s| s.step < step)
    }

    /// Adds a measurement (a due one, or a forced one at a segment start or a verdict).
    pub fn push(&mut self, sample: Sample) {
        if let Some(last) = self.samples.last_mut()
            && last.step == sample.step
        {
            *last = sample;
            return;
        }
        self.samples.push(sample);
        if self.samples.len() > METRIC_SAMPLES {
            self.interval *= 2;
            let keep = self.interval;
            let last = self.samples.len() - 1;
            let mut i = 0;
            self.samples.retain(|s| {
                let k = i == 0 || i == last || s.step.is_multiple_of(keep);
                i += 1;
                k
            });
        }
    }

    /// The samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Steps between regular measurements now.
    pub fn interval(&self) -> u64 {
        self.interval
    }

    /// The samples up to and including `step`.
    pub fn prefix(&self, step: u64) -> Self {
        Self {
            samples: self
                .samples
                .iter()
                .filter(|s| s.step <= step)
                .copied()
                .collect(),
            interval: self.interval,
        }
    }

    /// The bytes held, roughly.
    pub fn bytes(&self) -> usize {
        self.samples.capacity() * std::mem::size_of::<Sample>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(step: u64) -> Sample {
        Sample {
            step,
            epoch: step,
            loss: 1.0,
            data_loss: 1.0,
            reg_loss: 0.0,
            accuracy: Some(1.0),
            misclassified: Some(0),
        }
    }

    #[test]
    fn keeps_every_step_at_first_then_an_envelope_that_holds_the_extremes() {
        let mut c = StepCurve::default();
        for s in 1..=STEP_BUCKETS as u64 {
            c.push(s, 0, s as f64);
        }
        assert_eq!(c.width(), 1);
        assert!(c.buckets().iter().all(|b| b.count == 1 && b.min == b.max));
        // A noisy run: alternating 0 and 10 for 100 000 steps.
        let mut c = StepCurve::default();
        for s in 1..=100_000u64 {
            c.push(s, 0, if s % 2 == 0 { 0.0 } else { 10.0 });
        }
        assert!(c.buckets().len() <= STEP_BUCKETS);
        assert!(c.width() > 1);
        let total: u64 = c.buckets().iter().map(|b| b.count).sum();
        assert_eq!(total, 100_000, "every step is counted once");
        let full = c.buckets().iter().filter(|b| b.count == c.width());
        assert!(full.clone().count() > 100);
        for b in full {
            assert_eq!((b.min, b.max), (0.0, 10.0), "the envelope keeps the noise");
            assert!((b.mean() - 5.0).abs() < 0.5);
        }
        assert_eq!(c.buckets()[0].first, 1, "the start is never lost");
        assert_eq!(c.buckets().last().map(|b| b.last), Some(100_000));
    }

    #[test]
    fn metrics_stay_regular_from_the_start_of_a_long_run() {
        let mut m = MetricCurve::default();
        for s in 0..1_000_000u64 {
            if m.due(s) {
                m.push(sample(s));
            }
        }
        let steps: Vec<u64> = m.samples().iter().map(|s| s.step).collect();
        assert_eq!(steps[0], 0);
        assert!(steps.len() <= METRIC_SAMPLES + 1);
        let gaps: Vec<u64> = steps.windows(2).map(|w| w[1] - w[0]).collect();
        let largest = gaps.iter().copied().max().unwrap_or(0);
        assert!(largest <= m.interval(), "no gap wider than the interval");
        assert!(
            largest < 1_000,
            "a million steps are measured every {largest} steps"
        );
    }
}

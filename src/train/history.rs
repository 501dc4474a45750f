//! A bounded loss/accuracy history: when it fills up, every other sample is dropped and the
//! sampling stride doubles, so an hour of training stays a few thousand points.

use serde::Serialize;

/// One sample of the curves.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Parameter updates so far.
    pub step: u64,
    /// Completed epochs so far.
    pub epoch: u64,
    /// `J = J₀ + λ/2 Σ‖W‖²` (for the PLA: the perceptron loss J).
    pub loss: f64,
    /// J₀.
    pub data_loss: f64,
    /// `λ/2 Σ‖W‖²`.
    pub reg_loss: f64,
    /// Accuracy over all points, where it was computed.
    pub accuracy: Option<f64>,
    /// |M| (PLA) or the number of misclassified points, where it was computed.
    pub misclassified: Option<usize>,
}

/// Samples taken every `stride` offers, at most `capacity` kept.
#[derive(Clone, Debug)]
pub struct History {
    samples: Vec<Sample>,
    capacity: usize,
    stride: u64,
    offered: u64,
}

impl History {
    /// An empty history keeping at most `capacity` samples (at least 16).
    pub fn new(capacity: usize) -> Self {
        Self {
            samples: Vec::new(),
            capacity: capacity.max(16),
            stride: 1,
            offered: 0,
        }
    }

    /// Offers a sample; it is kept when it falls on the current stride.
    pub fn offer(&mut self, sample: Sample) {
        let keep = self.offered.is_multiple_of(self.stride);
        self.offered += 1;
        if keep {
            self.push(sample);
        }
    }

    /// Keeps a sample whatever the stride (a sample someone asked for).
    pub fn push(&mut self, sample: Sample) {
        self.samples.push(sample);
        if self.samples.len() >= self.capacity {
            let mut i = 0;
            self.samples.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.stride *= 2;
        }
    }

    /// The kept samples, oldest first.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The number of offers between kept samples.
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = Self::new(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(step: u64) -> Sample {
        Sample {
            step,
            epoch: step,
            loss: 1.0 / (step as f64 + 1.0),
            data_loss: 0.0,
            reg_loss: 0.0,
            accuracy: None,
            misclassified: None,
        }
    }

    #[test]
    fn stays_bounded_and_spans_the_whole_run() {
        let mut h = History::new(100);
        for step in 0..1_000_000 {
            h.offer(sample(step));
        }
        assert!(h.samples().len() < 100);
        assert!(h.samples().len() >= 50);
        assert_eq!(h.samples()[0].step, 0);
        assert!(h.samples().last().expect("kept").step > 990_000);
        assert!(h.samples().windows(2).all(|w| w[0].step < w[1].step));
    }
}

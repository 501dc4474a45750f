//! The divergence guard: one rule shared by the app, `train` and `run`.
//!
//! A run has diverged when a step's loss is NaN or ±∞ (or the perceptron's weights overflow),
//! or when the full-data loss stays above [`GROWTH_FACTOR`] times its value at the start of
//! the segment for [`GROWTH_STEPS`] consecutive steps. For full-batch training the full-data
//! loss is each step's own loss (before its update); for mini-batches and SGD it is measured
//! every 4 epochs, at most every 50 steps (see `Trainer`), and the steps between two
//! measurements above the line count as above it.

use serde::Serialize;

/// How many times its starting value the loss must exceed.
pub const GROWTH_FACTOR: f64 = 10.0;
/// For how many consecutive steps.
pub const GROWTH_STEPS: u32 = 100;

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DivergenceKind {
    /// The loss (or a weight) became NaN or ±∞.
    NotFinite {
        /// The value seen (NaN or ±∞).
        value: f64,
    },
    /// The loss grew from `from` (the segment's start) to `to` and stayed there.
    Grew {
        /// The full-data loss at the start of the segment.
        from: f64,
        /// The loss when the guard tripped.
        to: f64,
    },
}

/// A diverged run: where, what, and at which learning rate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The step whose loss tripped the guard.
    pub step: u64,
    /// What happened.
    pub what: DivergenceKind,
    /// α when it happened.
    pub learning_rate: f64,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.what {
            DivergenceKind::NotFinite { value } => write!(
                f,
                "the loss became {value} at step {} with α = {}: lower the learning rate",
                self.step,
                crate::text::short(self.learning_rate)
            ),
            DivergenceKind::Grew { from, to } => write!(
                f,
                "the loss grew from {} to {} at α = {} (step {}): lower the learning rate",
                crate::text::short(from),
                crate::text::short(to),
                crate::text::short(self.learning_rate),
                self.step
            ),
        }
    }
}

/// The guard's state over one segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DivergenceGuard {
    /// The full-data loss at the start of the segment (None where no loss is defined).
    start: Option<f64>,
    /// Consecutive steps above `GROWTH_FACTOR · start`.
    above: u32,
}

impl DivergenceGuard {
    /// A guard for a segment starting at full-data loss `start`.
    pub fn new(start: Option<f64>) -> Self {
        Self {
            start: start.filter(|s| s.is_finite()),
            above: 0,
        }
    }

    /// The segment's starting loss.
    pub fn start(&self) -> Option<f64> {
        self.start
    }

    /// Looks at one step's loss; says what went wrong, if the run diverged here.
    pub fn check(&mut self, loss: f64) -> Option<DivergenceKind> {
        self.check_growth(loss, 1)
    }

    /// Looks at a full-data loss measured `steps` steps after the previous measurement: those
    /// steps count as above the line when this one is.
    pub fn check_growth(&mut self, loss: f64, steps: u64) -> Option<DivergenceKind> {
        if !loss.is_finite() {
            return Some(DivergenceKind::NotFinite { value: loss });
        }
        let from = self.start?;
        if loss > GROWTH_FACTOR * from {
            self.above = self
                .above
                .saturating_add(u32::try_from(steps).unwrap_or(u32::MAX));
            if self.above >= GROWTH_STEPS {
                return Some(DivergenceKind::Grew { from, to: loss });
            }
        } else {
            self.above = 0;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trips_on_nan_at_once_and_on_growth_after_the_stated_count() {
        let mut g = DivergenceGuard::new(Some(0.5));
        assert_eq!(g.check(0.4), None);
        assert!(matches!(
            g.check(f64::NAN),
            Some(DivergenceKind::NotFinite { .. })
        ));
        let mut g = DivergenceGuard::new(Some(0.5));
        for _ in 0..GROWTH_STEPS - 1 {
            assert_eq!(g.check(6.0), None);
        }
        // One step back under the line restarts the count.
        assert_eq!(g.check(4.0), None);
        for _ in 0..GROWTH_STEPS - 1 {
            assert_eq!(g.check(6.0), None);
        }
        assert_eq!(
            g.check(7.0),
            Some(DivergenceKind::Grew { from: 0.5, to: 7.0 })
        );
    }

    #[test]
    fn without_a_starting_loss_only_non_finite_values_trip() {
        let mut g = DivergenceGuard::new(None);
        for _ in 0..1000 {
            assert_eq!(g.check(1e300), None);
        }
        assert!(g.check(f64::INFINITY).is_some());
    }
}

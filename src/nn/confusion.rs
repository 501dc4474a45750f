//! The confusion matrix: `N[c][k]` counts the points of true class c that the model puts in
//! class k, so that the diagonal holds the right answers and the rows sum to each class's
//! size.

use serde::Serialize;

/// A C×C count of (true class, predicted class) pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct Confusion {
    classes: usize,
    counts: Vec<u64>,
}

impl Confusion {
    /// An all-zero C×C matrix.
    pub fn new(classes: usize) -> Self {
        Self {
            classes,
            counts: vec![0; classes * classes],
        }
    }

    /// Counts `N[truth[n]][predicted[n]]` over the pairs; a class index ≥ C is ignored.
    pub fn from_pairs(classes: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut m = Self::new(classes);
        for (truth, predicted) in pairs {
            m.add(truth, predicted);
        }
        m
    }

    /// Counts one point of class `truth` put in class `predicted`.
    pub fn add(&mut self, truth: usize, predicted: usize) {
        if truth < self.classes && predicted < self.classes {
            self.counts[truth * self.classes + predicted] += 1;
        }
    }

    /// C.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// `N[truth][predicted]`.
    pub fn count(&self, truth: usize, predicted: usize) -> u64 {
        if truth < self.classes && predicted < self.classes {
            self.counts[truth * self.classes + predicted]
        } else {
            0
        }
    }

    /// `Σ_k N[truth][k]`, the points of class `truth`.
    pub fn row_total(&self, truth: usize) -> u64 {
        (0..self.classes).map(|k| self.count(truth, k)).sum()
    }

    /// `Σ_c Σ_k N[c][k]`, every point counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// `Σ_c N[c][c]`, the points classified right.
    pub fn correct(&self) -> u64 {
        (0..self.classes).map(|c| self.count(c, c)).sum()
    }

    /// The row percentage `100 · N[truth][predicted] / Σ_k N[truth][k]` (`None` for an
    /// empty row): for the diagonal, the recall of that class.
    pub fn row_percent(&self, truth: usize, predicted: usize) -> Option<f64> {
        let total = self.row_total(truth);
        (total > 0).then(|| 100.0 * self.count(truth, predicted) as f64 / total as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rows_and_percentages_by_hand() {
        // Class 0: 3 points, 2 right, 1 put in class 2; class 1: 1 point, right; class 2: none.
        let m = Confusion::from_pairs(3, [(0, 0), (0, 2), (0, 0), (1, 1), (7, 0)]);
        assert_eq!(m.count(0, 0), 2);
        assert_eq!(m.count(0, 2), 1);
        assert_eq!(m.row_total(0), 3);
        assert_eq!(m.total(), 4, "a class outside 0..C is ignored");
        assert_eq!(m.correct(), 3);
        let p = m.row_percent(0, 0).expect("a full row");
        assert!((p - 200.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.row_percent(2, 2), None);
    }
}

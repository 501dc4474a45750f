//! Datasets: N points in ℝ² with a class index `c ∈ {0, …, C−1}` each (COURSE §1).
//!
//! Imported or generated data is never normalised. The perceptron reads class 1 as `y = +1`
//! and class 0 as `y = −1`; the MLP uses `t = c` (C = 2) or a one-hot target (C ≥ 3).

mod csv;
mod csv_input;
mod features;
mod generate;
mod shapes;
mod split;
mod validate;

pub use self::csv::{
    CsvError, CsvProblem, read_csv, read_csv_from, read_test_csv, write_csv, write_csv_to,
};
pub use csv_input::{MAX_DATA_BYTES, MAX_LINE_BYTES};
pub use features::{Feature, Features, FeaturesError};
pub use generate::{DataSpec, DatasetKind, GenerateError, MAX_POINTS};
pub use split::{MAX_TEST_FRACTION, Split, SplitError, TestFraction, fit_test_set, split};
pub use validate::{DatasetError, MAX_COORDINATE};

use ndarray::Array2;

/// A labelled point set: `points` is N×2 (one row a point), `classes[n]` the class of row n.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// N×d, one row a point (d = 2: `x₁, x₂`).
    pub points: Array2<f64>,
    /// The class index of each point, `0 ≤ c < class_count`.
    pub classes: Vec<usize>,
    /// C, the number of classes (at least 2).
    pub class_count: usize,
}

impl Dataset {
    /// A dataset from rows and labels; `class_count` is `max(label) + 1`.
    ///
    /// Returns `None` when the lengths differ or there are no points.
    pub fn from_rows(rows: &[[f64; 2]], classes: Vec<usize>) -> Option<Self> {
        if rows.is_empty() || rows.len() != classes.len() {
            return None;
        }
        let class_count = classes.iter().copied().max().unwrap_or(0) + 1;
        let flat: Vec<f64> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let points = Array2::from_shape_vec((rows.len(), 2), flat).ok()?;
        Some(Self {
            points,
            classes,
            class_count: class_count.max(2),
        })
    }

    /// N, the number of points.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when the dataset holds no point.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The perceptron label of point n: `y = +1` for class 1, `y = −1` for class 0.
    pub fn label(&self, n: usize) -> f64 {
        if self.classes[n] == 1 { 1.0 } else { -1.0 }
    }

    /// Row n of the points: `(x₁, x₂)`, or `φ(x_n)` in a dataset made by
    /// [`Features::apply`].
    pub fn row(&self, n: usize) -> ndarray::ArrayView1<'_, f64> {
        self.points.row(n)
    }

    /// Point n as `[x₁, x₂]`.
    pub fn point(&self, n: usize) -> [f64; 2] {
        [self.points[[n, 0]], self.points[[n, 1]]]
    }

    /// The smallest box `[x_min, x_max] × [y_min, y_max]` holding every point.
    pub fn bounds(&self) -> [[f64; 2]; 2] {
        let mut b = [[f64::INFINITY, f64::NEG_INFINITY]; 2];
        for row in self.points.rows() {
            for (d, bd) in b.iter_mut().enumerate() {
                bd[0] = bd[0].min(row[d]);
                bd[1] = bd[1].max(row[d]);
            }
        }
        b
    }

    /// The points feature-major (d×N, row k holds feature k of every point), the layout the
    /// training kernels read.
    pub fn feature_major(&self) -> Vec<f64> {
        let (n, d) = self.points.dim();
        let mut out = vec![0.0; n * d];
        for (i, row) in self.points.rows().into_iter().enumerate() {
            for k in 0..d {
                out[k * n + i] = row[k];
            }
        }
        out
    }

    /// Appends a point of class `class` (the class count grows if needed).
    pub fn push(&mut self, point: [f64; 2], class: usize) {
        let n = self.len();
        let mut flat = self
            .points
            .as_standard_layout()
            .iter()
            .copied()
            .collect::<Vec<_>>();
        flat.extend_from_slice(&point);
        self.points = Array2::from_shape_vec((n + 1, 2), flat).expect("n+1 rows of 2 values");
        self.classes.push(class);
        self.class_count = self.class_count.max(class + 1);
    }

    /// Removes point n (nothing happens when n is out of range).
    pub fn remove(&mut self, n: usize) {
        if n >= self.len() {
            return;
        }
        let keep: Vec<usize> = (0..self.len()).filter(|&i| i != n).collect();
        self.points = self.points.select(ndarray::Axis(0), &keep);
        self.classes.remove(n);
    }

    /// The number of points in each class.
    pub fn class_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.class_count];
        for &c in &self.classes {
            sizes[c] += 1;
        }
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_course() {
        let d = Dataset::from_rows(&[[0.0, 0.0], [1.0, 1.0]], vec![0, 1]).expect("valid");
        assert_eq!(d.label(0), -1.0);
        assert_eq!(d.label(1), 1.0);
        assert_eq!(d.class_count, 2);
    }

    #[test]
    fn feature_major_transposes() {
        let d = Dataset::from_rows(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], vec![0, 1, 0])
            .expect("valid");
        assert_eq!(d.feature_major(), vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
    }

    #[test]
    fn push_and_remove_keep_rows_and_labels_together() {
        let mut d = Dataset::from_rows(&[[1.0, 2.0], [3.0, 4.0]], vec![0, 1]).expect("valid");
        d.push([5.0, 6.0], 2);
        assert_eq!(d.class_count, 3);
        d.remove(0);
        assert_eq!(d.point(0), [3.0, 4.0]);
        assert_eq!(d.point(1), [5.0, 6.0]);
        assert_eq!(d.classes, vec![1, 2]);
        assert_eq!(d.bounds(), [[3.0, 5.0], [4.0, 6.0]]);
    }
}

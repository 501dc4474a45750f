//! Checks every dataset passes before a model sees it, wherever it came from (a file, the
//! app's editor, a generator): each class 0…C−1 has points, and no coordinate is so large
//! that the network's arithmetic overflows.

use super::Dataset;
use crate::text::number;

/// The largest coordinate magnitude accepted: a square of anything larger overflows `f64`
/// (about 1.8e308), so losses and gradients would become ∞ or NaN whatever the learning rate.
pub const MAX_COORDINATE: f64 = 1e150;

/// Why a dataset cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DatasetError {
    /// Every point has the same class.
    #[error("every point has class {0}; at least 2 classes are needed")]
    OneClass(usize),
    /// A class index below the largest one has no point.
    #[error(
        "class {class} has no points: labels must be 0…C−1 with every class present \
         (the largest label here is {largest})"
    )]
    EmptyClass {
        /// the empty class
        class: usize,
        /// the largest label present
        largest: usize,
    },
    /// A coordinate whose scale overflows the arithmetic.
    #[error(
        "point {point} has x{feature} = {}: coordinates beyond ±{} overflow the network's \
         arithmetic (squares exceed the largest float); rescale the data",
        number(*value),
        number(MAX_COORDINATE)
    )]
    Scale {
        /// 1-based point index
        point: usize,
        /// 1 or 2
        feature: usize,
        /// the coordinate
        value: f64,
    },
}

impl Dataset {
    /// Checks that at least two classes are present and none of 0…C−1 is empty.
    pub fn check_classes(&self) -> Result<(), DatasetError> {
        let sizes = self.class_sizes();
        let largest = sizes.iter().rposition(|&n| n > 0).unwrap_or(0);
        if sizes.iter().filter(|&&n| n > 0).count() < 2 {
            return Err(DatasetError::OneClass(largest));
        }
        match sizes[..=largest].iter().position(|&n| n == 0) {
            Some(class) => Err(DatasetError::EmptyClass { class, largest }),
            None => Ok(()),
        }
    }

    /// Checks that every coordinate is within ±[`MAX_COORDINATE`].
    pub fn check_scale(&self) -> Result<(), DatasetError> {
        for (n, row) in self.points.rows().into_iter().enumerate() {
            if let Some(k) = row.iter().position(|v| v.abs() > MAX_COORDINATE) {
                return Err(DatasetError::Scale {
                    point: n + 1,
                    feature: k + 1,
                    value: row[k],
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_class_is_named() {
        let d = Dataset::from_rows(&[[0.0, 0.0], [1.0, 1.0]], vec![0, 2]).expect("rows");
        let e = d.check_classes().expect_err("class 1 is empty");
        assert!(e.to_string().starts_with("class 1 has no points"), "{e}");
        let d = Dataset::from_rows(&[[0.0, 0.0], [1.0, 1.0]], vec![1, 0]).expect("rows");
        assert_eq!(d.check_classes(), Ok(()));
    }

    #[test]
    fn an_overflowing_scale_is_named() {
        let d = Dataset::from_rows(&[[0.0, 0.0], [1.0, -1e308]], vec![0, 1]).expect("rows");
        let e = d.check_scale().expect_err("too large");
        assert!(e.to_string().starts_with("point 2 has x2 = -1e308"), "{e}");
    }
}

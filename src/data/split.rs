//! The train/test split (COURSE §6): a test fraction F (0 ≤ F ≤ 0.9) takes `round(F·n_c)`
//! points of each class c as test points, chosen by a shuffle seeded from the split seed;
//! training never sees them. An explicit test file may be given instead: it may lack a
//! class, the training data may not.

use super::Dataset;
use crate::text::number;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// The largest test fraction.
pub const MAX_TEST_FRACTION: f64 = 0.9;

/// Why a split or a test set cannot be used; each message says what to change.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SplitError {
    /// F outside [0, 0.9].
    #[error("the test fraction must be a number in [0, {MAX_TEST_FRACTION}] (got {})", number(*.0))]
    Fraction(f64),
    /// The split would leave a class without a training point.
    #[error(
        "a test fraction of {} leaves class {class} without a training point (it has \
         {size} point{}); choose a smaller fraction",
        number(*.fraction), if *.size == 1 { "" } else { "s" }
    )]
    EmptyTrainingClass {
        /// F
        fraction: f64,
        /// the class
        class: usize,
        /// its points in the whole data
        size: usize,
    },
    /// A test point of a class the training data does not have.
    #[error(
        "the test data has class {class} but the training data has classes 0…{} only",
        .classes - 1
    )]
    TestClass {
        /// the test point's class
        class: usize,
        /// C of the training data
        classes: usize,
    },
}

/// A test fraction F checked to lie in [0, [`MAX_TEST_FRACTION`]].
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct TestFraction(f64);

impl TestFraction {
    /// No test set.
    pub const ZERO: Self = Self(0.0);

    /// F, refused outside [0, 0.9] (and when not finite).
    pub fn new(fraction: f64) -> Result<Self, SplitError> {
        if fraction.is_finite() && (0.0..=MAX_TEST_FRACTION).contains(&fraction) {
            // `+ 0.0` turns −0 into 0.
            Ok(Self(fraction + 0.0))
        } else {
            Err(SplitError::Fraction(fraction))
        }
    }

    /// F.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The test points of a class of `n_c` points: `round(F·n_c)`.
    pub fn test_count(self, n_c: usize) -> usize {
        (self.0 * n_c as f64).round() as usize
    }
}

/// Training points and (when F > 0) test points.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// The points training sees, in their original order.
    pub train: Dataset,
    /// The held-out points, in their original order (`None` when F gives none).
    pub test: Option<Dataset>,
    /// The indices (in the whole data) of the test points, increasing.
    pub test_indices: Vec<usize>,
}

/// The shuffle of the split seed (a stream of its own, apart from data and weights).
fn split_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(3);
    rng
}

/// Splits `data` stratified per class: for each class c in turn, its point indices are
/// shuffled by the seed's stream and the first `round(F·n_c)` become test points.
pub fn split(data: &Dataset, fraction: TestFraction, seed: u64) -> Result<Split, SplitError> {
    let mut rng = split_rng(seed);
    let mut is_test = vec![false; data.len()];
    for (class, size) in data.class_sizes().into_iter().enumerate() {
        let mut members: Vec<usize> = (0..data.len())
            .filter(|&n| data.classes[n] == class)
            .collect();
        let k = fraction.test_count(size);
        if size > 0 && k >= size {
            return Err(SplitError::EmptyTrainingClass {
                fraction: fraction.get(),
                class,
                size,
            });
        }
        members.shuffle(&mut rng);
        for &n in &members[..k] {
            is_test[n] = true;
        }
    }
    let test_indices: Vec<usize> = (0..data.len()).filter(|&n| is_test[n]).collect();
    let train_indices: Vec<usize> = (0..data.len()).filter(|&n| !is_test[n]).collect();
    let test = (!test_indices.is_empty()).then(|| subset(data, &test_indices));
    Ok(Split {
        train: subset(data, &train_indices),
        test,
        test_indices,
    })
}

/// The rows `indices` of `data`, with the same class count.
fn subset(data: &Dataset, indices: &[usize]) -> Dataset {
    Dataset {
        points: data.points.select(ndarray::Axis(0), indices),
        classes: indices.iter().map(|&n| data.classes[n]).collect(),
        class_count: data.class_count,
    }
}

/// Makes an explicit test set fit training data with `classes` classes: every test class
/// must be one of them (a class may be missing); the test set takes their class count.
pub fn fit_test_set(mut test: Dataset, classes: usize) -> Result<Dataset, SplitError> {
    if let Some(&class) = test.classes.iter().find(|&&c| c >= classes) {
        return Err(SplitError::TestClass { class, classes });
    }
    test.class_count = classes;
    Ok(test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataSpec, DatasetKind};

    fn spiral(classes: usize, per_class: usize) -> Dataset {
        DataSpec {
            kind: DatasetKind::Spiral,
            classes,
            points_per_class: per_class,
            ..DataSpec::default()
        }
        .generate()
        .expect("a valid spiral")
    }

    fn f(x: f64) -> TestFraction {
        TestFraction::new(x).expect("in range")
    }

    #[test]
    fn takes_round_f_n_c_of_every_class() {
        let data = spiral(3, 37);
        for x in [0.1, 0.3, 0.5, 0.9] {
            let s = split(&data, f(x), 1).expect("splits");
            // Reference: round half away from zero, written out.
            let expected = (x * 37.0 + 0.5).floor() as usize;
            let test = s.test.expect("a test set");
            assert_eq!(test.class_sizes(), vec![expected; 3], "F = {x}");
            assert_eq!(s.train.class_sizes(), vec![37 - expected; 3], "F = {x}");
            assert_eq!(test.class_count, 3);
        }
    }

    #[test]
    fn the_two_sets_are_disjoint_and_cover_the_data() {
        let data = spiral(2, 50);
        let s = split(&data, f(0.3), 7).expect("splits");
        let test = s.test.expect("a test set");
        let key = |d: &Dataset, n: usize| {
            let p = d.point(n);
            (p[0].to_bits(), p[1].to_bits(), d.classes[n])
        };
        let mut all: Vec<_> = (0..s.train.len()).map(|n| key(&s.train, n)).collect();
        let test_keys: Vec<_> = (0..test.len()).map(|n| key(&test, n)).collect();
        for k in &test_keys {
            assert!(!all.contains(k), "a test point is also a training point");
        }
        all.extend(test_keys);
        let mut whole: Vec<_> = (0..data.len()).map(|n| key(&data, n)).collect();
        all.sort_unstable();
        whole.sort_unstable();
        assert_eq!(all, whole);
        for (i, &n) in s.test_indices.iter().enumerate() {
            assert_eq!(test.point(i), data.point(n));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_split_and_another_seed_another() {
        let data = spiral(2, 100);
        let a = split(&data, f(0.3), 5).expect("splits");
        let b = split(&data, f(0.3), 5).expect("splits");
        let c = split(&data, f(0.3), 6).expect("splits");
        assert_eq!(a, b);
        assert_ne!(a.test_indices, c.test_indices);
    }

    #[test]
    fn zero_gives_no_test_set() {
        let data = spiral(2, 20);
        let s = split(&data, TestFraction::ZERO, 1).expect("splits");
        assert!(s.test.is_none());
        assert!(s.test_indices.is_empty());
        assert_eq!(s.train, data);
    }

    #[test]
    fn refuses_fractions_out_of_range_and_empty_training_classes() {
        for bad in [-0.1, 0.91, 1.0, f64::NAN, f64::INFINITY] {
            let e = TestFraction::new(bad).expect_err("out of range");
            assert!(e.to_string().contains("test fraction"), "{e}");
        }
        // AND has one point of class 1: F = 0.5 would take it (round(0.5) = 1).
        let and = DataSpec {
            kind: DatasetKind::And,
            ..DataSpec::default()
        }
        .generate()
        .expect("valid");
        let e = split(&and, f(0.5), 1).expect_err("class 1 would be empty");
        assert!(e.to_string().contains("class 1"), "{e}");
    }

    #[test]
    fn a_test_file_may_lack_a_class_but_not_add_one() {
        let test = Dataset::from_rows(&[[0.0, 0.0], [1.0, 1.0]], vec![0, 0]).expect("rows");
        let fitted = fit_test_set(test.clone(), 3).expect("a missing class is fine");
        assert_eq!(fitted.class_count, 3);
        let four = Dataset::from_rows(&[[0.0, 0.0]], vec![3]).expect("rows");
        let e = fit_test_set(four, 3).expect_err("class 3 is unknown");
        assert!(e.to_string().contains("class 3"), "{e}");
    }
}

//! Seeded dataset generators (COURSE §1). The same [`DataSpec`] gives the same points on every
//! run: the random numbers come from `ChaCha8Rng`, a portable generator.

use super::Dataset;
use super::shapes::{Builder, blobs, circle, gate, gauss, moons, spiral, xor_quadrants};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

#[cfg(test)]
use super::shapes::BLOBS_OFFSET;

/// The most points a dataset may hold, generated or imported.
pub const MAX_POINTS: usize = 1_000_000;

/// The generators, by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    /// cs231n's spiral: C arms, N points each.
    Spiral,
    /// Logical AND on {0,1}².
    And,
    /// Logical OR on {0,1}².
    Or,
    /// Logical NAND on {0,1}².
    Nand,
    /// Logical XOR on {0,1}²: not linearly separable.
    Xor,
    /// Two Gaussian clusters kept apart by a margin: linearly separable.
    Blobs,
    /// Two overlapping Gaussian clusters: nearly separable.
    Overlap,
    /// An inner disc (class 0) inside a ring (class 1).
    Circle,
    /// Two interleaving half circles.
    Moons,
    /// C Gaussian clusters on a circle.
    Gauss,
    /// TensorFlow Playground's XOR: uniform points in [−1, 1]², class 1 where x₁x₂ ≥ 0.
    #[serde(rename = "xor-quadrants")]
    XorQuadrants,
}

impl DatasetKind {
    /// Every generator, in menu order.
    pub const ALL: [DatasetKind; 11] = [
        Self::Spiral,
        Self::Xor,
        Self::And,
        Self::Or,
        Self::Nand,
        Self::Blobs,
        Self::Overlap,
        Self::Circle,
        Self::Moons,
        Self::Gauss,
        Self::XorQuadrants,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Spiral => "spiral",
            Self::And => "and",
            Self::Or => "or",
            Self::Nand => "nand",
            Self::Xor => "xor",
            Self::Blobs => "blobs",
            Self::Overlap => "overlap",
            Self::Circle => "circle",
            Self::Moons => "moons",
            Self::Gauss => "gauss",
            Self::XorQuadrants => "xor-quadrants",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// True for AND, OR, NAND, XOR: the 4 corners of the unit square.
    pub fn is_logic_gate(self) -> bool {
        matches!(self, Self::And | Self::Or | Self::Nand | Self::Xor)
    }

    /// True when the generator can make more than 2 classes.
    pub fn supports_many_classes(self) -> bool {
        matches!(self, Self::Spiral | Self::Gauss)
    }

    /// The default noise: the angle noise of the spiral, the cluster spread of the blobs.
    pub fn default_noise(self) -> f64 {
        match self {
            Self::Spiral => 0.2,
            Self::Blobs => 0.5,
            Self::Overlap => 0.7,
            Self::Circle => 0.05,
            Self::Moons => 0.1,
            Self::Gauss => 0.4,
            Self::And | Self::Or | Self::Nand | Self::Xor | Self::XorQuadrants => 0.0,
        }
    }
}

impl std::fmt::Display for DatasetKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a generator request was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GenerateError {
    /// More than [`MAX_POINTS`] in all.
    #[error("{requested} points in all is more than the limit of {MAX_POINTS}")]
    TooManyPoints {
        /// points per class × classes
        requested: usize,
    },
    /// Zero points per class.
    #[error("points per class must be at least 1 (got 0)")]
    NoPoints,
    /// Fewer than 2 classes, or more than the generator can make.
    #[error("{kind} makes {allowed} classes, not {requested}")]
    Classes {
        /// the generator
        kind: DatasetKind,
        /// what it can make
        allowed: &'static str,
        /// what was asked
        requested: usize,
    },
    /// A negative or non-finite noise.
    #[error("noise must be a finite number ≥ 0 (got {})", crate::text::number(*.0))]
    Noise(f64),
}

/// Everything that defines a generated dataset.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSpec {
    /// Which generator.
    pub kind: DatasetKind,
    /// C (ignored by the 2-class generators, which require 2).
    pub classes: usize,
    /// N, points per class (the logic gates always have 4 points in all).
    pub points_per_class: usize,
    /// The generator's noise ([`DatasetKind::default_noise`] when `None`).
    pub noise: Option<f64>,
    /// The data seed.
    pub seed: u64,
}

impl Default for DataSpec {
    fn default() -> Self {
        Self {
            kind: DatasetKind::Spiral,
            classes: 2,
            points_per_class: 100,
            noise: None,
            seed: 1,
        }
    }
}

impl DataSpec {
    /// Checks the request without generating anything.
    pub fn validate(&self) -> Result<(), GenerateError> {
        let noise = self.noise();
        if !noise.is_finite() || noise < 0.0 {
            return Err(GenerateError::Noise(noise));
        }
        if self.kind.is_logic_gate() {
            return if self.classes == 2 {
                Ok(())
            } else {
                Err(GenerateError::Classes {
                    kind: self.kind,
                    allowed: "exactly 2",
                    requested: self.classes,
                })
            };
        }
        if self.points_per_class == 0 {
            return Err(GenerateError::NoPoints);
        }
        if self.kind.supports_many_classes() {
            if !(2..=32).contains(&self.classes) {
                return Err(GenerateError::Classes {
                    kind: self.kind,
                    allowed: "2 to 32",
                    requested: self.classes,
                });
            }
        } else if self.classes != 2 {
            return Err(GenerateError::Classes {
                kind: self.kind,
                allowed: "exactly 2",
                requested: self.classes,
            });
        }
        let requested = self.points_per_class.saturating_mul(self.classes);
        if requested > MAX_POINTS {
            return Err(GenerateError::TooManyPoints { requested });
        }
        Ok(())
    }

    /// The noise in use.
    pub fn noise(&self) -> f64 {
        self.noise.unwrap_or_else(|| self.kind.default_noise())
    }

    /// Generates the dataset (refusing invalid requests first).
    pub fn generate(&self) -> Result<Dataset, GenerateError> {
        self.validate()?;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let n = self.points_per_class;
        let noise = self.noise();
        let mut b = Builder::default();
        match self.kind {
            DatasetKind::Spiral => spiral(&mut b, &mut rng, self.classes, n, noise),
            DatasetKind::And => gate(&mut b, |a, c| a && c),
            DatasetKind::Or => gate(&mut b, |a, c| a || c),
            DatasetKind::Nand => gate(&mut b, |a, c| !(a && c)),
            DatasetKind::Xor => gate(&mut b, |a, c| a != c),
            DatasetKind::Blobs => blobs(&mut b, &mut rng, n, noise, 0.5),
            DatasetKind::Overlap => blobs(&mut b, &mut rng, n, noise, 0.0),
            DatasetKind::Circle => circle(&mut b, &mut rng, n, noise),
            DatasetKind::Moons => moons(&mut b, &mut rng, n, noise),
            DatasetKind::Gauss => gauss(&mut b, &mut rng, self.classes, n, noise),
            DatasetKind::XorQuadrants => xor_quadrants(&mut b, &mut rng, n, noise),
        }
        let classes = if self.kind.is_logic_gate() {
            2
        } else {
            self.classes
        };
        Ok(b.finish(classes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_quadrants_labels_follow_the_sign_of_x1_x2() {
        let d = DataSpec {
            points_per_class: 200,
            ..spec(DatasetKind::XorQuadrants)
        }
        .generate()
        .expect("valid");
        assert_eq!(d.class_sizes(), vec![200, 200]);
        let mut quadrants = [0usize; 4];
        for n in 0..d.len() {
            let [x1, x2] = d.point(n);
            assert!(x1.abs() <= 1.0 && x2.abs() <= 1.0, "{x1}, {x2}");
            assert_eq!(d.classes[n], usize::from(x1 * x2 >= 0.0), "{x1}, {x2}");
            quadrants[usize::from(x1 >= 0.0) + 2 * usize::from(x2 >= 0.0)] += 1;
        }
        // Each class fills both of its quadrants.
        assert!(quadrants.iter().all(|&q| q > 60), "{quadrants:?}");
        let noisy = DataSpec {
            noise: Some(0.3),
            points_per_class: 200,
            ..spec(DatasetKind::XorQuadrants)
        }
        .generate()
        .expect("valid");
        let flipped = (0..noisy.len())
            .filter(|&n| {
                let [x1, x2] = noisy.point(n);
                noisy.classes[n] != usize::from(x1 * x2 >= 0.0)
            })
            .count();
        assert!(flipped > 0 && flipped < 200, "{flipped}");
        assert_eq!(
            DatasetKind::from_name("xor-quadrants"),
            Some(DatasetKind::XorQuadrants)
        );
    }

    fn spec(kind: DatasetKind) -> DataSpec {
        DataSpec {
            kind,
            ..DataSpec::default()
        }
    }

    #[test]
    fn spiral_matches_the_cs231n_formula_without_noise() {
        let d = DataSpec {
            noise: Some(0.0),
            points_per_class: 5,
            classes: 3,
            ..spec(DatasetKind::Spiral)
        }
        .generate()
        .expect("valid");
        assert_eq!(d.len(), 15);
        assert_eq!(d.class_count, 3);
        // class 2, i = 4: r = 1, θ = 12.
        let p = d.point(14);
        assert!((p[0] - 12f64.sin()).abs() < 1e-15 && (p[1] - 12f64.cos()).abs() < 1e-15);
        // class 1, i = 2: r = 0.5, θ = 4 + 4·0.5 = 6.
        let p = d.point(7);
        assert!((p[0] - 0.5 * 6f64.sin()).abs() < 1e-15);
        assert_eq!(d.classes[7], 1);
        // i = 0 has r = 0: the centre.
        assert_eq!(d.point(5), [0.0, 0.0]);
    }

    #[test]
    fn same_seed_same_points_other_seed_other_points() {
        for kind in DatasetKind::ALL {
            let a = spec(kind).generate().expect("valid");
            let b = spec(kind).generate().expect("valid");
            assert_eq!(a, b, "{kind}");
            if !kind.is_logic_gate() {
                let c = DataSpec {
                    seed: 2,
                    ..spec(kind)
                }
                .generate()
                .expect("valid");
                assert_ne!(a.points, c.points, "{kind}");
            }
        }
    }

    #[test]
    fn gates_have_the_truth_tables() {
        let truth = |k| spec(k).generate().expect("valid").classes;
        assert_eq!(truth(DatasetKind::And), vec![0, 0, 0, 1]);
        assert_eq!(truth(DatasetKind::Or), vec![0, 1, 1, 1]);
        assert_eq!(truth(DatasetKind::Nand), vec![1, 1, 1, 0]);
        assert_eq!(truth(DatasetKind::Xor), vec![0, 1, 1, 0]);
        let xor = spec(DatasetKind::Xor).generate().expect("valid");
        assert_eq!(xor.point(2), [1.0, 0.0]);
    }

    #[test]
    fn blobs_keep_their_margin() {
        let d = DataSpec {
            points_per_class: 500,
            ..spec(DatasetKind::Blobs)
        }
        .generate()
        .expect("valid");
        for n in 0..d.len() {
            let p = d.point(n);
            let (u, v) = (p[0] - BLOBS_OFFSET[0], p[1] - BLOBS_OFFSET[1]);
            let dist = d.label(n) * (u + v) / 2f64.sqrt();
            assert!(dist >= 0.5 - 1e-12, "point {n} at {dist}");
        }
    }

    #[test]
    fn circle_classes_lie_inside_and_outside() {
        let d = DataSpec {
            noise: Some(0.0),
            ..spec(DatasetKind::Circle)
        }
        .generate()
        .expect("valid");
        for n in 0..d.len() {
            let p = d.point(n);
            let r = p[0].hypot(p[1]);
            if d.classes[n] == 0 {
                assert!(r <= 0.5 + 1e-12);
            } else {
                assert!((0.7 - 1e-12..=1.0 + 1e-12).contains(&r));
            }
        }
    }

    #[test]
    fn refuses_what_it_cannot_make() {
        let too_many = DataSpec {
            points_per_class: 500_001,
            ..spec(DatasetKind::Spiral)
        };
        assert_eq!(
            too_many.generate(),
            Err(GenerateError::TooManyPoints {
                requested: 1_000_002
            })
        );
        let three_moons = DataSpec {
            classes: 3,
            ..spec(DatasetKind::Moons)
        };
        assert!(matches!(
            three_moons.generate(),
            Err(GenerateError::Classes { .. })
        ));
        let bad_noise = DataSpec {
            noise: Some(f64::NAN),
            ..spec(DatasetKind::Spiral)
        };
        assert!(matches!(bad_noise.generate(), Err(GenerateError::Noise(_))));
        let none = DataSpec {
            points_per_class: 0,
            ..spec(DatasetKind::Gauss)
        };
        assert_eq!(none.generate(), Err(GenerateError::NoPoints));
    }

    #[test]
    fn gauss_makes_many_classes() {
        let d = DataSpec {
            classes: 5,
            points_per_class: 7,
            ..spec(DatasetKind::Gauss)
        }
        .generate()
        .expect("valid");
        assert_eq!(d.class_sizes(), vec![7; 5]);
    }
}

//! The shapes the generators draw (COURSE §1), from a seeded `ChaCha8Rng`.

use super::Dataset;
use ndarray::Array2;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use std::f64::consts::PI;

/// Collects points before they become a [`Dataset`].
#[derive(Default)]
pub(super) struct Builder {
    flat: Vec<f64>,
    classes: Vec<usize>,
}

impl Builder {
    pub(super) fn push(&mut self, x1: f64, x2: f64, class: usize) {
        self.flat.push(x1);
        self.flat.push(x2);
        self.classes.push(class);
    }

    pub(super) fn finish(self, class_count: usize) -> Dataset {
        let n = self.classes.len();
        Dataset {
            points: Array2::from_shape_vec((n, 2), self.flat).expect("two values a point"),
            classes: self.classes,
            class_count,
        }
    }
}

fn randn(rng: &mut ChaCha8Rng) -> f64 {
    rng.sample(StandardNormal)
}

/// `linspace(a, b, n)[i]`, as numpy computes it (the last value is exactly `b`).
fn linspace(a: f64, b: f64, n: usize, i: usize) -> f64 {
    if n <= 1 {
        return a;
    }
    if i == n - 1 {
        return b;
    }
    a + (b - a) * i as f64 / (n - 1) as f64
}

/// cs231n: for class j, `r = linspace(0, 1, N)`, `θ = linspace(4j, 4(j+1), N) + noise·randn`,
/// `x = (r sin θ, r cos θ)`.
pub(super) fn spiral(b: &mut Builder, rng: &mut ChaCha8Rng, classes: usize, n: usize, noise: f64) {
    for j in 0..classes {
        let (t0, t1) = (4.0 * j as f64, 4.0 * (j + 1) as f64);
        for i in 0..n {
            let r = linspace(0.0, 1.0, n, i);
            let t = linspace(t0, t1, n, i) + noise * randn(rng);
            b.push(r * t.sin(), r * t.cos(), j);
        }
    }
}

/// The 4 corners of {0,1}², class 1 where the gate is true.
pub(super) fn gate(b: &mut Builder, truth: impl Fn(bool, bool) -> bool) {
    for (x1, x2) in [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)] {
        b.push(x1, x2, usize::from(truth(x1 == 1.0, x2 == 1.0)));
    }
}

/// Two Gaussian clusters of spread `noise` centred at ±(1, 1) + [`BLOBS_OFFSET`]. With
/// `margin > 0` a point is drawn again until its signed distance to the line through the
/// offset with normal (1, 1) is at least `margin` on its own side, so the classes are
/// linearly separable.
pub(super) fn blobs(b: &mut Builder, rng: &mut ChaCha8Rng, n: usize, noise: f64, margin: f64) {
    for class in 0..2 {
        let s = if class == 1 { 1.0 } else { -1.0 };
        for _ in 0..n {
            let (mut x1, mut x2);
            let mut tries = 0;
            loop {
                x1 = s + noise * randn(rng);
                x2 = s + noise * randn(rng);
                tries += 1;
                if margin <= 0.0 || s * (x1 + x2) / 2f64.sqrt() >= margin || tries > 1000 {
                    break;
                }
            }
            if margin > 0.0 && s * (x1 + x2) / 2f64.sqrt() < margin {
                // Only reachable with an enormous noise: mirror the point to its own side.
                let shift = (margin - s * (x1 + x2) / 2f64.sqrt()) * 2f64.sqrt();
                x1 += s * shift;
                x2 += s * shift;
            }
            b.push(x1 + BLOBS_OFFSET[0], x2 + BLOBS_OFFSET[1], class);
        }
    }
}

/// Where the blobs' midpoint sits: away from the origin, so that the perceptron has to
/// learn its bias b and takes a few visible steps from w̄ = 0.
pub const BLOBS_OFFSET: [f64; 2] = [2.0, 0.5];

/// Class 0: a disc of radius 0.5; class 1: a ring 0.7 ≤ r ≤ 1; both with Gaussian noise.
pub(super) fn circle(b: &mut Builder, rng: &mut ChaCha8Rng, n: usize, noise: f64) {
    for (class, (r0, r1)) in [(0.0, 0.5), (0.7, 1.0)].into_iter().enumerate() {
        for _ in 0..n {
            let r = rng.random_range(r0..=r1);
            let t = rng.random_range(0.0..2.0 * PI);
            b.push(
                r * t.cos() + noise * randn(rng),
                r * t.sin() + noise * randn(rng),
                class,
            );
        }
    }
}

/// scikit-learn's two moons, centred: class 0 on `(cos t, sin t)`, class 1 on
/// `(1 − cos t, ½ − sin t)`, `t = linspace(0, π, N)`, shifted by (−½, −¼), plus noise.
pub(super) fn moons(b: &mut Builder, rng: &mut ChaCha8Rng, n: usize, noise: f64) {
    for class in 0..2 {
        for i in 0..n {
            let t = linspace(0.0, PI, n, i);
            let (x1, x2) = if class == 0 {
                (t.cos(), t.sin())
            } else {
                (1.0 - t.cos(), 0.5 - t.sin())
            };
            b.push(
                x1 - 0.5 + noise * randn(rng),
                x2 - 0.25 + noise * randn(rng),
                class,
            );
        }
    }
}

/// TensorFlow Playground's XOR: for each class, N points uniform over its two quadrants of
/// [−1, 1]² (class 1: x₁x₂ ≥ 0, the first and third), then Gaussian noise of spread `noise`
/// added to both coordinates (the label is the region's).
pub(super) fn xor_quadrants(b: &mut Builder, rng: &mut ChaCha8Rng, n: usize, noise: f64) {
    for class in 0..2 {
        for _ in 0..n {
            let s1: f64 = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            // Class 1: same signs; class 0: opposite signs.
            let s2 = if class == 1 { s1 } else { -s1 };
            // Class 0 never touches an axis, where x₁x₂ = 0 would make it class 1.
            let low = if class == 1 { 0.0 } else { f64::MIN_POSITIVE };
            let u1: f64 = rng.random_range(low..=1.0);
            let u2: f64 = rng.random_range(low..=1.0);
            b.push(
                s1 * u1 + noise * randn(rng),
                s2 * u2 + noise * randn(rng),
                class,
            );
        }
    }
}

/// C Gaussian clusters of spread `noise`, centred on a circle of radius 1.5.
pub(super) fn gauss(b: &mut Builder, rng: &mut ChaCha8Rng, classes: usize, n: usize, noise: f64) {
    for j in 0..classes {
        let a = 2.0 * PI * j as f64 / classes as f64 + PI / 4.0;
        let (c1, c2) = (1.5 * a.cos(), 1.5 * a.sin());
        for _ in 0..n {
            b.push(c1 + noise * randn(rng), c2 + noise * randn(rng), j);
        }
    }
}

//! The perceptron (COURSE §2): `f_w(x) = b + wᵀx = w̄ᵀx̄`, `label(x) = sign(f_w(x))` with
//! sign(0) = +1, in the augmented form `x̄ = (1, x₁, …, x_d)`, `w̄ = (b, w₁, …, w_d)`.

use super::activation::sign;
use crate::data::Dataset;

/// A one-layer perceptron.
#[derive(Clone, Debug, PartialEq)]
pub struct Perceptron {
    /// `w = (w₁, …, w_d)`, the normal vector of the boundary.
    pub weights: Vec<f64>,
    /// b.
    pub bias: f64,
}

impl Perceptron {
    /// `(w, b) = (0, 0)`, the lecture's start.
    pub fn zeros(inputs: usize) -> Self {
        Self {
            weights: vec![0.0; inputs],
            bias: 0.0,
        }
    }

    /// A perceptron from `w̄ = (b, w₁, …, w_d)`.
    pub fn from_augmented(w_bar: &[f64]) -> Self {
        Self {
            bias: w_bar[0],
            weights: w_bar[1..].to_vec(),
        }
    }

    /// `w̄ = (b, w₁, …, w_d)`.
    pub fn augmented(&self) -> Vec<f64> {
        let mut v = vec![self.bias];
        v.extend_from_slice(&self.weights);
        v
    }

    /// `f_w(x) = b + wᵀx`.
    pub fn f(&self, x: &[f64]) -> f64 {
        self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
    }

    /// `sign(f_w(x))` ∈ {−1, +1}, sign(0) = +1.
    pub fn predict(&self, x: &[f64]) -> f64 {
        sign(self.f(x))
    }

    /// `f_w(x_n) = b + wᵀx_n` for row n of `data` (the model's inputs: `φ(x_n)` when the
    /// data was mapped by [`Features::apply`](crate::data::Features::apply)).
    pub fn f_at(&self, data: &Dataset, n: usize) -> f64 {
        let row = data.row(n);
        self.bias
            + self
                .weights
                .iter()
                .zip(row.iter())
                .map(|(w, x)| w * x)
                .sum::<f64>()
    }

    /// Whether point n is in M: `sign(w̄ᵀx̄_n) ≠ y_n`.
    pub fn is_misclassified(&self, data: &Dataset, n: usize) -> bool {
        sign(self.f_at(data, n)) != data.label(n)
    }

    /// `M = { i : sign(w̄ᵀx̄_i) ≠ y_i }`, in index order.
    pub fn misclassified(&self, data: &Dataset) -> Vec<usize> {
        (0..data.len())
            .filter(|&n| self.is_misclassified(data, n))
            .collect()
    }

    /// The perceptron loss over the given points of M: `J = Σ_{i∈M} −y_i(b + wᵀx_i)`.
    /// J ≥ 0 and can be 0 while M is not empty (a class-0 point on the boundary).
    pub fn loss_over(&self, data: &Dataset, m: &[usize]) -> f64 {
        m.iter().map(|&i| -data.label(i) * self.f_at(data, i)).sum()
    }

    /// `J(w, b)` over all points, with |M|.
    pub fn loss(&self, data: &Dataset) -> (f64, usize) {
        let m = self.misclassified(data);
        (self.loss_over(data, &m), m.len())
    }

    /// `w̄ ← w̄ + α Σ_{i∈points} y_i x̄_i` (one PLA step over the given points).
    pub fn update(&mut self, data: &Dataset, points: &[usize], learning_rate: f64) {
        for &i in points {
            let y = data.label(i);
            self.bias += learning_rate * y;
            for (k, w) in self.weights.iter_mut().enumerate() {
                *w += learning_rate * y * data.points[[i, k]];
            }
        }
    }

    /// The distance of x to the boundary, `|f_w(x)| / ‖w‖` (∞ while w = 0).
    pub fn distance(&self, x: &[f64]) -> f64 {
        let norm = self.weights.iter().map(|w| w * w).sum::<f64>().sqrt();
        self.f(x).abs() / norm
    }

    /// True when every parameter is finite.
    pub fn is_finite(&self) -> bool {
        self.bias.is_finite() && self.weights.iter().all(|w| w.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Dataset {
        Dataset::from_rows(&[[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]], vec![1, 0, 0]).expect("ok")
    }

    #[test]
    fn at_zero_every_point_is_predicted_plus_one() {
        let p = Perceptron::zeros(2);
        let d = tiny();
        assert_eq!(p.misclassified(&d), vec![1, 2]);
        // J = 0 although M is not empty: both class-0 points sit on the boundary f = 0.
        assert_eq!(p.loss(&d), (0.0, 2));
    }

    #[test]
    fn one_update_adds_alpha_y_xbar() {
        let d = tiny();
        let mut p = Perceptron::zeros(2);
        p.update(&d, &[1], 0.5);
        // y = −1, x̄ = (1, −1, 0.5): w̄ = 0.5·(−1)·x̄.
        assert_eq!(p.augmented(), vec![-0.5, 0.5, -0.25]);
        p.update(&d, &[0, 2], 1.0);
        // + (1, 1, 2) − (1, 0, 0)
        assert_eq!(p.augmented(), vec![-0.5, 1.5, 1.75]);
    }

    #[test]
    fn loss_and_distance_by_hand() {
        let d = tiny();
        let p = Perceptron::from_augmented(&[1.0, -1.0, 0.0]);
        // f = 1 − x₁: point 0: 0 → +1 ✓; point 1: 2 → +1 ✗ (y = −1); point 2: 1 → +1 ✗.
        assert_eq!(p.misclassified(&d), vec![1, 2]);
        assert_eq!(p.loss(&d), (3.0, 2));
        assert_eq!(p.distance(&[3.0, 7.0]), 2.0);
    }
}

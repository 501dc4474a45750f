//! The MLP on many points at once: the batch gradient and the gradient-descent update
//! through the fast kernels, and batch prediction.

use super::super::kernels::{self, BatchData, Route, Workspace};
use super::super::loss::Loss;
use super::super::regularization::Penalty;
use super::{Gradients, LossParts, Mlp};
use ndarray::{Array1, Array2};

impl Mlp {
    /// The loss parts and gradients over the points `idx` (fast kernels), with
    /// `∂J/∂W = ∂J₀/∂W + λW` (L2, a plain λ) or `∂J₀/∂W + λ·sign(W)` (L1).
    pub fn gradient(
        &self,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        penalty: impl Into<Penalty>,
        ws: &mut Workspace,
    ) -> (LossParts, Gradients) {
        self.gradient_on(true, data, idx, loss, penalty, ws)
    }

    /// [`Mlp::gradient`] with the vector path allowed or not, so that tests check every
    /// kernel path against the same reference on any machine.
    pub fn gradient_on(
        &self,
        simd: bool,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        penalty: impl Into<Penalty>,
        ws: &mut Workspace,
    ) -> (LossParts, Gradients) {
        self.gradient_route(Route::simd(simd), data, idx, loss, penalty, ws)
    }

    /// [`Mlp::gradient`] along a given kernel [`Route`] (compiled path, GEMM or not). Panics
    /// if the CPU cannot run the route's path.
    pub fn gradient_route(
        &self,
        route: Route,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        penalty: impl Into<Penalty>,
        ws: &mut Workspace,
    ) -> (LossParts, Gradients) {
        let penalty = penalty.into();
        let data_loss = kernels::batch_gradient_route(route, self, data, idx, loss, ws);
        let weights = self
            .layers
            .iter()
            .zip(&ws.dw)
            .map(|(layer, dw)| {
                let mut dw = dw.clone();
                let w = layer.weights.as_slice().expect("standard layout");
                penalty.add_gradient(&mut dw, w);
                Array2::from_shape_vec(layer.weights.dim(), dw)
                    .expect("the workspace fits the network")
            })
            .collect();
        let bias = ws.db.iter().map(|db| Array1::from(db.clone())).collect();
        let parts = LossParts {
            data_loss,
            reg_loss: self.reg_loss(penalty),
        };
        (parts, Gradients { weights, bias })
    }

    /// One gradient-descent update with the L2 term on the points `idx`:
    /// `W ← W − α(∂J₀/∂W + λW)`, computed as `W ← (1−αλ)W − α∂J₀/∂W`; `b ← b − α ∂J₀/∂b`.
    /// Returns the loss before the update. Other optimizers and L1:
    /// [`Mlp::optimizer_step`].
    pub fn train_step(
        &mut self,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        lambda: f64,
        learning_rate: f64,
        ws: &mut Workspace,
    ) -> LossParts {
        self.train_step_route(Route::best(), data, idx, loss, lambda, learning_rate, ws)
    }

    /// [`Mlp::train_step`] along a given kernel [`Route`] (benchmarks compare the paths).
    /// Panics if the CPU cannot run the route's path.
    #[allow(clippy::too_many_arguments)]
    pub fn train_step_route(
        &mut self,
        route: Route,
        data: BatchData,
        idx: &[usize],
        loss: Loss,
        lambda: f64,
        learning_rate: f64,
        ws: &mut Workspace,
    ) -> LossParts {
        let data_loss = kernels::batch_gradient_route(route, self, data, idx, loss, ws);
        let reg_loss = self.reg_loss(lambda);
        let decay = 1.0 - learning_rate * lambda;
        for (layer, (dw, db)) in self.layers.iter_mut().zip(ws.dw.iter().zip(&ws.db)) {
            let w = layer
                .weights
                .as_slice_mut()
                .expect("weights are kept in standard layout");
            for (w, g) in w.iter_mut().zip(dw) {
                *w = decay * *w - learning_rate * g;
            }
            for (b, g) in layer.bias.iter_mut().zip(db) {
                *b -= learning_rate * g;
            }
        }
        LossParts {
            data_loss,
            reg_loss,
        }
    }

    /// The outputs of the network for many points (`n×dL`, one row a point), through the
    /// fast kernels. `display` selects the picture-only tanh.
    pub fn predict_many(
        &self,
        points: &ndarray::ArrayView2<f64>,
        display: bool,
        ws: &mut Workspace,
    ) -> Array2<f64> {
        let n = points.nrows();
        let d_l = self.outputs();
        let mut out = Array2::zeros((n, d_l));
        let mut fill = |xc: &mut [f64], nc: usize, start: usize, count: usize| {
            for c in 0..count {
                for k in 0..points.ncols() {
                    xc[k * nc + c] = points[[start + c, k]];
                }
            }
        };
        let mut sink = |start: usize, count: usize, _z: &[f64], a: &[f64], nc: usize| {
            for c in 0..count {
                for j in 0..d_l {
                    out[[start + c, j]] = a[j * nc + c];
                }
            }
        };
        kernels::forward_chunks(self, n, display, ws, &mut fill, &mut sink);
        out
    }

    /// Applies `θ ← θ − α·g` for given gradients (used by tests and tools; training uses
    /// [`Mlp::train_step`]).
    pub fn apply(&mut self, grads: &Gradients, learning_rate: f64) {
        for (layer, (gw, gb)) in self
            .layers
            .iter_mut()
            .zip(grads.weights.iter().zip(&grads.bias))
        {
            layer.weights.scaled_add(-learning_rate, gw);
            layer.bias.scaled_add(-learning_rate, gb);
        }
    }

    /// Mutable access to all parameters as flat slices, weights then bias per layer (for the
    /// gradient check).
    pub(crate) fn parameters_mut(&mut self) -> Vec<(&mut [f64], &mut [f64])> {
        self.layers
            .iter_mut()
            .map(|l| {
                (
                    l.weights.as_slice_mut().expect("standard layout"),
                    l.bias.as_slice_mut().expect("contiguous"),
                )
            })
            .collect()
    }
}

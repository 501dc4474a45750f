//! The models: the perceptron (PLA) and the multilayer perceptron, their losses, the gradient
//! check and the model file. Nothing here knows about threads or the GUI.

pub mod activation;
pub mod dead;
pub mod explain;
pub mod fastmath;
pub mod gradcheck;
pub mod kernels;
pub mod loss;
pub mod mlp;
pub mod optimizer;
pub mod regularization;

pub mod backprop;
pub mod confusion;
pub mod model_file;
pub mod perceptron;
pub mod simd;

pub use activation::{Activation, Output};
pub use confusion::Confusion;
pub use kernels::{BatchData, Workspace};
pub use loss::Loss;
pub use mlp::{Gradients, Init, Layer, LossParts, Mlp};
pub use optimizer::{Optimizer, OptimizerKind, OptimizerState};
pub use perceptron::Perceptron;
pub use regularization::{Penalty, RegKind};

use crate::data::Dataset;
use serde::Serialize;

/// A model of either kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Model {
    /// A one-layer perceptron trained by the PLA.
    Perceptron(Perceptron),
    /// A multilayer perceptron trained by backprop (or set by hand).
    Mlp(Mlp),
}

/// How well a model does on a dataset, computed over every point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Default)]
pub struct Metrics {
    /// The fraction of points classified right, in [0, 1].
    pub accuracy: f64,
    /// The number of points classified wrong (|M| for the perceptron).
    pub misclassified: usize,
    /// The data loss: J₀ averaged over the points (MLP), or the perceptron loss
    /// `J = Σ_{i∈M} −y_i(b + wᵀx_i)` (not averaged). `None` where no loss is defined (a sign,
    /// tanh or linear output under cross-entropy).
    pub data_loss: Option<f64>,
    /// The regularisation term, `λ/2 Σ‖W‖²` or `λ Σ|w|` (0 for the perceptron).
    pub reg_loss: f64,
}

impl Metrics {
    /// `J = J₀ + ` the regularisation term, when the data loss is defined.
    pub fn loss(&self) -> Option<f64> {
        self.data_loss.map(|d| d + self.reg_loss)
    }
}

impl Model {
    /// Whether every parameter is finite.
    pub fn is_finite(&self) -> bool {
        match self {
            Self::Perceptron(p) => p.is_finite(),
            Self::Mlp(m) => m.is_finite(),
        }
    }

    /// `"perceptron"` or `"mlp"`, as in the model file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Perceptron(_) => "perceptron",
            Self::Mlp(_) => "mlp",
        }
    }

    /// The model's outputs for every point of `data` (N rows; sign values for the
    /// perceptron) and the metrics over all points.
    pub fn evaluate(
        &self,
        data: &Dataset,
        loss: Loss,
        penalty: impl Into<Penalty>,
        ws: &mut Workspace,
    ) -> (Vec<Vec<f64>>, Metrics) {
        match self {
            Self::Perceptron(p) => {
                let outputs: Vec<Vec<f64>> = (0..data.len())
                    .map(|n| vec![activation::sign(p.f_at(data, n))])
                    .collect();
                let (j, m) = p.loss(data);
                let metrics = Metrics {
                    accuracy: 1.0 - m as f64 / data.len() as f64,
                    misclassified: m,
                    data_loss: Some(j),
                    reg_loss: 0.0,
                };
                (outputs, metrics)
            }
            Self::Mlp(mlp) => {
                let (outputs, metrics) = evaluate_mlp(mlp, data, loss, penalty, ws);
                (outputs, metrics)
            }
        }
    }

    /// The predicted class of a point.
    pub fn predicted_class(&self, x: &[f64]) -> usize {
        match self {
            Self::Perceptron(p) => usize::from(p.predict(x) > 0.0),
            Self::Mlp(m) => m.output().predicted_class(&m.predict(x)),
        }
    }
}

/// Outputs and metrics of an MLP over all points, through the fast forward kernels; the loss
/// is computed from the output logits in stable form.
pub fn evaluate_mlp(
    mlp: &Mlp,
    data: &Dataset,
    loss: Loss,
    penalty: impl Into<Penalty>,
    ws: &mut Workspace,
) -> (Vec<Vec<f64>>, Metrics) {
    let n = data.len();
    let d_l = mlp.outputs();
    let mut outputs = vec![Vec::new(); n];
    let mut wrong = 0;
    let mut total = Some(0.0);
    let points = &data.points;
    let mut fill = |xc: &mut [f64], nc: usize, start: usize, count: usize| {
        for c in 0..count {
            for k in 0..points.ncols() {
                xc[k * nc + c] = points[[start + c, k]];
            }
        }
    };
    let mut z_row = vec![0.0; d_l];
    let mut sink = |start: usize, count: usize, z: &[f64], a: &[f64], nc: usize| {
        for c in 0..count {
            let i = start + c;
            let out: Vec<f64> = (0..d_l).map(|j| a[j * nc + c]).collect();
            if mlp.output().predicted_class(&out) != data.classes[i] {
                wrong += 1;
            }
            for (j, zj) in z_row.iter_mut().enumerate() {
                *zj = z[j * nc + c];
            }
            total =
                total.and_then(|t| mlp.point_loss(&z_row, data.classes[i], loss).map(|l| t + l));
            outputs[i] = out;
        }
    };
    kernels::forward_chunks(mlp, n, false, ws, &mut fill, &mut sink);
    let metrics = Metrics {
        accuracy: 1.0 - wrong as f64 / n as f64,
        misclassified: wrong,
        data_loss: total.map(|t| t / n as f64),
        reg_loss: mlp.reg_loss(penalty),
    };
    (outputs, metrics)
}

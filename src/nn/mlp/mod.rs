//! The multilayer perceptron (COURSE §3): `Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)`.

mod batch;

use super::activation::{Activation, Output};
use super::loss::{self, Loss};
use super::regularization::Penalty;
use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

/// The most units a hidden layer may have.
pub const MAX_UNITS: usize = 1024;

/// One layer: `W ∈ ℝ^{d(l−1)×d(l)}` (rows = inputs, columns = units) and `b ∈ ℝ^{d(l)}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    weights: Array2<f64>,
    bias: Array1<f64>,
}

impl Layer {
    /// A layer from its weights (`d_in×d_out`) and bias (`d_out`); `None` if they disagree.
    pub fn new(weights: Array2<f64>, bias: Array1<f64>) -> Option<Self> {
        (weights.ncols() == bias.len()).then(|| Self {
            weights: weights.as_standard_layout().into_owned(),
            bias,
        })
    }

    /// `W⁽ˡ⁾`.
    pub fn weights(&self) -> &Array2<f64> {
        &self.weights
    }

    /// `b⁽ˡ⁾`.
    pub fn bias(&self) -> &Array1<f64> {
        &self.bias
    }

    /// d(l−1), the inputs of the layer.
    pub fn inputs(&self) -> usize {
        self.weights.nrows()
    }

    /// d(l), the units of the layer.
    pub fn units(&self) -> usize {
        self.weights.ncols()
    }
}

/// How the initial weights are drawn (biases start at 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum Init {
    /// Normal with std `√(1/fan_in)` (Xavier) for sigmoid, tanh, linear; `√(2/fan_in)` (He)
    /// for ReLU.
    #[default]
    Auto,
    /// Normal with a fixed std, `S·randn` (cs231n uses 0.01).
    Scale(f64),
}

/// A multilayer perceptron: each hidden layer has its own activation; the output is sigmoid
/// (C = 2), softmax (C ≥ 3), or for hand-set networks sign, tanh or linear.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    layers: Vec<Layer>,
    /// `f⁽ˡ⁾` of hidden layer l (L − 1 entries).
    activations: Vec<Activation>,
    output: Output,
}

/// The loss of a model on some points, in its two parts.
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct LossParts {
    /// J₀, the data loss averaged over the points.
    pub data_loss: f64,
    /// The regularisation term: `λ/2 Σ‖W‖²` (L2) or `λ Σ|w|` (L1).
    pub reg_loss: f64,
}

impl LossParts {
    /// `J = J₀ + λ/2 Σ‖W‖²` (or `J₀ + λ Σ|w|`).
    pub fn total(&self) -> f64 {
        self.data_loss + self.reg_loss
    }
}

/// `∂J/∂W⁽ˡ⁾` and `∂J/∂b⁽ˡ⁾` for every layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    /// `∂J/∂W⁽ˡ⁾`, shaped like `W⁽ˡ⁾`.
    pub weights: Vec<Array2<f64>>,
    /// `∂J/∂b⁽ˡ⁾`.
    pub bias: Vec<Array1<f64>>,
}

/// Why a network could not be built.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum MlpError {
    /// A hidden layer outside 1…1024 units.
    #[error("a hidden layer has {0} units; each must have 1 to {MAX_UNITS}")]
    Units(usize),
    /// Not one activation per hidden layer.
    #[error("{got} activations for {hidden} hidden layers (give one, or one per hidden layer)")]
    Activations {
        /// the activations given
        got: usize,
        /// the hidden layers
        hidden: usize,
    },
    /// Consecutive layers whose sizes do not chain.
    #[error("layer {layer} takes {got} inputs but the layer before it gives {expected}")]
    Chain {
        /// 1-based layer
        layer: usize,
        /// the previous layer's units
        expected: usize,
        /// this layer's rows
        got: usize,
    },
    /// No layer at all.
    #[error("a network needs at least one layer")]
    Empty,
    /// An output activation that needs another number of output units.
    #[error("a {output} output needs {needs}, but the last layer has {got} units")]
    OutputUnits {
        /// the output activation
        output: Output,
        /// what it needs
        needs: &'static str,
        /// what the last layer has
        got: usize,
    },
    /// The init scale is not a finite positive number.
    #[error("the init scale must be a finite number > 0 (got {})", crate::text::number(*.0))]
    InitScale(f64),
}

impl Mlp {
    /// A network with `sizes = [d0, d1, …, dL]` whose hidden layers all use
    /// `hidden_activation`, weights drawn by `init` from `seed`.
    pub fn new(
        sizes: &[usize],
        hidden_activation: Activation,
        output: Output,
        init: Init,
        seed: u64,
    ) -> Result<Self, MlpError> {
        let hidden = sizes.len().saturating_sub(2);
        Self::with_activations(sizes, &vec![hidden_activation; hidden], output, init, seed)
    }

    /// A network with `sizes = [d0, d1, …, dL]` and one activation per hidden layer
    /// (`activations[l]` for hidden layer l + 1), weights drawn by `init` from `seed`.
    pub fn with_activations(
        sizes: &[usize],
        activations: &[Activation],
        output: Output,
        init: Init,
        seed: u64,
    ) -> Result<Self, MlpError> {
        if sizes.len() < 2 {
            return Err(MlpError::Empty);
        }
        for &d in &sizes[1..sizes.len() - 1] {
            if d == 0 || d > MAX_UNITS {
                return Err(MlpError::Units(d));
            }
        }
        if let Init::Scale(s) = init
            && !(s.is_finite() && s > 0.0)
        {
            return Err(MlpError::InitScale(s));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(1);
        let last = sizes.len() - 2;
        let layers = sizes
            .windows(2)
            .enumerate()
            .map(|(l, w)| {
                let (fan_in, units) = (w[0], w[1]);
                let act = if l == last {
                    None
                } else {
                    activations.get(l).copied()
                };
                let std = match init {
                    Init::Scale(s) => s,
                    Init::Auto if act == Some(Activation::Relu) => (2.0 / fan_in as f64).sqrt(),
                    Init::Auto => (1.0 / fan_in as f64).sqrt(),
                };
                let weights = Array2::from_shape_simple_fn((fan_in, units), || {
                    let z: f64 = StandardNormal.sample(&mut rng);
                    std * z
                });
                Layer {
                    weights,
                    bias: Array1::zeros(units),
                }
            })
            .collect();
        Self::from_layers_with(layers, activations.to_vec(), output)
    }

    /// A network from given layers whose hidden layers all use `hidden_activation` (checked:
    /// the sizes chain, the output fits).
    pub fn from_layers(
        layers: Vec<Layer>,
        hidden_activation: Activation,
        output: Output,
    ) -> Result<Self, MlpError> {
        let hidden = layers.len().saturating_sub(1);
        Self::from_layers_with(layers, vec![hidden_activation; hidden], output)
    }

    /// A network from given layers and one activation per hidden layer (checked: the sizes
    /// chain, one activation per hidden layer, the output fits).
    pub fn from_layers_with(
        layers: Vec<Layer>,
        activations: Vec<Activation>,
        output: Output,
    ) -> Result<Self, MlpError> {
        let Some(last) = layers.last() else {
            return Err(MlpError::Empty);
        };
        if activations.len() != layers.len() - 1 {
            return Err(MlpError::Activations {
                got: activations.len(),
                hidden: layers.len() - 1,
            });
        }
        for (l, pair) in layers.windows(2).enumerate() {
            if pair[1].inputs() != pair[0].units() {
                return Err(MlpError::Chain {
                    layer: l + 2,
                    expected: pair[0].units(),
                    got: pair[1].inputs(),
                });
            }
        }
        for layer in &layers[..layers.len() - 1] {
            if layer.units() == 0 || layer.units() > MAX_UNITS {
                return Err(MlpError::Units(layer.units()));
            }
        }
        let units = last.units();
        let bad = match output {
            Output::Softmax => (units < 2).then_some("2 or more units"),
            _ => (units != 1).then_some("exactly 1 unit"),
        };
        if let Some(needs) = bad {
            return Err(MlpError::OutputUnits {
                output,
                needs,
                got: units,
            });
        }
        Ok(Self {
            layers,
            activations,
            output,
        })
    }

    /// The layers, input side first.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// L, the number of layers (the input is not counted).
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// `[d0, d1, …, dL]`.
    pub fn sizes(&self) -> Vec<usize> {
        let mut s = vec![self.layers[0].inputs()];
        s.extend(self.layers.iter().map(Layer::units));
        s
    }

    /// The hidden sizes `[d1, …, d(L−1)]`.
    pub fn hidden_sizes(&self) -> Vec<usize> {
        self.layers[..self.layers.len() - 1]
            .iter()
            .map(Layer::units)
            .collect()
    }

    /// `f⁽ˡ⁾` of each hidden layer, input side first (L − 1 entries).
    pub fn hidden_activations(&self) -> &[Activation] {
        &self.activations
    }

    /// The activation of layer l (0-based; hidden layers only, `None` for the output layer).
    pub fn activation(&self, l: usize) -> Option<Activation> {
        self.activations.get(l).copied()
    }

    /// The activation every hidden layer shares, if they all share one (`None` for mixed
    /// activations or no hidden layer).
    pub fn uniform_activation(&self) -> Option<Activation> {
        let first = *self.activations.first()?;
        self.activations
            .iter()
            .all(|&a| a == first)
            .then_some(first)
    }

    /// The activation of the first hidden layer (ReLU for a network without hidden layers):
    /// the one setting the app shows when every layer shares it.
    pub fn first_activation(&self) -> Activation {
        self.activations
            .first()
            .copied()
            .unwrap_or(Activation::Relu)
    }

    /// The output activation.
    pub fn output(&self) -> Output {
        self.output
    }

    /// d(L), the number of output units.
    pub fn outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].units()
    }

    /// The number of weights and biases.
    pub fn parameter_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + l.bias.len())
            .sum()
    }

    /// Layer l's weights and bias as flat row-major slices (for the kernels).
    pub(crate) fn layer_slices(&self, l: usize) -> (&[f64], &[f64]) {
        let layer = &self.layers[l];
        (
            layer
                .weights
                .as_slice()
                .expect("weights are kept in standard layout"),
            layer.bias.as_slice().expect("a 1-D array is contiguous"),
        )
    }

    /// Sets `w_{ij}⁽ˡ⁾` (0-based l, i = input, j = unit); out-of-range indices do nothing.
    pub fn set_weight(&mut self, l: usize, i: usize, j: usize, value: f64) {
        if let Some(w) = self
            .layers
            .get_mut(l)
            .and_then(|layer| layer.weights.get_mut((i, j)))
        {
            *w = value;
        }
    }

    /// Sets `b_j⁽ˡ⁾` (0-based l); out-of-range indices do nothing.
    pub fn set_bias(&mut self, l: usize, j: usize, value: f64) {
        if let Some(b) = self
            .layers
            .get_mut(l)
            .and_then(|layer| layer.bias.get_mut(j))
        {
            *b = value;
        }
    }

    /// True when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.layers
            .iter()
            .all(|l| l.weights.iter().chain(l.bias.iter()).all(|v| v.is_finite()))
    }

    /// Whether gradient descent can train this network, and if not, why.
    pub fn trainability(&self) -> Result<(), String> {
        if self.activations.iter().any(|a| !a.is_trainable()) {
            return Err(
                "a sign network cannot be trained by gradient descent: sign′ = 0 everywhere, \
                 so every gradient is zero; set its weights by hand instead"
                    .into(),
            );
        }
        if !self.output.is_trainable() {
            return Err(format!(
                "a {} output cannot be trained here: training needs a sigmoid (2 classes) \
                 or softmax (3 or more) output",
                self.output
            ));
        }
        Ok(())
    }

    /// The forward pass of one point, keeping `(z⁽ˡ⁾, a⁽ˡ⁾)` of every layer (for the formula
    /// panel and as a plain reference).
    pub fn forward_point(&self, x: &[f64]) -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut a = x.to_vec();
        let last = self.layers.len() - 1;
        let mut out = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let z: Vec<f64> = (0..layer.units())
                .map(|j| {
                    layer.bias[j]
                        + (0..layer.inputs())
                            .map(|i| a[i] * layer.weights[[i, j]])
                            .sum::<f64>()
                })
                .collect();
            a = if l < last {
                let f = self.activations[l];
                z.iter().map(|&v| f.value(v)).collect()
            } else {
                self.output_values(&z)
            };
            out.push((z, a.clone()));
        }
        out
    }

    /// The output activation applied to the last layer's `z`.
    pub fn output_values(&self, z: &[f64]) -> Vec<f64> {
        match self.output {
            Output::Sigmoid => z.iter().map(|&v| Activation::Sigmoid.value(v)).collect(),
            Output::Softmax => loss::softmax(z),
            Output::Sign => z.iter().map(|&v| Activation::Sign.value(v)).collect(),
            Output::Tanh => z.iter().map(|&v| v.tanh()).collect(),
            Output::Linear => z.to_vec(),
        }
    }

    /// The network's output for one point.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        self.forward_point(x)
            .pop()
            .map(|(_, a)| a)
            .unwrap_or_default()
    }

    /// The data loss of one point from its output-layer logits `z` (stable forms).
    /// `None` for outputs that are not probabilities under cross-entropy.
    pub fn point_loss(&self, z: &[f64], class: usize, loss: Loss) -> Option<f64> {
        match (loss, self.output) {
            (Loss::CrossEntropy, Output::Sigmoid) => {
                Some(loss::sigmoid_cross_entropy(z[0], class as f64))
            }
            (Loss::CrossEntropy, Output::Softmax) => Some(loss::softmax_cross_entropy(z, class)),
            (Loss::CrossEntropy, _) => None,
            (Loss::Mse, _) => {
                let a = self.output_values(z);
                Some(loss::squared_error(&a, &loss::target(class, a.len())))
            }
        }
    }

    /// The regularisation term on the weights: `λ/2 Σ_l ‖W⁽ˡ⁾‖²` (L2, a plain λ) or
    /// `λ Σ_l Σ|w|` (L1).
    pub fn reg_loss(&self, penalty: impl Into<Penalty>) -> f64 {
        penalty.into().term(
            self.layers
                .iter()
                .map(|l| l.weights.as_slice().expect("standard layout")),
        )
    }
}

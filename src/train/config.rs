//! What a run is: the model, its shape and the optimiser settings, validated once into a
//! [`ValidConfig`] so the trainer never meets a value it cannot use.

use crate::data::{Dataset, Features};
use crate::nn::mlp::MAX_UNITS;
use crate::nn::optimizer::{DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_MOMENTUM};
use crate::nn::{Activation, Init, Loss, Optimizer, OptimizerKind, Penalty, RegKind};
use serde::{Deserialize, Serialize};

/// Perceptron (PLA) or multilayer perceptron (backprop).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// The one-layer perceptron of COURSE §2.
    Perceptron,
    /// The multilayer perceptron of COURSE §3.
    Mlp,
}

impl ModelKind {
    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Perceptron => "perceptron",
            Self::Mlp => "mlp",
        }
    }
}

/// How the data is walked through (COURSE §2 for the perceptron, §3 for the MLP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdateRule {
    /// One step uses every point (for the PLA: every point of M).
    Batch,
    /// One step uses B consecutive points of the (shuffled) order.
    #[serde(rename = "minibatch")]
    MiniBatch,
    /// One step uses one point (for the PLA: each point of the pass's M in turn).
    Sgd,
    /// Rosenblatt's rule: visit points in order, update on each mistake (perceptron only).
    Online,
}

impl UpdateRule {
    /// Every rule, in menu order.
    pub const ALL: [UpdateRule; 4] = [Self::Batch, Self::MiniBatch, Self::Sgd, Self::Online];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Batch => "batch",
            Self::MiniBatch => "minibatch",
            Self::Sgd => "sgd",
            Self::Online => "online",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The settings of a run (see [`TrainConfig::validate`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Perceptron or MLP.
    pub model: ModelKind,
    /// Units per hidden layer (MLP), e.g. `[100]` or `[8, 8]`; empty for a linear model.
    pub hidden_sizes: Vec<usize>,
    /// The hidden activation (MLP).
    pub activation: Activation,
    /// The data loss (MLP).
    pub loss: Loss,
    /// α.
    pub learning_rate: f64,
    /// λ of the regularisation term, `λ/2 Σ‖W‖²` or `λ Σ|w|` (see `reg`; MLP).
    pub lambda: f64,
    /// The update rule.
    pub update: UpdateRule,
    /// B for mini-batches.
    pub batch_size: usize,
    /// The seed of the weights and of the shuffling.
    pub init_seed: u64,
    /// How the MLP's weights are drawn.
    pub init: Init,
    /// PLA mini-batches: shuffle the order every epoch (otherwise index order).
    pub shuffle: bool,
    /// PLA: keep the weights with the fewest mistakes seen (the pocket algorithm).
    pub pocket: bool,
    /// The MLP's optimizer (COURSE §6; the perceptron keeps the PLA).
    #[serde(default)]
    pub optimizer: OptimizerKind,
    /// β of momentum, in [0, 1).
    #[serde(default = "default_momentum")]
    pub momentum: f64,
    /// β₁ of Adam, in [0, 1).
    #[serde(default = "default_beta1")]
    pub beta1: f64,
    /// β₂ of Adam, in [0, 1).
    #[serde(default = "default_beta2")]
    pub beta2: f64,
    /// ε of Adam, > 0.
    #[serde(default = "default_eps")]
    pub eps: f64,
    /// The penalty λ multiplies: L2 `λ/2 Σ‖W‖²` or L1 `λ Σ|w|` (weights only).
    #[serde(default)]
    pub reg: RegKind,
    /// The input features φ(x) both models read (COURSE §6); `(x₁, x₂)` by default.
    #[serde(default)]
    pub features: Features,
    /// One activation per hidden layer (MLP); a layer without an entry here uses
    /// `activation` (so empty means "all the same").
    #[serde(default)]
    pub layer_activations: Vec<Activation>,
}

fn default_momentum() -> f64 {
    DEFAULT_MOMENTUM
}
fn default_beta1() -> f64 {
    DEFAULT_BETA1
}
fn default_beta2() -> f64 {
    DEFAULT_BETA2
}
fn default_eps() -> f64 {
    DEFAULT_EPS
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            model: ModelKind::Mlp,
            hidden_sizes: vec![100],
            activation: Activation::Relu,
            loss: Loss::CrossEntropy,
            learning_rate: 1.0,
            lambda: 1e-3,
            update: UpdateRule::Batch,
            batch_size: 10,
            init_seed: 1,
            init: Init::Auto,
            shuffle: false,
            pocket: false,
            optimizer: OptimizerKind::Gd,
            momentum: DEFAULT_MOMENTUM,
            beta1: DEFAULT_BETA1,
            beta2: DEFAULT_BETA2,
            eps: DEFAULT_EPS,
            reg: RegKind::L2,
            features: Features::default(),
            layer_activations: Vec::new(),
        }
    }
}

impl TrainConfig {
    /// The app's first run: a 2-8-8-1 tanh network, mini-batches of 10, α = 0.3, λ = 10⁻⁴
    /// (offered, switched off in the app until asked for).
    pub fn classroom() -> Self {
        Self {
            model: ModelKind::Mlp,
            hidden_sizes: vec![8, 8],
            activation: Activation::Tanh,
            loss: Loss::CrossEntropy,
            learning_rate: 0.3,
            lambda: 1e-4,
            update: UpdateRule::MiniBatch,
            batch_size: 10,
            init_seed: 1,
            init: Init::Auto,
            shuffle: false,
            pocket: false,
            optimizer: OptimizerKind::Gd,
            momentum: DEFAULT_MOMENTUM,
            beta1: DEFAULT_BETA1,
            beta2: DEFAULT_BETA2,
            eps: DEFAULT_EPS,
            reg: RegKind::L2,
            features: Features::default(),
            layer_activations: Vec::new(),
        }
    }
}

/// The largest learning rate accepted.
pub const MAX_LEARNING_RATE: f64 = 1e3;
/// The largest λ accepted.
pub const MAX_LAMBDA: f64 = 1e3;
/// The most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 8;

/// Why a configuration cannot be trained; each message says what to change.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    /// α outside (0, 1000].
    #[error("the learning rate must be a number in (0, {MAX_LEARNING_RATE}] (got {})", crate::text::number(*.0))]
    LearningRate(f64),
    /// λ outside [0, 1000].
    #[error("λ must be a number in [0, {MAX_LAMBDA}] (got {})", crate::text::number(*.0))]
    Lambda(f64),
    /// B = 0.
    #[error("the batch size must be at least 1 (got {0})")]
    BatchSize(usize),
    /// A hidden layer outside 1…1024 units.
    #[error("a hidden layer has {0} units; each must have 1 to {MAX_UNITS}")]
    Units(usize),
    /// Too many hidden layers.
    #[error("{0} hidden layers is more than the limit of {MAX_HIDDEN_LAYERS}")]
    Layers(usize),
    /// The perceptron with C ≠ 2.
    #[error(
        "the perceptron separates 2 classes with one line; this dataset has {0} classes \
         (use the MLP, whose softmax output handles 3 or more)"
    )]
    PerceptronClasses(usize),
    /// A sign network trained by gradient descent.
    #[error(
        "a sign network cannot be trained by gradient descent: sign′ = 0 everywhere, so \
         every gradient is zero (choose relu, tanh, sigmoid or linear, or set the weights by hand)"
    )]
    SignActivation,
    /// β of momentum outside [0, 1).
    #[error("the momentum β must be a number in [0, 1) (got {})", crate::text::number(*.0))]
    Momentum(f64),
    /// β₁ of Adam outside [0, 1).
    #[error("Adam's β₁ must be a number in [0, 1) (got {})", crate::text::number(*.0))]
    Beta1(f64),
    /// β₂ of Adam outside [0, 1).
    #[error("Adam's β₂ must be a number in [0, 1) (got {})", crate::text::number(*.0))]
    Beta2(f64),
    /// ε of Adam not a finite number > 0.
    #[error("Adam's ε must be a finite number > 0 (got {})", crate::text::number(*.0))]
    Eps(f64),
    /// Not one activation per hidden layer.
    #[error(
        "{got} activations for {hidden} hidden layers (give one name for every layer, or one \
         per hidden layer)"
    )]
    Activations {
        /// the activations given
        got: usize,
        /// the hidden layers
        hidden: usize,
    },
    /// The online rule for the MLP.
    #[error("the online rule is the perceptron's; for the MLP use batch, minibatch or sgd")]
    OnlineMlp,
    /// The network could not be built.
    #[error("{0}")]
    Build(#[from] crate::nn::mlp::MlpError),
    /// The train/test split or the test set does not fit the data.
    #[error("{0}")]
    Split(#[from] crate::data::SplitError),
    /// A model whose first layer does not take one input per feature.
    #[error("the {kind} must take {wanted} inputs ({features}); this one takes {inputs}")]
    Inputs {
        /// "perceptron" or "network"
        kind: &'static str,
        /// what it takes
        inputs: usize,
        /// the number of features
        wanted: usize,
        /// the features, as flags name them
        features: String,
    },
    /// A model whose outputs do not fit the data's classes.
    #[error(
        "the network has {outputs} {output} output{} but the data has {classes} classes \
         (it needs {wanted} {needed} output{})",
        if *.outputs == 1 { "" } else { "s" },
        if *.wanted == 1 { "" } else { "s" }
    )]
    Outputs {
        /// its output units
        outputs: usize,
        /// its output activation
        output: crate::nn::Output,
        /// the data's classes
        classes: usize,
        /// the units it would need
        wanted: usize,
        /// the activation it would need
        needed: crate::nn::Output,
    },
}

/// A [`TrainConfig`] that [`TrainConfig::validate`] accepted for a dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidConfig(TrainConfig);

impl std::ops::Deref for ValidConfig {
    type Target = TrainConfig;
    fn deref(&self) -> &TrainConfig {
        &self.0
    }
}

impl TrainConfig {
    /// Checks every setting against the course's rules and the dataset it will train on.
    pub fn validate(&self, data: &Dataset) -> Result<ValidConfig, ConfigError> {
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= MAX_LEARNING_RATE) {
            return Err(ConfigError::LearningRate(lr));
        }
        if !(self.lambda.is_finite() && (0.0..=MAX_LAMBDA).contains(&self.lambda)) {
            return Err(ConfigError::Lambda(self.lambda));
        }
        if self.batch_size == 0 {
            return Err(ConfigError::BatchSize(0));
        }
        self.validate_optimizer()?;
        match self.model {
            ModelKind::Perceptron => {
                if data.class_count != 2 {
                    return Err(ConfigError::PerceptronClasses(data.class_count));
                }
            }
            ModelKind::Mlp => {
                if self.hidden_sizes.len() > MAX_HIDDEN_LAYERS {
                    return Err(ConfigError::Layers(self.hidden_sizes.len()));
                }
                if let Some(&d) = self.hidden_sizes.iter().find(|&&d| d == 0 || d > MAX_UNITS) {
                    return Err(ConfigError::Units(d));
                }
                if self.update == UpdateRule::Online {
                    return Err(ConfigError::OnlineMlp);
                }
                let got = self.layer_activations.len();
                if got > 1 && got != self.hidden_sizes.len() {
                    return Err(ConfigError::Activations {
                        got,
                        hidden: self.hidden_sizes.len(),
                    });
                }
            }
        }
        Ok(ValidConfig(self.clone()))
    }

    /// Checks the optimizer's hyper-parameters (all of them, whichever is chosen).
    fn validate_optimizer(&self) -> Result<(), ConfigError> {
        let unit = |x: f64| x.is_finite() && (0.0..1.0).contains(&x);
        if !unit(self.momentum) {
            return Err(ConfigError::Momentum(self.momentum));
        }
        if !unit(self.beta1) {
            return Err(ConfigError::Beta1(self.beta1));
        }
        if !unit(self.beta2) {
            return Err(ConfigError::Beta2(self.beta2));
        }
        if !(self.eps.is_finite() && self.eps > 0.0) {
            return Err(ConfigError::Eps(self.eps));
        }
        Ok(())
    }

    /// The optimizer with its hyper-parameters.
    pub fn optimizer(&self) -> Optimizer {
        match self.optimizer {
            OptimizerKind::Gd => Optimizer::Gd,
            OptimizerKind::Momentum => Optimizer::Momentum {
                beta: self.momentum,
            },
            OptimizerKind::Adam => Optimizer::Adam {
                beta1: self.beta1,
                beta2: self.beta2,
                eps: self.eps,
            },
        }
    }

    /// λ with its kind.
    pub fn penalty(&self) -> Penalty {
        Penalty {
            kind: self.reg,
            lambda: self.lambda,
        }
    }

    /// The activation of each hidden layer: its own entry of `layer_activations`, else
    /// `activation`.
    pub fn hidden_activations(&self) -> Vec<Activation> {
        (0..self.hidden_sizes.len())
            .map(|l| {
                self.layer_activations
                    .get(l)
                    .copied()
                    .unwrap_or(self.activation)
            })
            .collect()
    }

    /// The MLP's layer sizes for C classes: `[d, hidden…, 1 or C]`, d the number of features.
    pub fn layer_sizes(&self, classes: usize) -> Vec<usize> {
        let mut sizes = vec![self.features.len()];
        sizes.extend(&self.hidden_sizes);
        sizes.push(if classes <= 2 { 1 } else { classes });
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataSpec, DatasetKind};

    #[test]
    fn refuses_what_cannot_work_with_the_reason() {
        let two = DataSpec::default().generate().expect("valid");
        let three = DataSpec {
            classes: 3,
            ..DataSpec::default()
        }
        .generate()
        .expect("valid");
        let base = TrainConfig::default();
        assert!(base.validate(&two).is_ok());
        let cases = [
            (
                TrainConfig {
                    learning_rate: 0.0,
                    ..base.clone()
                },
                &two,
                "learning rate",
            ),
            (
                TrainConfig {
                    learning_rate: f64::NAN,
                    ..base.clone()
                },
                &two,
                "learning rate",
            ),
            (
                TrainConfig {
                    lambda: -1.0,
                    ..base.clone()
                },
                &two,
                "λ",
            ),
            (
                TrainConfig {
                    batch_size: 0,
                    ..base.clone()
                },
                &two,
                "batch size",
            ),
            (
                TrainConfig {
                    hidden_sizes: vec![2000],
                    ..base.clone()
                },
                &two,
                "2000 units",
            ),
            (
                TrainConfig {
                    update: UpdateRule::Online,
                    ..base.clone()
                },
                &two,
                "online",
            ),
            (
                TrainConfig {
                    model: ModelKind::Perceptron,
                    ..base.clone()
                },
                &three,
                "3 classes",
            ),
        ];
        for (config, data, expected) in cases {
            let msg = config.validate(data).expect_err(expected).to_string();
            assert!(msg.contains(expected), "{msg}");
        }
        let gate = DataSpec {
            kind: DatasetKind::Xor,
            ..DataSpec::default()
        }
        .generate()
        .expect("valid");
        let pla = TrainConfig {
            model: ModelKind::Perceptron,
            update: UpdateRule::Online,
            ..base
        };
        assert!(pla.validate(&gate).is_ok());
    }

    #[test]
    fn settings_saved_before_the_optimizers_load_with_their_defaults() {
        let mut old = serde_json::to_value(TrainConfig::classroom()).expect("serializes");
        let obj = old.as_object_mut().expect("an object");
        for key in ["optimizer", "momentum", "beta1", "beta2", "eps", "reg"] {
            assert!(obj.remove(key).is_some(), "{key}");
        }
        let back: TrainConfig = serde_json::from_value(old).expect("still loads");
        assert_eq!(back, TrainConfig::classroom());
        assert_eq!(back.optimizer(), Optimizer::Gd);
        assert_eq!(back.penalty(), Penalty::l2(1e-4));
    }

    #[test]
    fn layer_sizes_follow_the_class_count() {
        let c = TrainConfig {
            hidden_sizes: vec![8, 8],
            ..TrainConfig::default()
        };
        assert_eq!(c.layer_sizes(2), vec![2, 8, 8, 1]);
        assert_eq!(c.layer_sizes(4), vec![2, 8, 8, 4]);
    }
}

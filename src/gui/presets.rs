//! The lecture's networks as presets: the hand-set 2-2-1 sign network for XOR (COURSE §4)
//! and a 2-2-1 sigmoid network trained on XOR by backprop with cross-entropy (Eg. 1).

use super::settings::Settings;
use crate::data::{DataSpec, DatasetKind};
use crate::nn::model_file::parse_model;
use crate::nn::{Activation, Init, Loss, Model};
use crate::train::{ModelKind, TrainConfig, Trainer, UpdateRule};

/// The lecture's XOR network, as shipped in `assets/models/xor-sign.json`.
pub const XOR_SIGN_JSON: &str = include_str!("../../assets/models/xor-sign.json");

/// The seed, learning rate and steps of the trained XOR network (batch GD reaches 100 % from
/// this seed; some other seeds stop in a local minimum at 50 %, worth showing too).
pub const XOR_TRAINED_SEED: u64 = 1;
const XOR_TRAINED_LR: f64 = 2.0;
const XOR_TRAINED_STEPS: u64 = 3000;

/// A preset network and its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The hand-set sign network.
    XorNetwork,
    /// The sigmoid network trained by backprop.
    XorTrained,
}

impl Preset {
    /// Parses `xor-network` or `xor-trained`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "xor-network" => Some(Self::XorNetwork),
            "xor-trained" => Some(Self::XorTrained),
            _ => None,
        }
    }

    /// Sets the data and network settings of the preset; returns the model to load.
    pub fn apply(self, s: &mut Settings) -> Result<Model, String> {
        s.data = DataSpec {
            kind: DatasetKind::Xor,
            ..s.data
        };
        s.data.classes = 2;
        s.lambda_on = false;
        s.right_tab = super::settings::RightTab::Network;
        match self {
            Self::XorNetwork => {
                s.config.model = ModelKind::Mlp;
                s.config.hidden_sizes = vec![2];
                s.config.activation = Activation::Sign;
                s.config.layer_activations.clear();
                s.config.features = Default::default();
                parse_model(XOR_SIGN_JSON, "xor-sign.json")
                    .map(|saved| saved.model)
                    .map_err(|e| e.to_string())
            }
            Self::XorTrained => {
                s.config = TrainConfig {
                    model: ModelKind::Mlp,
                    hidden_sizes: vec![2],
                    activation: Activation::Sigmoid,
                    loss: Loss::CrossEntropy,
                    learning_rate: XOR_TRAINED_LR,
                    lambda: s.config.lambda,
                    update: UpdateRule::Batch,
                    batch_size: s.config.batch_size,
                    init_seed: XOR_TRAINED_SEED,
                    init: Init::Auto,
                    shuffle: false,
                    pocket: false,
                    // The lecture's plain gradient descent; β and ε stay as the user set them.
                    optimizer: crate::nn::OptimizerKind::Gd,
                    momentum: s.config.momentum,
                    beta1: s.config.beta1,
                    beta2: s.config.beta2,
                    eps: s.config.eps,
                    reg: crate::nn::RegKind::L2,
                    features: Default::default(),
                    layer_activations: Vec::new(),
                };
                Ok(xor_trained(&s.effective_config()))
            }
        }
    }
}

/// Trains the lecture's Eg. 1 network on XOR (deterministic).
pub fn xor_trained(config: &TrainConfig) -> Model {
    let data = DataSpec {
        kind: DatasetKind::Xor,
        ..DataSpec::default()
    }
    .generate()
    .expect("the XOR gate is always valid");
    let mut t = Trainer::new(config, data, None).expect("the preset's settings are valid");
    for _ in 0..XOR_TRAINED_STEPS {
        t.step();
    }
    t.model().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_presets_compute_xor() {
        for preset in [Preset::XorNetwork, Preset::XorTrained] {
            let mut s = Settings::default();
            let model = preset.apply(&mut s).expect("valid");
            let classes: Vec<usize> = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
                .iter()
                .map(|x| model.predicted_class(x))
                .collect();
            assert_eq!(classes, vec![0, 1, 1, 0], "{preset:?}");
            assert_eq!(s.data.kind, DatasetKind::Xor);
        }
    }
}

//! How a trainer starts: the model a configuration starts from, the checks that a given
//! model fits the data, the shuffling stream, and the divergence guard's schedule.

use crate::data::Features;
use crate::nn::{Activation, Mlp, Model, Output, Perceptron};
use crate::train::config::{ConfigError, ModelKind, TrainConfig};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Steps between the divergence guard's full-data measurements when a step uses `b` of `n`
/// points: about every 4 epochs, at most every [`GUARD_MAX_INTERVAL`] steps.
pub fn guard_interval(n: usize, b: usize) -> u64 {
    (4 * n.div_ceil(b.max(1)) as u64).clamp(1, GUARD_MAX_INTERVAL)
}

/// The longest interval between the guard's full-data measurements.
pub const GUARD_MAX_INTERVAL: u64 = 50;

/// The shuffling stream of a run (the weights use another stream of the same seed).
pub(super) fn shuffle_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(2);
    rng
}

/// The model a configuration starts from: `(w, b) = (0, 0)` for the perceptron (as in the
/// lecture), seeded Xavier/He (or `S·randn`) weights for the MLP.
pub fn initial_model(config: &TrainConfig, classes: usize) -> Result<Model, ConfigError> {
    match config.model {
        ModelKind::Perceptron => Ok(Model::Perceptron(Perceptron::zeros(config.features.len()))),
        ModelKind::Mlp if config.hidden_activations().contains(&Activation::Sign) => {
            Err(ConfigError::SignActivation)
        }
        ModelKind::Mlp => Mlp::with_activations(
            &config.layer_sizes(classes),
            &config.hidden_activations(),
            Output::for_classes(classes),
            config.init,
            config.init_seed,
        )
        .map(Model::Mlp)
        .map_err(ConfigError::Build),
    }
}

/// Checks that a given model can be trained on data with C classes.
pub(super) fn check_model(
    model: &Model,
    classes: usize,
    features: Features,
) -> Result<(), ConfigError> {
    let inputs_error = |kind, inputs| ConfigError::Inputs {
        kind,
        inputs,
        wanted: features.len(),
        features: features.flag_text(),
    };
    match model {
        Model::Perceptron(p) => {
            if classes != 2 {
                return Err(ConfigError::PerceptronClasses(classes));
            }
            if p.weights.len() != features.len() {
                return Err(inputs_error("perceptron", p.weights.len()));
            }
        }
        Model::Mlp(m) => {
            let wanted = if classes <= 2 { 1 } else { classes };
            // A hand-set network (sign, tanh or linear output) is shown, not trained: only
            // its number of outputs must fit.
            let output_ok = m.output() == Output::for_classes(classes) || m.trainability().is_err();
            if m.outputs() != wanted || !output_ok {
                return Err(ConfigError::Outputs {
                    outputs: m.outputs(),
                    output: m.output(),
                    classes,
                    wanted,
                    needed: Output::for_classes(classes),
                });
            }
            if m.sizes()[0] != features.len() {
                return Err(inputs_error("network", m.sizes()[0]));
            }
        }
    }
    Ok(())
}

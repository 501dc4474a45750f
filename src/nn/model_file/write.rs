//! Writing a model file, always in format 2: the inputs φ in order, each layer with its own
//! activation (the last one the output's), and the optimizer's name when there is one.

use super::bounded::Bounded;
use super::{COMPACT_ABOVE_PARAMETERS, FORMAT, LayerFile, ModelFile, ModelFileError, SavedModel};
use crate::data::Features;
use crate::fsio::write_atomic;
use crate::nn::Model;
use crate::nn::activation::Output;
use crate::nn::mlp::Layer;
use std::path::Path;

fn layer_file(weights: Vec<Vec<f64>>, bias: Vec<f64>, activation: &str) -> LayerFile {
    LayerFile {
        weights: Bounded::of(weights.into_iter().map(Bounded::of).collect()),
        bias: Bounded::of(bias),
        activation: Some(activation.to_owned()),
    }
}

fn mlp_layer(l: &Layer, activation: &str) -> LayerFile {
    let rows = l.weights().rows().into_iter().map(|r| r.to_vec()).collect();
    layer_file(rows, l.bias().to_vec(), activation)
}

impl SavedModel {
    /// The file as JSON text (full precision, no timestamps): pretty-printed, or compact (one
    /// line) above [`COMPACT_ABOVE_PARAMETERS`] parameters. The same model gives the same
    /// bytes.
    pub fn to_json(&self) -> String {
        json(&self.model, self.features, self.optimizer.as_deref())
    }

    /// Writes the file atomically (the previous file stays whole if writing fails).
    pub fn save(&self, path: &Path) -> Result<(), ModelFileError> {
        write_atomic(path, self.to_json().as_bytes()).map_err(ModelFileError::from)
    }
}

fn json(model: &Model, features: Features, optimizer: Option<&str>) -> String {
    let (kind, layers) = match model {
        Model::Perceptron(p) => {
            let rows = p.weights.iter().map(|&w| vec![w]).collect();
            let layer = layer_file(rows, vec![p.bias], Output::Sign.name());
            ("perceptron", vec![layer])
        }
        Model::Mlp(m) => {
            let last = m.layer_count() - 1;
            let layers = m
                .layers()
                .iter()
                .enumerate()
                .map(|(l, layer)| {
                    let name = match m.activation(l) {
                        Some(f) if l < last => f.name(),
                        _ => m.output().name(),
                    };
                    mlp_layer(layer, name)
                })
                .collect();
            ("mlp", layers)
        }
    };
    let file = ModelFile {
        format: FORMAT.into(),
        kind: kind.into(),
        inputs: Bounded::of(features.names().into_iter().map(String::from).collect()),
        hidden_activation: None,
        output_activation: None,
        optimizer: optimizer.map(str::to_owned),
        layers: Bounded::of(layers),
    };
    let parameters = match model {
        Model::Perceptron(p) => p.weights.len() + 1,
        Model::Mlp(m) => m.parameter_count(),
    };
    let mut text = if parameters > COMPACT_ABOVE_PARAMETERS {
        serde_json::to_string(&file)
    } else {
        serde_json::to_string_pretty(&file)
    }
    .expect("a model of finite numbers serializes");
    text.push('\n');
    text
}

/// A model reading `features` as format 2 JSON text (see [`SavedModel::to_json`]).
pub fn model_to_json(model: &Model, features: Features) -> String {
    json(model, features, None)
}

/// Writes a model reading `features` atomically.
pub fn save_model(path: &Path, model: &Model, features: Features) -> Result<(), ModelFileError> {
    write_atomic(path, model_to_json(model, features).as_bytes()).map_err(ModelFileError::from)
}

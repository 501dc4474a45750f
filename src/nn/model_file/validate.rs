//! A parsed model file checked against the course's rules and built into a [`Model`]: the
//! kind, the layers' shapes and how they chain, the activations, finite values.

use super::{
    FORMAT, FORMAT_1, INPUTS, LayerFile, MAX_HIDDEN_LAYERS, MAX_OUTPUTS, MESSAGE_CHARS, ModelFile,
    SavedModel,
};
use crate::data::Features;
use crate::nn::Model;
use crate::nn::activation::{Activation, Output};
use crate::nn::mlp::{Layer, Mlp};
use crate::nn::perceptron::Perceptron;
use crate::text::{clip, clip_to};
use ndarray::{Array1, Array2};

pub(super) fn validate(f: ModelFile) -> Result<SavedModel, String> {
    let features = match f.format.as_str() {
        FORMAT => format_2_inputs(&f)?,
        FORMAT_1 => format_1_inputs(&f)?,
        _ => {
            return Err(format!(
                "unknown format \"{}\" (expected \"{FORMAT}\" or \"{FORMAT_1}\")",
                clip(&f.format)
            ));
        }
    };
    let (output, hidden) = if f.format == FORMAT {
        layer_activations(&f)?
    } else {
        let (output, hidden) = activations(&f, f.layers.0.len())?;
        (output, vec![hidden; f.layers.0.len().saturating_sub(1)])
    };
    let optimizer = f.optimizer.as_deref().map(|o| clip_to(o, 40));
    let f_layers = f.layers.0;
    if f_layers.is_empty() {
        return Err("the model has no layers".into());
    }
    if f_layers.len() > MAX_HIDDEN_LAYERS + 1 {
        return Err(format!(
            "{} hidden layers is more than the limit of {MAX_HIDDEN_LAYERS}",
            f_layers.len() - 1
        ));
    }
    let layers = build_layers(f_layers, features.len())?;
    let outputs = layers.last().map_or(0, Layer::units);
    if outputs > MAX_OUTPUTS {
        return Err(format!(
            "the output layer has {outputs} units; a model has at most {MAX_OUTPUTS} (one per class)"
        ));
    }
    let model = match f.kind.as_str() {
        "perceptron" => {
            if layers.len() != 1 || layers[0].units() != 1 || output != Output::Sign {
                return Err(
                    "a perceptron has exactly one layer with one column and a sign output".into(),
                );
            }
            let layer = &layers[0];
            Model::Perceptron(Perceptron {
                weights: layer.weights().column(0).to_vec(),
                bias: layer.bias()[0],
            })
        }
        "mlp" => Mlp::from_layers_with(layers, hidden, output)
            .map(Model::Mlp)
            .map_err(|e| e.to_string())?,
        other => {
            return Err(format!(
                "unknown kind \"{}\" (expected \"mlp\" or \"perceptron\")",
                clip(other)
            ));
        }
    };
    Ok(SavedModel {
        model,
        features,
        optimizer,
    })
}

/// Format 1 reads exactly x1, x2 and names its activations at the top.
fn format_1_inputs(f: &ModelFile) -> Result<Features, String> {
    if f.inputs.0 != INPUTS {
        let found: Vec<String> = f
            .inputs
            .0
            .iter()
            .map(|i| format!("\"{}\"", clip(i)))
            .collect();
        return Err(clip_to(
            &format!(
                "inputs must be [\"x1\", \"x2\"] in format 1 (found [{}])",
                found.join(", ")
            ),
            MESSAGE_CHARS,
        ));
    }
    if f.layers.0.iter().any(|l| l.activation.is_some()) || f.optimizer.is_some() {
        return Err(format!(
            "per-layer activations and an optimizer need format \"{FORMAT}\""
        ));
    }
    Ok(Features::default())
}

/// Format 2 lists its features in the course's order and names each layer's activation.
fn format_2_inputs(f: &ModelFile) -> Result<Features, String> {
    if f.hidden_activation.is_some() || f.output_activation.is_some() {
        return Err(
            "format 2 gives each layer its own \"activation\" (no hidden_activation or output_activation)"
                .into(),
        );
    }
    Features::from_names(&f.inputs.0).map_err(|e| clip_to(&format!("inputs: {e}"), MESSAGE_CHARS))
}

/// The output activation (the last layer's) and the hidden ones of a format 2 file.
fn layer_activations(f: &ModelFile) -> Result<(Output, Vec<Activation>), String> {
    let count = f.layers.0.len();
    let mut hidden = Vec::with_capacity(count.saturating_sub(1));
    let mut output = Output::Sign;
    for (l, layer) in f.layers.0.iter().enumerate() {
        let Some(name) = &layer.activation else {
            return Err(format!("layer {}: \"activation\" is missing", l + 1));
        };
        if l + 1 == count {
            output = Output::from_name(name).ok_or_else(|| {
                format!(
                    "layer {}: unknown output activation \"{}\" (expected one of sigmoid, softmax, sign, tanh, linear)",
                    l + 1,
                    clip(name)
                )
            })?;
        } else {
            hidden.push(Activation::from_name(name).ok_or_else(|| {
                format!(
                    "layer {}: unknown activation \"{}\" (expected one of sigmoid, tanh, relu, linear, sign)",
                    l + 1,
                    clip(name)
                )
            })?);
        }
    }
    Ok((output, hidden))
}

/// The output and hidden activations a format 1 file names (the hidden one may be left out
/// of a one-layer model).
fn activations(f: &ModelFile, layer_count: usize) -> Result<(Output, Activation), String> {
    let name = f.output_activation.as_deref().unwrap_or_default();
    if f.output_activation.is_none() {
        return Err("output_activation is missing".into());
    }
    let output = Output::from_name(name).ok_or_else(|| {
        format!(
            "unknown output_activation \"{}\" (expected one of sigmoid, softmax, sign, tanh, linear)",
            clip(name)
        )
    })?;
    let hidden = match &f.hidden_activation {
        Some(name) => Activation::from_name(name).ok_or_else(|| {
            format!(
                "unknown hidden_activation \"{}\" (expected one of sigmoid, tanh, relu, linear, sign)",
                clip(name)
            )
        })?,
        None if layer_count > 1 => {
            return Err(format!(
                "hidden_activation is missing (needed with {layer_count} layers)"
            ));
        }
        None => Activation::Relu,
    };
    Ok((output, hidden))
}

/// The layers of a file, each checked (rows chain, rectangular, finite, bias fits).
fn build_layers(files: Vec<LayerFile>, inputs: usize) -> Result<Vec<Layer>, String> {
    let mut layers = Vec::with_capacity(files.len());
    let mut expected_rows = inputs;
    for (l, lf) in files.into_iter().enumerate() {
        let weights: Vec<Vec<f64>> = lf.weights.0.into_iter().map(|r| r.0).collect();
        let layer = build_layer(l, expected_rows, weights, lf.bias.0)?;
        expected_rows = layer.units();
        layers.push(layer);
    }
    Ok(layers)
}

/// Layer `l` (0-based) from its rows and bias, fed by `expected_rows` values.
fn build_layer(
    l: usize,
    expected_rows: usize,
    weights: Vec<Vec<f64>>,
    bias: Vec<f64>,
) -> Result<Layer, String> {
    let name = l + 1;
    let rows = weights.len();
    if rows != expected_rows {
        let source = if l == 0 {
            format!("the model has {expected_rows} inputs")
        } else {
            format!("layer {l} has {expected_rows} units")
        };
        return Err(format!(
            "layer {name}: weights has {rows} rows but {source}"
        ));
    }
    let cols = weights[0].len();
    if cols == 0 {
        return Err(format!("layer {name}: weights has no columns"));
    }
    for (r, row) in weights.iter().enumerate() {
        if row.len() != cols {
            return Err(format!(
                "layer {name}: row {} of weights has {} values, row 1 has {cols}",
                r + 1,
                row.len()
            ));
        }
        if let Some(c) = row.iter().position(|v| !v.is_finite()) {
            return Err(format!(
                "layer {name}: weights[{r}][{c}] is not a finite number"
            ));
        }
    }
    if bias.len() != cols {
        return Err(format!(
            "layer {name}: bias has {} values but weights has {cols} columns",
            bias.len()
        ));
    }
    if let Some(j) = bias.iter().position(|v| !v.is_finite()) {
        return Err(format!("layer {name}: bias[{j}] is not a finite number"));
    }
    let flat: Vec<f64> = weights.into_iter().flatten().collect();
    let weights = Array2::from_shape_vec((rows, cols), flat).map_err(|e| e.to_string())?;
    Layer::new(weights, Array1::from(bias))
        .ok_or_else(|| format!("layer {name}: bias does not fit the weights"))
}

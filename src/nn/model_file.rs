//! The JSON model file of COURSE §5, so a network can be saved, loaded, hand-edited and shared.
//!
//! `weights` of layer l has d(l−1) rows and d(l) columns (the lecture's W⁽ˡ⁾). Floats are
//! written at full round-trip precision and the file holds nothing that changes from run to
//! run, so the same model always gives the same bytes.

use super::Model;
use super::activation::{Activation, Output};
use super::mlp::{Layer, Mlp};
use super::perceptron::Perceptron;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The `format` every model file carries.
pub const FORMAT: &str = "perceptron-lab/model@1";

/// The input features a model may read, in order.
pub const INPUTS: [&str; 2] = ["x1", "x2"];

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    kind: String,
    inputs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hidden_activation: Option<String>,
    output_activation: String,
    layers: Vec<LayerFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    weights: Vec<Vec<f64>>,
    bias: Vec<f64>,
}

/// Why a model file was refused (one line, naming the file).
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// The file could not be read or written.
    #[error("{file}: {source}")]
    Io {
        /// the file
        file: String,
        /// the system's reason
        source: std::io::Error,
    },
    /// Not JSON, or JSON of the wrong shape.
    #[error("{file}: line {line}, column {column}: {message}")]
    Json {
        /// the file
        file: String,
        /// 1-based line
        line: usize,
        /// 1-based column
        column: usize,
        /// serde's explanation
        message: String,
    },
    /// Well-formed JSON that is not a valid model.
    #[error("{file}: {message}")]
    Invalid {
        /// the file
        file: String,
        /// what is wrong
        message: String,
    },
}

/// Reads and validates a model file.
pub fn load_model(path: &Path) -> Result<Model, ModelFileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ModelFileError::Io {
        file: file.clone(),
        source,
    })?;
    parse_model(&text, &file)
}

/// Parses and validates model JSON; `file` is how errors refer to it.
pub fn parse_model(text: &str, file: &str) -> Result<Model, ModelFileError> {
    let parsed: ModelFile = serde_json::from_str(text).map_err(|e| ModelFileError::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    validate(parsed).map_err(|message| ModelFileError::Invalid {
        file: file.to_owned(),
        message,
    })
}

/// serde_json appends " at line L column C"; the error already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn validate(f: ModelFile) -> Result<Model, String> {
    if f.format != FORMAT {
        return Err(format!(
            "unknown format \"{}\" (expected \"{FORMAT}\")",
            f.format
        ));
    }
    if f.inputs != INPUTS {
        return Err(format!(
            "inputs must be [\"x1\", \"x2\"] (found {:?})",
            f.inputs
        ));
    }
    if f.layers.is_empty() {
        return Err("the model has no layers".into());
    }
    let output = Output::from_name(&f.output_activation).ok_or_else(|| {
        format!(
            "unknown output_activation \"{}\" (expected one of sigmoid, softmax, sign, tanh, linear)",
            f.output_activation
        )
    })?;
    let hidden = match &f.hidden_activation {
        Some(name) => Activation::from_name(name).ok_or_else(|| {
            format!(
                "unknown hidden_activation \"{name}\" (expected one of sigmoid, tanh, relu, linear, sign)"
            )
        })?,
        None if f.layers.len() > 1 => {
            return Err(format!(
                "hidden_activation is missing (needed with {} layers)",
                f.layers.len()
            ));
        }
        None => Activation::Relu,
    };
    let mut layers = Vec::with_capacity(f.layers.len());
    let mut expected_rows = INPUTS.len();
    for (l, lf) in f.layers.into_iter().enumerate() {
        let name = l + 1;
        let rows = lf.weights.len();
        if rows != expected_rows {
            let source = if l == 0 {
                format!("the network has {expected_rows} inputs")
            } else {
                format!("layer {l} has {expected_rows} units")
            };
            return Err(format!(
                "layer {name}: weights has {rows} rows but {source}"
            ));
        }
        let cols = lf.weights[0].len();
        if cols == 0 {
            return Err(format!("layer {name}: weights has no columns"));
        }
        for (r, row) in lf.weights.iter().enumerate() {
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
        if lf.bias.len() != cols {
            return Err(format!(
                "layer {name}: bias has {} values but weights has {cols} columns",
                lf.bias.len()
            ));
        }
        if let Some(j) = lf.bias.iter().position(|v| !v.is_finite()) {
            return Err(format!("layer {name}: bias[{j}] is not a finite number"));
        }
        let flat: Vec<f64> = lf.weights.into_iter().flatten().collect();
        let weights = Array2::from_shape_vec((rows, cols), flat).map_err(|e| e.to_string())?;
        let layer = Layer::new(weights, Array1::from(lf.bias))
            .ok_or_else(|| format!("layer {name}: bias does not fit the weights"))?;
        layers.push(layer);
        expected_rows = cols;
    }
    match f.kind.as_str() {
        "perceptron" => {
            if layers.len() != 1 || layers[0].units() != 1 || output != Output::Sign {
                return Err(
                    "a perceptron has exactly one layer with one column and a sign output".into(),
                );
            }
            let layer = &layers[0];
            Ok(Model::Perceptron(Perceptron {
                weights: layer.weights().column(0).to_vec(),
                bias: layer.bias()[0],
            }))
        }
        "mlp" => Mlp::from_layers(layers, hidden, output)
            .map(Model::Mlp)
            .map_err(|e| e.to_string()),
        other => Err(format!(
            "unknown kind \"{other}\" (expected \"mlp\" or \"perceptron\")"
        )),
    }
}

/// The model as JSON text (pretty-printed, full precision, no timestamps).
pub fn model_to_json(model: &Model) -> String {
    let file = match model {
        Model::Perceptron(p) => ModelFile {
            format: FORMAT.into(),
            kind: "perceptron".into(),
            inputs: INPUTS.map(String::from).to_vec(),
            hidden_activation: None,
            output_activation: Output::Sign.name().into(),
            layers: vec![LayerFile {
                weights: p.weights.iter().map(|&w| vec![w]).collect(),
                bias: vec![p.bias],
            }],
        },
        Model::Mlp(m) => ModelFile {
            format: FORMAT.into(),
            kind: "mlp".into(),
            inputs: INPUTS.map(String::from).to_vec(),
            hidden_activation: Some(m.hidden_activation().name().into()),
            output_activation: m.output().name().into(),
            layers: m
                .layers()
                .iter()
                .map(|l| LayerFile {
                    weights: l.weights().rows().into_iter().map(|r| r.to_vec()).collect(),
                    bias: l.bias().to_vec(),
                })
                .collect(),
        },
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a model serializes");
    text.push('\n');
    text
}

/// Writes a model file.
pub fn save_model(path: &Path, model: &Model) -> Result<(), ModelFileError> {
    std::fs::write(path, model_to_json(model)).map_err(|source| ModelFileError::Io {
        file: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const XOR: &str = include_str!("../../assets/models/xor-sign.json");

    #[test]
    fn the_lecture_xor_network_loads_and_computes_xor() {
        let Model::Mlp(m) = parse_model(XOR, "xor-sign.json").expect("valid") else {
            panic!("an mlp");
        };
        assert_eq!(m.sizes(), vec![2, 2, 1]);
        let out: Vec<f64> = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
            .iter()
            .map(|x| m.predict(x)[0])
            .collect();
        assert_eq!(out, vec![-1.0, 1.0, 1.0, -1.0]);
    }

    #[test]
    fn saving_and_loading_round_trips_bit_for_bit() {
        let m = Mlp::new(
            &[2, 5, 3],
            Activation::Tanh,
            Output::Softmax,
            Default::default(),
            9,
        )
        .expect("valid");
        let text = model_to_json(&Model::Mlp(m.clone()));
        let Model::Mlp(back) = parse_model(&text, "m.json").expect("valid") else {
            panic!("an mlp");
        };
        assert_eq!(back, m);
        assert_eq!(model_to_json(&Model::Mlp(back)), text);
        let p = Perceptron::from_augmented(&[0.1, -0.2, 1.0 / 3.0]);
        let text = model_to_json(&Model::Perceptron(p.clone()));
        assert!(matches!(parse_model(&text, "p.json"), Ok(Model::Perceptron(q)) if q == p));
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let cases = [
            ("{", "m.json: line 1, column 1: EOF while parsing"),
            (r#"{"format":"x"}"#, "missing field"),
            (&XOR.replace("model@1", "model@9"), "unknown format"),
            (
                &XOR.replace("\"sign\",\n  \"layers", "\"step\",\n  \"layers"),
                "unknown output_activation \"step\"",
            ),
            (
                &XOR.replace(
                    "\"hidden_activation\": \"sign\"",
                    "\"hidden_activation\": \"soft\"",
                ),
                "unknown hidden_activation",
            ),
            (&XOR.replace("\"x2\"", "\"x3\""), "inputs must be"),
            (
                &XOR.replace("[3.0, -1.0]", "[3.0]"),
                "layer 1: bias has 1 values but weights has 2 columns",
            ),
            (
                &XOR.replace("[[1.0], [1.0]]", "[[1.0], [1.0], [1.0]]"),
                "layer 2: weights has 3 rows but layer 1 has 2 units",
            ),
            (&XOR.replace("\"mlp\"", "\"svm\""), "unknown kind \"svm\""),
            (
                &XOR.replace("[-2.0, 2.0], [-2.0, 2.0]", "[-2.0, 2.0], [-2.0]"),
                "row 2 of weights has 1 values",
            ),
            (&XOR.replace("3.0", "1e999"), "number out of range"),
            (
                &XOR.replace("\"bias\": [-1.0]", "\"bias\": [-1.0], \"bais\": 1"),
                "unknown field `bais`",
            ),
        ];
        for (text, expected) in cases {
            let msg = parse_model(text, "m.json").expect_err(expected).to_string();
            assert!(msg.starts_with("m.json"), "{msg}");
            assert!(msg.contains(expected), "{msg:?} lacks {expected:?}");
            assert!(!msg.contains('\n'));
        }
    }
}

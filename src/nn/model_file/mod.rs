//! The JSON model file of COURSE §5, so a network can be saved, loaded, hand-edited and shared.
//!
//! `weights` of layer l has d(l−1) rows and d(l) columns (the lecture's W⁽ˡ⁾). Floats are
//! written at full round-trip precision and the file holds nothing that changes from run to
//! run, so the same model always gives the same bytes.

mod bounded;
mod validate;

use validate::validate;

use super::Model;
use super::activation::Output;
use super::mlp::MAX_UNITS;
use crate::fsio::{FsError, LimitExceeded, LimitedReader, open_input, write_atomic};
use crate::text::clip_to;
use bounded::Bounded;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// The `format` every model file carries.
pub const FORMAT: &str = "perceptron-lab/model@1";

/// The input features a model may read, in order.
pub const INPUTS: [&str; 2] = ["x1", "x2"];

/// The largest model file read: above the largest model the project writes (8 hidden
/// layers of 1024 units, about 235 MB pretty-printed by older versions, 162 MB compact).
pub const MAX_MODEL_BYTES: u64 = 256 << 20;

/// The most hidden layers a model may have (as for training).
pub const MAX_HIDDEN_LAYERS: usize = 8;

/// The most output units (softmax over at most 32 classes).
pub const MAX_OUTPUTS: usize = 32;

/// Above this many parameters a model is written as compact JSON (one line), so the
/// largest networks stay well under [`MAX_MODEL_BYTES`]; smaller ones stay pretty.
pub const COMPACT_ABOVE_PARAMETERS: usize = 65_536;

/// At most 16 input names.
struct InputsLimit;
impl bounded::Limit for InputsLimit {
    const MAX: usize = 16;
    const REFUSAL: &'static str = "more than 16 inputs";
}

/// At most 8 hidden layers and the output layer.
struct LayersLimit;
impl bounded::Limit for LayersLimit {
    const MAX: usize = MAX_HIDDEN_LAYERS + 1;
    const REFUSAL: &'static str =
        "more than 9 layers: a model has at most 8 hidden layers and the output layer";
}

/// At most 1024 rows, values in a row, or biases.
struct UnitsLimit;
impl bounded::Limit for UnitsLimit {
    const MAX: usize = MAX_UNITS;
    const REFUSAL: &'static str = "more than 1024 rows or values: a layer has at most 1024 units";
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    kind: String,
    inputs: Bounded<String, InputsLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hidden_activation: Option<String>,
    output_activation: String,
    layers: Bounded<LayerFile, LayersLimit>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    weights: Bounded<Bounded<f64, UnitsLimit>, UnitsLimit>,
    bias: Bounded<f64, UnitsLimit>,
}

/// Why a model file was refused (one line, naming the file).
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// The file could not be opened, read within the limit, or written.
    #[error(transparent)]
    File(#[from] FsError),
    /// The file holds nothing.
    #[error("{file}: the file is empty (expected a JSON model of format {FORMAT})")]
    Empty {
        /// the file
        file: String,
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

/// Reads and validates a model file of at most [`MAX_MODEL_BYTES`].
pub fn load_model(path: &Path) -> Result<Model, ModelFileError> {
    let file = path.display().to_string();
    let reader = LimitedReader::new(open_input(path)?, MAX_MODEL_BYTES);
    read_model(std::io::BufReader::new(reader), &file)
}

/// Parses and validates model JSON; `file` is how errors refer to it.
pub fn parse_model(text: &str, file: &str) -> Result<Model, ModelFileError> {
    read_model(text.as_bytes(), file)
}

/// Reads and validates model JSON from any reader (a leading byte-order mark is skipped);
/// `file` is how errors refer to it.
pub fn read_model(mut reader: impl Read, file: &str) -> Result<Model, ModelFileError> {
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < 3 {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_failure(e, file)),
        }
    }
    let start = if head[..got] == [0xef, 0xbb, 0xbf] {
        3
    } else {
        0
    };
    let chained = (&head[start..got]).chain(reader);
    let parsed: ModelFile = serde_json::from_reader(chained).map_err(|e| json_error(e, file))?;
    validate(parsed).map_err(|message| ModelFileError::Invalid {
        file: file.to_owned(),
        message,
    })
}

/// The one-line refusal for a reading error (the size limit, or the system's reason).
fn io_failure(io: std::io::Error, file: &str) -> ModelFileError {
    let file = file.to_owned();
    match LimitExceeded::in_error(&io) {
        Some(limit) => FsError::TooLarge { file, limit }.into(),
        None => FsError::Open { file, source: io }.into(),
    }
}

/// The one-line refusal for a serde_json error.
fn json_error(e: serde_json::Error, file: &str) -> ModelFileError {
    if e.is_io() {
        return io_failure(std::io::Error::from(e), file);
    }
    let file = file.to_owned();
    if e.is_eof() && e.line() == 1 && e.column() == 0 {
        return ModelFileError::Empty { file };
    }
    let raw = strip_position(&e.to_string());
    let message = if raw.contains("struct ModelFile") {
        format!("the file must hold a JSON object {{\"format\": \"{FORMAT}\", …}}")
    } else {
        clip_to(
            &raw.replace("struct LayerFile", "a layer {\"weights\": …, \"bias\": …}"),
            MESSAGE_CHARS,
        )
    };
    ModelFileError::Json {
        file,
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// The most characters of serde's explanation shown (it may quote the file's text).
const MESSAGE_CHARS: usize = 160;

/// serde_json appends " at line L column C"; the error already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The model as JSON text (full precision, no timestamps): pretty-printed, or compact (one
/// line) above [`COMPACT_ABOVE_PARAMETERS`] parameters. The same model gives the same bytes.
pub fn model_to_json(model: &Model) -> String {
    let file = match model {
        Model::Perceptron(p) => ModelFile {
            format: FORMAT.into(),
            kind: "perceptron".into(),
            inputs: Bounded::of(INPUTS.map(String::from).to_vec()),
            hidden_activation: None,
            output_activation: Output::Sign.name().into(),
            layers: Bounded::of(vec![LayerFile {
                weights: Bounded::of(p.weights.iter().map(|&w| Bounded::of(vec![w])).collect()),
                bias: Bounded::of(vec![p.bias]),
            }]),
        },
        Model::Mlp(m) => ModelFile {
            format: FORMAT.into(),
            kind: "mlp".into(),
            inputs: Bounded::of(INPUTS.map(String::from).to_vec()),
            hidden_activation: Some(m.hidden_activation().name().into()),
            output_activation: m.output().name().into(),
            layers: Bounded::of(
                m.layers()
                    .iter()
                    .map(|l| LayerFile {
                        weights: Bounded::of(
                            l.weights()
                                .rows()
                                .into_iter()
                                .map(|r| Bounded::of(r.to_vec()))
                                .collect(),
                        ),
                        bias: Bounded::of(l.bias().to_vec()),
                    })
                    .collect(),
            ),
        },
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

/// Writes a model file atomically (the previous file stays whole if writing fails).
pub fn save_model(path: &Path, model: &Model) -> Result<(), ModelFileError> {
    write_atomic(path, model_to_json(model).as_bytes()).map_err(ModelFileError::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::mlp::Mlp;
    use crate::nn::perceptron::Perceptron;

    const XOR: &str = include_str!("../../../assets/models/xor-sign.json");

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

//! The JSON model file of COURSE §5, so a network can be saved, loaded, hand-edited and shared.
//!
//! `weights` of layer l has d(l−1) rows and d(l) columns (the lecture's W⁽ˡ⁾). Floats are
//! written at full round-trip precision and the file holds nothing that changes from run to
//! run, so the same model always gives the same bytes.

mod bounded;
mod validate;
mod write;

use validate::validate;
pub use write::{model_to_json, save_model};

use super::Model;
use super::mlp::MAX_UNITS;
use crate::data::Features;
use crate::fsio::{FsError, LimitExceeded, LimitedReader, open_input};
use crate::text::clip_to;
use bounded::Bounded;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// The `format` of the files written: format 2, with input features and per-layer
/// activations (COURSE §5).
pub const FORMAT: &str = "perceptron-lab/model@2";

/// The first format, still read: inputs x1, x2 and one `hidden_activation` for every
/// hidden layer.
pub const FORMAT_1: &str = "perceptron-lab/model@1";

/// The inputs of a format 1 file.
pub const INPUTS: [&str; 2] = ["x1", "x2"];

/// A model as a file holds it: the network, the input features φ it reads and, when the
/// file names one, the optimizer it was trained with (kept as written).
#[derive(Clone, Debug, PartialEq)]
pub struct SavedModel {
    /// The network or perceptron.
    pub model: Model,
    /// Its inputs φ(x), in order (the first layer has that many rows).
    pub features: Features,
    /// The optimizer's name, if the file gives one.
    pub optimizer: Option<String>,
}

impl SavedModel {
    /// A model reading `features`, with no optimizer named.
    pub fn new(model: Model, features: Features) -> Self {
        Self {
            model,
            features,
            optimizer: None,
        }
    }
}

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

/// The file's fields, of either format (format 1 has `hidden_activation` and
/// `output_activation`; format 2 an `activation` in every layer and maybe `optimizer`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    format: String,
    kind: String,
    inputs: Bounded<String, InputsLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hidden_activation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    output_activation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    optimizer: Option<String>,
    layers: Bounded<LayerFile, LayersLimit>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    weights: Bounded<Bounded<f64, UnitsLimit>, UnitsLimit>,
    bias: Bounded<f64, UnitsLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    activation: Option<String>,
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
pub fn load_model(path: &Path) -> Result<SavedModel, ModelFileError> {
    let file = path.display().to_string();
    let reader = LimitedReader::new(open_input(path)?, MAX_MODEL_BYTES);
    read_model(std::io::BufReader::new(reader), &file)
}

/// Parses and validates model JSON; `file` is how errors refer to it.
pub fn parse_model(text: &str, file: &str) -> Result<SavedModel, ModelFileError> {
    read_model(text.as_bytes(), file)
}

/// Reads and validates model JSON from any reader (a leading byte-order mark is skipped);
/// `file` is how errors refer to it.
pub fn read_model(mut reader: impl Read, file: &str) -> Result<SavedModel, ModelFileError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Features;
    use crate::nn::activation::{Activation, Output};
    use crate::nn::mlp::Mlp;
    use crate::nn::perceptron::Perceptron;

    const XOR: &str = include_str!("../../../assets/models/xor-sign.json");

    fn parse(text: &str) -> Model {
        parse_model(text, "m.json").expect("valid").model
    }

    #[test]
    fn the_lecture_xor_network_loads_from_format_1_and_computes_xor() {
        assert!(XOR.contains(FORMAT_1));
        let saved = parse_model(XOR, "xor-sign.json").expect("valid");
        assert_eq!(saved.features, Features::default());
        assert_eq!(saved.optimizer, None);
        let Model::Mlp(m) = saved.model else {
            panic!("an mlp");
        };
        assert_eq!(m.sizes(), vec![2, 2, 1]);
        assert_eq!(m.hidden_activations(), &[Activation::Sign]);
        let out: Vec<f64> = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
            .iter()
            .map(|x| m.predict(x)[0])
            .collect();
        assert_eq!(out, vec![-1.0, 1.0, 1.0, -1.0]);
        // Written again, it is format 2 with the activation in each layer, and reads back
        // the same.
        let text = model_to_json(&Model::Mlp(m.clone()), saved.features);
        assert!(
            text.contains(FORMAT) && !text.contains("hidden_activation"),
            "{text}"
        );
        assert_eq!(parse(&text), Model::Mlp(m));
    }

    #[test]
    fn format_2_round_trips_bit_for_bit() {
        let m = Mlp::with_activations(
            &[4, 5, 3, 3],
            &[Activation::Tanh, Activation::Relu],
            Output::Softmax,
            Default::default(),
            9,
        )
        .expect("valid");
        let features = Features::parse_list("x1,x2,x1sq,x1x2").expect("valid");
        let saved = SavedModel {
            model: Model::Mlp(m.clone()),
            features,
            optimizer: Some("adam".into()),
        };
        let text = saved.to_json();
        for needle in [
            "\"perceptron-lab/model@2\"",
            "\"inputs\": [\n    \"x1\",\n    \"x2\",\n    \"x1sq\",\n    \"x1x2\"\n  ]",
            "\"activation\": \"tanh\"",
            "\"activation\": \"relu\"",
            "\"activation\": \"softmax\"",
            "\"optimizer\": \"adam\"",
        ] {
            assert!(text.contains(needle), "{needle} in {text}");
        }
        let back = parse_model(&text, "m.json").expect("valid");
        assert_eq!(back, saved);
        assert_eq!(back.to_json(), text);
        let p = Perceptron::from_augmented(&[0.1, -0.2, 1.0 / 3.0]);
        let sq = Features::parse_list("x1sq,x2sq").expect("valid");
        let text = model_to_json(&Model::Perceptron(p.clone()), sq);
        let back = parse_model(&text, "p.json").expect("valid");
        assert_eq!(back, SavedModel::new(Model::Perceptron(p), sq));
    }

    #[test]
    fn format_2_files_are_checked() {
        let m = Mlp::new(
            &[3, 2, 1],
            Activation::Tanh,
            Output::Sigmoid,
            Default::default(),
            1,
        )
        .expect("valid");
        let f = Features::parse_list("x1,x2,sinx1").expect("valid");
        let good = model_to_json(&Model::Mlp(m), f);
        let cases = [
            (
                good.replace("\"sinx1\"", "\"cosx1\""),
                "unknown feature \"cosx1\"",
            ),
            (
                good.replace("    \"sinx1\"\n", "")
                    .replace("\"x2\",", "\"x2\""),
                "weights has 3 rows but the model has 2 inputs",
            ),
            (
                good.replace("\"x1\",\n    \"x2\"", "\"x2\",\n    \"x1\""),
                "out of order",
            ),
            (
                good.replace("\"tanh\"", "\"soft\""),
                "layer 1: unknown activation \"soft\"",
            ),
            (
                good.replace("\"sigmoid\"", "\"relu\""),
                "layer 2: unknown output activation",
            ),
            (
                good.replacen("\"activation\": \"tanh\"", "\"bias2\": []", 1),
                "unknown field `bias2`",
            ),
            (
                good.replace(
                    "\"kind\": \"mlp\",",
                    "\"kind\": \"mlp\", \"hidden_activation\": \"tanh\",",
                ),
                "format 2 gives each layer its own",
            ),
            (
                XOR.replace(
                    "\"bias\": [-1.0]",
                    "\"bias\": [-1.0], \"activation\": \"sign\"",
                ),
                "need format",
            ),
        ];
        for (text, expected) in cases {
            let msg = parse_model(&text, "m.json")
                .expect_err(expected)
                .to_string();
            assert!(msg.contains(expected), "{msg:?} lacks {expected:?}");
            assert!(!msg.contains('\n'));
        }
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

//! The training flags shared by `train`, `gradcheck` and the app (`--screenshot` runs), and
//! how they become a dataset, a configuration and a starting model.

use crate::data::{DataSpec, Dataset, DatasetKind, Features, read_csv};
use crate::nn::model_file::{SavedModel, load_model};
use crate::nn::{Activation, Init, Loss, Model, OptimizerKind, RegKind};
use crate::text::clip;
use crate::train::{ModelKind, TrainConfig, UpdateRule};
use clap::Args;
use std::path::PathBuf;

/// `--hidden 100`, `--hidden 8,8` or `--hidden none`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hidden(pub Vec<usize>);

fn parse_hidden(s: &str) -> Result<Hidden, String> {
    if s == "none" {
        return Ok(Hidden(Vec::new()));
    }
    s.split(',')
        .map(|p| {
            p.trim().parse::<usize>().map_err(|_| {
                format!(
                    "`{}` is not a number of units (expected e.g. 100, 8,8 or none)",
                    clip(p)
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Hidden)
}

fn parse_dataset(s: &str) -> Result<DatasetKind, String> {
    DatasetKind::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = DatasetKind::ALL.iter().map(|k| k.name()).collect();
        format!(
            "unknown dataset `{}` (expected one of {})",
            clip(s),
            names.join(", ")
        )
    })
}

fn parse_activation(s: &str) -> Result<Activation, String> {
    Activation::from_name(s).ok_or_else(|| {
        format!(
            "unknown activation `{}` (expected relu, tanh, sigmoid, linear or sign)",
            clip(s)
        )
    })
}

/// `--activation relu` (every hidden layer) or `--activation relu,tanh` (one per hidden
/// layer).
#[derive(Clone, Debug, PartialEq)]
pub struct ActivationList(pub Vec<Activation>);

fn parse_activations(s: &str) -> Result<ActivationList, String> {
    s.split(',')
        .map(|a| parse_activation(a.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map(ActivationList)
}

fn parse_features(s: &str) -> Result<Features, String> {
    Features::parse_list(s).map_err(|e| e.to_string())
}

pub(crate) fn parse_loss(s: &str) -> Result<Loss, String> {
    Loss::from_name(s)
        .ok_or_else(|| format!("unknown loss `{}` (expected cross-entropy or mse)", clip(s)))
}

fn parse_update(s: &str) -> Result<UpdateRule, String> {
    UpdateRule::from_name(s).ok_or_else(|| {
        format!(
            "unknown update rule `{}` (expected batch, minibatch, sgd or online)",
            clip(s)
        )
    })
}

fn parse_optimizer(s: &str) -> Result<OptimizerKind, String> {
    OptimizerKind::from_name(s).ok_or_else(|| {
        format!(
            "unknown optimizer `{}` (expected gd, momentum or adam)",
            clip(s)
        )
    })
}

fn parse_reg(s: &str) -> Result<RegKind, String> {
    RegKind::from_name(s)
        .ok_or_else(|| format!("unknown regularisation `{}` (expected l2 or l1)", clip(s)))
}

fn parse_model_kind(s: &str) -> Result<ModelKind, String> {
    match s {
        "mlp" => Ok(ModelKind::Mlp),
        "perceptron" => Ok(ModelKind::Perceptron),
        _ => Err(format!(
            "unknown model `{}` (expected mlp or perceptron)",
            clip(s)
        )),
    }
}

/// A finite number (clap's own parser accepts `inf` and `NaN`).
pub(crate) fn parse_finite(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("`{}` is not a number", clip(s)))?;
    if x.is_finite() {
        Ok(x)
    } else {
        Err(format!("`{}` is not a finite number", clip(s)))
    }
}

/// Where the points come from (generated or a CSV file).
#[derive(Args, Clone, Debug, Default, PartialEq)]
pub struct DataArgs {
    /// Generated dataset: spiral, and, or, nand, xor, blobs, overlap, circle, moons, gauss,
    /// xor-quadrants [default: spiral]
    #[arg(long, value_name = "NAME", value_parser = parse_dataset, conflicts_with = "data")]
    pub dataset: Option<DatasetKind>,
    /// Read the points from a CSV file with the header `x1,x2,label` instead (at most
    /// 128 MiB, lines of at most 64 KiB)
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["classes", "points", "noise", "seed"])]
    pub data: Option<PathBuf>,
    /// Classes C, for spiral and gauss (the others have 2) [default: 2]
    #[arg(long, value_name = "C")]
    pub classes: Option<usize>,
    /// Points per class N; at most 1 000 000 in all (the logic gates always have 4) [default: 100]
    #[arg(long, value_name = "N")]
    pub points: Option<usize>,
    /// Noise: the spiral's angle noise, the blobs' spread… [default: the dataset's own, e.g. 0.2 for the spiral]
    #[arg(long, value_name = "X", value_parser = parse_finite, allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Seed of the generated data [default: 1]
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
}

impl DataArgs {
    /// The seed of the generated data (`None` when the points come from a file).
    pub fn generated_seed(&self) -> Option<u64> {
        self.data.is_none().then(|| self.spec().seed)
    }

    /// The generator request these flags describe (defaults filled in).
    pub fn spec(&self) -> DataSpec {
        let d = DataSpec::default();
        DataSpec {
            kind: self.dataset.unwrap_or(d.kind),
            classes: self.classes.unwrap_or(d.classes),
            points_per_class: self.points.unwrap_or(d.points_per_class),
            noise: self.noise,
            seed: self.seed.unwrap_or(d.seed),
        }
    }

    /// The dataset: read from `--data` or generated, its coordinates checked against
    /// [`crate::data::MAX_COORDINATE`]; the error is one line.
    pub fn load(&self) -> Result<Dataset, String> {
        let data = match &self.data {
            Some(path) => read_csv(path).map_err(|e| e.to_string())?,
            None => self.spec().generate().map_err(|e| e.to_string())?,
        };
        data.check_scale()
            .map_err(|e| format!("{}: {e}", self.describe()))?;
        Ok(data)
    }

    /// How reports name the data.
    pub fn describe(&self) -> String {
        match &self.data {
            Some(path) => path.display().to_string(),
            None => self.spec().kind.name().to_owned(),
        }
    }
}

/// Every flag of a training run.
#[derive(Args, Clone, Debug, Default, PartialEq)]
pub struct TrainArgs {
    /// The model: mlp or perceptron [default: mlp]; with --init the file's kind wins
    #[arg(long, value_name = "KIND", value_parser = parse_model_kind)]
    pub model: Option<ModelKind>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub split: super::split_args::SplitArgs,
    /// Seed of the initial weights and of the shuffling [default: the data seed]
    #[arg(long, value_name = "S")]
    pub init_seed: Option<u64>,
    /// Hidden layer sizes, e.g. 100, 8,8 or none (1 to 1024 units each) [default: 100]
    #[arg(long, value_name = "SIZES", value_parser = parse_hidden)]
    pub hidden: Option<Hidden>,
    /// Hidden activation: relu, tanh, sigmoid, linear or sign (sign cannot be trained); one
    /// name for every hidden layer, or one per hidden layer (relu,tanh) [default: relu]
    #[arg(long, value_name = "F[,F…]", value_parser = parse_activations)]
    pub activation: Option<ActivationList>,
    /// Input features φ(x), any of x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2 (the model reads them in
    /// this order) [default: x1,x2]
    #[arg(long, value_name = "LIST", value_parser = parse_features)]
    pub features: Option<Features>,
    /// Data loss of the MLP: cross-entropy or mse [default: cross-entropy]
    #[arg(long, value_name = "LOSS", value_parser = parse_loss)]
    pub loss: Option<Loss>,
    /// Learning rate α, in (0, 1000] [default: 1]
    #[arg(long, value_name = "X", value_parser = parse_finite, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Regularisation strength λ (weights only), in [0, 1000] [default: 0.001]
    #[arg(long, value_name = "X", value_parser = parse_finite, allow_negative_numbers = true)]
    pub lambda: Option<f64>,
    /// Regularisation: l2 (λ/2·ΣW²) or l1 (λ·Σ|w|) [default: l2]
    #[arg(long, value_name = "KIND", value_parser = parse_reg)]
    pub reg: Option<RegKind>,
    /// MLP optimizer: gd, momentum or adam (the perceptron keeps the PLA) [default: gd]
    #[arg(long, value_name = "NAME", value_parser = parse_optimizer)]
    pub optimizer: Option<OptimizerKind>,
    /// β of momentum (v ← βv + g), in [0, 1) [default: 0.9]
    #[arg(long, value_name = "B", value_parser = parse_finite, allow_negative_numbers = true)]
    pub momentum: Option<f64>,
    /// β₁ of Adam, in [0, 1) [default: 0.9]
    #[arg(long, value_name = "B1", value_parser = parse_finite, allow_negative_numbers = true)]
    pub beta1: Option<f64>,
    /// β₂ of Adam, in [0, 1) [default: 0.999]
    #[arg(long, value_name = "B2", value_parser = parse_finite, allow_negative_numbers = true)]
    pub beta2: Option<f64>,
    /// ε of Adam, a number > 0 [default: 1e-8]
    #[arg(long, value_name = "E", value_parser = parse_finite, allow_negative_numbers = true)]
    pub eps: Option<f64>,
    /// Update rule: batch, minibatch, sgd or online (online: perceptron only) [default: batch]
    #[arg(long, value_name = "RULE", value_parser = parse_update)]
    pub update: Option<UpdateRule>,
    /// Mini-batch size B [default: 10]
    #[arg(long, value_name = "B")]
    pub batch_size: Option<usize>,
    /// Stop after K parameter updates, at most 10⁹ [default: 10000 for the MLP]
    #[arg(long, value_name = "K", conflicts_with = "epochs")]
    pub steps: Option<u64>,
    /// Stop after E epochs (for the perceptron, passes), at most 10⁹ [default: 1000 passes
    /// for the perceptron]
    #[arg(long, value_name = "E")]
    pub epochs: Option<u64>,
    /// Start from the weights in a model file (at most 256 MiB); its architecture,
    /// activations and inputs win over --hidden, --activation and --features
    #[arg(long, value_name = "FILE.json")]
    pub init: Option<PathBuf>,
    /// Draw the initial weights as S·randn (cs231n: 0.01) instead of Xavier/He
    #[arg(long, value_name = "S", value_parser = parse_finite, allow_negative_numbers = true)]
    pub init_scale: Option<f64>,
    /// Save the trained model to this JSON file (format perceptron-lab/model@2), atomically:
    /// a failed save leaves the previous file whole
    #[arg(long, value_name = "FILE.json")]
    pub save: Option<PathBuf>,
    /// Write a JSON report (loss parts, accuracy, speed, sampled history) to this file
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Perceptron: keep the best weights seen (the pocket algorithm) when it does not converge
    #[arg(long)]
    pub pocket: bool,
    /// Perceptron mini-batches: shuffle each epoch (default: index order)
    #[arg(long)]
    pub shuffle: bool,
    /// No progress lines on stderr (they appear every 10 s when stderr is not a terminal)
    #[arg(long)]
    pub quiet: bool,
    /// Seconds between progress lines when stderr is not a terminal [default: 10]
    #[arg(long, value_name = "S", hide = true)]
    pub progress_every: Option<u64>,
}

impl TrainArgs {
    /// The configuration these flags describe (defaults filled in; not yet validated).
    pub fn config(&self) -> TrainConfig {
        let d = TrainConfig::default();
        TrainConfig {
            model: self.model.unwrap_or(d.model),
            hidden_sizes: self.hidden.clone().map_or(d.hidden_sizes, |h| h.0),
            activation: self
                .activation
                .as_ref()
                .and_then(|a| a.0.first().copied())
                .unwrap_or(d.activation),
            loss: self.loss.unwrap_or(d.loss),
            learning_rate: self.lr.unwrap_or(d.learning_rate),
            lambda: self.lambda.unwrap_or(d.lambda),
            update: self.update.unwrap_or(d.update),
            batch_size: self.batch_size.unwrap_or(d.batch_size),
            init_seed: self.init_seed.or(self.data.seed).unwrap_or(d.init_seed),
            init: self.init_scale.map_or(Init::Auto, Init::Scale),
            shuffle: self.shuffle,
            pocket: self.pocket,
            optimizer: self.optimizer.unwrap_or(d.optimizer),
            momentum: self.momentum.unwrap_or(d.momentum),
            beta1: self.beta1.unwrap_or(d.beta1),
            beta2: self.beta2.unwrap_or(d.beta2),
            eps: self.eps.unwrap_or(d.eps),
            reg: self.reg.unwrap_or(d.reg),
            features: self.features.unwrap_or_default(),
            layer_activations: match &self.activation {
                Some(list) if list.0.len() > 1 => list.0.clone(),
                _ => Vec::new(),
            },
        }
    }

    /// The model of `--init`, if given, and the note to print once it is accepted (its
    /// architecture and inputs win over the flags).
    pub fn initial_model(&self) -> Result<Option<(SavedModel, String)>, String> {
        let Some(path) = &self.init else {
            return Ok(None);
        };
        let saved = load_model(path).map_err(|e| e.to_string())?;
        let shape = match &saved.model {
            Model::Perceptron(_) => "a perceptron".to_owned(),
            Model::Mlp(m) => format!(
                "an MLP {} (hidden {}, output {})",
                m.sizes()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("-"),
                activation_names(m.hidden_activations()),
                m.output()
            ),
        };
        let note = format!(
            "perceptron-lab: starting from {}: {shape}, inputs {}; its kind, layers, activations and inputs win over --model, --hidden, --activation and --features",
            path.display(),
            saved.features.flag_text()
        );
        Ok(Some((saved, note)))
    }
}

/// Hidden activations as the flag writes them (`relu,tanh`; `none` without hidden layers).
pub fn activation_names(list: &[Activation]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter().map(|a| a.name()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_sizes_parse() {
        assert_eq!(parse_hidden("100"), Ok(Hidden(vec![100])));
        assert_eq!(parse_hidden("8,8"), Ok(Hidden(vec![8, 8])));
        assert_eq!(parse_hidden("none"), Ok(Hidden(vec![])));
        assert!(parse_hidden("8,x").is_err());
        assert!(parse_finite("inf").is_err());
        assert!(parse_finite("NaN").is_err());
        assert_eq!(parse_finite("1e-3"), Ok(1e-3));
        assert_eq!(
            parse_activations("relu, tanh"),
            Ok(ActivationList(vec![Activation::Relu, Activation::Tanh]))
        );
        assert!(parse_activations("relu,soft").is_err());
        assert_eq!(
            parse_features("x2sq,x1sq").map(Features::names),
            Ok(vec!["x1sq", "x2sq"])
        );
        assert!(parse_features("x1,x9").is_err());
    }
}

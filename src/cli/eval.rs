//! `perceptron-lab eval`: a saved model on a dataset: accuracy, loss, mistakes and outputs.

use super::args::DataArgs;
use super::out;
use super::train_report::write_json;
use crate::nn::model_file::load_model;
use crate::nn::{Loss, Model, Output, Workspace};
use crate::text::fixed6;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// The flags of `eval`.
#[derive(Args, Clone, Debug)]
pub struct EvalArgs {
    /// The model file (JSON, format perceptron-lab/model@1, at most 256 MiB)
    #[arg(long, value_name = "FILE.json")]
    pub model: PathBuf,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub data: DataArgs,
    /// Write the report (accuracy, loss, misclassified, per-point outputs) to this JSON file
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
}

/// One point's output: a number (one output unit) or the softmax probabilities.
#[derive(Serialize)]
#[serde(untagged)]
enum PointOutput {
    One(f64),
    Many(Vec<f64>),
}

#[derive(Serialize)]
struct EvalReport {
    model: String,
    kind: &'static str,
    data: String,
    points: usize,
    accuracy: f64,
    /// Cross-entropy of a sigmoid/softmax output; null for sign, tanh and linear outputs.
    loss: Option<f64>,
    /// J = Σ_{i∈M} −y_i(b + wᵀx_i), for a perceptron.
    perceptron_loss: Option<f64>,
    misclassified: usize,
    predicted: Vec<usize>,
    outputs: Vec<PointOutput>,
}

/// Refuses a model whose outputs cannot name the data's classes: one output (sigmoid,
/// sign, tanh, linear) or a perceptron separates exactly 2; a softmax needs an output per class.
fn check_fit(model: &Model, classes: usize) -> Result<(), String> {
    let (outputs, output) = match model {
        Model::Perceptron(_) => (1, "perceptron (sign)".to_owned()),
        Model::Mlp(m) => (m.outputs(), m.output().to_string()),
    };
    let fits = match model {
        Model::Mlp(m) if m.output() == Output::Softmax => classes <= m.outputs(),
        _ => classes == 2,
    };
    if fits {
        return Ok(());
    }
    Err(format!(
        "the model has {outputs} {output} output{} but the data has {classes} classes{}",
        if outputs == 1 { "" } else { "s" },
        if outputs == 1 {
            " (one output separates 2 classes; use a softmax model with an output per class)"
        } else {
            ""
        }
    ))
}

/// `perceptron-lab eval`.
pub fn eval(args: &EvalArgs) -> Result<(), String> {
    if let Some(path) = &args.report {
        crate::fsio::check_output(path).map_err(|e| e.to_string())?;
    }
    let saved = load_model(&args.model).map_err(|e| e.to_string())?;
    let model = saved.model;
    let data = args.data.load()?;
    check_fit(&model, data.class_count)?;
    // The model reads its own inputs φ(x).
    let phi = saved.features.apply(&data);
    let (outputs, metrics) =
        model.evaluate(&phi, Loss::CrossEntropy, 0.0, &mut Workspace::default());
    let predicted: Vec<usize> = (0..phi.len())
        .map(|n| model.predicted_class(&phi.row(n).to_vec()))
        .collect();
    let (loss, perceptron_loss) = match &model {
        Model::Perceptron(_) => (None, metrics.data_loss),
        Model::Mlp(_) => (metrics.data_loss, None),
    };
    let report = EvalReport {
        model: args.model.display().to_string(),
        kind: model.kind_name(),
        data: args.data.describe(),
        points: data.len(),
        accuracy: metrics.accuracy,
        loss,
        perceptron_loss: perceptron_loss.map(|j| j + 0.0),
        misclassified: metrics.misclassified,
        predicted,
        outputs: outputs
            .iter()
            .map(|o| {
                if o.len() == 1 {
                    PointOutput::One(o[0])
                } else {
                    PointOutput::Many(o.clone())
                }
            })
            .collect(),
    };
    if let Some(path) = &args.report {
        write_json(path, &report)?;
    }
    let loss_text = match (loss, perceptron_loss) {
        (Some(l), _) => format!("loss {}", fixed6(l)),
        (None, Some(j)) => format!("perceptron loss J {}", fixed6(j)),
        (None, None) => "loss undefined for this output".to_owned(),
    };
    out(format_args!(
        "accuracy {:.4}, {} misclassified of {}, {loss_text}",
        metrics.accuracy,
        metrics.misclassified,
        data.len()
    ));
    if data.len() <= 32 {
        for (n, o) in outputs.iter().enumerate() {
            let p = data.point(n);
            let shown: Vec<String> = o.iter().map(|v| format!("{v:+}")).collect();
            out(format_args!(
                "x = ({}, {})  class {}  output {}",
                p[0],
                p[1],
                data.classes[n],
                shown.join(" ")
            ));
        }
    }
    Ok(())
}

//! `perceptron-lab explain`: one point's backprop numbers (COURSE §7) in the lecture's
//! notation, or as JSON, so that a student can check a hand computation (the lecture's Eg. 1).
//! The math is in [`crate::nn::explain`]; this file reads the flags and prints.

use super::args::{parse_finite, parse_loss};
use super::out;
use super::outcome::CliError;
use crate::nn::explain::{
    ExplainError, PerceptronPoint, PointBackprop, explain_perceptron, explain_point,
};
use crate::nn::loss::target;
use crate::nn::model_file::load_model;
use crate::nn::{Loss, Mlp, Model, Output};
use crate::text::{clip, number};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// A point `X1,X2` from the command line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point(pub [f64; 2]);

/// Parses `X1,X2` (two finite numbers).
pub fn parse_point(s: &str) -> Result<Point, String> {
    let parts: Vec<&str> = s.split(',').collect();
    let [x1, x2] = parts[..] else {
        return Err(format!(
            "`{}` is not a point (expected X1,X2, e.g. 0.6,-0.4)",
            clip(s)
        ));
    };
    Ok(Point([parse_finite(x1.trim())?, parse_finite(x2.trim())?]))
}

/// The flags of `explain`.
#[derive(Args, Clone, Debug)]
pub struct ExplainArgs {
    /// The model file (JSON, format perceptron-lab/model@1, at most 256 MiB)
    #[arg(long, value_name = "FILE.json")]
    pub model: PathBuf,
    /// The point, e.g. 0.6,-0.4
    #[arg(long, value_name = "X1,X2", value_parser = parse_point, allow_hyphen_values = true)]
    pub point: Point,
    /// Its class c (0 to C−1; for a perceptron, class 1 is y = +1 and class 0 is y = −1)
    #[arg(long, value_name = "C")]
    pub label: usize,
    /// MLP: the data loss J₀, cross-entropy or mse [default: cross-entropy]
    #[arg(long, value_name = "LOSS", value_parser = parse_loss)]
    pub loss: Option<Loss>,
    /// MLP: L2 strength λ in J = J₀ + λ/2·ΣW² [default: 0]
    #[arg(long, value_name = "X", value_parser = parse_finite, allow_negative_numbers = true)]
    pub lambda: Option<f64>,
    /// Perceptron: the learning rate α of the update α y x̄ [default: 1]
    #[arg(long, value_name = "X", value_parser = parse_finite, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Print only JSON: {"loss", "reg_loss", "layers": [{"z", "a", "e", "dW", "db"}, …]}
    #[arg(long)]
    pub json: bool,
}

/// `perceptron-lab explain`.
pub fn explain(args: &ExplainArgs) -> Result<(), CliError> {
    let saved = load_model(&args.model).map_err(|e| e.to_string())?;
    let model = saved.model;
    // The model reads its own inputs: a⁽⁰⁾ = φ(x).
    let x = saved.features.phi(args.point.0);
    if !saved.features.is_plain() && !args.json {
        out(format_args!(
            "inputs φ(x) = ({}) at x = {}: {}",
            saved.features,
            vector(&args.point.0),
            vector(&x)
        ));
    }
    match &model {
        Model::Perceptron(p) => {
            if args.loss.is_some() || args.lambda.is_some() {
                return Err(failed(
                    "--loss and --lambda apply to an MLP; a perceptron has the PLA's loss and no λ",
                ));
            }
            let lr = args.lr.unwrap_or(1.0);
            if lr <= 0.0 {
                return Err(failed(&format!("--lr must be > 0 (got {})", number(lr))));
            }
            let point = explain_perceptron(p, &x, args.label, lr).map_err(to_cli)?;
            if args.json {
                print_json(&point)
            } else {
                print_perceptron(&point, lr);
                Ok(())
            }
        }
        Model::Mlp(mlp) => {
            if args.lr.is_some() {
                return Err(failed(
                    "--lr applies to a perceptron's update; for an MLP explain shows the gradient",
                ));
            }
            explain_mlp(mlp, &x, args)
        }
    }
}

fn failed(line: &str) -> CliError {
    CliError::Failed(line.to_owned())
}

fn to_cli(e: ExplainError) -> CliError {
    CliError::Failed(e.to_string())
}

fn print_json(value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| failed(&e.to_string()))?;
    out(format_args!("{text}"));
    Ok(())
}

/// A layer of a network that has a forward pass only: e, dW and db are null.
#[derive(Serialize)]
struct ForwardLayer {
    z: Vec<f64>,
    a: Vec<f64>,
    e: Option<Vec<f64>>,
    #[serde(rename = "dW")]
    dw: Option<Vec<Vec<f64>>>,
    db: Option<Vec<f64>>,
}

/// The JSON of a network without a backward pass (a sign network): `loss` is null.
#[derive(Serialize)]
struct ForwardOnly {
    loss: Option<f64>,
    reg_loss: f64,
    layers: Vec<ForwardLayer>,
}

fn explain_mlp(mlp: &Mlp, x: &[f64], args: &ExplainArgs) -> Result<(), CliError> {
    let loss = args.loss.unwrap_or(Loss::CrossEntropy);
    let lambda = args.lambda.unwrap_or(0.0);
    match explain_point(mlp, x, args.label, loss, lambda) {
        Ok(p) if args.json => print_json(&p),
        Ok(p) => {
            print_header(mlp, x, args.label, Some((loss, lambda)));
            print_forward(mlp, p.layers.iter().map(|l| (&l.z[..], &l.a[..])));
            print_loss(mlp, &p, args.label, loss, lambda);
            print_backward(mlp, x, &p, loss, lambda);
            Ok(())
        }
        Err(ExplainError::NoBackward(why)) => {
            let forward = mlp.forward_point(x);
            if args.json {
                eprintln!("perceptron-lab: no backward pass: {why}");
                let layers = forward
                    .into_iter()
                    .map(|(z, a)| ForwardLayer {
                        z,
                        a,
                        e: None,
                        dw: None,
                        db: None,
                    })
                    .collect();
                let reg_loss = mlp.reg_loss(lambda);
                return print_json(&ForwardOnly {
                    loss: None,
                    reg_loss,
                    layers,
                });
            }
            print_header(mlp, x, args.label, None);
            print_forward(mlp, forward.iter().map(|(z, a)| (&z[..], &a[..])));
            out(format_args!("no backward pass: {why}"));
            Ok(())
        }
        Err(e) => Err(to_cli(e)),
    }
}

/// `⁽ˡ⁾`.
fn sup(l: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = l
        .to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect();
    format!("⁽{digits}⁾")
}

/// A subscript index, 1-based as in the lecture.
fn sub(i: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    (i + 1)
        .to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// `ij` as subscripts (1-based), with a comma when an index has two digits.
fn sub2(i: usize, j: usize) -> String {
    if i < 9 && j < 9 {
        format!("{}{}", sub(i), sub(j))
    } else {
        format!("{},{}", sub(i), sub(j))
    }
}

fn vector(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|&x| number(x)).collect();
    format!("({})", parts.join(", "))
}

fn print_header(mlp: &Mlp, x: &[f64], class: usize, loss: Option<(Loss, f64)>) {
    let sizes: Vec<String> = mlp.sizes().iter().map(ToString::to_string).collect();
    let hidden = if mlp.layer_count() > 1 {
        let names: Vec<&str> = mlp.hidden_activations().iter().map(|a| a.name()).collect();
        format!("hidden {}, ", names.join(","))
    } else {
        String::new()
    };
    let with_loss = loss.is_some();
    let loss = loss.map_or(String::new(), |(loss, lambda)| {
        format!("; loss {loss}, λ = {}", number(lambda))
    });
    out(format_args!(
        "MLP {}, {hidden}output {}{loss}",
        sizes.join("-"),
        mlp.output()
    ));
    let target_text = if with_loss {
        format!(", target t = {}", vector(&target(class, mlp.outputs())))
    } else {
        String::new()
    };
    out(format_args!(
        "point x = a⁽⁰⁾ = {}, class c = {class}{target_text}",
        vector(x)
    ));
}

fn print_forward<'a>(mlp: &Mlp, layers: impl Iterator<Item = (&'a [f64], &'a [f64])>) {
    out(format_args!(""));
    out(format_args!(
        "forward: z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + b⁽ˡ⁾, z_j = Σ_i w_ij a_i + b_j; a⁽ˡ⁾ = f(z⁽ˡ⁾)"
    ));
    let last = mlp.layer_count();
    for (l, (z, a)) in (1..).zip(layers) {
        let f = if l == last {
            mlp.output().to_string()
        } else {
            mlp.activation(l - 1)
                .map_or_else(String::new, |f| f.to_string())
        };
        out(format_args!("  z{} = {}", sup(l), vector(z)));
        out(format_args!(
            "  a{} = {f}(z{}) = {}",
            sup(l),
            sup(l),
            vector(a)
        ));
    }
}

fn print_loss(mlp: &Mlp, p: &PointBackprop, class: usize, loss: Loss, lambda: f64) {
    let j0 = match (loss, mlp.output()) {
        (Loss::CrossEntropy, Output::Softmax) => {
            format!(
                "−ln a{}{} (the unit of class c = {class})",
                sub(class),
                sup(mlp.layer_count())
            )
        }
        (Loss::CrossEntropy, _) => "−[t ln a + (1−t) ln(1−a)]".to_owned(),
        (Loss::Mse, _) => "‖t − a‖²".to_owned(),
    };
    out(format_args!(""));
    out(format_args!(
        "data loss  J₀ = {j0} = {}",
        number(p.data_loss)
    ));
    out(format_args!(
        "λ term     λ/2 Σ‖W‖² = {}/2 · {} = {}",
        number(lambda),
        number(squared_weights(mlp)),
        number(p.reg_loss)
    ));
    out(format_args!(
        "loss       J = J₀ + λ/2 Σ‖W‖² = {}",
        number(p.total_loss())
    ));
}

fn squared_weights(mlp: &Mlp) -> f64 {
    mlp.layers()
        .iter()
        .map(|l| l.weights().iter().map(|w| w * w).sum::<f64>())
        .sum()
}

fn output_error_formula(mlp: &Mlp, loss: Loss) -> &'static str {
    match (loss, mlp.output()) {
        (Loss::CrossEntropy, _) => "a − t",
        (Loss::Mse, Output::Softmax) => "a ⊙ (g − gᵀa), g = 2(a − t)",
        (Loss::Mse, _) => "2(a − t) ⊙ a ⊙ (1 − a)",
    }
}

fn print_backward(mlp: &Mlp, x: &[f64], p: &PointBackprop, loss: Loss, lambda: f64) {
    out(format_args!(""));
    out(format_args!(
        "backward: e⁽ˡ⁾ = ∂J₀/∂z⁽ˡ⁾; ∂J/∂w_ij⁽ˡ⁾ = a_i⁽ˡ⁻¹⁾e_j⁽ˡ⁾ + λw_ij⁽ˡ⁾ (data + λ term); ∂J/∂b_j⁽ˡ⁾ = e_j⁽ˡ⁾"
    ));
    let last = p.layers.len();
    for l in (1..=last).rev() {
        let layer = &p.layers[l - 1];
        let formula = if l == last {
            output_error_formula(mlp, loss).to_owned()
        } else {
            format!("(W{}e{}) ⊙ f′(z{})", sup(l + 1), sup(l + 1), sup(l))
        };
        out(format_args!("layer {l}"));
        out(format_args!(
            "  e{} = {formula} = {}",
            sup(l),
            vector(&layer.e)
        ));
        let inputs = if l == 1 { x } else { &p.layers[l - 2].a[..] };
        let weights = mlp.layers()[l - 1].weights();
        for (i, row) in layer.dw.iter().enumerate() {
            for (j, &total) in row.iter().enumerate() {
                let data = inputs[i] * layer.e[j];
                let input = if l == 1 {
                    format!("x{}", sub(i))
                } else {
                    format!("a{}{}", sub(i), sup(l - 1))
                };
                out(format_args!(
                    "  ∂J/∂w{}{} = {input}·e{}{} + λw{}{} = {} + {} = {}",
                    sub2(i, j),
                    sup(l),
                    sub(j),
                    sup(l),
                    sub2(i, j),
                    sup(l),
                    number(data),
                    number(lambda * weights[[i, j]]),
                    number(total)
                ));
            }
        }
        for (j, &db) in layer.db.iter().enumerate() {
            out(format_args!(
                "  ∂J/∂b{}{} = e{}{} = {}",
                sub(j),
                sup(l),
                sub(j),
                sup(l),
                number(db)
            ));
        }
    }
}

fn print_perceptron(p: &PerceptronPoint, learning_rate: f64) {
    out(format_args!(
        "perceptron: w̄ = (b, w₁, w₂) = {}, x̄ = (1, x₁, x₂) = {}",
        vector(&p.w_bar),
        vector(&p.x_bar)
    ));
    out(format_args!("f_w(x) = w̄ᵀx̄ = {}", number(p.f)));
    out(format_args!(
        "label y = {:+} (class 1 ↔ y = +1, class 0 ↔ y = −1); sign(f_w(x)) = {:+} (sign(0) = +1)",
        p.y, p.predicted
    ));
    match &p.update {
        Some(update) => {
            out(format_args!(
                "misclassified: the point is in M (sign(f_w(x)) ≠ y); its term of J is −y f_w(x) = {}",
                number(p.loss)
            ));
            out(format_args!(
                "update α y x̄ = {} · ({:+}) · {} = {}",
                number(learning_rate),
                p.y,
                vector(&p.x_bar),
                vector(update)
            ));
            let after: Vec<f64> = p.w_bar.iter().zip(update).map(|(w, u)| w + u).collect();
            out(format_args!("w̄ + α y x̄ = {}", vector(&after)));
        }
        None => out(format_args!(
            "classified right: the point is not in M; the PLA makes no update for it"
        )),
    }
}

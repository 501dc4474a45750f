//! `perceptron-lab gradcheck`: backprop against centred finite differences at the run's
//! initial weights (or after `--steps`/`--epochs` of training), one line per layer. Fails on
//! a NaN error, and on an error above `--tolerance` unless a ReLU kink was straddled.

use super::args::TrainArgs;
use super::interrupt::Interrupt;
use super::out;
use super::outcome::CliError;
use super::train::{prepare, train_to_limit};
use super::train_report::write_json;
use crate::nn::Model;
use crate::nn::gradcheck::{H, gradient_check, relu_kinks};
use crate::nn::model_file::save_model;
use clap::Args;
use serde::Serialize;

/// Above this many parameter × point evaluations the check would take minutes.
const MAX_WORK: usize = 2_000_000_000;

/// The flags of `gradcheck`: a training run's, and the tolerance.
#[derive(Args, Clone, Debug, Default, PartialEq)]
pub struct GradcheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub train: TrainArgs,
    /// Fail when a layer's worst relative error is above this (unless a ReLU kink was
    /// straddled) [default: 1e-6]
    #[arg(long, value_name = "X")]
    pub tolerance: Option<f64>,
}

/// The default `--tolerance`.
pub const DEFAULT_TOLERANCE: f64 = 1e-6;

/// The JSON report of a check.
#[derive(Serialize)]
struct GradcheckReport {
    steps: u64,
    /// Worst relative error per layer (null: NaN).
    relative_errors: Vec<Option<f64>>,
    tolerance: f64,
    relu_inputs_near_kink: usize,
    relu_inputs: usize,
    passed: bool,
}

/// `perceptron-lab gradcheck`.
pub fn gradcheck(args: &GradcheckArgs) -> Result<(), CliError> {
    let tolerance = args.tolerance.unwrap_or(DEFAULT_TOLERANCE);
    if !(tolerance.is_finite() && tolerance > 0.0) {
        return Err(CliError::Failed(format!(
            "--tolerance must be a positive number (got {})",
            crate::text::number(tolerance)
        )));
    }
    let flags = &args.train;
    let mut t = prepare(flags)?;
    if !matches!(t.model(), Model::Mlp(_)) {
        return Err(CliError::Failed("gradcheck checks the MLP's backprop; the perceptron has no gradient to check (use --model mlp)".into()));
    }
    if flags.steps.is_some() || flags.epochs.is_some() {
        let result = train_to_limit(flags, &mut t, &Interrupt::none());
        if let Some(d) = result.diverged {
            return Err(CliError::Failed(format!(
                "training diverged: {}",
                d.message
            )));
        }
    }
    let Model::Mlp(mlp) = t.model() else {
        return Err(CliError::Failed("the model is not an MLP".into()));
    };
    if mlp.parameter_count() * t.data().len() > MAX_WORK {
        return Err(CliError::Failed(format!(
            "{} parameters × {} points is too large for a gradient check: use fewer points or units",
            mlp.parameter_count(),
            t.data().len()
        )));
    }
    let errors = gradient_check(mlp, t.phi_data(), t.config().loss, t.config().penalty());
    for (l, e) in errors.iter().enumerate() {
        out(format_args!("layer {}: worst relative error {e:e}", l + 1));
    }
    let (near, total) = relu_kinks(mlp, t.phi_data());
    if near > 0 {
        out(format_args!(
            "{near} of {total} ReLU inputs within h = {H:e} of 0: finite differences are not valid there"
        ));
    }
    let verdict = verdict(&errors, tolerance, near);
    let mut failures = Vec::new();
    if let Some(path) = &flags.report {
        let report = GradcheckReport {
            steps: t.steps(),
            relative_errors: errors.iter().map(|e| (!e.is_nan()).then_some(*e)).collect(),
            tolerance,
            relu_inputs_near_kink: near,
            relu_inputs: total,
            passed: verdict.is_ok(),
        };
        failures.extend(write_json(path, &report).err());
    }
    if let Some(path) = &flags.save {
        failures.extend(
            save_model(path, t.model(), t.config().features)
                .err()
                .map(|e| e.to_string()),
        );
    }
    failures.extend(verdict.err());
    CliError::from_failures(failures)
}

/// Fails on a NaN error, or on one above `tolerance` when no kink was straddled.
fn verdict(errors: &[f64], tolerance: f64, near_kinks: usize) -> Result<(), String> {
    if let Some(l) = errors.iter().position(|e| e.is_nan()) {
        return Err(format!(
            "layer {}: the relative error is NaN: the loss or its gradient is not finite at \
             these weights (is --init-scale too large?)",
            l + 1
        ));
    }
    match errors.iter().position(|&e| e > tolerance) {
        Some(l) if near_kinks == 0 => Err(format!(
            "layer {}: relative error {:e} is above the tolerance {tolerance:e}: backprop and \
             finite differences disagree",
            l + 1,
            errors[l]
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_fails_and_kinks_excuse_the_tolerance() {
        assert!(verdict(&[1e-9, f64::NAN], 1e-6, 3).is_err());
        assert!(verdict(&[1e-9, 1e-3], 1e-6, 0).is_err());
        assert!(verdict(&[1e-9, 1e-3], 1e-6, 3).is_ok());
        assert!(verdict(&[1e-9, 1e-8], 1e-6, 0).is_ok());
    }
}

//! `perceptron-lab train`: a headless run, a summary on stdout, a JSON report and a model file.

use super::args::TrainArgs;
use super::interrupt::Interrupt;
use super::outcome::CliError;
use super::progress::Progress;
pub use super::run_loop::{Limit, RunResult, run};
use super::train_report::{Report, build, write_json};
use super::warnings::{RunShape, ignored_flags};
use super::{out, preflight};
use crate::nn::Model;
use crate::nn::dead::stuck_layer;
use crate::nn::kernels::simd_level;
use crate::nn::model_file::save_model;
use crate::text::fixed6;
use crate::train::{ModelKind, Trainer};
use std::time::Duration;

/// Default step limit of an MLP run.
pub const DEFAULT_MLP_STEPS: u64 = 10_000;
/// Default pass limit of a perceptron run.
pub const DEFAULT_PLA_PASSES: u64 = 1_000;
/// Seconds between progress lines when stderr is not a terminal.
pub const PROGRESS_EVERY_SECS: u64 = 10;

/// The checks before any work, then the trainer (the `--init` note and the warnings for
/// ignored flags printed).
pub fn prepare(args: &TrainArgs) -> Result<Trainer, CliError> {
    preflight::check_run_length(args)?;
    preflight::check_outputs(&[args.save.as_deref(), args.report.as_deref()])?;
    let (data, test) = args
        .split
        .apply(args.data.load()?, args.data.generated_seed())?;
    let mut config = args.config();
    let (saved, note) = args.initial_model()?.unzip();
    // The file's inputs win over --features, as its layers win over --hidden.
    let model = saved.map(|s| {
        config.features = s.features;
        s.model
    });
    let mut t = Trainer::new(&config, data, model).map_err(|e| CliError::Failed(e.to_string()))?;
    t.set_test(test)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    if let Some(reason) = t.frozen() {
        return Err(CliError::Failed(reason.to_owned()));
    }
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let shape = RunShape {
        kind: t.config().model,
        dataset: args.data.data.is_none().then(|| args.data.spec().kind),
        optimizer: t.config().optimizer,
    };
    for warning in ignored_flags(args, &shape) {
        eprintln!("{warning}");
    }
    Ok(t)
}

/// The limit the flags ask for (defaults by model kind).
pub fn limit(args: &TrainArgs, kind: ModelKind) -> Limit {
    match (args.steps, args.epochs, kind) {
        (Some(k), _, _) => Limit::Steps(k),
        (None, Some(e), _) => Limit::Epochs(e),
        (None, None, ModelKind::Perceptron) => Limit::Epochs(DEFAULT_PLA_PASSES),
        (None, None, ModelKind::Mlp) => Limit::Steps(DEFAULT_MLP_STEPS),
    }
}

/// Trains `t` to the flags' limit, with progress on stderr.
pub fn train_to_limit(args: &TrainArgs, t: &mut Trainer, interrupt: &Interrupt) -> RunResult {
    let limit = limit(args, t.config().model);
    let (total, unit) = match limit {
        Limit::Steps(k) => (k, "steps"),
        Limit::Epochs(e) => (e, "epochs"),
    };
    let every = Duration::from_secs(args.progress_every.unwrap_or(PROGRESS_EVERY_SECS));
    let mut progress = Progress::new(total, unit, args.quiet, every);
    let result = run(t, limit, interrupt, &mut progress);
    progress.finish();
    result
}

/// `perceptron-lab train`.
pub fn train(args: &TrainArgs, interrupt: &Interrupt) -> Result<(), CliError> {
    let mut t = prepare(args)?;
    let result = train_to_limit(args, &mut t, interrupt);
    let test = t.test_metrics().zip(t.test_data().map(|d| d.len()));
    let report = build(args, &t, &result).with_test(test);
    print_summary(&t, &report, &result);
    if let (Model::Mlp(mlp), None) = (t.model(), &result.diverged)
        && let Some(stuck) = stuck_layer(mlp, t.phi_data())
    {
        eprintln!(
            "perceptron-lab: warning: {stuck}: the output no longer depends on the input \
             (try a smaller learning rate)"
        );
    }
    let failures = write_outputs(args, &t, &report);
    if let Some((signal, code)) = interrupt.received() {
        eprintln!(
            "perceptron-lab: stopped by {signal} after {} steps; outputs written as of then",
            t.steps()
        );
        return Err(CliError::Interrupted {
            signal,
            code,
            failures,
        });
    }
    CliError::from_failures(failures)
}

/// Writes the report and the model, each on its own; returns every failure, one line each.
fn write_outputs(args: &TrainArgs, t: &Trainer, report: &Report) -> Vec<String> {
    let mut failures = Vec::new();
    if let Some(path) = &args.report
        && let Err(e) = write_json(path, report)
    {
        failures.push(e);
    }
    match &report.diverged {
        Some(d) => {
            failures.push(format!("training diverged: {}", d.message));
            if let Some(path) = &args.save {
                failures.push(format!(
                    "{}: not saved: the weights are not finite after the divergence",
                    path.display()
                ));
            }
        }
        None => {
            if let Some(path) = &args.save
                && let Err(e) = save_model(path, t.model(), t.config().features)
            {
                failures.push(e.to_string());
            }
        }
    }
    failures
}

/// The three lines on stdout.
fn print_summary(t: &Trainer, report: &Report, result: &RunResult) {
    let kind = t.config().model;
    let m = &result.metrics;
    let shape = report
        .layers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("-");
    out(format_args!(
        "{} {shape}, {} points, {} classes: {} steps, {} epochs{}",
        kind.name(),
        report.points,
        report.classes,
        report.steps,
        report.epochs,
        match kind {
            ModelKind::Perceptron if report.converged => ", converged (M is empty)",
            ModelKind::Perceptron => ", not converged",
            ModelKind::Mlp => "",
        }
    ));
    let loss = match (m.data_loss, kind) {
        (Some(j), ModelKind::Perceptron) => format!("perceptron loss J {}", fixed6(j)),
        (Some(d), ModelKind::Mlp) => format!(
            "loss {} (data {} + λ-term {})",
            fixed6(d + m.reg_loss),
            fixed6(d),
            fixed6(m.reg_loss)
        ),
        (None, _) => "loss undefined".to_owned(),
    };
    out(format_args!(
        "{loss}, accuracy {:.4} ({} misclassified)",
        m.accuracy, m.misclassified
    ));
    if let (Some(acc), Some(wrong), Some(n)) = (
        report.test_accuracy,
        report.test_misclassified,
        report.test_points,
    ) {
        let loss = report.test_loss.map_or("undefined".to_owned(), fixed6);
        out(format_args!(
            "test: {n} points, loss {loss}, accuracy {acc:.4} ({wrong} misclassified)"
        ));
    }
    out(format_args!(
        "{:.0} steps/s ({:.3} s in the update loop, {})",
        report.steps_per_s,
        report.update_s,
        simd_level()
    ));
}

//! `perceptron-lab run FILE.json [--save M.json] [--report R.json]`: plays a scenario headless
//! through the same [`Session`] the app uses. Exits 0 when the scenario played to its end,
//! whatever training did (divergence and no convergence are results, in the report).

use super::setup;
use crate::nn::model_file::save_model;
use crate::train::notice::Verdict;
use crate::train::scenario::Scenario;
use crate::train::{Divergence, Session};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

/// The flags of `run`.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// The scenario file (JSON, format perceptron-lab/scenario@1), or a lesson
    /// (perceptron-lab/lesson@1) with --scene
    pub file: PathBuf,
    /// The lesson's scene to play, from 1
    #[arg(long, value_name = "N")]
    pub scene: Option<usize>,
    /// Write the model at the cursor to this file
    #[arg(long, value_name = "FILE.json")]
    pub save: Option<PathBuf>,
    /// Write a JSON report: the current run's figures and every run
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Write the session as a scenario again (its start, points and weights, and every
    /// action), which replays to the same runs
    #[arg(long, value_name = "FILE.json")]
    pub save_scenario: Option<PathBuf>,
}

/// One run in the report.
#[derive(Serialize)]
struct RunEntry {
    id: String,
    parent: Option<String>,
    branch_step: Option<u64>,
    steps: u64,
    loss: Option<f64>,
}

/// The report of `run`.
#[derive(Serialize)]
struct RunReport {
    run: String,
    step: u64,
    epochs: u64,
    loss: Option<f64>,
    data_loss: Option<f64>,
    reg_loss: f64,
    accuracy: f64,
    misclassified: usize,
    points: usize,
    /// J over the test points at the cursor (null without a test set).
    test_loss: Option<f64>,
    /// Accuracy over the test points (null without a test set).
    test_accuracy: Option<f64>,
    /// Misclassified test points (null without a test set).
    test_misclassified: Option<usize>,
    /// The number of test points (null without a test set).
    test_points: Option<usize>,
    converged: bool,
    verdict: Option<Verdict>,
    verdicts: Vec<Verdict>,
    diverged: Option<Divergence>,
    interrupted: bool,
    runs: Vec<RunEntry>,
}

/// Reads, resolves and plays a scenario file into a session (also for the app's
/// `--scenario`); the error is one line naming the key or the action.
pub fn play_file(path: &std::path::Path) -> Result<(Session, Vec<Verdict>), String> {
    play_file_with_setup(path, &|| false).map(|(s, v, _)| (s, v))
}

/// The largest scenario file read (it may embed points and weights).
pub const MAX_SCENARIO_BYTES: u64 = 256 << 20;

/// [`play_file`], with the flags of the scenario's final setup (for the app's controls).
pub fn play_file_with_setup(
    path: &std::path::Path,
    stop: &dyn Fn() -> bool,
) -> Result<(Session, Vec<Verdict>, super::TrainArgs), String> {
    play_file_scene(path, None, stop)
}

/// [`play_file_with_setup`] for a scenario, or for scene `scene` (from 1) of a lesson.
pub fn play_file_scene(
    path: &std::path::Path,
    scene: Option<usize>,
    stop: &dyn Fn() -> bool,
) -> Result<(Session, Vec<Verdict>, super::TrainArgs), String> {
    let name = path.display();
    let bytes = crate::fsio::read_limited(path, MAX_SCENARIO_BYTES).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
    let sc = match (super::lesson::is_lesson(&text), scene) {
        (true, Some(n)) => super::lesson::scene_of(&text, n, &name.to_string())?,
        (true, None) => {
            return Err(format!(
                "{name} is a lesson: give --scene N to play one of its scenes"
            ));
        }
        (false, Some(_)) => {
            return Err(format!(
                "{name} is not a lesson: --scene takes a lesson file"
            ));
        }
        (false, None) => Scenario::parse(&text).map_err(|e| format!("{name}: {e}"))?,
    };
    let mut setup = sc.setup.clone();
    let resolved = setup::resolve(&setup).map_err(|e| format!("{name}: setup: {e}"))?;
    let mut session = Session::new(setup::start(&resolved).map_err(|e| format!("{name}: {e}"))?);
    let played =
        crate::train::player::play(&mut session, &mut setup, &sc.actions, &setup::resolve, stop)
            .map_err(|e| format!("{name}: {e}"))?;
    let args = setup::flags(&setup).map_err(|e| format!("{name}: {e}"))?;
    Ok((session, played.verdicts, args))
}

/// Opens a scenario for the app: the played session and the settings of its current run.
#[cfg(feature = "gui")]
pub fn open_session(path: &std::path::Path) -> Result<crate::gui::startup::Opened, String> {
    let (session, _, flags) = play_file_with_setup(path, &|| false)?;
    let head = session.run().head();
    let config = head.config().clone();
    let data = setup::generated_data(&flags, head.data());
    Ok(crate::gui::startup::Opened {
        session,
        config,
        data,
    })
}

/// `perceptron-lab run`: outputs checked first; SIGINT or SIGTERM stop at a step boundary,
/// the outputs are written (the report says `"interrupted": true`) and the exit status is
/// 130 or 143.
pub fn run(args: &RunArgs, interrupt: &super::Interrupt) -> Result<(), super::CliError> {
    super::preflight::check_outputs(&[
        args.save.as_deref(),
        args.report.as_deref(),
        args.save_scenario.as_deref(),
    ])?;
    let stop = || interrupt.is_set();
    let (mut session, verdicts, _) = play_file_scene(&args.file, args.scene, &stop)?;
    let view = session.view();
    let metrics = session.metrics_at_cursor();
    let test = session.test_metrics_at_cursor();
    super::out(format_args!(
        "run {} · step {} · loss {} · accuracy {:.4} · {} misclassified of {}",
        view.runs[view.current].id,
        view.step,
        metrics
            .loss()
            .map_or("undefined".to_owned(), |l| format!("{l:.6}")),
        metrics.accuracy,
        metrics.misclassified,
        view.data.len()
    ));
    if let Some(v) = &view.verdict {
        super::out(format_args!("{v}"));
    }
    let mut failures = Vec::new();
    if let Some(path) = &args.save
        && let Err(e) = save_model(
            path,
            &session.model_at_cursor(),
            session.viewed_trainer().config().features,
        )
    {
        failures.push(e.to_string());
    }
    if let Some(path) = &args.report {
        let report = RunReport {
            run: view.runs[view.current].id.clone(),
            step: view.step,
            epochs: view.epochs,
            loss: metrics.loss(),
            data_loss: metrics.data_loss,
            reg_loss: metrics.reg_loss,
            accuracy: metrics.accuracy,
            misclassified: metrics.misclassified,
            points: view.data.len(),
            test_loss: test.and_then(|m| m.loss()),
            test_accuracy: test.map(|m| m.accuracy),
            test_misclassified: test.map(|m| m.misclassified),
            test_points: view.test_data.as_ref().map(|t| t.len()),
            converged: matches!(view.verdict, Some(Verdict::Converged { .. })),
            verdict: view.verdict.clone(),
            verdicts,
            diverged: view.diverged,
            interrupted: interrupt.is_set(),
            runs: view
                .runs
                .iter()
                .map(|r| RunEntry {
                    id: r.id.clone(),
                    parent: r.parent.as_ref().map(|p| p.0.clone()),
                    branch_step: r.parent.as_ref().map(|p| p.1),
                    steps: r.head_step,
                    loss: r
                        .metrics
                        .samples()
                        .last()
                        .map(|s| s.loss)
                        .filter(|l| l.is_finite()),
                })
                .collect(),
        };
        if let Err(e) = super::train_report::write_json(path, &report) {
            failures.push(e);
        }
    }
    if let Some(path) = &args.save_scenario {
        let text = crate::train::scenario::scenario_text(&view.origin, &view.log);
        if let Err(e) = crate::fsio::write_atomic(path, text.as_bytes()) {
            failures.push(e.to_string());
        }
    }
    if let Some((signal, code)) = interrupt.received() {
        eprintln!(
            "perceptron-lab: stopped by {signal} at step {}; outputs written as of then",
            view.step
        );
        return Err(super::CliError::Interrupted {
            signal,
            code,
            failures,
        });
    }
    super::CliError::from_failures(failures)
}

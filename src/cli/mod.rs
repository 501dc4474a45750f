//! The command line: `train`, `eval`, `gradcheck`, `bench`, and with no subcommand the app.
//! These names and flags are an interface that scripts and the app's docs depend on.

#[cfg(feature = "gui")]
pub mod app;
pub mod args;
pub mod bench;
#[cfg(feature = "gui")]
pub mod bench_frame;
pub mod bench_session;
pub mod bench_worker;
pub mod eval;
pub mod explain;
pub mod gradcheck;
pub mod interrupt;
pub mod lesson;
pub mod outcome;
pub mod preflight;
pub mod progress;
pub mod run;
pub mod run_loop;
pub mod setup;
pub mod split_args;
pub mod train;
pub mod train_report;
pub mod warnings;

pub use args::{DataArgs, TrainArgs};
pub use interrupt::Interrupt;
pub use outcome::CliError;

use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Perceptron Lab: watch perceptrons and neural networks learn.
///
/// With no subcommand the desktop app starts (train flags set its first run). The
/// subcommands run the same engine headless.
#[derive(Parser, Debug)]
#[command(
    name = "perceptron-lab",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    #[allow(missing_docs)]
    pub command: Option<Command>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub app: AppArgs,
}

/// The headless commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train a model and report loss, accuracy and speed
    Train(TrainArgs),
    /// Evaluate a saved model on a dataset
    Eval(eval::EvalArgs),
    /// Check backprop against finite differences at the initial weights (or after --steps)
    Gradcheck(gradcheck::GradcheckArgs),
    /// Measure training and decision-grid throughput
    Bench(bench::BenchArgs),
    /// Play a scenario (setup + actions, JSON) headless through a session
    Run(run::RunArgs),
    /// One point's backprop numbers (z, a, e, ∂J/∂W, ∂J/∂b) in the lecture's notation
    Explain(explain::ExplainArgs),
}

/// The flags of the app.
#[derive(Args, Debug, Default, Clone)]
#[command(group(clap::ArgGroup::new("shot").args(["screenshot", "record"]).multiple(false)))]
pub struct AppArgs {
    /// Open the window, train --after-steps updates, save a PNG of the window and exit
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,
    /// Updates to train before the screenshot, or over the recording [default: 0]
    #[arg(long, value_name = "N", requires = "shot")]
    pub after_steps: Option<u64>,
    /// Open the window, capture the plots --frames times spread over --after-steps updates
    /// (or over a --scenario's run), save an animated GIF and exit
    #[arg(long, value_name = "FILE.gif", conflicts_with = "screenshot")]
    pub record: Option<PathBuf>,
    /// Frames of the --record GIF, 2 to 600 [default: 30]
    #[arg(long, value_name = "K", requires = "record")]
    pub frames: Option<usize>,
    /// Frames a second of the --record GIF, 1 to 50 [default: 10]
    #[arg(long, value_name = "F", requires = "record")]
    pub fps: Option<u32>,
    /// Start from a preset: xor-network (the lecture's hand-set sign network) or xor-trained
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
    /// Language of the interface: en or vi [default: the saved choice, else en]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// UI scale for projectors, 1 to 3 (the View menu offers 100, 125, 150, 175, 200, 250 and 300 %) [default: the saved choice, else 1]
    #[arg(long, value_name = "X")]
    pub scale: Option<f32>,
    /// Open a scenario (setup + actions, JSON): its runs are played, then shown
    #[arg(long, value_name = "FILE.json")]
    pub scenario: Option<PathBuf>,
    /// Open a lesson (JSON, format perceptron-lab/lesson@1) in the lesson view
    #[arg(long, value_name = "FILE.json", conflicts_with = "scenario")]
    pub lesson: Option<PathBuf>,
    /// The lesson's scene to open, from 1 [default: 1]
    #[arg(long, value_name = "N", requires = "lesson")]
    pub scene: Option<usize>,
    /// Start playing at full speed as the window opens (a kiosk, or a soak test)
    #[arg(long)]
    pub play: bool,
    /// Open this right-column view: loss, network, formulas, timeline, runs, confusion or backprop
    #[arg(long, value_name = "NAME")]
    pub panel: Option<String>,
    /// Start in presentation mode: the plots, the lesson's captions and Play / Step / Reset in large type (F5 or Esc leaves)
    #[arg(long)]
    pub presentation: bool,
    /// The window's size in points, WxH (e.g. 1920x1080 for a full-HD screenshot) [default: 1280x800]
    #[arg(long, value_name = "WxH")]
    pub window_size: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub train: TrainArgs,
}

/// Prints one line to stdout; a closed pipe (`| head`) is not an error worth a panic.
pub fn out(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Runs a headless command; each failure is one line for stderr. `train` stops cleanly on
/// SIGINT or SIGTERM (see [`Interrupt`]).
pub fn run(command: &Command) -> Result<(), CliError> {
    match command {
        Command::Train(a) => {
            let interrupt = Interrupt::install().map_err(|e| CliError::Failed(e.to_string()))?;
            train::train(a, &interrupt)
        }
        Command::Eval(a) => eval::eval(a).map_err(CliError::from),
        Command::Gradcheck(a) => gradcheck::gradcheck(a),
        Command::Bench(a) => bench::bench(a).map_err(CliError::from),
        Command::Run(a) => {
            let interrupt = Interrupt::install().map_err(|e| CliError::Failed(e.to_string()))?;
            run::run(a, &interrupt)
        }
        Command::Explain(a) => explain::explain(a),
    }
}

//! `perceptron-lab`: the desktop app, or with a subcommand the headless engine.

use clap::Parser;
use perceptron_lab::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // One line: clap's first line says what is wrong.
            let text = e.render().to_string();
            eprintln!(
                "{}",
                text.lines().next().unwrap_or("error: invalid arguments")
            );
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Some(command) => cli::run(command),
        None => start_app(&cli.app),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn start_app(args: &cli::AppArgs) -> Result<(), String> {
    // The app takes plain startup data: a scenario is played here, the session handed over.
    let mut args = args.clone();
    let session = match &args.scenario {
        Some(path) => {
            let (session, _, flags) = cli::run::play_file_with_setup(path)?;
            args.train = flags;
            Some(session)
        }
        None => None,
    };
    perceptron_lab::gui::run(&args, session, Some(cli::run::open_session))
}

#[cfg(not(feature = "gui"))]
fn start_app(_args: &cli::AppArgs) -> Result<(), String> {
    Err(
        "this build has no app (built without the `gui` feature); use the headless \
         subcommands: train, eval, gradcheck, bench (see --help)"
            .into(),
    )
}

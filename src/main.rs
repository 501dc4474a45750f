//! `perceptron-lab`: the desktop app, or with a subcommand the headless engine.

use clap::Parser;
use perceptron_lab::cli::{self, Cli, CliError};
use perceptron_lab::text::{clip, clip_to, one_line};
use std::process::ExitCode;

/// The longest error line printed: any value in it was already clipped; this is the last
/// guard against a message that echoes a whole file.
const MAX_LINE_CHARS: usize = 1_000;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", clap_line(&e));
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Some(command) => cli::run(command),
        None => start_app(&cli.app).map_err(CliError::Failed),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {}", clip_to(&one_line(&line), MAX_LINE_CHARS));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap's error as one line: its first line says what is wrong. An invalid value is
/// echoed clipped and escaped (it may hold a newline or a terminal escape).
fn clap_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    use std::error::Error;
    if let Some(ContextValue::String(value)) = e.get(ContextKind::InvalidValue) {
        let arg = match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(arg)) => format!(" for '{arg}'"),
            _ => String::new(),
        };
        let reason = e.source().map(|r| format!(": {r}")).unwrap_or_default();
        let line = format!("error: invalid value '{}'{arg}{reason}", clip(value));
        return clip_to(&one_line(&line), MAX_LINE_CHARS);
    }
    let text = e.render().to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("error: invalid arguments");
    // "the following required arguments were not provided:" names them on the next line.
    let line = match lines.next() {
        Some(next) if first.ends_with(':') => format!("{first} {next}"),
        _ => first.to_owned(),
    };
    clip_to(&one_line(&line), MAX_LINE_CHARS)
}

#[cfg(feature = "gui")]
fn start_app(args: &cli::AppArgs) -> Result<(), String> {
    // The app takes plain startup data: a scenario is played here, the session handed over.
    let mut args = args.clone();
    // A bad --record request is told before a scenario is played.
    cli::app::record_request(&args)?;
    let session = match &args.scenario {
        Some(path) => {
            let (session, _, flags) = cli::run::play_file_with_setup(path, &|| false)?;
            args.train = flags;
            Some(session)
        }
        None => None,
    };
    let mut startup = cli::app::startup(&args)?;
    startup.session = session;
    startup.opener = Some(cli::run::open_session);
    perceptron_lab::gui::run(startup)
}

#[cfg(not(feature = "gui"))]
fn start_app(_args: &cli::AppArgs) -> Result<(), String> {
    Err(
        "this build has no app (built without the `gui` feature); use the headless \
         subcommands: train, eval, gradcheck, bench (see --help)"
            .into(),
    )
}

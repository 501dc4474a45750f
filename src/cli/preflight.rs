//! Checks made before any work starts, so a long run does not end on a typo: every output
//! path can be written, and the run's length is within the cap.

use super::args::TrainArgs;
use super::outcome::CliError;
use crate::fsio::check_output;
use std::path::Path;

/// The most steps or epochs a run may ask for (a run of 10⁹ steps already takes hours).
pub const MAX_RUN_LENGTH: u64 = 1_000_000_000;

/// Refuses `--steps` or `--epochs` above [`MAX_RUN_LENGTH`], naming the limit.
pub fn check_run_length(args: &TrainArgs) -> Result<(), CliError> {
    for (flag, value) in [("--steps", args.steps), ("--epochs", args.epochs)] {
        if let Some(n) = value
            && n > MAX_RUN_LENGTH
        {
            return Err(CliError::Failed(format!(
                "{flag} {n} is more than the limit of 10⁹ ({MAX_RUN_LENGTH})"
            )));
        }
    }
    Ok(())
}

/// Checks every output path (folder exists and accepts a file, path not a folder); every
/// failure is listed, one line each.
pub fn check_outputs(paths: &[Option<&Path>]) -> Result<(), CliError> {
    let failures = paths
        .iter()
        .flatten()
        .filter_map(|p| check_output(p).err().map(|e| e.to_string()))
        .collect();
    CliError::from_failures(failures)
}

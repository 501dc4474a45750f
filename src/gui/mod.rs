//! The desktop app (feature `gui`).

/// Starts the app.
pub fn run(_args: &crate::cli::AppArgs) -> Result<(), String> {
    Err(
        "the app is not built yet; use the headless subcommands: train, eval, gradcheck, bench"
            .into(),
    )
}

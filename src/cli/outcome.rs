//! How a headless command ends: success, one or more failures (one line each), or an
//! interrupt (with the exit status the signal calls for).

/// The exit status of a failure.
pub const EXIT_FAILURE: u8 = 1;

/// Why a command did not succeed. Every message is one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// One failure.
    #[error("{0}")]
    Failed(String),
    /// Several independent failures (e.g. two outputs that could not be written).
    #[error("{}", .0.join("; "))]
    Several(Vec<String>),
    /// A signal stopped the run; its outputs were written except the listed failures.
    #[error("interrupted by {signal}")]
    Interrupted {
        /// SIGINT or SIGTERM
        signal: &'static str,
        /// 130 or 143
        code: u8,
        /// outputs that could not be written
        failures: Vec<String>,
    },
}

impl CliError {
    /// The process exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Interrupted { code, .. } => *code,
            _ => EXIT_FAILURE,
        }
    }

    /// The lines to print on stderr, one per failure.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Failed(line) => vec![line.clone()],
            Self::Several(lines) => lines.clone(),
            Self::Interrupted { failures, .. } => failures.clone(),
        }
    }

    /// Several failures as one error (none: `Ok`).
    pub fn from_failures(failures: Vec<String>) -> Result<(), Self> {
        match failures.len() {
            0 => Ok(()),
            1 => Err(Self::Failed(
                failures.into_iter().next().unwrap_or_default(),
            )),
            _ => Err(Self::Several(failures)),
        }
    }
}

impl From<String> for CliError {
    fn from(line: String) -> Self {
        Self::Failed(line)
    }
}

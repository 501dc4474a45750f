//! SIGINT and SIGTERM as a flag a long run polls between steps: the first signal asks the
//! run to stop at the next step boundary and write its outputs; a second one quits at once
//! (exit status 130 or 143, as a shell reports a process killed by the signal).
//!
//! Reusable by any command that loops (`train` today, a future `run`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The exit status after SIGINT (128 + 2).
pub const EXIT_SIGINT: u8 = 130;
/// The exit status after SIGTERM (128 + 15).
pub const EXIT_SIGTERM: u8 = 143;

/// Why the handlers could not be installed.
#[derive(Debug, thiserror::Error)]
#[error("cannot install the signal handlers: {0}")]
pub struct InterruptError(#[from] std::io::Error);

/// A flag set by the first SIGINT or SIGTERM. Clones share the flag.
#[derive(Clone, Debug, Default)]
pub struct Interrupt {
    flag: Arc<AtomicBool>,
    /// The signal number that set the flag (0: none yet).
    signal: Arc<AtomicUsize>,
}

impl Interrupt {
    /// A flag no signal sets (for library callers and tests); [`Interrupt::raise`] still
    /// sets it.
    pub fn none() -> Self {
        Self::default()
    }

    /// Installs the handlers for SIGINT and SIGTERM and returns the flag they set. A second
    /// signal, once the flag is set, ends the process at once with 130 or 143.
    pub fn install() -> Result<Self, InterruptError> {
        let me = Self::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            use signal_hook::flag;
            for (signal, code) in [(SIGINT, EXIT_SIGINT), (SIGTERM, EXIT_SIGTERM)] {
                // Registered first, so it sees the flag as it was before this signal.
                flag::register_conditional_shutdown(signal, i32::from(code), Arc::clone(&me.flag))?;
                flag::register_usize(signal, Arc::clone(&me.signal), signal as usize)?;
                flag::register(signal, Arc::clone(&me.flag))?;
            }
        }
        Ok(me)
    }

    /// True once a signal arrived (poll it between steps).
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Sets the flag as SIGINT would (a stop button, a test).
    pub fn raise(&self) {
        self.signal.store(2, Ordering::Relaxed);
        self.flag.store(true, Ordering::Relaxed);
    }

    /// The signal's name and the exit status it calls for, once set.
    pub fn received(&self) -> Option<(&'static str, u8)> {
        if !self.is_set() {
            return None;
        }
        Some(match self.signal.load(Ordering::Relaxed) {
            15 => ("SIGTERM", EXIT_SIGTERM),
            _ => ("SIGINT", EXIT_SIGINT),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raising_sets_the_flag_and_the_status() {
        let i = Interrupt::none();
        assert_eq!(i.received(), None);
        let shared = i.clone();
        shared.raise();
        assert!(i.is_set());
        assert_eq!(i.received(), Some(("SIGINT", EXIT_SIGINT)));
    }
}

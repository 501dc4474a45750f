//! Progress of a long run: a bar on a terminal, a plain line every few seconds otherwise
//! (a log file, CI), nothing with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Runs shorter than this many steps or epochs show no bar.
const BAR_MIN_TOTAL: u64 = 2_000;

/// How a run reports its progress.
pub enum Progress {
    /// Nothing.
    Off,
    /// A bar on the terminal.
    Bar(ProgressBar),
    /// A line on stderr every `every`.
    Lines {
        /// the interval
        every: Duration,
        /// when the last line (or the run) started
        last: Instant,
        /// when the run started
        start: Instant,
        /// the limit
        total: u64,
        /// "steps" or "epochs"
        unit: &'static str,
    },
}

impl Progress {
    /// The right kind for this stderr: a bar on a terminal (long runs only), lines every
    /// `every` seconds otherwise; nothing when `quiet`.
    pub fn new(total: u64, unit: &'static str, quiet: bool, every: Duration) -> Self {
        if quiet {
            return Self::Off;
        }
        if std::io::stderr().is_terminal() {
            if total < BAR_MIN_TOTAL {
                return Self::Off;
            }
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{bar:40}} {{pos}}/{{len}} {unit} ({{eta}} left)"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            return Self::Bar(bar);
        }
        let now = Instant::now();
        Self::Lines {
            every,
            last: now,
            start: now,
            total,
            unit,
        }
    }

    /// Shows `position` (steps or epochs done) if it is time to.
    pub fn update(&mut self, position: u64) {
        match self {
            Self::Off => {}
            Self::Bar(bar) => bar.set_position(position),
            Self::Lines {
                every,
                last,
                start,
                total,
                unit,
            } => {
                if last.elapsed() >= *every {
                    *last = Instant::now();
                    let percent = position as f64 / (*total).max(1) as f64 * 100.0;
                    eprintln!(
                        "perceptron-lab: {position} of {total} {unit} ({percent:.1} %), {:.0} s",
                        start.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

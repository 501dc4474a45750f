//! Typed [`Notice`]s: what a [`crate::train::Session`] tells its user. No sentence crosses
//! from the engine to the app: the app's i18n turns each variant into English or Vietnamese;
//! the `Display` here is the English of the command line.

use super::config::ConfigError;
use super::guard::Divergence;
pub use crate::text::short;
use serde::Serialize;

/// How a segment of a run ended (or stopped making progress).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// The PLA found M = ∅ after this many updates and passes of its segment.
    Converged {
        /// Weight updates within the segment.
        updates: u64,
        /// Passes within the segment.
        passes: u64,
    },
    /// The PLA's weights at the start of pass `pass` equal those at the start of pass
    /// `repeats` (COURSE §2's cycle check): it can never converge.
    NoSeparation {
        /// The pass (within the segment) whose starting weights repeat.
        pass: u64,
        /// The earlier pass they repeat.
        repeats: u64,
    },
    /// The PLA reached its pass limit without converging.
    PassLimit {
        /// Passes made within the segment.
        passes: u64,
    },
    /// The MLP reached 100 % training accuracy (what `play-until converged` waits for).
    Fitted {
        /// Steps within the segment.
        steps: u64,
    },
    /// The divergence guard tripped.
    Diverged(Divergence),
}

impl Verdict {
    /// Whether training stops here (every verdict but a fitted MLP, which may go on).
    pub fn stops(&self) -> bool {
        !matches!(self, Self::Fitted { .. })
    }
}

/// Why a run started a new segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentCause {
    /// Another dataset, Regenerate or an import: initial weights again.
    NewData,
    /// The network's structure changed: new weights from the weight seed.
    Rebuild,
    /// Reset: new weights, same data.
    Reset,
    /// A model was loaded from a file.
    LoadedModel,
}

/// Something the user should be told.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "notice", rename_all = "kebab-case")]
pub enum Notice {
    /// A segment reached a verdict.
    Verdict(Verdict),
    /// A PLA pass starts (said while stepping by hand).
    PassStart {
        /// The pass number within the segment, from 1.
        pass: u64,
        /// |M| at its start.
        misclassified: usize,
    },
    /// The network was rebuilt: `from` → `to` (layer sizes), new weights from `seed`.
    Rebuilt {
        /// The old shape, e.g. "2-8-8-1".
        from: String,
        /// The new shape.
        to: String,
        /// The weight seed.
        seed: u64,
    },
    /// A loaded model reads other inputs than the run did: the run's features switch to its
    /// own.
    FeaturesSwitched {
        /// The features before.
        from: crate::data::Features,
        /// The model's inputs, now the run's features.
        to: crate::data::Features,
    },
    /// A new segment started (its verdicts start clean).
    NewSegment {
        /// Why.
        cause: SegmentCause,
        /// The step it starts at.
        step: u64,
    },
    /// A branch was made: run `run` from run `parent` at `step`.
    Branched {
        /// The new run's id, e.g. "1.1".
        run: String,
        /// The run it continues.
        parent: String,
        /// The step it branches at.
        step: u64,
    },
    /// A new run from the same data and initial weights.
    NewRun {
        /// Its id.
        run: String,
    },
    /// The oldest run was dropped to stay within the memory budget.
    RunDropped {
        /// Its id.
        run: String,
    },
    /// The optimizer changed kind: its state (momentum's v, Adam's m, v and t) starts at 0.
    OptimizerReset {
        /// The optimizer before.
        from: crate::nn::OptimizerKind,
        /// The optimizer now.
        to: crate::nn::OptimizerKind,
        /// The step the new optimizer starts at.
        step: u64,
    },
    /// A hand-set network that gradient descent cannot train (sign′ = 0, or its output).
    Frozen,
    /// Nothing to train: the segment has a verdict that stops it.
    Finished,
    /// A command was refused; nothing changed.
    Refused(#[serde(serialize_with = "as_text")] ConfigError),
    /// A run id that does not exist.
    NoSuchRun {
        /// The id asked for.
        run: String,
    },
}

fn as_text<S: serde::Serializer>(e: &ConfigError, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&e.to_string())
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Converged { updates, passes } => {
                write!(f, "converged after {updates} updates / {passes} passes")
            }
            Self::NoSeparation { pass, repeats } => write!(
                f,
                "the weights at the start of pass {pass} repeat those of pass {repeats}: \
                 no line separates these points"
            ),
            Self::PassLimit { passes } => write!(
                f,
                "not converged after {passes} passes (the pass limit): no line may separate \
                 these points"
            ),
            Self::Fitted { steps } => {
                write!(f, "every training point is right after {steps} steps")
            }
            Self::Diverged(d) => write!(f, "diverged: {d}"),
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Verdict(v) => write!(f, "{v}"),
            Self::PassStart {
                pass,
                misclassified,
            } => write!(f, "pass {pass}: |M| = {misclassified}"),
            Self::Rebuilt { from, to, seed } => {
                write!(
                    f,
                    "rebuilt the network: {from} → {to}, new weights from seed {seed}"
                )
            }
            Self::FeaturesSwitched { from, to } => write!(
                f,
                "the model reads the inputs {to}: the features switch from {from} to {to}"
            ),
            Self::NewSegment { cause, step } => {
                let why = match cause {
                    SegmentCause::NewData => "new data",
                    SegmentCause::Rebuild => "a rebuilt network",
                    SegmentCause::Reset => "reset",
                    SegmentCause::LoadedModel => "a loaded model",
                };
                write!(
                    f,
                    "a new segment starts at step {step} ({why}): initial weights"
                )
            }
            Self::Branched { run, parent, step } => {
                write!(f, "run {run} branches from run {parent} at step {step}")
            }
            Self::NewRun { run } => write!(f, "run {run} starts from the same data and weights"),
            Self::RunDropped { run } => {
                write!(f, "run {run} was dropped to stay within the memory budget")
            }
            Self::OptimizerReset { from, to, step } => write!(
                f,
                "the optimizer changed from {from} to {to} at step {step}: its state starts \
                 from 0"
            ),
            Self::Frozen => write!(
                f,
                "this hand-set network cannot be trained by gradient descent (sign′ = 0): \
                 edit its weights instead"
            ),
            Self::Finished => write!(f, "this segment has ended: change a setting or Reset"),
            Self::Refused(e) => write!(f, "{e}"),
            Self::NoSuchRun { run } => write!(f, "there is no run {run}"),
        }
    }
}

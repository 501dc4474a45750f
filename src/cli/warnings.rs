//! Flags that do nothing in a given run: each gets one warning line on stderr, and the run
//! goes on. One rule per flag: adding a flag that only some runs use is one line here.

use super::args::TrainArgs;
use crate::data::DatasetKind;
use crate::nn::OptimizerKind;
use crate::train::ModelKind;

/// What a rule looks at: the run as it will be trained.
pub struct RunShape {
    /// Perceptron or MLP (after `--init`).
    pub kind: ModelKind,
    /// The generated dataset, or `None` for `--data`.
    pub dataset: Option<DatasetKind>,
    /// The MLP's optimizer.
    pub optimizer: OptimizerKind,
}

/// A flag that is ignored when `ignored` returns the reason.
struct Rule {
    flag: &'static str,
    given: fn(&TrainArgs) -> bool,
    ignored: fn(&RunShape) -> Option<&'static str>,
}

fn mlp(s: &RunShape) -> bool {
    s.kind == ModelKind::Mlp
}

/// Why a hyper-parameter of optimizer `kind` does nothing in this run, if it does not.
fn unused_by(s: &RunShape, kind: OptimizerKind) -> Option<&'static str> {
    if !mlp(s) {
        Some("the perceptron keeps the PLA")
    } else if s.optimizer != kind {
        Some(match kind {
            OptimizerKind::Momentum => "it applies to --optimizer momentum only",
            _ => "it applies to --optimizer adam only",
        })
    } else {
        None
    }
}

fn gate(s: &RunShape) -> bool {
    matches!(
        s.dataset,
        Some(DatasetKind::And | DatasetKind::Or | DatasetKind::Nand | DatasetKind::Xor)
    )
}

#[rustfmt::skip]
const RULES: &[Rule] = &[
    Rule { flag: "--pocket", given: |a| a.pocket, ignored: |s| mlp(s).then_some("it applies to the perceptron only") },
    Rule { flag: "--shuffle", given: |a| a.shuffle, ignored: |s| mlp(s).then_some("the MLP's mini-batches are always shuffled") },
    Rule { flag: "--noise", given: |a| a.data.noise.is_some(), ignored: |s| gate(s).then_some("the logic gates have 4 fixed points") },
    Rule { flag: "--loss", given: |a| a.loss.is_some(), ignored: |s| (!mlp(s)).then_some("the perceptron has its own loss J") },
    Rule { flag: "--lambda", given: |a| a.lambda.is_some(), ignored: |s| (!mlp(s)).then_some("the perceptron is not regularised") },
    Rule { flag: "--reg", given: |a| a.reg.is_some(), ignored: |s| (!mlp(s)).then_some("the perceptron is not regularised") },
    Rule { flag: "--optimizer", given: |a| a.optimizer.is_some(), ignored: |s| (!mlp(s)).then_some("the perceptron keeps the PLA") },
    Rule { flag: "--momentum", given: |a| a.momentum.is_some(), ignored: |s| unused_by(s, OptimizerKind::Momentum) },
    Rule { flag: "--beta1", given: |a| a.beta1.is_some(), ignored: |s| unused_by(s, OptimizerKind::Adam) },
    Rule { flag: "--beta2", given: |a| a.beta2.is_some(), ignored: |s| unused_by(s, OptimizerKind::Adam) },
    Rule { flag: "--eps", given: |a| a.eps.is_some(), ignored: |s| unused_by(s, OptimizerKind::Adam) },
];

/// One warning line per flag given but ignored in this run.
pub fn ignored_flags(args: &TrainArgs, shape: &RunShape) -> Vec<String> {
    RULES
        .iter()
        .filter(|r| (r.given)(args))
        .filter_map(|r| {
            (r.ignored)(shape).map(|why| {
                format!(
                    "perceptron-lab: warning: {} does nothing in this run ({why}); the run goes on",
                    r.flag
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pocket_with_the_mlp_warns_once() {
        let args = TrainArgs {
            pocket: true,
            ..TrainArgs::default()
        };
        let shape = RunShape {
            kind: ModelKind::Mlp,
            dataset: Some(DatasetKind::Spiral),
            optimizer: OptimizerKind::Gd,
        };
        let w = ignored_flags(&args, &shape);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("--pocket does nothing"), "{w:?}");
        let pla = RunShape {
            kind: ModelKind::Perceptron,
            dataset: None,
            optimizer: OptimizerKind::Gd,
        };
        assert!(ignored_flags(&args, &pla).is_empty());
    }

    #[test]
    fn adam_settings_without_adam_warn() {
        let args = TrainArgs {
            beta2: Some(0.99),
            momentum: Some(0.5),
            ..TrainArgs::default()
        };
        let shape = |optimizer| RunShape {
            kind: ModelKind::Mlp,
            dataset: None,
            optimizer,
        };
        let w = ignored_flags(&args, &shape(OptimizerKind::Momentum));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("--beta2 does nothing"), "{w:?}");
        assert!(w[0].contains("--optimizer adam only"), "{w:?}");
        assert_eq!(ignored_flags(&args, &shape(OptimizerKind::Gd)).len(), 2);
    }
}

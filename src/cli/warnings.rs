//! Flags that do nothing in a given run: each gets one warning line on stderr, and the run
//! goes on. One rule per flag: adding a flag that only some runs use is one line here.

use super::args::TrainArgs;
use crate::data::DatasetKind;
use crate::train::ModelKind;

/// What a rule looks at: the run as it will be trained.
pub struct RunShape {
    /// Perceptron or MLP (after `--init`).
    pub kind: ModelKind,
    /// The generated dataset, or `None` for `--data`.
    pub dataset: Option<DatasetKind>,
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
        };
        let w = ignored_flags(&args, &shape);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("--pocket does nothing"), "{w:?}");
        let pla = RunShape {
            kind: ModelKind::Perceptron,
            dataset: None,
        };
        assert!(ignored_flags(&args, &pla).is_empty());
    }
}

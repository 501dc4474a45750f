//! `perceptron-lab gradcheck`: backprop against centred finite differences at the run's
//! initial weights, one line per layer.

use super::args::TrainArgs;
use super::out;
use crate::nn::Model;
use crate::nn::gradcheck::gradient_check;
use crate::train::Trainer;

/// Above this many parameter × point evaluations the check would take minutes.
const MAX_WORK: usize = 2_000_000_000;

/// `perceptron-lab gradcheck`.
pub fn gradcheck(args: &TrainArgs) -> Result<(), String> {
    let data = args.data.load()?;
    let config = args.config();
    let (model, note) = args.initial_model()?.unzip();
    let t = Trainer::new(&config, data, model).map_err(|e| e.to_string())?;
    if let Some(reason) = t.frozen() {
        return Err(reason.to_owned());
    }
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let Model::Mlp(mlp) = t.model() else {
        return Err("gradcheck checks the MLP's backprop; the perceptron has no gradient to check (use --model mlp)".into());
    };
    if mlp.parameter_count() * t.data().len() > MAX_WORK {
        return Err(format!(
            "{} parameters × {} points is too large for a gradient check: use fewer points or units",
            mlp.parameter_count(),
            t.data().len()
        ));
    }
    let errors = gradient_check(mlp, t.data(), t.config().loss, t.config().lambda);
    for (l, e) in errors.iter().enumerate() {
        out(format_args!("layer {}: worst relative error {e:e}", l + 1));
    }
    Ok(())
}

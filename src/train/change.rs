//! The one classification of setting changes. [`classify`] destructures [`TrainConfig`]
//! without `..`, so that a new field cannot be added without deciding what changing it means.

use super::config::TrainConfig;
use super::notice::short;

/// What a change of settings asks of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing changed.
    None,
    /// Applies at the next step: same weights, the curve goes on.
    Live,
    /// The network's structure or initial weights change: a new segment from new weights.
    Rebuild,
}

/// One changed setting, for a mark on the curves ("α 0.3 → 3").
#[derive(Clone, Debug, PartialEq)]
pub struct SettingChange {
    /// The setting's short name (α, λ, B…).
    pub name: &'static str,
    /// The old value, as shown.
    pub from: String,
    /// The new value, as shown.
    pub to: String,
}

impl std::fmt::Display for SettingChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} → {}", self.name, self.from, self.to)
    }
}

/// What changing `old` into `new` asks of a run, and the changed settings.
pub fn classify(old: &TrainConfig, new: &TrainConfig) -> (Change, Vec<SettingChange>) {
    let TrainConfig {
        model,
        hidden_sizes,
        activation,
        loss,
        learning_rate,
        lambda,
        update,
        batch_size,
        init_seed,
        init,
        shuffle,
        pocket,
        optimizer,
        momentum,
        beta1,
        beta2,
        eps,
        reg,
        features,
        layer_activations,
    } = new;
    let mut changes = Vec::new();
    let mut note = |name, from: String, to: String| {
        if from != to {
            changes.push(SettingChange { name, from, to });
        }
    };
    note("α", short(old.learning_rate), short(*learning_rate));
    note("λ", short(old.lambda), short(*lambda));
    note("B", old.batch_size.to_string(), batch_size.to_string());
    note("loss", old.loss.to_string(), loss.to_string());
    note("update", old.update.name().into(), update.name().into());
    note("shuffle", old.shuffle.to_string(), shuffle.to_string());
    note("pocket", old.pocket.to_string(), pocket.to_string());
    note(
        "optimizer",
        old.optimizer.to_string(),
        optimizer.to_string(),
    );
    note("β", short(old.momentum), short(*momentum));
    note("β₁", short(old.beta1), short(*beta1));
    note("β₂", short(old.beta2), short(*beta2));
    note("ε", short(old.eps), short(*eps));
    note("reg", old.reg.to_string(), reg.to_string());
    let layers = |h: &[usize]| {
        if h.is_empty() {
            "none".to_owned()
        } else {
            h.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
        }
    };
    note("model", old.model.name().into(), model.name().into());
    note("hidden", layers(&old.hidden_sizes), layers(hidden_sizes));
    note(
        "activation",
        old.activation.to_string(),
        activation.to_string(),
    );
    let acts = |c: &TrainConfig| {
        let names: Vec<&str> = c.hidden_activations().iter().map(|a| a.name()).collect();
        names.join(",")
    };
    if !old.layer_activations.is_empty() || !layer_activations.is_empty() {
        note("activations", acts(old), acts(new));
    }
    note("φ", old.features.to_string(), features.to_string());
    note("seed", old.init_seed.to_string(), init_seed.to_string());
    note("init", format!("{:?}", old.init), format!("{init:?}"));
    const LIVE: [&str; 13] = [
        "α",
        "λ",
        "B",
        "loss",
        "update",
        "shuffle",
        "pocket",
        "optimizer",
        "β",
        "β₁",
        "β₂",
        "ε",
        "reg",
    ];
    let live = changes.iter().any(|c| LIVE.contains(&c.name));
    let rebuild = old.model != *model
        || old.hidden_sizes != *hidden_sizes
        || old.activation != *activation
        || old.hidden_activations() != new.hidden_activations()
        || old.features != *features
        || old.init_seed != *init_seed
        || old.init != *init;
    let change = if rebuild {
        Change::Rebuild
    } else if live {
        Change::Live
    } else {
        Change::None
    };
    (change, changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn live_settings_keep_the_weights_and_structure_rebuilds() {
        let a = TrainConfig::default();
        let (c, what) = classify(
            &a,
            &TrainConfig {
                learning_rate: 3.0,
                ..a.clone()
            },
        );
        assert_eq!(c, Change::Live);
        assert_eq!(what[0].to_string(), "α 1 → 3");
        let (c, _) = classify(
            &a,
            &TrainConfig {
                activation: Activation::Tanh,
                ..a.clone()
            },
        );
        assert_eq!(c, Change::Rebuild);
        assert_eq!(classify(&a, &a.clone()).0, Change::None);
    }

    #[test]
    fn the_optimizer_and_the_penalty_are_live() {
        use crate::nn::{OptimizerKind, RegKind};
        let a = TrainConfig::default();
        let b = TrainConfig {
            optimizer: OptimizerKind::Adam,
            beta2: 0.99,
            reg: RegKind::L1,
            ..a.clone()
        };
        let (c, what) = classify(&a, &b);
        assert_eq!(c, Change::Live);
        let shown: Vec<String> = what.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["optimizer gd → adam", "β₂ 0.999 → 0.99", "reg l2 → l1"]
        );
    }
}

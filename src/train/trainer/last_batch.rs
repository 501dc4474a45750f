//! Which points the MLP's last step used, read back from the order and the cursor (the order
//! is reshuffled only when the next epoch's first step is taken, so it still holds the batch).

use super::Trainer;
use crate::nn::Model;
use crate::train::config::UpdateRule;

impl Trainer {
    /// The points of the MLP's last step: every point for full batches; for mini-batches of
    /// B (SGD: B = 1) the batch `[⌊(e−1)/B⌋·B, e)` of the order that ends at the cursor `e`
    /// (`e = N` when an epoch has just finished). Empty before the first step and for the
    /// perceptron, whose updates report their own points.
    pub fn last_batch(&self) -> Vec<usize> {
        if self.steps == 0 || !matches!(self.model, Model::Mlp(_)) {
            return Vec::new();
        }
        let n = self.data.len();
        let b = match self.config.update {
            UpdateRule::Batch => return (0..n).collect(),
            UpdateRule::Sgd => 1,
            UpdateRule::MiniBatch | UpdateRule::Online => self.config.batch_size.max(1),
        };
        let end = if self.cursor == 0 { n } else { self.cursor };
        let start = ((end - 1) / b) * b;
        self.order[start..end].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use crate::data::DataSpec;
    use crate::nn::{BatchData, Model, Workspace};
    use crate::train::config::{TrainConfig, UpdateRule};
    use crate::train::trainer::Trainer;

    /// Replays a step on the points `last_batch` names, by the plain gradient step, and checks
    /// it lands on the trainer's weights.
    #[test]
    fn the_last_batch_is_the_one_the_step_used() {
        let data = DataSpec {
            points_per_class: 13,
            ..DataSpec::default()
        }
        .generate()
        .expect("valid");
        for (update, b) in [
            (UpdateRule::MiniBatch, 10),
            (UpdateRule::Sgd, 1),
            (UpdateRule::Batch, 26),
        ] {
            let config = TrainConfig {
                update,
                batch_size: b,
                hidden_sizes: vec![4],
                lambda: 0.0,
                ..TrainConfig::default()
            };
            let mut t = Trainer::new(&config, data.clone(), None).expect("valid");
            assert!(t.last_batch().is_empty());
            for _ in 0..5 {
                let Model::Mlp(before) = t.model().clone() else {
                    panic!("an MLP")
                };
                t.step();
                let batch = t.last_batch();
                let expected_len = match update {
                    UpdateRule::MiniBatch if t.cursor == 0 => 26 % 10,
                    _ => b,
                };
                assert_eq!(batch.len(), expected_len, "{update:?}");
                let x = data.feature_major();
                let mut replay = before.clone();
                replay.train_step(
                    BatchData::of(&data, &x),
                    &batch,
                    config.loss,
                    0.0,
                    config.learning_rate,
                    &mut Workspace::default(),
                );
                assert_eq!(Model::Mlp(replay), *t.model(), "{update:?}");
            }
        }
    }
}

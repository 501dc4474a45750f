//! Training: the deterministic [`Trainer`] (no threads) and what the app's worker builds on it.
pub struct Trainer; pub struct TrainConfig;

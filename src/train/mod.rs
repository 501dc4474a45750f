//! Training: the deterministic [`Trainer`] (no threads), the bounded history, the decision
//! grid, and the background worker and snapshots the app builds on. Nothing here names a GUI
//! crate.

pub mod config;
pub mod grid;
pub mod history;
pub mod pla;
pub mod trainer;

pub use config::{ConfigError, ModelKind, TrainConfig, UpdateRule, ValidConfig};
pub use history::{History, Sample};
pub use trainer::{StepReport, Trainer, initial_model};

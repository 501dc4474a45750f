//! Training: the deterministic [`Trainer`] (no threads), the bounded history, the decision
//! grid, and the background worker and snapshots the app builds on. Nothing here names a GUI
//! crate.

pub mod config;
pub mod grid;
pub mod history;
pub mod pla;
pub mod snapshot;
pub mod trainer;
pub mod worker;

pub use config::{ConfigError, ModelKind, TrainConfig, UpdateRule, ValidConfig};
pub use history::{History, Sample};
pub use snapshot::Snapshot;
pub use trainer::{StepReport, Trainer, initial_model};
pub use worker::{Command, Speed, Worker};

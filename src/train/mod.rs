//! Training: the deterministic [`Trainer`] (one lineage, no threads), the [`Session`] that
//! owns a user's runs (history, checkpoints, branches, verdicts), the decision grid, and the
//! worker that schedules a session on a thread. Nothing here names a GUI crate.

pub mod backprop_view;
pub mod change;
pub mod checkpoint;
pub mod config;
pub mod curves;
pub mod grid;
pub mod grid_job;
pub mod guard;
pub mod history;
pub mod lesson;
pub mod notice;
pub mod pla;
pub mod player;
pub mod run;
pub mod session;
pub mod snapshot;
pub mod trainer;
pub mod unit_maps;
pub mod worker;

pub use config::{ConfigError, ModelKind, TrainConfig, UpdateRule, ValidConfig};
pub use guard::Divergence;
pub use history::{History, Sample};
pub use notice::{Notice, Verdict};
pub use session::{Command, Session, View};
pub use snapshot::Snapshot;
pub use trainer::{StepReport, Trainer, initial_model};
pub use worker::{Speed, Worker};
pub mod scenario;
pub mod scenario_code;
pub mod scenario_io;

/// At most 60 characters of a value from a file, control characters escaped, for an error
/// line.
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).flat_map(char::escape_debug).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A JSON value shown in an error line (clipped).
pub fn notice_value(v: &serde_json::Value) -> String {
    clip(&v.to_string())
}

//! The model shown, shared: a [`super::View`] holds it behind an `Arc` that stays the same
//! while the model does, so that a snapshot of a large network (8 × 1024 units: about 60 MB of
//! weights) copies nothing when nothing changed, and the app can tell by `Arc::ptr_eq`.

use super::Command;
use crate::nn::Model;
use std::sync::Arc;

/// What identifies the model shown: (run index, cursor, step shown, revision).
type Key = (usize, Option<u64>, u64, u64);

/// The revision of the session's models and the newest `Arc` handed out.
#[derive(Clone, Default)]
pub(crate) struct Shown {
    /// Counts the commands and training bursts that may have changed a model.
    revision: u64,
    cached: Option<(Key, Arc<Model>)>,
}

/// Commands that never change a model (the settings of the worker and the app's views).
fn leaves_models(command: &Command) -> bool {
    matches!(
        command,
        Command::Play
            | Command::Pause
            | Command::SetSpeed(_)
            | Command::SetGrid(_)
            | Command::SetUnitMaps(_)
            | Command::SetBackpropPoint(_)
            | Command::Refresh
            | Command::RenameRun(..)
    )
}

impl Shown {
    /// Notes a command about to be applied.
    pub(super) fn command(&mut self, command: &Command) {
        if !leaves_models(command) {
            self.revision += 1;
        }
    }

    /// Notes training steps made.
    pub(super) fn trained(&mut self) {
        self.revision += 1;
    }

    /// The model shown at (run, cursor, step): the same `Arc` as last time when nothing that
    /// could change it happened since, otherwise a new copy of `model`.
    pub(super) fn model(
        &mut self,
        run: usize,
        cursor: Option<u64>,
        step: u64,
        model: &Model,
    ) -> Arc<Model> {
        let key = (run, cursor, step, self.revision);
        match &self.cached {
            Some((k, m)) if *k == key => Arc::clone(m),
            _ => {
                let m = Arc::new(model.clone());
                self.cached = Some((key, Arc::clone(&m)));
                m
            }
        }
    }
}

//! The action log: what the user did, as scenario actions, so that replaying it on the
//! session's start rebuilds every run exactly.

use super::{Command, Session};
use crate::nn::model_file::SavedModel;
use crate::train::config::TrainConfig;
use crate::train::notice::Notice;
use crate::train::scenario::Action;
use crate::train::scenario_io::{TEST_POINTS_KEY, config_diff, points_to_json};
use serde_json::Map;
use std::sync::Arc;

/// A command as it goes into the log.
enum Logged {
    Action(Action),
    /// The cursor moved: logged as a view of where it is.
    View,
    /// New settings: logged as the flags that changed.
    Config(TrainConfig),
}

impl Session {
    /// Applies one user action (and logs it as a scenario action).
    pub fn apply(&mut self, command: Command) -> Vec<Notice> {
        let before = self.run().head().config().clone();
        let action = self.action_of(&command);
        self.shown.command(&command);
        let notices = self.apply_unlogged(command);
        let refused = notices
            .iter()
            .any(|n| matches!(n, Notice::Refused(_) | Notice::NoSuchRun { .. }));
        if !refused {
            match action {
                Some(Logged::Action(a)) => self.log(a),
                Some(Logged::View) => self.log(Action::View(self.cursor_step())),
                Some(Logged::Config(new)) => {
                    let diff = config_diff(&before, &new);
                    if !diff.is_empty() {
                        self.log(Action::Set(diff));
                    }
                }
                None => {}
            }
        }
        notices
    }

    /// What a command is in a scenario's words.
    fn action_of(&self, command: &Command) -> Option<Logged> {
        Some(match command {
            Command::View(_) | Command::Live | Command::StepBack | Command::StepForward => {
                Logged::View
            }
            Command::SetConfig(c) => Logged::Config(c.clone()),
            Command::SetData {
                data,
                keep_weights: true,
            } => Logged::Action(Action::EditPoints(data.clone())),
            Command::SetData { data, .. } => {
                let mut m = Map::new();
                m.insert("points-inline".into(), points_to_json(data));
                Logged::Action(Action::Set(m))
            }
            Command::SetSplit { train, test } => {
                let mut m = Map::new();
                m.insert("points-inline".into(), points_to_json(train));
                m.insert(
                    TEST_POINTS_KEY.into(),
                    test.as_deref()
                        .map_or(serde_json::Value::Null, points_to_json),
                );
                Logged::Action(Action::Set(m))
            }
            Command::SetModel(m) => {
                let features = self.run().head().config().features;
                Logged::Action(Action::SetWeights(SavedModel::new(m.clone(), features)))
            }
            Command::LoadModel(m) => Logged::Action(Action::LoadWeights(m.clone())),
            Command::Reset(seed) => Logged::Action(Action::Reset(*seed)),
            Command::SetPassLimit(n) => Logged::Action(Action::PassLimit(*n)),
            Command::NewRun => Logged::Action(Action::NewRun),
            Command::SelectRun(id) => Logged::Action(Action::SelectRun(id.clone())),
            Command::RenameRun(id, name) => {
                Logged::Action(Action::RenameRun(id.clone(), name.clone()))
            }
            Command::DeleteRun(id) => Logged::Action(Action::DeleteRun(id.clone())),
            // Training is logged as the steps it made; a branch made without a step as 0.
            Command::Play | Command::Step(_) | Command::StepEpoch if self.cursor.is_some() => {
                Logged::Action(Action::Step(0))
            }
            _ => return None,
        })
    }

    /// Appends to the log: consecutive views and consecutive steps merge.
    pub(super) fn log(&mut self, a: Action) {
        let log = Arc::make_mut(&mut self.log);
        match (log.last_mut(), a) {
            (Some(Action::View(s)), Action::View(t)) => *s = t,
            (Some(Action::Step(n)), Action::Step(k)) => *n += k,
            (_, a) => log.push(a),
        }
    }
}

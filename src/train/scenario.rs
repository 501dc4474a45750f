//! Scenarios: a setup plus actions, in JSON (DESIGN.md), played through a [`Session`] by the
//! `run` command, the app's `--scenario` and the tests.
//!
//! ```json
//! { "format": "perceptron-lab/scenario@1",
//!   "setup": { "dataset": "spiral", "hidden": [8, 8], "lr": 0.3, "update": "minibatch" },
//!   "actions": [ {"step": 1000}, {"view": 400}, {"set": {"lr": 3}}, {"step": 200} ] }
//! ```
//! `setup` keys are the `train` flag names without `--` (resolved by the caller, which knows
//! the flags); this module checks the shape of the file and plays the actions.

use super::scenario_io::{model_to_value, points_to_json};
use crate::data::Dataset;
use serde_json::{Map, Value, json};

/// The format tag of a scenario file.
pub const FORMAT: &str = "perceptron-lab/scenario@1";

/// One action of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Make N updates (stops early at a verdict).
    Step(u64),
    /// Make N epochs (passes).
    Epochs(u64),
    /// Move the cursor to step S of the current run.
    View(u64),
    /// Change settings (train flag names → values), live or with a rebuild.
    Set(Map<String, Value>),
    /// A new run from the same data and initial weights.
    NewRun,
    /// Make a run current.
    SelectRun(String),
    /// Train until converged (M = ∅, or 100 % training accuracy), at most `max_steps`.
    PlayUntilConverged {
        /// The bound.
        max_steps: u64,
    },
    /// Hand-edited points: the weights are kept.
    EditPoints(Dataset),
    /// Hand-set weights for the same network.
    SetWeights(crate::nn::model_file::SavedModel),
    /// A model loaded from a file: a new segment from it (its inputs become the features).
    LoadWeights(crate::nn::model_file::SavedModel),
    /// Reset: new weights (from this seed, or the configured one).
    Reset(Option<u64>),
    /// The perceptron's pass limit.
    PassLimit(u64),
    /// Name a run.
    RenameRun(String, String),
    /// Forget a run.
    DeleteRun(String),
}

/// A parsed scenario: its setup (flag names → values) and its actions.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The `setup` object.
    pub setup: Map<String, Value>,
    /// The actions, in order.
    pub actions: Vec<Action>,
}

/// What is wrong with a scenario; each message names the key or the action.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ScenarioError {
    /// Not JSON.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// A key the format does not have.
    #[error("unknown key `{0}` (expected format, setup, actions)")]
    UnknownKey(String),
    /// The format tag is missing or another.
    #[error("`format` must be \"{FORMAT}\"")]
    Format,
    /// An action that is not one object with one known key.
    #[error("action {index}: {why}")]
    Action {
        /// Its position, from 1.
        index: usize,
        /// What is wrong.
        why: String,
    },
    /// A setup (or `set`) value the flags refuse.
    #[error("{0}")]
    Setup(String),
}

fn count(v: &Value, index: usize, key: &str) -> Result<u64, ScenarioError> {
    v.as_u64().ok_or_else(|| ScenarioError::Action {
        index,
        why: format!(
            "`{key}` takes a whole number ≥ 0, not {}",
            crate::train::notice_value(v)
        ),
    })
}

fn action(index: usize, v: &Value) -> Result<Action, ScenarioError> {
    let bad = |why: String| ScenarioError::Action { index, why };
    let obj = v
        .as_object()
        .ok_or_else(|| bad("each action is an object such as {\"step\": 100}".into()))?;
    let name = obj
        .keys()
        .find(|k| k.as_str() != "max-steps")
        .ok_or_else(|| bad("an empty action".into()))?;
    let value = &obj[name];
    let extra = obj
        .keys()
        .find(|k| *k != name && !(name == "play-until" && k.as_str() == "max-steps"));
    if let Some(k) = extra {
        return Err(bad(format!("unexpected key `{k}` beside `{name}`")));
    }
    Ok(match name.as_str() {
        "step" => Action::Step(count(value, index, name)?),
        "epochs" => Action::Epochs(count(value, index, name)?),
        "view" => Action::View(count(value, index, name)?),
        "set" => Action::Set(
            value
                .as_object()
                .cloned()
                .ok_or_else(|| bad("`set` takes an object of flag names and values".into()))?,
        ),
        "new-run" => Action::NewRun,
        "select-run" => Action::SelectRun(
            value
                .as_str()
                .map(str::to_owned)
                .or_else(|| value.as_u64().map(|n| n.to_string()))
                .ok_or_else(|| bad("`select-run` takes a run id such as \"1.1\"".into()))?,
        ),
        "edit-points" => Action::EditPoints(
            super::scenario_io::points_from_json(value)
                .map_err(|e| bad(format!("`edit-points`: {e}")))?,
        ),
        "set-weights" | "load-weights" => {
            let m = super::scenario_io::model_from_value(value)
                .map_err(|e| bad(format!("`{name}`: {e}")))?;
            if name == "set-weights" {
                Action::SetWeights(m)
            } else {
                Action::LoadWeights(m)
            }
        }
        "reset" => Action::Reset(if value.is_null() {
            None
        } else {
            Some(count(value, index, name)?)
        }),
        "pass-limit" => Action::PassLimit(count(value, index, name)?),
        "rename-run" => {
            let pair = value
                .as_array()
                .filter(|a| a.len() == 2)
                .and_then(|a| Some((a[0].as_str()?.to_owned(), a[1].as_str()?.to_owned())))
                .ok_or_else(|| bad("`rename-run` takes [\"1.1\", \"a name\"]".into()))?;
            Action::RenameRun(pair.0, pair.1)
        }
        "delete-run" => Action::DeleteRun(
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| bad("`delete-run` takes a run id such as \"1.1\"".into()))?,
        ),
        "play-until" => {
            if value.as_str() != Some("converged") {
                return Err(bad("`play-until` takes \"converged\"".into()));
            }
            let max_steps = match obj.get("max-steps") {
                Some(m) => count(m, index, "max-steps")?,
                None => return Err(bad("`play-until` needs `max-steps`".into())),
            };
            Action::PlayUntilConverged { max_steps }
        }
        other => {
            return Err(bad(format!(
                "unknown action `{}` (expected step, epochs, view, set, new-run, \
                 select-run, play-until, edit-points, set-weights, load-weights, reset, \
                 pass-limit, rename-run, delete-run)",
                crate::train::clip(other)
            )));
        }
    })
}

impl Scenario {
    /// Parses a scenario file's text (the setup's values are checked when resolved).
    pub fn parse(text: &str) -> Result<Self, ScenarioError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::Json(e.to_string()))?;
        let obj = value
            .as_object()
            .ok_or_else(|| ScenarioError::Json("a scenario is a JSON object".into()))?;
        if let Some(k) = obj
            .keys()
            .find(|k| !["format", "setup", "actions"].contains(&k.as_str()))
        {
            return Err(ScenarioError::UnknownKey(crate::train::clip(k)));
        }
        if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(ScenarioError::Format);
        }
        Self::from_parts(obj.get("setup"), obj.get("actions"))
    }

    /// A scenario from its `setup` object and `actions` array (a lesson's scene holds them
    /// without the format tag); either may be absent.
    pub fn from_parts(
        setup: Option<&Value>,
        actions: Option<&Value>,
    ) -> Result<Self, ScenarioError> {
        let setup = match setup {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err(ScenarioError::Setup("`setup` must be an object".into())),
        };
        let actions = match actions {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .map(|(i, v)| action(i + 1, v))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(ScenarioError::Setup("`actions` must be an array".into())),
        };
        Ok(Self { setup, actions })
    }
}

/// An action as JSON.
pub fn action_to_json(a: &Action) -> Value {
    match a {
        Action::Step(n) => json!({ "step": n }),
        Action::Epochs(n) => json!({ "epochs": n }),
        Action::View(s) => json!({ "view": s }),
        Action::Set(m) => json!({ "set": m }),
        Action::NewRun => json!({ "new-run": {} }),
        Action::SelectRun(id) => json!({ "select-run": id }),
        Action::PlayUntilConverged { max_steps } => {
            json!({ "play-until": "converged", "max-steps": max_steps })
        }
        Action::EditPoints(d) => json!({ "edit-points": points_to_json(d) }),
        Action::SetWeights(m) => json!({ "set-weights": model_to_value(&m.model, m.features) }),
        Action::LoadWeights(m) => json!({ "load-weights": model_to_value(&m.model, m.features) }),
        Action::Reset(seed) => json!({ "reset": seed }),
        Action::PassLimit(n) => json!({ "pass-limit": n }),
        Action::RenameRun(id, name) => json!({ "rename-run": [id, name] }),
        Action::DeleteRun(id) => json!({ "delete-run": id }),
    }
}

/// A whole scenario as a JSON value (format tag, setup, actions).
pub fn scenario_value(setup: &Map<String, Value>, actions: &[Action]) -> Value {
    json!({
        "format": FORMAT,
        "setup": setup,
        "actions": actions.iter().map(action_to_json).collect::<Vec<_>>(),
    })
}

/// A whole scenario file's text.
pub fn scenario_text(setup: &Map<String, Value>, actions: &[Action]) -> String {
    let v = scenario_value(setup, actions);
    let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
    text.push('\n');
    text
}

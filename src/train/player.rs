//! Playing a scenario's actions on a [`Session`]: the `run` command, the app's `--scenario`
//! and File → Open scenario, and the tests all play through here.

use super::TrainConfig;
use super::notice::{Notice, Verdict};
use super::scenario::{Action, ScenarioError};
use super::session::{Command, Session};
use crate::data::Dataset;
use serde_json::{Map, Value};
use std::time::Duration;

/// What a setup resolves to.
pub struct Resolved {
    /// The settings.
    pub config: TrainConfig,
    /// The data.
    pub data: Dataset,
    /// Hand-set weights, if the setup embeds them.
    pub model: Option<crate::nn::Model>,
    /// The held-out test points (`test-fraction`, `test-data` or `test-points-inline`).
    pub test: Option<Dataset>,
}

/// Turns a setup (flag names → values) into settings, data and weights.
pub type Resolver<'a> = dyn Fn(&Map<String, Value>) -> Result<Resolved, ScenarioError> + 'a;

/// The keys of a setup that describe the data (a change makes a new segment).
pub const DATA_KEYS: [&str; 8] = [
    "dataset",
    "data",
    "classes",
    "points",
    "noise",
    "seed",
    "points-inline",
    "test-fraction",
];

/// The keys of a setup that describe the test set besides `test-fraction` (a change makes
/// a new segment).
pub const SPLIT_KEYS: [&str; 3] = ["split-seed", "test-data", "test-points-inline"];

/// What playing a scenario gave: every notice, and the verdicts met.
#[derive(Debug, Default)]
pub struct Played {
    /// Every notice, in order.
    pub notices: Vec<Notice>,
    /// The verdicts met.
    pub verdicts: Vec<Verdict>,
    /// `stop` said so before the end: the actions after the one playing were not played.
    pub interrupted: bool,
}

/// Trains until the pending steps are made, a verdict stops them, or `stop` says so
/// (looked at every 50 ms, at a step boundary).
fn drain(session: &mut Session, stop: &dyn Fn() -> bool) -> Vec<Notice> {
    let mut notices = Vec::new();
    while session.busy() && !stop() {
        let p = session.step_for(Duration::from_millis(50), u64::MAX);
        notices.extend(p.notices);
        if p.steps == 0 {
            break;
        }
    }
    if stop() {
        session.apply(Command::Pause);
    }
    notices
}

/// Plays `actions` on `session`, whose setup is `setup` (updated by `set` actions).
pub fn play(
    session: &mut Session,
    setup: &mut Map<String, Value>,
    actions: &[Action],
    resolve: &Resolver<'_>,
    stop: &dyn Fn() -> bool,
) -> Result<Played, ScenarioError> {
    let mut played = Played::default();
    for (i, a) in actions.iter().enumerate() {
        if stop() {
            played.interrupted = true;
            break;
        }
        let index = i + 1;
        let notices = match a {
            Action::Step(n) => {
                let mut all = session.apply(Command::Step(*n));
                all.extend(drain(session, stop));
                all
            }
            Action::Epochs(n) => {
                let mut all = Vec::new();
                for _ in 0..*n {
                    all.extend(session.apply(Command::StepEpoch));
                    all.extend(drain(session, stop));
                    if stop() || session.run().stopped().is_some() {
                        break;
                    }
                }
                all
            }
            Action::View(s) => {
                let last = session.run().head_step();
                if *s > last {
                    return Err(ScenarioError::Action {
                        index,
                        why: format!("`view` {s} is beyond the run's last step {last}"),
                    });
                }
                session.apply(Command::View(*s))
            }
            Action::Set(changes) => {
                let old = setup.clone();
                for (k, v) in changes {
                    setup.insert(k.clone(), v.clone());
                }
                let r = resolve(setup).map_err(|e| ScenarioError::Action {
                    index,
                    why: e.to_string(),
                })?;
                let mut n = Vec::new();
                let changed = |k: &&str| old.get(*k) != setup.get(*k);
                if DATA_KEYS.iter().any(changed) || SPLIT_KEYS.iter().any(changed) {
                    n.extend(session.apply(Command::SetSplit {
                        train: r.data,
                        test: r.test.map(Box::new),
                    }));
                }
                n.extend(session.apply(Command::SetConfig(r.config)));
                n
            }
            Action::NewRun => session.apply(Command::NewRun),
            Action::SelectRun(id) => session.apply(Command::SelectRun(id.clone())),
            Action::PlayUntilConverged { max_steps } => session.play_until_converged(*max_steps),
            Action::EditPoints(d) => session.apply(Command::SetData {
                data: d.clone(),
                keep_weights: true,
            }),
            Action::SetWeights(m) => session.apply(Command::SetModel(m.model.clone())),
            Action::LoadWeights(m) => session.apply(Command::LoadModel(m.clone())),
            Action::Reset(seed) => session.apply(Command::Reset(*seed)),
            Action::PassLimit(n) => session.apply(Command::SetPassLimit(*n)),
            Action::RenameRun(id, name) => {
                session.apply(Command::RenameRun(id.clone(), name.clone()))
            }
            Action::DeleteRun(id) => session.apply(Command::DeleteRun(id.clone())),
        };
        for n in &notices {
            if let Notice::NoSuchRun { run } = n {
                return Err(ScenarioError::Action {
                    index,
                    why: format!("there is no run `{run}`"),
                });
            }
            if let Notice::Refused(e) = n {
                return Err(ScenarioError::Action {
                    index,
                    why: e.to_string(),
                });
            }
            if let Notice::Verdict(v) = n {
                played.verdicts.push(v.clone());
            }
        }
        played.notices.extend(notices);
    }
    Ok(played)
}

/// A scenario played from its start: the session, what playing gave, and the final setup
/// (after its `set` actions). The error names the setup key or the action.
pub fn play_scenario(
    scenario: &super::scenario::Scenario,
    resolve: &Resolver<'_>,
    stop: &dyn Fn() -> bool,
) -> Result<(Session, Played, Map<String, Value>), ScenarioError> {
    let mut setup = scenario.setup.clone();
    let resolved = resolve(&setup).map_err(|e| ScenarioError::Setup(format!("setup: {e}")))?;
    let trainer = super::Trainer::new(&resolved.config, resolved.data, resolved.model)
        .map_err(|e| ScenarioError::Setup(e.to_string()))?;
    let mut session = Session::new(trainer);
    let played = play(&mut session, &mut setup, &scenario.actions, resolve, stop)?;
    Ok((session, played, setup))
}

//! A scenario's `setup` (train flag names without `--` → JSON values) resolved through the
//! same flag parser as `train`, so that a scenario and the command line mean the same.

use super::args::TrainArgs;
use crate::train::player::Resolved;
use crate::train::scenario::ScenarioError;
use crate::train::scenario_io::{TEST_POINTS_KEY, model_from_value, points_from_json};
use crate::train::{Trainer, clip};
use clap::{CommandFactory, Parser};
use serde_json::{Map, Value};

/// The flags of a setup.
#[derive(Parser, Debug)]
#[command(no_binary_name = true)]
struct SetupArgs {
    #[command(flatten)]
    train: TrainArgs,
}

/// Flags of `train` that are not a setup (they are actions or outputs).
const NOT_SETUP: [&str; 5] = ["steps", "epochs", "save", "report", "init"];

fn known_flags() -> Vec<String> {
    SetupArgs::command()
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .filter(|l| !NOT_SETUP.contains(&l.as_str()))
        .collect()
}

fn value_text(key: &str, v: &Value) -> Result<Option<String>, ScenarioError> {
    let bad = || {
        ScenarioError::Setup(format!(
            "`{key}`: {} is not a valid value",
            clip(&v.to_string())
        ))
    };
    Ok(match v {
        Value::Bool(true) => None,
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(a) if key == "activation" || key == "features" => Some(
            a.iter()
                .map(|u| u.as_str().map(str::to_owned).ok_or_else(bad))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
        ),
        Value::Array(a) if key == "hidden" => Some(if a.is_empty() {
            "none".into()
        } else {
            a.iter()
                .map(|u| u.as_u64().map(|u| u.to_string()).ok_or_else(bad))
                .collect::<Result<Vec<_>, _>>()?
                .join(",")
        }),
        _ => return Err(bad()),
    })
}

/// The train flags a setup gives (without its inline points and weights).
pub fn flags(setup: &Map<String, Value>) -> Result<TrainArgs, ScenarioError> {
    parse(setup).map(|a| a.train)
}

/// The generator request behind a session's data: the setup's data flags, when generating
/// from them gives exactly these points (`None` for a file's or hand-placed points).
pub fn generated_data(
    flags: &TrainArgs,
    data: &crate::data::Dataset,
) -> Option<crate::data::DataSpec> {
    if flags.data.data.is_some() {
        return None;
    }
    let spec = flags.data.spec();
    let generated = spec.generate().ok()?;
    (generated == *data).then_some(spec)
}

fn parse(setup: &Map<String, Value>) -> Result<SetupArgs, ScenarioError> {
    let known = known_flags();
    let mut argv = Vec::new();
    for (key, v) in setup {
        if key == "points-inline" || key == "weights" || key == TEST_POINTS_KEY {
            continue;
        }
        if !known.contains(key) {
            return Err(ScenarioError::Setup(format!(
                "unknown setup key `{}` (setup takes the train flag names without --)",
                clip(key)
            )));
        }
        if matches!(v, Value::Bool(false)) {
            continue;
        }
        argv.push(format!("--{key}"));
        argv.extend(value_text(key, v)?);
    }
    SetupArgs::try_parse_from(&argv).map_err(|e| {
        let text = e.render().to_string();
        let first = text.lines().next().unwrap_or("invalid setup");
        ScenarioError::Setup(first.trim_start_matches("error: ").to_owned())
    })
}

/// Resolves a setup into settings, data and optional weights; one line on error.
pub fn resolve(setup: &Map<String, Value>) -> Result<Resolved, ScenarioError> {
    let args = parse(setup)?;
    let data = match setup.get("points-inline") {
        Some(v) => points_from_json(v)
            .map_err(|e| ScenarioError::Setup(format!("`points-inline`: {e}")))?,
        None => args.train.data.load().map_err(ScenarioError::Setup)?,
    };
    let mut config = args.train.config();
    let model = match setup.get("weights") {
        Some(v) => {
            let saved = model_from_value(v).map_err(ScenarioError::Setup)?;
            // The weights' own inputs win, as their layers do.
            config.features = saved.features;
            Some(saved.model)
        }
        None => None,
    };
    let (data, test) = match setup.get(TEST_POINTS_KEY) {
        Some(Value::Null) => (data, None),
        Some(v) => {
            let test = points_from_json(v)
                .map_err(|e| ScenarioError::Setup(format!("`{TEST_POINTS_KEY}`: {e}")))?;
            (data, Some(test))
        }
        None => args
            .train
            .split
            .apply(data, args.train.data.generated_seed())
            .map_err(ScenarioError::Setup)?,
    };
    Ok(Resolved {
        config,
        data,
        model,
        test,
    })
}

/// A trainer for a resolved setup; one line on error.
pub fn start(r: &Resolved) -> Result<Trainer, ScenarioError> {
    let mut t = Trainer::new(&r.config, r.data.clone(), r.model.clone())
        .map_err(|e| ScenarioError::Setup(e.to_string()))?;
    t.set_test(r.test.clone())
        .map_err(|e| ScenarioError::Setup(e.to_string()))?;
    Ok(t)
}

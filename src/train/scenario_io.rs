//! Scenario values both ways: points and weights as JSON, a configuration as `train` flag
//! names, and actions back to JSON, so that a session can be saved as a scenario and
//! replayed exactly.

use super::TrainConfig;
use crate::data::Dataset;
use crate::data::Features;
use crate::nn::model_file::{SavedModel, model_to_json, parse_model};
use crate::nn::{Init, Model};
use serde_json::{Map, Value, json};

/// The setup key of the held-out test points, `[[x1, x2, class], …]` or null.
pub const TEST_POINTS_KEY: &str = "test-points-inline";

/// Points as `[[x1, x2, class], …]`.
pub fn points_to_json(data: &Dataset) -> Value {
    Value::Array(
        (0..data.len())
            .map(|n| {
                let p = data.point(n);
                json!([p[0], p[1], data.classes[n]])
            })
            .collect(),
    )
}

/// Points from `[[x1, x2, class], …]`; the error says which point is wrong.
pub fn points_from_json(v: &Value) -> Result<Dataset, String> {
    let rows = v
        .as_array()
        .ok_or_else(|| "expected [[x1, x2, class], …]".to_owned())?;
    let mut points = Vec::with_capacity(rows.len());
    let mut classes = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let row = r.as_array().filter(|r| r.len() == 3);
        let parsed = row.and_then(|r| {
            Some((
                [r[0].as_f64()?, r[1].as_f64()?],
                usize::try_from(r[2].as_u64()?).ok()?,
            ))
        });
        let (p, c) = parsed
            .ok_or_else(|| format!("point {} is not [x1, x2, class] with a whole class", i + 1))?;
        if !(p[0].is_finite() && p[1].is_finite()) {
            return Err(format!("point {} is not finite", i + 1));
        }
        points.push(p);
        classes.push(c);
    }
    Dataset::from_rows(&points, classes).ok_or_else(|| "no points".to_owned())
}

/// A model reading `features` as a JSON value (the model file's object).
pub fn model_to_value(model: &Model, features: Features) -> Value {
    serde_json::from_str(&model_to_json(model, features)).unwrap_or(Value::Null)
}

/// A model from a model file's object.
pub fn model_from_value(v: &Value) -> Result<SavedModel, String> {
    parse_model(&v.to_string(), "weights").map_err(|e| e.to_string())
}

/// A configuration as `train` flag names (without `--`) and values.
pub fn config_flags(c: &TrainConfig) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("model".into(), json!(c.model.name()));
    m.insert("hidden".into(), json!(c.hidden_sizes));
    m.insert("activation".into(), json!(c.activation.name()));
    m.insert("loss".into(), json!(c.loss.name()));
    m.insert("lr".into(), json!(c.learning_rate));
    m.insert("lambda".into(), json!(c.lambda));
    m.insert("update".into(), json!(c.update.name()));
    m.insert("batch-size".into(), json!(c.batch_size));
    m.insert("init-seed".into(), json!(c.init_seed));
    m.insert("shuffle".into(), json!(c.shuffle));
    m.insert("pocket".into(), json!(c.pocket));
    m.insert("reg".into(), json!(c.reg.name()));
    m.insert("optimizer".into(), json!(c.optimizer.name()));
    m.insert("momentum".into(), json!(c.momentum));
    m.insert("beta1".into(), json!(c.beta1));
    m.insert("beta2".into(), json!(c.beta2));
    m.insert("eps".into(), json!(c.eps));
    if !c.features.is_plain() {
        m.insert("features".into(), json!(c.features.flag_text()));
    }
    if c.layer_activations.len() > 1 {
        let names: Vec<&str> = c.layer_activations.iter().map(|a| a.name()).collect();
        m.insert("activation".into(), json!(names.join(",")));
    }
    if let Init::Scale(s) = c.init {
        m.insert("init-scale".into(), json!(s));
    }
    m
}

/// The flags that differ between two configurations (what a `set` action carries).
pub fn config_diff(old: &TrainConfig, new: &TrainConfig) -> Map<String, Value> {
    let (a, b) = (config_flags(old), config_flags(new));
    let mut diff: Map<String, Value> = b.into_iter().filter(|(k, v)| a.get(k) != Some(v)).collect();
    if old.features != new.features {
        diff.insert("features".into(), json!(new.features.flag_text()));
    }
    diff
}

/// A setup that starts exactly where a session started: its settings, points and weights.
pub fn setup_of(config: &TrainConfig, data: &Dataset, model: &Model) -> Map<String, Value> {
    let mut m = config_flags(config);
    m.insert("points-inline".into(), points_to_json(data));
    m.insert("weights".into(), model_to_value(model, config.features));
    m
}

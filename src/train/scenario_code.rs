//! Scenario codes: a scenario's JSON as one short line to paste into a chat or a slide.
//!
//! `code = "pl1:" + base64url(deflate(compact JSON))`, without padding. The setup is made
//! compact first: points that a generator gives back and weights that the seed gives back
//! are replaced by the flags that make them ([`compact_setup`]); hand-placed points and
//! hand-set weights stay inline, as do `edit-points` and `set-weights` actions.

use super::initial_model;
use super::player::Resolver;
use super::scenario::{Scenario, ScenarioError, scenario_value};
use crate::data::DataSpec;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

/// The prefix of a code (its version).
pub const PREFIX: &str = "pl1:";
/// The longest code read, in characters (before decoding).
pub const MAX_CODE_CHARS: usize = 4 << 20;
/// The most bytes a code may inflate to.
pub const MAX_JSON_BYTES: usize = 4 << 20;

/// What is wrong with a code.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CodeError {
    /// Nothing to read.
    #[error("the scenario code is empty")]
    Empty,
    /// Not a code of ours.
    #[error("a scenario code starts with `{PREFIX}`")]
    Prefix,
    /// Longer than [`MAX_CODE_CHARS`].
    #[error("the scenario code is longer than {MAX_CODE_CHARS} characters")]
    TooLong,
    /// Not base64url.
    #[error("the scenario code is damaged (not base64url text: {0})")]
    Base64(String),
    /// Not deflate data.
    #[error("the scenario code is damaged (cannot be inflated)")]
    Inflate,
    /// Inflates beyond [`MAX_JSON_BYTES`].
    #[error("the scenario code inflates to more than {} MiB", MAX_JSON_BYTES >> 20)]
    TooLarge,
    /// Not UTF-8 inside.
    #[error("the scenario code is damaged (its text is not UTF-8)")]
    Utf8,
    /// A well-formed code that does not hold a valid scenario.
    #[error("the scenario code holds no valid scenario: {0}")]
    Scenario(#[from] ScenarioError),
}

/// The code of a scenario (its setup as given; see [`compact_setup`]).
pub fn encode(setup: &Map<String, Value>, actions: &[super::scenario::Action]) -> String {
    let json = scenario_value(setup, actions).to_string();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The scenario JSON text a code holds, bounded; whitespace around and inside (a code
/// wrapped over lines) is ignored.
pub fn decode_text(code: &str) -> Result<String, CodeError> {
    if code.len() > MAX_CODE_CHARS {
        return Err(CodeError::TooLong);
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    let body = code.strip_prefix(PREFIX).ok_or(CodeError::Prefix)?;
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|e| CodeError::Base64(super::clip(&e.to_string())))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => CodeError::TooLarge,
            _ => CodeError::Inflate,
        })?;
    String::from_utf8(json).map_err(|_| CodeError::Utf8)
}

/// The scenario a code holds.
pub fn decode(code: &str) -> Result<Scenario, CodeError> {
    Ok(Scenario::parse(&decode_text(code)?)?)
}

/// The flags of a generated dataset.
fn spec_flags(spec: &DataSpec) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("dataset".into(), json!(spec.kind.name()));
    m.insert("classes".into(), json!(spec.classes));
    m.insert("points".into(), json!(spec.points_per_class));
    if let Some(noise) = spec.noise {
        m.insert("noise".into(), json!(noise));
    }
    m.insert("seed".into(), json!(spec.seed));
    m
}

/// A setup with its inline points replaced by generator flags when one of `specs`
/// regenerates exactly those points, and its inline weights dropped when the seed gives
/// exactly those weights back; what does not match stays inline. The result resolves to the
/// same settings, points and weights (checked through `resolve`).
pub fn compact_setup(
    setup: &Map<String, Value>,
    specs: &[DataSpec],
    resolve: &Resolver<'_>,
) -> Map<String, Value> {
    let Ok(full) = resolve(setup) else {
        return setup.clone();
    };
    let mut out = setup.clone();
    if setup.contains_key("points-inline") {
        let found = specs
            .iter()
            .find(|s| s.generate().ok().as_ref() == Some(&full.data));
        if let Some(spec) = found {
            out.remove("points-inline");
            let init_seed = out.get("init-seed").cloned();
            out.extend(spec_flags(spec));
            // `seed` also seeds the weights unless `init-seed` says otherwise.
            let seed = json!(spec.seed);
            out.insert("init-seed".into(), init_seed.unwrap_or(seed));
        }
    }
    if let Some(model) = &full.model
        && initial_model(&full.config, full.data.class_count)
            .ok()
            .as_ref()
            == Some(model)
    {
        out.remove("weights");
    }
    // Only a setup that resolves to the very same start is kept.
    match resolve(&out) {
        Ok(r) if r.data == full.data && r.config == full.config && same_start(&r, &full) => out,
        _ => setup.clone(),
    }
}

fn same_start(a: &super::player::Resolved, b: &super::player::Resolved) -> bool {
    let model = |r: &super::player::Resolved| {
        r.model
            .clone()
            .or_else(|| initial_model(&r.config, r.data.class_count).ok())
    };
    model(a) == model(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::scenario::Action;

    #[test]
    fn a_code_round_trips() {
        let mut setup = Map::new();
        setup.insert("dataset".into(), json!("spiral"));
        setup.insert("hidden".into(), json!([8, 8]));
        let actions = vec![Action::Step(100), Action::NewRun, Action::View(3)];
        let code = encode(&setup, &actions);
        assert!(code.starts_with(PREFIX) && code.len() < 200, "{code}");
        assert!(
            code[PREFIX.len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        let back = decode(&code).expect("decodes");
        assert_eq!(back.setup, setup);
        assert_eq!(back.actions, actions);
        // A code wrapped over lines in a chat still reads.
        let wrapped: String = code
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 20 == 19 { vec![c, '\n'] } else { vec![c] })
            .collect();
        assert_eq!(decode(&wrapped).expect("wrapped"), back);
    }

    #[test]
    fn bad_codes_are_refused_with_one_line() {
        let good = encode(&Map::new(), &[]);
        let cases = [
            ("", CodeError::Empty),
            ("abc", CodeError::Prefix),
            ("pl1:***", CodeError::Base64(String::new())),
            ("pl1:AAAA", CodeError::Inflate),
        ];
        for (code, want) in cases {
            let e = decode(code).expect_err(code);
            assert_eq!(
                std::mem::discriminant(&e),
                std::mem::discriminant(&want),
                "{code}: {e}"
            );
            assert!(!e.to_string().contains('\n'));
        }
        // A truncated code is damaged.
        assert!(decode(&good[..good.len() - 3]).is_err());
        // Valid deflate of text that is not a scenario.
        let not = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"format\": 1}", 6))
        );
        assert!(matches!(decode(&not), Err(CodeError::Scenario(_))));
    }

    #[test]
    fn a_code_that_inflates_beyond_the_bound_is_refused() {
        let zeros = vec![b' '; MAX_JSON_BYTES + 1];
        let bomb = format!(
            "{PREFIX}{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&zeros, 10))
        );
        assert!(bomb.len() < 20_000, "small code, big text");
        assert_eq!(decode(&bomb), Err(CodeError::TooLarge));
        let long = "a".repeat(MAX_CODE_CHARS + 1);
        assert_eq!(decode(&long), Err(CodeError::TooLong));
    }
}

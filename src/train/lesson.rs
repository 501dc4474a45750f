//! Lessons: a title and scenes, each scene a scenario (setup + actions) with its texts in
//! English and Vietnamese, played one at a time by the app's lesson view and by
//! `run FILE --scene N`.
//!
//! ```json
//! { "format": "perceptron-lab/lesson@1",
//!   "title": {"en": "…", "vi": "…"},
//!   "scenes": [ { "title": {"en", "vi"}, "caption": {"en", "vi"}, "notice": {"en", "vi"},
//!                 "setup": {…}, "actions": […] } ] }
//! ```
//! Scenes are numbered from 1, in flags, in errors and on screen.

use super::scenario::{Action, Scenario, ScenarioError, action_to_json};
use serde_json::{Map, Value, json};

/// The format tag of a lesson file.
pub const FORMAT: &str = "perceptron-lab/lesson@1";
/// The most scenes a lesson holds.
pub const MAX_SCENES: usize = 500;
/// The longest text (title, caption, notice), in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;

/// One text in English and Vietnamese.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts {
    /// English.
    pub en: String,
    /// Tiếng Việt.
    pub vi: String,
}

impl Texts {
    /// The same text in both languages (a new scene's placeholder).
    pub fn both(text: &str) -> Self {
        Self {
            en: text.to_owned(),
            vi: text.to_owned(),
        }
    }

    /// As `{"en", "vi"}`; an empty language takes the other's text, so that the file reads
    /// back.
    fn to_json(&self) -> Value {
        let pick = |a: &str, b: &str| if a.trim().is_empty() { b } else { a }.to_owned();
        json!({ "en": pick(&self.en, &self.vi), "vi": pick(&self.vi, &self.en) })
    }
}

/// One scene: a scenario and what the screen says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Shown large, above the caption.
    pub title: Texts,
    /// The caption strip's text.
    pub caption: Texts,
    /// A shorter remark shown beside the caption (may be empty).
    pub notice: Texts,
    /// What the scene plays.
    pub scenario: Scenario,
}

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// The lesson's title.
    pub title: Texts,
    /// Its scenes, in order (at least one).
    pub scenes: Vec<Scene>,
}

/// What is wrong with a lesson; each message names the scene (from 1) and the key.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LessonError {
    /// Not JSON, or not an object.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// The format tag is missing or another.
    #[error("`format` must be \"{FORMAT}\"")]
    Format,
    /// A key the lesson does not have.
    #[error("unknown key `{0}` (expected format, title, scenes)")]
    UnknownKey(String),
    /// The lesson's own title.
    #[error("`title`: {0}")]
    Title(String),
    /// `scenes` missing, empty, too long or not an array.
    #[error("`scenes` must be an array of 1 to {MAX_SCENES} scenes")]
    Scenes,
    /// A scene's key.
    #[error("scene {scene}: `{key}`: {why}")]
    Scene {
        /// The scene, from 1.
        scene: usize,
        /// The key.
        key: String,
        /// What is wrong.
        why: String,
    },
    /// A scene's scenario part (setup or actions).
    #[error("scene {scene}: {error}")]
    Scenario {
        /// The scene, from 1.
        scene: usize,
        /// What is wrong.
        error: ScenarioError,
    },
    /// `--scene N` outside 1…count.
    #[error("there is no scene {asked}: the lesson has scenes 1 to {count}")]
    NoSuchScene {
        /// The scene asked for.
        asked: usize,
        /// How many there are.
        count: usize,
    },
}

/// Reads `{"en": …, "vi": …}`: both present, non-empty strings, bounded.
fn texts(v: Option<&Value>, required: bool) -> Result<Texts, String> {
    let Some(v) = v else {
        return if required {
            Err("missing (expected {\"en\": …, \"vi\": …})".into())
        } else {
            Ok(Texts::default())
        };
    };
    let obj = v
        .as_object()
        .ok_or_else(|| "expected {\"en\": …, \"vi\": …}".to_owned())?;
    if let Some(k) = obj.keys().find(|k| !["en", "vi"].contains(&k.as_str())) {
        return Err(format!(
            "unknown language `{}` (expected en, vi)",
            super::clip(k)
        ));
    }
    let get = |lang: &str| -> Result<String, String> {
        let s = obj
            .get(lang)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{lang}` is missing or not text"))?;
        if s.trim().is_empty() {
            return Err(format!("`{lang}` is empty"));
        }
        if s.chars().count() > MAX_TEXT_CHARS {
            return Err(format!(
                "`{lang}` is longer than {MAX_TEXT_CHARS} characters"
            ));
        }
        Ok(s.to_owned())
    };
    Ok(Texts {
        en: get("en")?,
        vi: get("vi")?,
    })
}

const SCENE_KEYS: [&str; 5] = ["title", "caption", "notice", "setup", "actions"];

fn scene(index: usize, v: &Value) -> Result<Scene, LessonError> {
    let bad = |key: &str, why: String| LessonError::Scene {
        scene: index,
        key: key.to_owned(),
        why,
    };
    let obj = v
        .as_object()
        .ok_or_else(|| bad("scenes", "each scene is an object".into()))?;
    if let Some(k) = obj.keys().find(|k| !SCENE_KEYS.contains(&k.as_str())) {
        return Err(bad(
            &super::clip(k),
            "unknown key (expected title, caption, notice, setup, actions)".into(),
        ));
    }
    let title = texts(obj.get("title"), true).map_err(|e| bad("title", e))?;
    let caption = texts(obj.get("caption"), true).map_err(|e| bad("caption", e))?;
    let notice = texts(obj.get("notice"), false).map_err(|e| bad("notice", e))?;
    let scenario = Scenario::from_parts(obj.get("setup"), obj.get("actions")).map_err(|error| {
        LessonError::Scenario {
            scene: index,
            error,
        }
    })?;
    Ok(Scene {
        title,
        caption,
        notice,
        scenario,
    })
}

impl Lesson {
    /// Parses a lesson file's text (the setups' values are checked when resolved).
    pub fn parse(text: &str) -> Result<Self, LessonError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text)
            .map_err(|e| LessonError::Json(super::clip(&e.to_string())))?;
        let obj = value
            .as_object()
            .ok_or_else(|| LessonError::Json("a lesson is a JSON object".into()))?;
        if let Some(k) = obj
            .keys()
            .find(|k| !["format", "title", "scenes"].contains(&k.as_str()))
        {
            return Err(LessonError::UnknownKey(super::clip(k)));
        }
        if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(LessonError::Format);
        }
        let title = texts(obj.get("title"), true).map_err(LessonError::Title)?;
        let scenes = obj
            .get("scenes")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty() && a.len() <= MAX_SCENES)
            .ok_or(LessonError::Scenes)?
            .iter()
            .enumerate()
            .map(|(i, v)| scene(i + 1, v))
            .collect::<Result<_, _>>()?;
        Ok(Self { title, scenes })
    }

    /// Scene `number` (from 1).
    pub fn scene(&self, number: usize) -> Result<&Scene, LessonError> {
        number
            .checked_sub(1)
            .and_then(|i| self.scenes.get(i))
            .ok_or(LessonError::NoSuchScene {
                asked: number,
                count: self.scenes.len(),
            })
    }

    /// The lesson as a file's text (what File → Save lesson writes).
    pub fn to_text(&self) -> String {
        let scenes: Vec<Value> = self.scenes.iter().map(Scene::to_json).collect();
        let v = json!({ "format": FORMAT, "title": self.title.to_json(), "scenes": scenes });
        let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Scene {
    /// A scene from a session's start and action log, with placeholder texts.
    pub fn from_session(setup: &Map<String, Value>, actions: &[Action], title: Texts) -> Self {
        Self {
            caption: title.clone(),
            title,
            notice: Texts::default(),
            scenario: Scenario {
                setup: setup.clone(),
                actions: actions.to_vec(),
            },
        }
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("title".into(), self.title.to_json());
        m.insert("caption".into(), self.caption.to_json());
        if !self.notice.en.is_empty() || !self.notice.vi.is_empty() {
            m.insert("notice".into(), self.notice.to_json());
        }
        m.insert("setup".into(), Value::Object(self.scenario.setup.clone()));
        m.insert(
            "actions".into(),
            Value::Array(self.scenario.actions.iter().map(action_to_json).collect()),
        );
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson_with(scene: &str) -> String {
        format!(
            r#"{{"format": "{FORMAT}", "title": {{"en": "L", "vi": "B"}},
               "scenes": [{{"title": {{"en": "a", "vi": "b"}}, "caption": {{"en": "c", "vi": "d"}}}},
                          {scene}]}}"#
        )
    }

    fn error_of(scene: &str) -> String {
        let e = Lesson::parse(&lesson_with(scene)).expect_err("refused");
        let line = e.to_string();
        assert!(!line.contains('\n') && line.len() < 300, "{line}");
        line
    }

    #[test]
    fn a_good_lesson_parses_and_reads_back() {
        let text = lesson_with(
            r#"{"title": {"en": "T", "vi": "Tiêu đề"}, "caption": {"en": "C", "vi": "Chú thích"},
                "notice": {"en": "N", "vi": "Lưu ý"}, "setup": {"dataset": "xor"},
                "actions": [{"step": 3}, {"new-run": {}}]}"#,
        );
        let lesson = Lesson::parse(&text).expect("valid");
        assert_eq!(lesson.scenes.len(), 2);
        let s = lesson.scene(2).expect("scene 2");
        assert_eq!(s.caption.vi, "Chú thích");
        assert_eq!(s.scenario.actions, vec![Action::Step(3), Action::NewRun]);
        assert_eq!(Lesson::parse(&lesson.to_text()), Ok(lesson.clone()));
        assert!(matches!(
            lesson.scene(0),
            Err(LessonError::NoSuchScene { asked: 0, count: 2 })
        ));
        assert!(lesson.scene(3).is_err());
    }

    #[test]
    fn errors_name_the_scene_and_the_key() {
        let e = error_of(r#"{"title": {"en": "T", "vi": "t"}, "caption": {"en": "C"}}"#);
        assert!(
            e.starts_with("scene 2: `caption`:") && e.contains("`vi`"),
            "{e}"
        );
        let e = error_of(r#"{"caption": {"en": "C", "vi": "c"}}"#);
        assert!(e.starts_with("scene 2: `title`: missing"), "{e}");
        let e = error_of(r#"{"title": {"en": "T", "vi": "t"}, "caption": {"en": "C", "vi": " "}}"#);
        assert!(e.contains("`vi` is empty"), "{e}");
        let e = error_of(
            r#"{"title": {"en": "T", "vi": "t"}, "caption": {"en": "C", "vi": "c"}, "oops": 1}"#,
        );
        assert!(e.starts_with("scene 2: `oops`: unknown key"), "{e}");
        let e = error_of(
            r#"{"title": {"en": "T", "vi": "t"}, "caption": {"en": "C", "vi": "c"},
                "actions": [{"step": -1}]}"#,
        );
        assert!(e.starts_with("scene 2: action 1:"), "{e}");
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let e = error_of(&format!(
            r#"{{"title": {{"en": "{long}", "vi": "t"}}, "caption": {{"en": "C", "vi": "c"}}}}"#
        ));
        assert!(e.starts_with("scene 2: `title`:") && e.len() < 200, "{e}");
    }

    #[test]
    fn the_file_level_is_checked() {
        assert_eq!(Lesson::parse("{}"), Err(LessonError::Format));
        assert!(matches!(Lesson::parse("[1"), Err(LessonError::Json(_))));
        let no_scenes =
            format!(r#"{{"format": "{FORMAT}", "title": {{"en": "a", "vi": "b"}}, "scenes": []}}"#);
        assert_eq!(Lesson::parse(&no_scenes), Err(LessonError::Scenes));
        let no_title = format!(r#"{{"format": "{FORMAT}", "scenes": []}}"#);
        assert!(matches!(
            Lesson::parse(&no_title),
            Err(LessonError::Title(_))
        ));
    }

    #[test]
    fn an_empty_language_is_filled_from_the_other_on_save() {
        let mut lesson = Lesson::parse(&lesson_with(
            r#"{"title": {"en": "T", "vi": "t"}, "caption": {"en": "C", "vi": "c"}}"#,
        ))
        .expect("valid");
        lesson.scenes[1].caption.vi.clear();
        let back = Lesson::parse(&lesson.to_text()).expect("reads back");
        assert_eq!(back.scenes[1].caption.vi, "C");
    }
}

//! Lesson files on the command line: `run LESSON.json --scene N` and the app's
//! `--lesson FILE [--scene N]`. A lesson is read whole and every scene's setup is resolved
//! up front, so that a bad scene is refused with one line before anything plays.

use super::setup;
use crate::train::lesson::{Lesson, LessonError};
use crate::train::scenario::{Scenario, ScenarioError};
use std::path::Path;

/// The largest lesson file read (its scenes may embed points and weights).
pub const MAX_LESSON_BYTES: u64 = 256 << 20;

/// True when a file's text is a lesson (its `format` says so), not a scenario.
pub fn is_lesson(text: &str) -> bool {
    // A cheap look before parsing: the format tag is a string no scenario holds.
    text.contains(crate::train::lesson::FORMAT)
}

/// Parses a lesson's text and resolves every scene's setup; the error is one line naming
/// the scene and the key.
pub fn parse_checked(text: &str) -> Result<Lesson, LessonError> {
    let lesson = Lesson::parse(text)?;
    for (i, scene) in lesson.scenes.iter().enumerate() {
        setup::resolve(&scene.scenario.setup).map_err(|e| LessonError::Scenario {
            scene: i + 1,
            error: ScenarioError::Setup(format!("setup: {e}")),
        })?;
    }
    Ok(lesson)
}

/// Reads and checks a lesson file; the error is one line naming the file, scene and key.
pub fn read_lesson(path: &Path) -> Result<Lesson, String> {
    let name = path.display();
    let bytes = crate::fsio::read_limited(path, MAX_LESSON_BYTES).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
    parse_checked(&text).map_err(|e| format!("{name}: {e}"))
}

/// Scene `number` (from 1) of a lesson file's text, as a scenario.
pub fn scene_of(text: &str, number: usize, name: &str) -> Result<Scenario, String> {
    let lesson = parse_checked(text).map_err(|e| format!("{name}: {e}"))?;
    lesson
        .scene(number)
        .map(|s| s.scenario.clone())
        .map_err(|e| format!("{name}: {e}"))
}

/// Plays one scene of a lesson into a session for the app (its settings too).
#[cfg(feature = "gui")]
pub fn play_scene(scenario: &Scenario) -> Result<crate::gui::startup::Opened, String> {
    let (session, _, setup) =
        crate::train::player::play_scenario(scenario, &setup::resolve, &|| false)
            .map_err(|e| e.to_string())?;
    let head = session.run().head();
    let config = head.config().clone();
    let data = setup::flags(&setup)
        .ok()
        .and_then(|flags| setup::generated_data(&flags, head.data()));
    Ok(crate::gui::startup::Opened {
        session,
        config,
        data,
    })
}

/// The lesson of the app's `--lesson FILE [--scene N]`, read and checked before any window
/// opens; the error is one line.
#[cfg(feature = "gui")]
pub fn lesson_start(
    args: &super::AppArgs,
) -> Result<Option<crate::gui::startup::LessonStart>, String> {
    let Some(path) = &args.lesson else {
        return Ok(None);
    };
    let lesson = read_lesson(path)?;
    let number = args.scene.unwrap_or(1);
    lesson
        .scene(number)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(crate::gui::startup::LessonStart {
        lesson,
        scene: number - 1,
    }))
}

//! Lessons on the command line: every scene of the shipped lesson plays headless, every
//! text is there in both languages, and bad lessons and scene numbers get one line.

use assert_cmd::Command;
use perceptron_lab::train::lesson::Lesson;

const LESSON: &str = "assets/lessons/perceptron-and-mlp.json";

fn bin() -> Command {
    Command::cargo_bin("perceptron-lab").expect("built")
}

fn shipped() -> Lesson {
    Lesson::parse(&std::fs::read_to_string(LESSON).expect("shipped")).expect("valid lesson")
}

#[test]
fn every_scene_of_the_shipped_lesson_plays() {
    let count = shipped().scenes.len();
    assert!(
        count >= 14,
        "the lecture in at least 14 scenes (the circle through x₁², x₂² last), found {count}"
    );
    for n in 1..=count {
        let out = bin()
            .args(["run", LESSON, "--scene", &n.to_string()])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "scene {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("run "));
    }
}

#[test]
fn every_text_is_in_both_languages() {
    let lesson = shipped();
    perceptron_lab::cli::lesson::parse_checked(&std::fs::read_to_string(LESSON).expect("read"))
        .expect("every setup resolves");
    for (i, s) in lesson.scenes.iter().enumerate() {
        for (what, t) in [
            ("title", &s.title),
            ("caption", &s.caption),
            ("notice", &s.notice),
        ] {
            assert!(
                !t.en.trim().is_empty() && !t.vi.trim().is_empty(),
                "scene {}: {what}",
                i + 1
            );
            assert_ne!(t.en, t.vi, "scene {}: {what} is not translated", i + 1);
        }
        // Vietnamese has its diacritics (not English copied over).
        assert!(
            s.caption
                .vi
                .chars()
                .any(|c| "ạảấầẩắằặẻếềểệịọỏốồổộớờởợụủứừửựỳýđ".contains(c)),
            "scene {}",
            i + 1
        );
    }
}

#[test]
fn scene_numbers_outside_the_lesson_get_one_line() {
    let past_the_end = (shipped().scenes.len() + 1).to_string();
    for n in ["0", past_the_end.as_str()] {
        let out = bin()
            .args(["run", LESSON, "--scene", n])
            .output()
            .expect("runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&format!("no scene {n}")), "{err}");
    }
    let out = bin().args(["run", LESSON]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --scene N"));
}

#[test]
fn a_bad_scene_setup_is_refused_naming_the_scene() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("l.json");
    std::fs::write(
        &path,
        r#"{"format": "perceptron-lab/lesson@1", "title": {"en": "L", "vi": "B"},
            "scenes": [
              {"title": {"en": "a", "vi": "b"}, "caption": {"en": "c", "vi": "d"}, "setup": {"dataset": "xor"}},
              {"title": {"en": "a", "vi": "b"}, "caption": {"en": "c", "vi": "d"}, "setup": {"hiden": [2]}}]}"#,
    )
    .expect("written");
    let out = bin()
        .args(["run", "--scene", "1"])
        .arg(&path)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("scene 2: setup:") && err.contains("hiden"),
        "{err}"
    );
}

#[test]
fn a_generated_session_makes_a_short_code_that_resolves_to_the_same_start() {
    use perceptron_lab::train::{Session, TrainConfig, Trainer};
    let spec = perceptron_lab::data::DataSpec::default();
    let data = spec.generate().expect("data");
    let config = TrainConfig {
        hidden_sizes: vec![8, 8],
        ..TrainConfig::default()
    };
    let mut session = Session::new(Trainer::new(&config, data.clone(), None).expect("valid"));
    let origin = session.view().origin.clone();
    let resolve = perceptron_lab::cli::setup::resolve;
    let compact = perceptron_lab::train::scenario_code::compact_setup(&origin, &[spec], &resolve);
    assert!(!compact.contains_key("points-inline") && !compact.contains_key("weights"));
    let code = perceptron_lab::train::scenario_code::encode(&compact, &[]);
    assert!(code.len() < 600, "a few hundred characters: {}", code.len());
    let full = perceptron_lab::train::scenario_code::encode(&origin, &[]);
    assert!(full.len() > 2 * code.len());
    let back = perceptron_lab::train::scenario_code::decode(&code).expect("decodes");
    let (mut played, _, _) =
        perceptron_lab::train::player::play_scenario(&back, &resolve, &|| false).expect("plays");
    assert_eq!(*played.view().data, data);
    assert_eq!(played.model_at_cursor(), session.model_at_cursor());
    // A wrong hint keeps the points inline.
    let other = perceptron_lab::data::DataSpec { seed: 9, ..spec };
    let kept = perceptron_lab::train::scenario_code::compact_setup(&origin, &[other], &resolve);
    assert!(kept.contains_key("points-inline"));
}

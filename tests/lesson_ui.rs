//! The lesson view and scenario codes in the app: PageDown goes to the next scene, a copied
//! code pasted back gives the same state, and a bad code changes nothing.

mod common;

use common::{harness_with, wait_until};
use egui_kittest::kittest::Queryable;
use perceptron_lab::cli::AppArgs;
use perceptron_lab::train::Command;

fn lesson_args(scene: usize) -> AppArgs {
    AppArgs {
        lesson: Some("assets/lessons/perceptron-and-mlp.json".into()),
        scene: Some(scene),
        ..AppArgs::default()
    }
}

#[test]
fn page_down_goes_to_the_next_scene_and_page_up_back() {
    let mut h = harness_with(lesson_args(1));
    wait_until(&mut h, "scene 1", |a| a.snap.is_some());
    assert_eq!(h.state().lesson().map(|l| l.current), Some(0));
    let total = h.state().lesson().map_or(0, |l| l.lesson.scenes.len());
    h.get_by_label(&format!("1 / {total}"));
    h.key_press(egui::Key::PageDown);
    wait_until(&mut h, "scene 2 played (3 PLA steps)", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 3 && !s.running)
    });
    assert_eq!(h.state().lesson().map(|l| l.current), Some(1));
    h.get_by_label(&format!("2 / {total}"));
    h.key_press(egui::Key::PageUp);
    h.step();
    assert_eq!(h.state().lesson().map(|l| l.current), Some(0));
    // The buttons do the same, and Restart scene plays the scene again.
    h.get_by_label("Next ▶").click();
    h.step();
    assert_eq!(h.state().lesson().map(|l| l.current), Some(1));
    wait_until(&mut h, "scene 2", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 3)
    });
    h.state().send(Command::Step(1));
    wait_until(&mut h, "a step more", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 4)
    });
    h.get_by_label("Restart scene").click();
    wait_until(&mut h, "the scene again", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 3)
    });
}

#[test]
fn the_scenario_code_round_trips_and_a_bad_code_changes_nothing() {
    let mut h = harness_with(AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.state().send(Command::Step(40));
    wait_until(&mut h, "40 steps", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 40 && !s.running)
    });
    let before = h.state().snap.clone().expect("snap");
    h.get_by_label("Edit").click();
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Copy scenario code").click();
    h.step();
    let code = h.state().last_code.clone().expect("copied");
    assert!(
        code.starts_with("pl1:") && code.len() < 1000,
        "{} chars",
        code.len()
    );

    // A bad code: one line, and the session is untouched.
    h.state_mut().open_scenario_code("pl1:not-a-code!");
    h.step();
    let banner = h.state().banner.clone().expect("a message");
    assert!(
        banner.error && !banner.text.contains('\n'),
        "{}",
        banner.text
    );
    let still = h.state().snap.clone().expect("snap");
    assert_eq!(
        (still.step, &still.data, &still.model),
        (40, &before.data, &before.model)
    );

    // Pasted through the dialog: the same state.
    h.state().send(Command::Reset(Some(77)));
    let old_model = before.model.clone();
    wait_until(&mut h, "other weights", move |a| {
        a.snap.as_ref().is_some_and(|s| s.model != old_model)
    });
    h.get_by_label("Edit").click();
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Paste scenario code…").click();
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Scenario code").focus();
    h.step();
    h.event(egui::Event::Paste(code.clone()));
    h.step();
    h.step();
    assert_eq!(
        h.get_by_label("Scenario code").value().map(|v| v.len()),
        Some(code.len()),
        "the paste event fills the field"
    );
    // The dialog's own Open button, as a teacher would click it: the pointer comes to rest
    // on it first (a press in the frame the pointer arrives from the text field is not taken
    // as a click on the button).
    h.get_by_label("Open").hover();
    h.step();
    h.get_by_label("Open").click();
    h.step();
    let want = before.model.clone();
    wait_until(&mut h, "the pasted session", move |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.model == want && s.step == 40)
    });
    assert!(
        h.state()
            .banner
            .as_ref()
            .is_some_and(|b| b.text == "Scenario code opened")
    );
    let after = h.state().snap.clone().expect("snap");
    assert_eq!(after.data, before.data);
    assert_eq!(after.model, before.model);
    assert!(!h.state().banner.as_ref().is_some_and(|b| b.error));
}

/// Scene 9's notice names `perceptron-lab explain` in backticks, which showed as a grave
/// accent on the next letter ("explainìn"): the strip shows lesson texts as plain text, the
/// code in quotes, in both languages.
#[test]
fn lesson_texts_show_code_in_quotes_not_backticks() {
    for lang in ["en", "vi"] {
        let args = AppArgs {
            lang: Some(lang.into()),
            ..lesson_args(9)
        };
        let mut h = harness_with(args);
        wait_until(&mut h, "scene 9", |a| a.snap.is_some());
        let notice = h
            .query_all_by_label_contains("perceptron-lab explain")
            .next()
            .is_some();
        assert!(notice, "{lang}: the notice names the command");
        assert!(
            h.query_all_by_label_contains("`").next().is_none(),
            "{lang}: a backtick is shown"
        );
        assert!(
            h.query_all_by_label_contains("‘perceptron-lab explain’")
                .next()
                .is_some(),
            "{lang}: the command in quotes"
        );
    }
}

/// Scene 9 trains XOR, but the data controls still showed the spiral (its kind, 100 points
/// per class, noise 0.2): the controls take the scene's data request, so the side panel
/// shows what the plot shows, and nothing is regenerated.
#[test]
fn a_scene_sets_the_data_controls_to_its_data() {
    use perceptron_lab::data::DatasetKind;
    let mut h = harness_with(lesson_args(9));
    wait_until(&mut h, "scene 9 played", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.step == 1500 && !s.running)
    });
    let spec = h.state().settings.data;
    assert_eq!(spec.kind, DatasetKind::Xor);
    let shown = h.state().snap.as_ref().map(|s| (*s.data).clone());
    assert_eq!(
        shown,
        spec.generate().ok(),
        "the controls generate the plotted data"
    );
    // A few frames later the session is the same: no regeneration was sent.
    for _ in 0..5 {
        h.step();
    }
    assert_eq!(h.state().snap.as_ref().map(|s| s.step), Some(1500));
}

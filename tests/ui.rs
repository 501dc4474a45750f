//! The app driven through its real controls with egui_kittest, headless: what a user clicks,
//! and what a user would then see change.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use perceptron_lab::gui::PerceptronApp;
use perceptron_lab::nn::Model;
use perceptron_lab::train::Snapshot;
use std::time::Duration;

mod common;
use common::{harness_with, wait_until};

fn harness() -> Harness<'static, PerceptronApp> {
    harness_with(perceptron_lab::cli::AppArgs::default())
}

fn snap(app: &PerceptronApp) -> &Snapshot {
    app.snap.as_ref().expect("a snapshot")
}

fn steps(app: &PerceptronApp) -> u64 {
    app.snap.as_ref().map_or(0, |s| s.step)
}

#[test]
fn every_control_has_an_accessible_name() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    // `run` checks that no input widget is unnamed and that every glyph is in the fonts.
    let _ = h.try_run();
    assert!(
        h.unnamed_widgets().is_empty(),
        "unnamed: {:?}",
        h.unnamed_widgets()
    );
}

#[test]
fn step_play_pause_and_reset() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("Step").click();
    wait_until(&mut h, "one step", |a| steps(a) == 1);
    assert!(
        snap(h.state()).runs[0].metrics.samples().len() >= 2,
        "the loss curve got a point"
    );

    h.get_by_label("Play").click();
    wait_until(&mut h, "training to run", |a| {
        steps(a) > 20 && snap(a).running
    });
    // While playing, the button says Pause.
    h.get_by_label("Pause").click();
    wait_until(&mut h, "training to pause", |a| !snap(a).running);
    let paused_at = steps(h.state());
    for _ in 0..20 {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(steps(h.state()), paused_at, "paused: no more steps");

    h.get_by_label("Reset").click();
    wait_until(&mut h, "a fresh run", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.segment.start_step == paused_at && s.runs[0].head_step == paused_at)
    });
}

#[test]
fn the_learning_rate_slider_changes_the_run_live() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("Step").click();
    wait_until(&mut h, "one step", |a| steps(a) == 1);
    let model_before = snap(h.state()).model.clone();
    h.get_by_role_and_label(Role::Slider, "Learning rate α")
        .set_value_accesskit(0.05);
    wait_until(&mut h, "the new rate in the worker", |a| {
        (snap(a).config.learning_rate - 0.05).abs() < 1e-9
    });
    // Live: same network, same step count.
    assert_eq!(steps(h.state()), 1);
    assert_eq!(snap(h.state()).model, model_before);
    assert!((h.state().settings.config.learning_rate - 0.05).abs() < 1e-9);
}

#[test]
fn adding_a_hidden_layer_rebuilds_the_network_and_keeps_the_data() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    let data_before = snap(h.state()).data.clone();
    h.get_by_label("+ Add layer").click();
    wait_until(&mut h, "a 3-hidden-layer network", |a| {
        match &snap(a).model {
            Model::Mlp(m) => m.hidden_sizes().len() == 3,
            Model::Perceptron(_) => false,
        }
    });
    assert_eq!(*snap(h.state()).data, *data_before);
}

#[test]
fn toggling_a_feature_rebuilds_the_network_with_the_right_input_count() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    let inputs = |a: &PerceptronApp| match &snap(a).model {
        Model::Mlp(m) => m.sizes()[0],
        Model::Perceptron(p) => p.weights.len(),
    };
    assert_eq!(inputs(h.state()), 2);
    let data_before = snap(h.state()).data.clone();
    h.get_by_label("feature x₁²").click();
    wait_until(&mut h, "a 3-input network, said in a notice", |a| {
        inputs(a) == 3
            && a.banner
                .as_ref()
                .is_some_and(|b| b.text.contains("Rebuilt the network: 2-8-8-1 → 3-8-8-1"))
    });
    h.get_by_label("feature sin x₂").click();
    wait_until(&mut h, "a 4-input network", |a| inputs(a) == 4);
    let features = snap(h.state()).config.features;
    assert_eq!(features.names(), vec!["x1", "x2", "x1sq", "sinx2"]);
    // Switching x₁ off leaves 3 inputs; the data itself is untouched.
    h.get_by_label("feature x₁").click();
    wait_until(&mut h, "a 3-input network again", |a| inputs(a) == 3);
    assert_eq!(*snap(h.state()).data, *data_before);
}

#[test]
fn each_hidden_layer_gets_its_own_activation_picker() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("One activation per layer").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::ComboBox, "activation of layer 2")
        .click();
    h.run_steps(3);
    h.get_by_label("relu").click();
    wait_until(&mut h, "a tanh-then-relu network", |a| {
        match &snap(a).model {
            Model::Mlp(m) => {
                m.hidden_activations()
                    == [
                        perceptron_lab::nn::Activation::Tanh,
                        perceptron_lab::nn::Activation::Relu,
                    ]
            }
            Model::Perceptron(_) => false,
        }
    });
}

#[test]
fn switching_the_dataset_shows_the_new_points() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    assert_eq!(snap(h.state()).data.len(), 200);
    h.get_by_role_and_label(Role::ComboBox, "Dataset").click();
    h.run_steps(3);
    h.get_by_label("XOR (logic gate)").click();
    wait_until(&mut h, "the XOR points", |a| snap(a).data.len() == 4);
    let data = &snap(h.state()).data;
    assert_eq!(data.classes, vec![0, 1, 1, 0]);
}

#[test]
fn keyboard_shortcuts_step_and_play() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.key_press(egui::Key::S);
    wait_until(&mut h, "a step from S", |a| steps(a) == 1);
    h.key_press(egui::Key::S);
    wait_until(&mut h, "a second step", |a| steps(a) == 2);
    // → belongs to the timeline now: at the head it steps nothing.
    h.key_press(egui::Key::ArrowRight);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(steps(h.state()), 2);
    h.key_press(egui::Key::ArrowLeft);
    wait_until(&mut h, "← shows the step before", |a| {
        a.snap.as_ref().is_some_and(|s| s.cursor == Some(1))
    });
    h.key_press(egui::Key::Space);
    wait_until(&mut h, "Space plays", |a| snap(a).running);
    h.key_press(egui::Key::Space);
    wait_until(&mut h, "Space pauses", |a| !snap(a).running);
}

#[test]
fn the_gradient_check_runs_in_the_app_and_says_what_it_means() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("Network").click();
    h.run_steps(3);
    h.get_by_label("Gradient check").click();
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("Layer 3: ").is_some(),
        "one line per layer"
    );
    assert!(
        h.query_by_label_contains("Every layer agrees to better than 1e-6")
            .is_some(),
        "the sentence for a correct backprop"
    );
}

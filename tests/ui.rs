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
        match &*snap(a).model {
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
    let inputs = |a: &PerceptronApp| match &*snap(a).model {
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
    // The side panel is taller than the window: bring the picker into view first.
    h.get_by_role_and_label(Role::ComboBox, "activation of layer 2")
        .scroll_to_me();
    h.run_steps(3);
    h.get_by_role_and_label(Role::ComboBox, "activation of layer 2")
        .click();
    h.run_steps(3);
    h.get_by_label("relu").click();
    wait_until(&mut h, "a tanh-then-relu network", |a| {
        match &*snap(a).model {
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

#[test]
fn the_confusion_matrix_sums_to_n_and_follows_the_run() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("Confusion").click();
    h.run_steps(2);
    let n = snap(h.state()).data.len() as u64;
    let at_start = snap(h.state()).confusion.clone();
    assert_eq!(at_start.total(), n, "every training point is counted once");
    for c in 0..at_start.classes() {
        let class_size = snap(h.state())
            .data
            .classes
            .iter()
            .filter(|&&k| k == c)
            .count();
        assert_eq!(at_start.row_total(c), class_size as u64, "row {c}");
    }
    assert!(
        h.query_by_label_contains(&format!("N = {n}")).is_some(),
        "the panel shows the total"
    );
    h.get_by_label("Play").click();
    wait_until(&mut h, "training to learn something", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.step > 300 && s.confusion.correct() != at_start.correct())
    });
    let s = snap(h.state());
    let wrong = s.confusion.total() - s.confusion.correct();
    assert_eq!(s.confusion.total(), n);
    assert_eq!(
        wrong as usize, s.metrics.misclassified,
        "off-diagonal = |M|"
    );
}

/// The largest network allowed: 8 hidden layers of 1 024 units.
fn widest_network() -> perceptron_lab::nn::Mlp {
    use perceptron_lab::nn::{Activation, Init, Mlp, Output};
    let mut sizes = vec![2];
    sizes.extend([1024; 8]);
    sizes.push(1);
    Mlp::new(&sizes, Activation::Relu, Output::Sigmoid, Init::Auto, 1).expect("valid")
}

#[test]
fn the_network_view_of_8_by_1024_folds_maps_and_edits_the_output_bias() {
    use perceptron_lab::gui::i18n::Lang;
    use perceptron_lab::gui::network_diagram::Diagram;
    use perceptron_lab::gui::weight_matrix::WeightMatrix;
    use perceptron_lab::train::grid::GridSpec;
    use perceptron_lab::train::unit_maps::{UnitMapsJob, UnitMapsWanted};
    use std::sync::Arc;
    let m = widest_network();
    let region = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 150);
    let wanted = UnitMapsWanted {
        thumbnails: true,
        focus: None,
    };
    let maps = Arc::new(
        UnitMapsJob::new(
            Arc::new(m.clone()),
            Default::default(),
            region,
            (0, 0, 0),
            wanted,
        )
        .run(),
    );
    assert_eq!(maps.layers.len(), 10, "inputs, 8 hidden layers, output");
    let mut diagram = Diagram::default();
    // The output layer's matrix: W(9) is 1 024 × 1, then its bias b1(9).
    let mut matrix = WeightMatrix { layer: 8 };
    let mut edited = None;
    {
        let mut h = Harness::builder()
            .with_size(egui::vec2(420.0, 800.0))
            .build_ui(|ui| {
                diagram.ui(ui, &m, Some(&maps), None, Default::default(), Lang::En);
                if let Some(e) = matrix.ui(ui, &m, Lang::En) {
                    edited = Some(e);
                }
            });
        h.run();
        assert!(
            h.query_by_label("Network").is_some(),
            "the diagram is named"
        );
        // The matrix scrolls and draws only the rows in view: the first weights and the bias
        // row on top, not row 1 024.
        assert!(h.query_by_label("w11(9)").is_some());
        assert!(
            h.query_by_label("w10241(9)").is_none(),
            "only the rows in view"
        );
        h.get_by_label("b1(9)").set_value_accesskit(0.25);
        h.run();
    }
    let edited = edited.expect("the output bias was edited");
    assert_eq!(edited.layers()[8].bias()[0], 0.25);
    assert_eq!(edited.layers()[8].weights(), m.layers()[8].weights());
}

#[test]
fn the_network_view_asks_for_unit_maps_and_a_chosen_unit_fills_the_big_plot() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    assert!(
        snap(h.state()).unit_maps.is_none(),
        "no maps while the view is closed"
    );
    h.get_by_label("Network").click();
    wait_until(&mut h, "thumbnails of 2-8-8-1", |a| {
        a.snap
            .as_ref()
            .and_then(|s| s.unit_maps.as_ref())
            .is_some_and(|m| m.layers.iter().map(Vec::len).collect::<Vec<_>>() == [2, 8, 8, 1])
    });
    h.state_mut().unit_focus = Some((2, 3));
    wait_until(&mut h, "the chosen unit's map", |a| {
        a.snap
            .as_ref()
            .and_then(|s| s.unit_maps.as_ref())
            .is_some_and(|m| m.focus.as_ref().is_some_and(|f| f.0 == (2, 3)))
    });
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Showing the map of unit a4(2)")
            .is_some(),
        "the big plot says what it shows"
    );
    h.get_by_label("Show the regions").click();
    h.run_steps(2);
    assert_eq!(h.state().unit_focus, None);
}

#[test]
fn the_backprop_view_explains_the_chosen_point_and_the_next_step() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("Step").click();
    wait_until(&mut h, "one step", |a| steps(a) == 1);
    h.get_by_label("Backprop").click();
    h.state_mut().backprop.point = 4;
    wait_until(&mut h, "the view of point 5", |a| {
        a.snap
            .as_ref()
            .and_then(|s| s.backprop.as_ref())
            .is_some_and(|v| v.key.2 == 4 && v.key.1 == 1)
    });
    h.run_steps(2);
    let s = snap(h.state());
    let view = s.backprop.as_ref().expect("a view");
    assert_eq!(view.x, s.data.point(4));
    let next = view.next.as_ref().expect("the next step");
    assert_eq!(
        next.batch.len(),
        s.config.batch_size,
        "the classroom's mini-batch"
    );
    assert!(h.query_by_label_contains("J₀ = ").is_some());
    assert!(
        h.query_by_label_contains("The next step (10 points")
            .is_some()
    );
    // Closing the view stops the worker's work on it.
    h.get_by_label("Confusion").click();
    wait_until(&mut h, "the view to go", |a| {
        a.snap.as_ref().is_some_and(|s| s.backprop.is_none())
    });
}

#[test]
fn the_scale_goes_in_steps_by_keys_and_by_the_view_menu() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    assert_eq!(h.state().settings.scale, 1.0);
    let ctrl = egui::Modifiers::COMMAND;
    h.key_press_modifiers(ctrl, egui::Key::Equals);
    h.run_steps(2);
    assert_eq!(
        h.state().settings.scale,
        1.25,
        "one step, not egui's own zoom as well"
    );
    h.key_press_modifiers(ctrl, egui::Key::Equals);
    h.run_steps(2);
    assert_eq!(h.state().settings.scale, 1.5);
    h.key_press_modifiers(ctrl, egui::Key::Minus);
    h.run_steps(2);
    assert_eq!(h.state().settings.scale, 1.25);
    h.key_press_modifiers(ctrl, egui::Key::Num0);
    h.run_steps(2);
    assert_eq!(h.state().settings.scale, 1.0);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("300 %").click();
    h.run_steps(2);
    assert_eq!(h.state().settings.scale, 3.0);
}

#[test]
fn a_banner_does_not_move_the_plots() {
    let mut h = harness();
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.run_steps(2);
    let before = h.get_by_label("Data and decision regions").rect();
    // Adding a hidden layer rebuilds the network, and a banner says so.
    h.get_by_label("+ Add layer").click();
    wait_until(&mut h, "the rebuild's banner", |a| a.banner.is_some());
    h.run_steps(2);
    let after = h.get_by_label("Data and decision regions").rect();
    assert_eq!(
        before.top(),
        after.top(),
        "the plot stays where the pointer is"
    );
}

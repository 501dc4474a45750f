//! The train/test split and the remembered CSV file in the app, driven through the real
//! controls with egui_kittest: what a user moves or picks, and what then changes.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use perceptron_lab::gui::PerceptronApp;
use perceptron_lab::gui::settings::Settings;
use perceptron_lab::train::Snapshot;

mod common;
use common::{harness_with, wait_until};

fn snap(app: &PerceptronApp) -> &Snapshot {
    app.snap.as_ref().expect("a snapshot")
}

fn test_count(app: &PerceptronApp) -> Option<usize> {
    app.snap
        .as_ref()
        .and_then(|s| s.test_data.as_ref().map(|t| t.len()))
}

#[test]
fn the_test_slider_changes_the_test_point_count() {
    let mut h = harness_with(perceptron_lab::cli::AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    assert_eq!(snap(h.state()).data.len(), 200);
    assert_eq!(test_count(h.state()), None, "no test set by default");
    h.get_by_role_and_label(Role::Slider, "test fraction")
        .set_value_accesskit(0.3);
    wait_until(&mut h, "60 test points", |a| test_count(a) == Some(60));
    assert_eq!(snap(h.state()).data.len(), 140, "training never sees them");
    // Each class gives round(0.3 · 100) = 30.
    let test = snap(h.state()).test_data.clone().expect("a test set");
    assert_eq!(test.class_sizes(), vec![30, 30]);
    // The test metrics are measured and recorded beside the training ones.
    wait_until(&mut h, "test metrics", |a| snap(a).test_metrics.is_some());
    h.get_by_label("Step").click();
    wait_until(&mut h, "a step with a test curve", |a| {
        snap(a).step >= 1 && snap(a).runs[0].test_metrics.samples().len() >= 2
    });
    h.get_by_role_and_label(Role::Slider, "test fraction")
        .set_value_accesskit(0.5);
    wait_until(&mut h, "100 test points", |a| test_count(a) == Some(100));
    h.get_by_role_and_label(Role::Slider, "test fraction")
        .set_value_accesskit(0.0);
    wait_until(&mut h, "no test set", |a| {
        test_count(a).is_none() && snap(a).data.len() == 200
    });
}

#[test]
fn the_remembered_csv_file_is_offered_and_reloads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("my-points.csv");
    std::fs::write(
        &path,
        "x1,x2,label\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n0.5,0.5,0\n0.2,0.9,1\n",
    )
    .expect("written");
    // What the app saved last time (eframe persists the settings as serde data).
    let saved = Settings {
        csv_file: Some(path.clone()),
        ..Settings::default()
    };
    let text = serde_json::to_string(&saved).expect("serialises");
    let restored: Settings = serde_json::from_str(&text).expect("deserialises");
    assert_eq!(restored.csv_file.as_deref(), Some(path.as_path()));
    let startup = perceptron_lab::cli::app::startup(&perceptron_lab::cli::AppArgs::default())
        .expect("valid flags");
    let app = PerceptronApp::new(&egui::Context::default(), startup, Some(restored));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(perceptron_lab::gui::fonts::install)
        .build_ui_state(
            |ui, app: &mut PerceptronApp| {
                app.update_state(&ui.ctx().clone());
                app.ui(ui);
            },
            app,
        );
    wait_until(&mut h, "the spiral", |a| {
        a.snap.as_ref().is_some_and(|s| s.data.len() == 200)
    });
    h.get_by_role_and_label(Role::ComboBox, "Dataset").click();
    h.run_steps(3);
    h.get_by_label("Data from CSV: my-points.csv").click();
    wait_until(&mut h, "the file's 6 points", |a| snap(a).data.len() == 6);
    assert!(h.state().settings.csv_active);
    // Back to a generator, then the file again.
    h.get_by_role_and_label(Role::ComboBox, "Dataset").click();
    h.run_steps(3);
    h.get_by_label("XOR (logic gate)").click();
    wait_until(&mut h, "the XOR points", |a| snap(a).data.len() == 4);
    assert!(!h.state().settings.csv_active);
    h.get_by_role_and_label(Role::ComboBox, "Dataset").click();
    h.run_steps(3);
    h.get_by_label("Data from CSV: my-points.csv").click();
    wait_until(&mut h, "the file again", |a| snap(a).data.len() == 6);
}

#[test]
fn the_app_refuses_split_flags_it_does_not_use_and_takes_the_fraction() {
    let mut args = perceptron_lab::cli::AppArgs::default();
    args.train.split.split_seed = Some(2);
    let e = perceptron_lab::cli::app::startup(&args).expect_err("refused");
    assert!(e.contains("--split-seed") && !e.contains('\n'), "{e}");
    let mut args = perceptron_lab::cli::AppArgs::default();
    args.train.split.test_fraction =
        Some(perceptron_lab::data::TestFraction::new(0.2).expect("valid"));
    let mut h = harness_with(args);
    wait_until(&mut h, "40 test points", |a| test_count(a) == Some(40));
}

#[test]
fn the_confusion_tab_counts_the_test_points_too() {
    let mut args = perceptron_lab::cli::AppArgs::default();
    args.train.split.test_fraction =
        Some(perceptron_lab::data::TestFraction::new(0.3).expect("valid"));
    let mut h = harness_with(args);
    wait_until(&mut h, "60 test points", |a| test_count(a) == Some(60));
    h.get_by_label("Confusion").click();
    wait_until(&mut h, "the test matrix", |a| {
        a.snap
            .as_ref()
            .and_then(|s| s.test_confusion.as_ref())
            .is_some_and(|c| c.total() == 60)
    });
    let s = snap(h.state());
    assert_eq!(
        s.confusion.total(),
        140,
        "the training matrix counts the rest"
    );
    let test = s.test_confusion.as_ref().expect("a test matrix");
    let wrong = test.total() - test.correct();
    assert_eq!(
        Some(wrong as usize),
        s.test_metrics.map(|m| m.misclassified)
    );
    h.run_steps(2);
    assert!(h.query_by_label_contains("Test points · N = 60").is_some());
}

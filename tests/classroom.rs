//! The classroom views through their real controls: one perceptron step adds exactly α·y·x̄
//! of the highlighted point, the lecture's XOR network and its truth table, editing a
//! weight, and the language switch with the app's own fonts.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use perceptron_lab::cli::{AppArgs, DataArgs, TrainArgs};
use perceptron_lab::data::DatasetKind;
use perceptron_lab::gui::PerceptronApp;
use perceptron_lab::gui::i18n::{self, Lang};
use perceptron_lab::nn::Model;
use perceptron_lab::train::{ModelKind, UpdateRule};

mod common;
use common::{harness_with, wait_until};

#[test]
fn one_step_adds_alpha_y_xbar_of_the_highlighted_point() {
    let args = AppArgs {
        train: TrainArgs {
            model: Some(ModelKind::Perceptron),
            update: Some(UpdateRule::Online),
            lr: Some(0.5),
            data: DataArgs {
                dataset: Some(DatasetKind::Nand),
                ..DataArgs::default()
            },
            ..TrainArgs::default()
        },
        ..AppArgs::default()
    };
    let mut h = harness_with(args);
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    for expected_steps in 1..=3 {
        h.get_by_label("Step").click();
        wait_until(&mut h, "a step", |a| {
            a.snap.as_ref().is_some_and(|s| s.step == expected_steps)
        });
        let s = h.state().snap.as_ref().expect("a snapshot");
        let u = s.last_pla().expect("the update is shown");
        assert_eq!(u.points.len(), 1, "online: one point");
        let i = u.points[0];
        let (x, y) = (s.data.point(i), s.data.label(i));
        let xbar = [1.0, x[0], x[1]];
        for k in 0..3 {
            assert_eq!(u.after[k] - u.before[k], 0.5 * y * xbar[k], "component {k}");
        }
        let Model::Perceptron(p) = &*s.model else {
            panic!("a perceptron")
        };
        assert_eq!(p.augmented(), u.after);
    }
    // The formulas show that update with its numbers.
    h.get_by_label("Formulas").click();
    h.step();
    assert!(h.query_by_label_contains("w̄ ← w̄ + α·Σ yᵢ·x̄ᵢ").is_some());
}

#[test]
fn the_xor_preset_has_the_lecture_truth_table_and_edits_change_it() {
    let mut h = harness_with(AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("XOR network (lecture)").click();
    wait_until(&mut h, "the XOR network", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.data.len() == 4 && s.frozen)
    });
    h.step();
    // The truth table reads −1, +1, +1, −1 (two of each, in the table's output column).
    let labels = |h: &Harness<'static, PerceptronApp>, v: &str| {
        h.query_all_by_value(v)
            .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Label)
            .count()
    };
    assert_eq!(labels(&h, "-1"), 2);
    assert_eq!(labels(&h, "+1"), 2);
    let s = h.state().snap.as_ref().expect("a snapshot");
    let Model::Mlp(m) = &*s.model else {
        panic!("an MLP")
    };
    let outputs: Vec<f64> = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
        .iter()
        .map(|x| m.predict(x)[0])
        .collect();
    assert_eq!(outputs, vec![-1.0, 1.0, 1.0, -1.0]);
    assert_eq!(s.metrics.accuracy, 1.0);

    // Edit the output bias b1(2) from −1 to +1.5: z = a₁ + a₂ + 1.5 > 0 at every corner.
    h.get_by_label_contains("b1(2)").set_value_accesskit(1.5);
    wait_until(&mut h, "the edited network", |a| {
        a.snap.as_ref().is_some_and(|s| match &*s.model {
            Model::Mlp(m) => m.layers()[1].bias()[0] == 1.5,
            Model::Perceptron(_) => false,
        })
    });
    let s = h.state().snap.as_ref().expect("a snapshot");
    let Model::Mlp(m) = &*s.model else {
        panic!("an MLP")
    };
    assert_eq!(m.predict(&[1.0, 1.0])[0], 1.0);
    assert!(s.metrics.accuracy < 1.0, "the edit shows up in the metrics");
    h.step();
    assert_eq!(labels(&h, "+1"), 4);
    assert_eq!(labels(&h, "-1"), 0);
}

#[test]
fn switching_language_changes_the_labels() {
    let mut h = harness_with(AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    assert!(h.query_by_label("Play").is_some());
    h.get_by_label("VI").click();
    // Every glyph must be in the app's fonts: the harness panics on a missing one.
    for _ in 0..3 {
        h.step();
    }
    assert_eq!(h.state().settings.lang, Lang::Vi);
    assert!(h.query_by_label("Play").is_none());
    assert!(h.query_by_label("Chạy").is_some());
    assert!(h.query_by_label("Khởi tạo lại").is_some());
    h.get_by_label("EN").click();
    // The top bar is laid out again in the new language's widths before it settles.
    for _ in 0..3 {
        h.step();
    }
    assert!(h.query_by_label("Play").is_some());
}

/// Every text of the interface, in both languages, laid out with the app's fonts: a
/// missing glyph would panic.
#[test]
fn every_text_has_every_glyph_in_the_app_fonts() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 800.0))
        .with_context_setup(perceptron_lab::gui::fonts::install)
        .build_ui(|ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for text in i18n::ALL
                    .iter()
                    .chain(perceptron_lab::gui::record::texts::ALL)
                {
                    ui.label(text.en);
                    ui.label(text.vi);
                }
                for kind in DatasetKind::ALL {
                    ui.label(perceptron_lab::gui::controls::dataset_name(kind, Lang::Vi));
                }
            });
        });
    h.step();
    // Glyphs outside the visible part are laid out as well; check a few Vietnamese ones.
    let fonts_have = |s: &str| {
        h.ctx.fonts_mut(|f| {
            s.chars()
                .all(|c| f.has_glyph(&egui::FontId::proportional(14.0), c))
        })
    };
    for t in i18n::ALL
        .iter()
        .chain(perceptron_lab::gui::record::texts::ALL)
    {
        assert!(fonts_have(t.vi), "a glyph of {:?} is missing", t.vi);
        assert!(fonts_have(t.en), "a glyph of {:?} is missing", t.en);
    }
}

/// `--preset xor-trained --panel backprop` opened the Network view: the preset's own choice
/// of view overrode the flag. The flag wins; without it the preset opens the Network view.
#[test]
fn the_panel_flag_wins_over_the_preset_view() {
    use perceptron_lab::gui::settings::RightTab;
    for (panel, want) in [
        (Some("backprop"), RightTab::Backprop),
        (None, RightTab::Network),
    ] {
        let args = AppArgs {
            preset: Some("xor-trained".into()),
            panel: panel.map(Into::into),
            ..AppArgs::default()
        };
        let h = harness_with(args);
        assert_eq!(h.state().settings.right_tab, want, "--panel {panel:?}");
    }
}

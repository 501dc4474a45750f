//! The app's timeline, runs and verdicts, driven through its real controls (egui_kittest):
//! each test is one thing a teacher hit, trying the app as a new user would.

mod common;

use common::{harness_with, wait_until};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use perceptron_lab::cli::{AppArgs, DataArgs, TrainArgs};
use perceptron_lab::data::DatasetKind;
use perceptron_lab::gui::PerceptronApp;
use perceptron_lab::gui::i18n::Lang;
use perceptron_lab::gui::status::perceptron_status;
use perceptron_lab::nn::Activation;
use perceptron_lab::train::guard::DivergenceKind;
use perceptron_lab::train::notice::{Verdict, short};
use perceptron_lab::train::{Command, ModelKind, Snapshot, UpdateRule};

fn snap(app: &PerceptronApp) -> &Snapshot {
    app.snap.as_ref().expect("a snapshot")
}

fn args(train: TrainArgs) -> AppArgs {
    AppArgs {
        train,
        ..AppArgs::default()
    }
}

fn perceptron_on(kind: DatasetKind, update: UpdateRule) -> AppArgs {
    args(TrainArgs {
        model: Some(ModelKind::Perceptron),
        update: Some(update),
        data: DataArgs {
            dataset: Some(kind),
            ..DataArgs::default()
        },
        ..TrainArgs::default()
    })
}

fn started(a: AppArgs) -> Harness<'static, PerceptronApp> {
    let mut h = harness_with(a);
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h
}

#[test]
fn step_back_ten_times_after_3000_steps_keeps_both_charts() {
    let mut h = started(AppArgs::default());
    h.state().send(Command::Step(3000));
    wait_until(&mut h, "3000 steps", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.step == 3000 && !s.running)
    });
    h.step();
    let (upper, lower, _) = h.state().loss_plot.drawn();
    assert!(upper > 100 && lower > 100, "{upper} / {lower} points");
    for _ in 0..10 {
        h.get_by_label("−1").click();
        h.step();
    }
    wait_until(&mut h, "ten steps back", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 2990)
    });
    h.step();
    let (upper_after, lower_after, _) = h.state().loss_plot.drawn();
    assert_eq!(
        (upper_after, lower_after),
        (upper, lower),
        "nothing is erased"
    );
    assert_eq!(snap(h.state()).runs[0].head_step, 3000);
}

#[test]
fn scrubbing_back_and_pressing_play_makes_a_branch_with_a_ghost() {
    let mut h = started(AppArgs::default());
    h.state().send(Command::Step(300));
    wait_until(&mut h, "300 steps", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 300 && !s.running)
    });
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(100.0);
    wait_until(&mut h, "the cursor at step 100", |a| {
        a.snap.as_ref().is_some_and(|s| s.cursor == Some(100))
    });
    h.get_by_label("Play").click();
    wait_until(&mut h, "run 1.1", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.runs.len() == 2 && s.runs[s.current].id == "1.1")
    });
    h.get_by_label("Pause").click();
    wait_until(&mut h, "paused", |a| !snap(a).running);
    h.step();
    let (_, _, ghosts) = h.state().loss_plot.drawn();
    assert_eq!(ghosts, 1, "run 1 is drawn behind run 1.1");
    let s = snap(h.state());
    assert_eq!(s.runs[0].head_step, 300, "run 1 is kept whole");
    assert_eq!(s.runs[1].parent, Some(("1".to_owned(), 100)));
}

#[test]
fn switching_from_xor_to_blobs_clears_the_verdict_and_starts_from_zero() {
    let mut h = started(perceptron_on(DatasetKind::Xor, UpdateRule::Batch));
    h.get_by_label("Play").click();
    wait_until(&mut h, "the XOR verdict", |a| {
        matches!(snap(a).verdict, Some(Verdict::NoSeparation { .. }))
    });
    h.get_by_role_and_label(Role::ComboBox, "Dataset").click();
    h.run_steps(3);
    h.get_by_label("Separable blobs").click();
    wait_until(&mut h, "the blobs", |a| snap(a).data.len() > 4);
    let s = snap(h.state());
    assert_eq!(s.verdict, None);
    assert!(s.segment.start_step > 0, "a new segment of the same run");
    let text = perceptron_status(s, Lang::En).unwrap_or_default();
    assert!(!text.contains("No line separates"), "{text}");
}

#[test]
fn xor_gets_the_cycle_verdict_within_ten_passes_of_step_clicks() {
    // Every rule whose order is fixed (mini-batches in index order too).
    for rule in [
        UpdateRule::Batch,
        UpdateRule::Sgd,
        UpdateRule::Online,
        UpdateRule::MiniBatch,
    ] {
        let mut h = started(perceptron_on(DatasetKind::Xor, rule));
        let mut clicks = 0;
        while snap(h.state()).verdict.is_none() {
            assert!(
                clicks < 60,
                "{rule:?}: no verdict after {clicks} Step clicks"
            );
            let before = snap(h.state()).step;
            h.get_by_label("Step").click();
            wait_until(&mut h, "a step", |a| {
                let s = snap(a);
                s.step > before || s.verdict.is_some()
            });
            clicks += 1;
        }
        match &snap(h.state()).verdict {
            Some(Verdict::NoSeparation { pass, .. }) => assert!(*pass <= 10, "{rule:?}: {pass}"),
            other => panic!("{rule:?}: {other:?}"),
        }
        let text = perceptron_status(snap(h.state()), Lang::En).unwrap_or_default();
        assert!(text.contains("No line separates"), "{text}");
        h.step();
        assert!(
            h.query_by_label_contains("No line separates").is_some(),
            "on screen"
        );
    }
}

#[test]
fn the_start_banner_follows_the_weights() {
    let mut h = started(perceptron_on(DatasetKind::And, UpdateRule::Online));
    let text = perceptron_status(snap(h.state()), Lang::En).unwrap_or_default();
    assert!(text.contains("every point is predicted +1."), "{text}");
    h.get_by_label("Step").click();
    wait_until(&mut h, "one step", |a| snap(a).step == 1);
    // w̄ = (−1, 0, 0): w = 0 still, but b < 0 predicts −1 everywhere.
    let text = perceptron_status(snap(h.state()), Lang::En).unwrap_or_default();
    assert!(text.contains("predicted −1."), "{text}");
    assert!(!text.contains("predicted +1"), "{text}");
}

#[test]
fn the_pocket_is_counted_beside_the_current_weights() {
    let mut a = perceptron_on(DatasetKind::Xor, UpdateRule::Online);
    a.train.pocket = true;
    let mut h = started(a);
    for _ in 0..3 {
        let before = snap(h.state()).step;
        h.get_by_label("Step").click();
        wait_until(&mut h, "a step", |a| snap(a).step > before);
    }
    let s = snap(h.state());
    let (_, best) = s.pocket.clone().expect("a pocket");
    let text = perceptron_status(s, Lang::En).unwrap_or_default();
    assert!(
        text.contains(&format!(
            "now {} wrong · pocket {best} wrong",
            s.metrics.misclassified
        )),
        "{text}"
    );
}

#[test]
fn the_pass_limit_is_a_control() {
    let mut h = started(perceptron_on(DatasetKind::Xor, UpdateRule::Batch));
    h.get_by_role_and_label(Role::SpinButton, "Pass limit")
        .set_value_accesskit(25.0);
    wait_until(&mut h, "the new limit in the session", |a| {
        snap(a).pass_limit == 25
    });
}

#[test]
fn the_learning_rate_can_be_typed_above_the_sliders_end() {
    let mut h = started(AppArgs::default());
    h.get_by_role_and_label(Role::SpinButton, "Learning rate α")
        .set_value_accesskit(100.0);
    wait_until(&mut h, "α = 100 in the worker", |a| {
        (snap(a).config.learning_rate - 100.0).abs() < 1e-9
    });
    for _ in 0..5 {
        h.step();
    }
    assert_eq!(
        h.state().settings.config.learning_rate,
        100.0,
        "not clamped to 10"
    );
}

#[test]
fn divergence_pauses_then_scrub_back_lower_alpha_and_play_again() {
    let mut h = started(args(TrainArgs {
        lr: Some(1000.0),
        activation: Some(perceptron_lab::cli::args::ActivationList(vec![
            Activation::Linear,
        ])),
        update: Some(UpdateRule::Batch),
        ..TrainArgs::default()
    }));
    h.get_by_label("Play").click();
    wait_until(&mut h, "the divergence", |a| {
        matches!(snap(a).verdict, Some(Verdict::Diverged(_))) && !snap(a).running
    });
    // The banner says why, and the status strip shows the loss the banner names.
    let Some(Verdict::Diverged(d)) = snap(h.state()).verdict else {
        panic!("diverged")
    };
    h.step();
    assert!(
        h.query_by_label_contains("α = 1000").is_some(),
        "the banner"
    );
    let banner = perceptron_lab::gui::notices::divergence(&d, Lang::En);
    let seen = match d.what {
        DivergenceKind::Grew { to, .. } => short(to),
        DivergenceKind::NotFinite { value } => short(value),
    };
    assert!(banner.contains(&seen), "{banner} / {seen}");
    assert!(
        h.query_by_label_contains(&format!("loss {seen}")).is_some(),
        "the status strip shows {seen}"
    );
    // Back to the start: after one step at α = 1000 the weights are already so large that
    // even α = 0.01 makes this linear network's loss grow (it diverges again by step ~100).
    h.get_by_role_and_label(Role::Slider, "Timeline")
        .set_value_accesskit(0.0);
    wait_until(&mut h, "the cursor at step 0", |a| {
        snap(a).cursor == Some(0)
    });
    h.get_by_role_and_label(Role::SpinButton, "Learning rate α")
        .set_value_accesskit(0.01);
    wait_until(&mut h, "a branch at α = 0.01", |a| {
        let s = snap(a);
        s.runs.len() == 2 && (s.config.learning_rate - 0.01).abs() < 1e-12
    });
    h.get_by_label("Play").click();
    wait_until(&mut h, "training again", |a| snap(a).step > 20);
    h.get_by_label("Pause").click();
    wait_until(&mut h, "paused", |a| !snap(a).running);
    assert!(snap(h.state()).diverged.is_none());
}

#[test]
fn a_rebuild_keeps_playing_and_says_so() {
    let mut h = started(AppArgs::default());
    h.get_by_label("Play").click();
    wait_until(&mut h, "playing", |a| snap(a).running && snap(a).step > 5);
    h.get_by_label("+ Add layer").click();
    wait_until(&mut h, "the rebuilt notice", |a| {
        a.banner
            .as_ref()
            .is_some_and(|b| b.text.contains("Rebuilt the network: 2-8-8-1 → 2-8-8-8-1"))
    });
    wait_until(&mut h, "still playing", |a| snap(a).running);
    h.get_by_label("Pause").click();
}

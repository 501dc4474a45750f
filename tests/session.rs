//! The Session: exact history (any past step recomputed bit for bit), branches that equal a
//! fresh run from the same state, the PLA's verdicts, segments, and the divergence flow.

use perceptron_lab::data::{DataSpec, Dataset, DatasetKind};
use perceptron_lab::nn::model_file::model_to_json;
use perceptron_lab::nn::{Activation, Model};
use perceptron_lab::train::notice::Verdict;
use perceptron_lab::train::{
    Command, ModelKind, Notice, Session, TrainConfig, Trainer, UpdateRule,
};
use std::time::Duration;

fn data(kind: DatasetKind) -> Dataset {
    DataSpec {
        kind,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid")
}

fn mlp(update: UpdateRule) -> TrainConfig {
    TrainConfig {
        hidden_sizes: vec![8, 8],
        activation: Activation::Tanh,
        learning_rate: 0.3,
        update,
        batch_size: 10,
        ..TrainConfig::default()
    }
}

/// Plays pending steps to the end.
fn finish(s: &mut Session) -> Vec<Notice> {
    let mut notices = Vec::new();
    while s.busy() {
        notices.append(&mut s.step_for(Duration::from_secs(60), u64::MAX).notices);
    }
    notices
}

fn step(s: &mut Session, n: u64) -> Vec<Notice> {
    let mut notices = s.apply(Command::Step(n));
    notices.append(&mut finish(s));
    notices
}

#[test]
fn any_past_step_is_exact_bit_for_bit_with_shuffled_mini_batches() {
    let config = mlp(UpdateRule::MiniBatch);
    let d = data(DatasetKind::Spiral);
    let mut s = Session::new(Trainer::new(&config, d.clone(), None).expect("valid"));
    step(&mut s, 1000);
    assert_eq!(s.run().head_step(), 1000);
    for target in [537u64, 1, 999, 0, 64, 537] {
        s.apply(Command::View(target));
        let shown = model_to_json(&s.model_at_cursor(), Default::default());
        let mut fresh = Trainer::new(&config, d.clone(), None).expect("valid");
        for _ in 0..target {
            fresh.step();
        }
        assert_eq!(
            shown,
            model_to_json(fresh.model(), Default::default()),
            "step {target}"
        );
    }
}

#[test]
fn step_back_moves_the_cursor_and_erases_nothing() {
    let config = mlp(UpdateRule::MiniBatch);
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    step(&mut s, 3000);
    let before = s.view();
    let samples = before.runs[0].metrics.samples().len();
    let buckets = before.runs[0].curve.buckets().len();
    for _ in 0..10 {
        s.apply(Command::StepBack);
    }
    let v = s.view();
    assert_eq!(v.step, 2990);
    assert_eq!(v.cursor, Some(2990));
    assert_eq!(v.runs[0].head_step, 3000, "the run keeps its head");
    assert_eq!(v.runs[0].metrics.samples().len(), samples);
    assert_eq!(v.runs[0].curve.buckets().len(), buckets);
    s.apply(Command::Live);
    assert_eq!(s.view().step, 3000);
}

#[test]
fn a_branch_equals_a_fresh_run_from_the_same_state() {
    let config = mlp(UpdateRule::Batch);
    let d = data(DatasetKind::Spiral);
    let mut s = Session::new(Trainer::new(&config, d.clone(), None).expect("valid"));
    step(&mut s, 1000);
    s.apply(Command::View(400));
    let notices = s.apply(Command::SetConfig(TrainConfig {
        learning_rate: 1.0,
        ..config.clone()
    }));
    assert!(
        notices
            .iter()
            .any(|n| matches!(n, Notice::Branched { run, .. } if run == "1.1")),
        "{notices:?}"
    );
    step(&mut s, 200);
    assert_eq!(s.run().id, "1.1");
    assert_eq!(s.run().head_step(), 600);
    // The reference: 400 steps, save, then a new run from that model at α = 1.
    let mut a = Trainer::new(&config, d.clone(), None).expect("valid");
    for _ in 0..400 {
        a.step();
    }
    let lr1 = TrainConfig {
        learning_rate: 1.0,
        ..config.clone()
    };
    let mut b = Trainer::new(&lr1, d, Some(a.model().clone())).expect("valid");
    for _ in 0..200 {
        b.step();
    }
    let (Model::Mlp(x), Model::Mlp(y)) = (s.model_at_cursor(), b.model().clone()) else {
        panic!("MLPs");
    };
    let flat = |m: &perceptron_lab::nn::Mlp| -> Vec<f64> {
        m.layers()
            .iter()
            .flat_map(|l| {
                l.weights()
                    .iter()
                    .chain(l.bias().iter())
                    .copied()
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (px, py) = (flat(&x), flat(&y));
    assert_eq!(px.len(), py.len());
    for (u, v) in px.iter().zip(&py) {
        assert!((u - v).abs() <= 1e-12 * u.abs().max(1.0), "{u} vs {v}");
    }
    // The old continuation stays.
    let v = s.view();
    assert_eq!(v.runs.len(), 2);
    assert_eq!(v.runs[0].head_step, 1000);
    assert_eq!(v.runs[1].parent, Some(("1".to_owned(), 400)));
}

fn perceptron(update: UpdateRule) -> TrainConfig {
    TrainConfig {
        model: ModelKind::Perceptron,
        update,
        batch_size: 2,
        ..TrainConfig::default()
    }
}

#[test]
fn xor_gets_the_cycle_verdict_within_ten_passes_stepped_by_hand() {
    for rule in [
        UpdateRule::Batch,
        UpdateRule::Sgd,
        UpdateRule::Online,
        UpdateRule::MiniBatch,
    ] {
        let t = Trainer::new(&perceptron(rule), data(DatasetKind::Xor), None).expect("ok");
        let mut s = Session::new(t);
        let mut verdict = None;
        let mut pass_notices = 0;
        for _ in 0..200 {
            for n in step(&mut s, 1) {
                match n {
                    Notice::Verdict(v) => verdict = Some(v),
                    Notice::PassStart { .. } => pass_notices += 1,
                    _ => {}
                }
            }
            if verdict.is_some() {
                break;
            }
        }
        match verdict {
            Some(Verdict::NoSeparation { pass, repeats }) => {
                assert!(pass <= 10, "{rule:?}: pass {pass}");
                assert!(repeats < pass);
            }
            other => panic!("{rule:?}: {other:?}"),
        }
        assert!(pass_notices >= 2, "{rule:?}: each pass start is said");
        // Training has stopped there: Play says so instead of running.
        let again = s.apply(Command::Play);
        assert!(!s.busy(), "{rule:?}");
        assert!(matches!(again.as_slice(), [Notice::Verdict(_)]));
    }
}

#[test]
fn another_dataset_starts_a_new_segment_with_its_own_verdicts() {
    let t = Trainer::new(&perceptron(UpdateRule::Batch), data(DatasetKind::Xor), None).expect("ok");
    let mut s = Session::new(t);
    step(&mut s, 100);
    assert!(matches!(
        s.view().verdict,
        Some(Verdict::NoSeparation { .. })
    ));
    let at = s.run().head_step();
    let notices = s.apply(Command::SetData {
        data: data(DatasetKind::Blobs),
        keep_weights: false,
    });
    assert!(
        notices
            .iter()
            .any(|n| matches!(n, Notice::NewSegment { .. }))
    );
    let v = s.view();
    assert_eq!(v.verdict, None, "the XOR verdict is gone");
    assert_eq!(v.segment.start_step, at);
    let Model::Perceptron(p) = &*v.model else {
        panic!("a perceptron");
    };
    assert!(
        p.weights.iter().all(|&w| w == 0.0) && p.bias == 0.0,
        "w̄ = 0 again"
    );
    s.apply(Command::Play);
    finish(&mut s);
    match s.view().verdict {
        Some(Verdict::Converged { updates, passes }) => {
            assert!(updates < 1000 && passes < 1000, "{updates} / {passes}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn divergence_pauses_and_the_way_out_is_scrub_back_lower_alpha_play() {
    let config = TrainConfig {
        learning_rate: 1000.0,
        activation: Activation::Linear,
        hidden_sizes: vec![16],
        update: UpdateRule::Batch,
        ..TrainConfig::default()
    };
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    s.apply(Command::Play);
    let notices = finish(&mut s);
    let Some(Verdict::Diverged(d)) = s.view().verdict else {
        panic!("diverged: {notices:?}");
    };
    assert!(!s.busy(), "training paused");
    assert_eq!(d.learning_rate, 1000.0);
    // Scrub back, lower α: a branch that trains again.
    s.apply(Command::View(1));
    s.apply(Command::SetConfig(TrainConfig {
        learning_rate: 0.01,
        ..config
    }));
    assert_eq!(s.view().verdict, None);
    s.apply(Command::Play);
    assert!(s.busy(), "Play is enabled again");
    let p = s.step_for(Duration::from_millis(50), 50);
    assert_eq!(p.steps, 50);
    assert!(s.view().diverged.is_none());
}

#[test]
fn a_rebuild_keeps_playing_and_says_what_changed() {
    let config = mlp(UpdateRule::MiniBatch);
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    s.apply(Command::Play);
    s.step_for(Duration::from_millis(20), 100);
    let notices = s.apply(Command::SetConfig(TrainConfig {
        hidden_sizes: vec![16, 8],
        ..config
    }));
    assert!(s.busy(), "still playing");
    assert!(
        notices.iter().any(|n| matches!(n,
            Notice::Rebuilt { from, to, .. } if from == "2-8-8-1" && to == "2-16-8-1")),
        "{notices:?}"
    );
}

#[test]
fn new_runs_compare_from_the_same_start_and_the_oldest_goes_beyond_the_limit() {
    let config = mlp(UpdateRule::Batch);
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    step(&mut s, 50);
    let first = s.view().runs[0].metrics.samples()[0];
    s.apply(Command::NewRun);
    s.apply(Command::SetConfig(TrainConfig {
        learning_rate: 3.0,
        ..config.clone()
    }));
    let v = s.view();
    assert_eq!(v.runs.len(), 2);
    assert_eq!(v.runs[1].id, "2");
    assert_eq!(v.step, 0);
    assert_eq!(
        v.runs[1].metrics.samples()[0].loss,
        first.loss,
        "same start"
    );
    for _ in 0..12 {
        s.apply(Command::NewRun);
    }
    let v = s.view();
    assert_eq!(v.runs.len(), perceptron_lab::train::session::MAX_RUNS);
    assert!(v.runs.iter().all(|r| r.id != "1"), "the oldest went first");
}

#[test]
fn a_long_run_keeps_its_checkpoints_within_the_budget() {
    let config = mlp(UpdateRule::MiniBatch);
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    step(&mut s, 20_000);
    let run = s.run();
    assert!(run.bytes() <= (8 << 20), "{} bytes", run.bytes());
    // The longest replay is bounded by the stride.
    s.apply(Command::View(12_345));
    assert_eq!(s.view().step, 12_345);
}

#[test]
fn a_short_fast_run_is_measured_at_every_step() {
    // 13 or so perceptron updates at full speed: every step has its full-data J and |M|.
    let t = Trainer::new(
        &perceptron(UpdateRule::Batch),
        data(DatasetKind::Blobs),
        None,
    )
    .expect("ok");
    let mut s = Session::new(t);
    s.apply(Command::Play);
    finish(&mut s);
    let v = s.view();
    assert!(matches!(v.verdict, Some(Verdict::Converged { .. })));
    let m = v.runs[0].metrics.samples();
    assert_eq!(
        m.len() as u64,
        v.step + 1,
        "one measurement per step, from step 0"
    );
    assert!(m.iter().any(|x| x.loss > 0.0), "J is not drawn flat at 0");
    assert_eq!(m.last().and_then(|x| x.misclassified), Some(0));
}

#[test]
fn tanh_at_alpha_10_with_mini_batches_is_caught_by_the_guard() {
    let config = TrainConfig {
        learning_rate: 10.0,
        ..mlp(UpdateRule::MiniBatch)
    };
    let mut s = Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("ok"));
    s.apply(Command::Step(5000));
    finish(&mut s);
    match s.view().verdict {
        Some(Verdict::Diverged(d)) => {
            assert!(d.step < 5000);
            assert_eq!(d.learning_rate, 10.0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_view_shares_the_model_until_it_changes() {
    use std::sync::Arc;
    let config = mlp(UpdateRule::MiniBatch);
    let mut s =
        Session::new(Trainer::new(&config, data(DatasetKind::Spiral), None).expect("valid"));
    let first = s.view().model;
    // Views and commands that change no model hand out the same copy.
    assert!(Arc::ptr_eq(&first, &s.view().model));
    s.apply(Command::Refresh);
    s.apply(Command::Pause);
    assert!(Arc::ptr_eq(&first, &s.view().model));
    // A step changes the model shown: a new copy, then shared again.
    step(&mut s, 3);
    let after = s.view().model;
    assert!(!Arc::ptr_eq(&first, &after));
    assert_eq!(*after, s.model_at_cursor());
    assert!(Arc::ptr_eq(&after, &s.view().model));
    // Viewing step 0 shows the first weights again (a new copy of the same values).
    s.apply(Command::View(0));
    let past = s.view().model;
    assert_eq!(
        model_to_json(&past, Default::default()),
        model_to_json(&first, Default::default())
    );
    assert!(Arc::ptr_eq(&past, &s.view().model));
}

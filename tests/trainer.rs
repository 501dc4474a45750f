//! The trainer against the course: the four PLA rules on the lecture's logic gates, their
//! exact updates, the pocket, and deterministic MLP training.

use perceptron_lab::data::{DataSpec, Dataset, DatasetKind};
use perceptron_lab::nn::{Model, Perceptron};
use perceptron_lab::train::{ModelKind, TrainConfig, Trainer, UpdateRule};

fn gate(kind: DatasetKind) -> Dataset {
    DataSpec {
        kind,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid")
}

fn pla(update: UpdateRule, batch_size: usize, learning_rate: f64) -> TrainConfig {
    TrainConfig {
        model: ModelKind::Perceptron,
        update,
        batch_size,
        learning_rate,
        ..TrainConfig::default()
    }
}

fn perceptron(t: &Trainer) -> Perceptron {
    match t.model() {
        Model::Perceptron(p) => p.clone(),
        Model::Mlp(_) => panic!("a perceptron"),
    }
}

/// Runs until converged or `passes` epochs.
fn run(t: &mut Trainer, passes: u64) {
    while !t.converged() && t.epochs() < passes {
        t.step();
    }
}

#[test]
fn pla_converges_on_and_or_nand_with_every_rule_and_never_on_xor() {
    for rule in UpdateRule::ALL {
        for kind in [DatasetKind::And, DatasetKind::Or, DatasetKind::Nand] {
            let data = gate(kind);
            let mut t = Trainer::new(&pla(rule, 2, 1.0), data.clone(), None).expect("valid");
            run(&mut t, 1000);
            assert!(t.converged(), "{kind} {rule:?}");
            let p = perceptron(&t);
            assert!(p.misclassified(&data).is_empty(), "{kind} {rule:?}");
            // Once converged, a step changes nothing.
            let r = t.step();
            assert!(r.converged && !r.updated);
            assert_eq!(perceptron(&t), p);
        }
        let mut t = Trainer::new(&pla(rule, 2, 1.0), gate(DatasetKind::Xor), None).expect("valid");
        run(&mut t, 200);
        assert!(!t.converged(), "XOR {rule:?}");
        assert!(t.epochs() >= 200);
    }
}

#[test]
fn a_batch_step_from_zero_adds_alpha_y_xbar_over_m() {
    // At w̄ = 0 every point is predicted +1, so M = the class-0 points.
    let data = gate(DatasetKind::And);
    let mut t = Trainer::new(&pla(UpdateRule::Batch, 1, 0.5), data, None).expect("valid");
    let r = t.step();
    let u = r.pla.expect("an update");
    assert_eq!(u.points, vec![0, 1, 2]);
    assert_eq!(u.before, vec![0.0, 0.0, 0.0]);
    // −0.5·[(1,0,0) + (1,0,1) + (1,1,0)]
    assert_eq!(u.after, vec![-1.5, -0.5, -0.5]);
    assert_eq!(r.misclassified, Some(3));
    // J = 0 at w̄ = 0 although |M| = 3 (COURSE §2).
    assert_eq!(r.loss.data_loss, 0.0);
}

#[test]
fn sgd_applies_every_point_of_the_pass_even_if_already_right() {
    let data =
        Dataset::from_rows(&[[1.0, 0.0], [2.0, 0.0], [-5.0, 0.0]], vec![0, 0, 1]).expect("ok");
    let mut sgd = Trainer::new(&pla(UpdateRule::Sgd, 1, 1.0), data.clone(), None).expect("valid");
    sgd.step();
    assert_eq!(perceptron(&sgd).augmented(), vec![-1.0, -1.0, 0.0]);
    // Point 1 is now right (f = −3), but it was in the pass's M: SGD still adds it.
    let r = sgd.step();
    assert_eq!(r.pla.expect("an update").points, vec![1]);
    assert_eq!(perceptron(&sgd).augmented(), vec![-2.0, -3.0, 0.0]);
    assert!(r.epoch_done);
    // Online only updates on a current mistake: after point 0 it skips point 1.
    let mut online = Trainer::new(&pla(UpdateRule::Online, 1, 1.0), data, None).expect("valid");
    online.step();
    let r = online.step();
    assert_ne!(r.pla.map(|u| u.points), Some(vec![1]));
}

#[test]
fn from_zero_the_learning_rate_only_scales_the_weights() {
    for rule in UpdateRule::ALL {
        let data = gate(DatasetKind::Nand);
        let mut a = Trainer::new(&pla(rule, 2, 1.0), data.clone(), None).expect("valid");
        let mut b = Trainer::new(&pla(rule, 2, 0.125), data, None).expect("valid");
        run(&mut a, 1000);
        run(&mut b, 1000);
        assert_eq!(a.steps(), b.steps(), "{rule:?}");
        let (pa, pb) = (perceptron(&a).augmented(), perceptron(&b).augmented());
        for (x, y) in pa.iter().zip(&pb) {
            assert_eq!(x * 0.125, *y, "{rule:?}");
        }
    }
}

#[test]
fn a_mini_batch_without_mistakes_is_not_a_step() {
    // Batch 1 = points 0,1 (class 1, right at w̄ = 0); batch 2 = points 2,3 (class 0, wrong).
    let data = Dataset::from_rows(
        &[[1.0, 1.0], [2.0, 1.0], [-1.0, -1.0], [-2.0, -1.0]],
        vec![1, 1, 0, 0],
    )
    .expect("ok");
    let mut t = Trainer::new(&pla(UpdateRule::MiniBatch, 2, 1.0), data, None).expect("valid");
    let r = t.step();
    assert_eq!(r.step, 1);
    assert_eq!(r.pla.expect("an update").points, vec![2, 3]);
}

#[test]
fn the_pocket_keeps_the_best_weights_seen() {
    let data = DataSpec {
        kind: DatasetKind::Overlap,
        points_per_class: 50,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid");
    let config = TrainConfig {
        pocket: true,
        ..pla(UpdateRule::Online, 1, 1.0)
    };
    let mut t = Trainer::new(&config, data.clone(), None).expect("valid");
    let mut best = usize::MAX;
    while t.epochs() < 50 && !t.converged() {
        if let Some(m) = t.step().misclassified {
            best = best.min(m);
        }
    }
    let (pocket, m) = t.pocket().expect("a pocket").clone();
    assert_eq!(m, best);
    assert_eq!(pocket.misclassified(&data).len(), best);
    t.use_pocket();
    assert_eq!(perceptron(&t), pocket);
}

#[test]
fn the_perceptron_refuses_three_classes() {
    let data = DataSpec {
        classes: 3,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid");
    let err = Trainer::new(&pla(UpdateRule::Batch, 1, 1.0), data, None)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("2 classes"));
}

#[test]
fn mlp_training_is_deterministic_and_learns_the_spiral() {
    let data = DataSpec {
        points_per_class: 50,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid");
    let config = TrainConfig {
        hidden_sizes: vec![32],
        update: UpdateRule::MiniBatch,
        batch_size: 20,
        learning_rate: 0.5,
        lambda: 1e-4,
        ..TrainConfig::default()
    };
    let mut a = Trainer::new(&config, data.clone(), None).expect("valid");
    let mut b = Trainer::new(&config, data, None).expect("valid");
    let first = a.metrics();
    for _ in 0..1500 {
        let (ra, rb) = (a.step(), b.step());
        assert_eq!(ra.loss.total().to_bits(), rb.loss.total().to_bits());
    }
    assert_eq!(a.model(), b.model());
    assert_eq!(a.epochs(), 1500 * 20 / 100);
    let last = a.metrics();
    assert!(last.accuracy > 0.9, "{last:?}");
    assert!(last.loss().expect("defined") < first.loss().expect("defined"));
}

#[test]
fn live_changes_keep_the_weights() {
    let data = DataSpec::default().generate().expect("valid");
    let mut t = Trainer::new(
        &TrainConfig {
            hidden_sizes: vec![8],
            ..TrainConfig::default()
        },
        data,
        None,
    )
    .expect("valid");
    t.step();
    let before = t.model().clone();
    let changed = TrainConfig {
        learning_rate: 0.01,
        lambda: 0.5,
        ..t.config().clone()
    };
    t.set_live(&changed).expect("valid");
    assert_eq!(t.model(), &before);
    assert_eq!(t.config().learning_rate, 0.01);
    let r = t.step();
    assert!(r.loss.reg_loss > 0.0);
    assert_eq!(r.step, 2);
}

#[test]
fn a_huge_learning_rate_is_reported_as_divergence() {
    let data = DataSpec::default().generate().expect("valid");
    let config = TrainConfig {
        hidden_sizes: vec![16],
        learning_rate: 1000.0,
        activation: perceptron_lab::nn::Activation::Linear,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&config, data, None).expect("valid");
    let mut reason = None;
    for _ in 0..200 {
        if let Some(r) = t.step().diverged {
            reason = Some(r);
            break;
        }
    }
    let reason = reason.expect("diverges");
    assert!(reason.to_string().contains("learning rate"), "{reason}");
    // Further steps do nothing until a reset.
    let steps = t.steps();
    assert!(t.step().diverged.is_some());
    assert_eq!(t.steps(), steps);
}

#[test]
fn a_sign_network_is_shown_but_never_trained() {
    let data = gate(DatasetKind::Xor);
    let sign = TrainConfig {
        hidden_sizes: vec![2],
        activation: perceptron_lab::nn::Activation::Sign,
        ..TrainConfig::default()
    };
    let err = Trainer::new(&sign, data.clone(), None)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("sign network cannot be trained"));
    // The lecture's hand-set network loads, computes XOR, and refuses to step.
    let json = include_str!("../assets/models/xor-sign.json");
    let model = perceptron_lab::nn::model_file::parse_model(json, "xor").expect("valid");
    let mut t = Trainer::new(&TrainConfig::default(), data, Some(model.model)).expect("accepted");
    assert!(t.frozen().is_some());
    assert_eq!(t.metrics().accuracy, 1.0);
    let r = t.step();
    assert!(!r.updated);
    assert_eq!(t.steps(), 0);
}

//! The optimizers and L1 (COURSE §6) against references written here: hand-computed
//! updates, finite differences, and a plain implementation of forward pass, backprop and each
//! update rule in f64 loops that shares no code with the engine. Then the optimizer state as
//! part of a run: checkpoints, replays, branches, and the app's controls.

use assert_cmd::Command;
use perceptron_lab::data::{DataSpec, Dataset, DatasetKind};
use perceptron_lab::nn::gradcheck::gradient_check;
use perceptron_lab::nn::model_file::{model_to_json, parse_model};
use perceptron_lab::nn::optimizer::{Optimizer, OptimizerState};
use perceptron_lab::nn::{Activation, Model, OptimizerKind, Penalty, RegKind};
use perceptron_lab::train::{Command as Cmd, Notice, Session, TrainConfig, Trainer, UpdateRule};
use serde_json::{Value, json};
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// A plain reference: a 2-H-1 network, tanh hidden units, a sigmoid output, cross-entropy.

/// Parameters as four flat arrays: W⁽¹⁾ (2×H, row-major), b⁽¹⁾, W⁽²⁾ (H), b⁽²⁾.
#[derive(Clone, Debug)]
struct Net {
    arrays: [Vec<f64>; 4],
    hidden: usize,
}

impl Net {
    fn w1(&self, i: usize, j: usize) -> f64 {
        self.arrays[0][i * self.hidden + j]
    }

    /// `J₀ = −(1/N) Σ [t ln a + (1−t) ln(1−a)]` and its gradient (plain backprop), with the
    /// penalty's term and gradient on W⁽¹⁾ and W⁽²⁾.
    fn gradient(&self, x: &[[f64; 2]], t: &[usize], kind: RegKind, lambda: f64) -> [Vec<f64>; 4] {
        let h = self.hidden;
        let n = x.len() as f64;
        let mut g = [vec![0.0; 2 * h], vec![0.0; h], vec![0.0; h], vec![0.0; 1]];
        for (p, &c) in x.iter().zip(t) {
            let mut a1 = vec![0.0; h];
            for j in 0..h {
                let z = self.arrays[1][j] + p[0] * self.w1(0, j) + p[1] * self.w1(1, j);
                a1[j] = z.tanh();
            }
            let z2 = self.arrays[3][0] + (0..h).map(|j| a1[j] * self.arrays[2][j]).sum::<f64>();
            let a2 = 1.0 / (1.0 + (-z2).exp());
            let e2 = (a2 - c as f64) / n;
            g[3][0] += e2;
            for j in 0..h {
                g[2][j] += a1[j] * e2;
                let e1 = self.arrays[2][j] * e2 * (1.0 - a1[j] * a1[j]);
                g[1][j] += e1;
                g[0][j] += p[0] * e1;
                g[0][h + j] += p[1] * e1;
            }
        }
        for k in [0, 2] {
            for (gi, &w) in g[k].iter_mut().zip(&self.arrays[k]) {
                *gi += match kind {
                    RegKind::L2 => lambda * w,
                    RegKind::L1 if w > 0.0 => lambda,
                    RegKind::L1 if w < 0.0 => -lambda,
                    RegKind::L1 => 0.0,
                };
            }
        }
        g
    }
}

/// The update rules of COURSE §6, written out for the reference.
#[derive(Clone, Copy, Debug)]
enum Rule {
    Gd,
    Momentum(f64),
    Adam(f64, f64, f64),
}

/// `steps` full-batch updates of `net` by `rule`, with the state starting at 0.
fn reference_run(
    net: &mut Net,
    data: (&[[f64; 2]], &[usize]),
    (kind, lambda, lr): (RegKind, f64, f64),
    rule: Rule,
    steps: usize,
) {
    let sizes: Vec<usize> = net.arrays.iter().map(Vec::len).collect();
    let mut m: Vec<Vec<f64>> = sizes.iter().map(|&s| vec![0.0; s]).collect();
    let mut v = m.clone();
    for t in 1..=steps {
        let g = net.gradient(data.0, data.1, kind, lambda);
        for k in 0..4 {
            for i in 0..sizes[k] {
                let theta = &mut net.arrays[k][i];
                match rule {
                    Rule::Gd => *theta -= lr * g[k][i],
                    Rule::Momentum(beta) => {
                        v[k][i] = beta * v[k][i] + g[k][i];
                        *theta -= lr * v[k][i];
                    }
                    Rule::Adam(b1, b2, eps) => {
                        m[k][i] = b1 * m[k][i] + (1.0 - b1) * g[k][i];
                        v[k][i] = b2 * v[k][i] + (1.0 - b2) * g[k][i] * g[k][i];
                        let m_hat = m[k][i] / (1.0 - b1.powi(t as i32));
                        let v_hat = v[k][i] / (1.0 - b2.powi(t as i32));
                        *theta -= lr * m_hat / (v_hat.sqrt() + eps);
                    }
                }
            }
        }
    }
}

/// 16 points, both classes, made without the engine.
fn points() -> (Vec<[f64; 2]>, Vec<usize>) {
    let x: Vec<[f64; 2]> = (0..16)
        .map(|i| {
            let i = f64::from(i);
            [(1.3 * i).sin() * 1.5, (2.1 * i + 0.4).cos()]
        })
        .collect();
    let t = x.iter().map(|p| usize::from(p[0] * p[1] > 0.0)).collect();
    (x, t)
}

/// A 2-4-1 network with fixed weights, away from 0.
fn start_net() -> Net {
    let h = 4;
    let value = |k: usize| 0.2 + 0.5 * (0.7 * k as f64 + 0.3).sin();
    Net {
        arrays: [
            (0..2 * h).map(value).collect(),
            (0..h).map(|k| 0.1 * value(k + 20)).collect(),
            (0..h).map(|k| value(k + 10)).collect(),
            vec![-0.05],
        ],
        hidden: h,
    }
}

/// The reference network as a model file (format 1, rows = inputs).
fn model_json(net: &Net) -> Value {
    let h = net.hidden;
    let w1: Vec<Vec<f64>> = (0..2)
        .map(|i| (0..h).map(|j| net.w1(i, j)).collect())
        .collect();
    let w2: Vec<Vec<f64>> = net.arrays[2].iter().map(|&w| vec![w]).collect();
    json!({
        "format": "perceptron-lab/model@1",
        "kind": "mlp",
        "inputs": ["x1", "x2"],
        "hidden_activation": "tanh",
        "output_activation": "sigmoid",
        "layers": [
            { "weights": w1, "bias": net.arrays[1] },
            { "weights": w2, "bias": net.arrays[3] }
        ]
    })
}

/// The parameters of a saved model file, in the reference's order.
fn arrays_of(file: &Value) -> [Vec<f64>; 4] {
    let nums = |v: &Value| -> Vec<f64> {
        v.as_array()
            .expect("an array")
            .iter()
            .flat_map(|r| match r {
                Value::Array(row) => row.iter().map(|x| x.as_f64().expect("number")).collect(),
                x => vec![x.as_f64().expect("number")],
            })
            .collect()
    };
    let l = &file["layers"];
    [
        nums(&l[0]["weights"]),
        nums(&l[0]["bias"]),
        nums(&l[1]["weights"]),
        nums(&l[1]["bias"]),
    ]
}

/// `train --update batch --steps 25` from the reference's data and weights through the CLI,
/// with `extra` flags; the trained parameters.
fn cli_run(extra: &[&str]) -> [Vec<f64>; 4] {
    let dir = tempfile::tempdir().expect("temp dir");
    let (x, t) = points();
    let mut csv = String::from("x1,x2,label\n");
    for (p, c) in x.iter().zip(&t) {
        csv.push_str(&format!("{},{},{c}\n", p[0], p[1]));
    }
    let data = dir.path().join("d.csv");
    let init = dir.path().join("a.json");
    let saved = dir.path().join("b.json");
    std::fs::write(&data, csv).expect("written");
    std::fs::write(&init, model_json(&start_net()).to_string()).expect("written");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    let mut args = vec![
        "train".to_owned(),
        "--data".into(),
        path(&data),
        "--init".into(),
        path(&init),
        "--save".into(),
        path(&saved),
        "--update".into(),
        "batch".into(),
        "--steps".into(),
        "25".into(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let out = Command::cargo_bin("perceptron-lab")
        .expect("the binary")
        .args(&args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&saved).expect("saved");
    arrays_of(&serde_json::from_str(&text).expect("JSON"))
}

fn assert_close(got: &[Vec<f64>; 4], want: &[Vec<f64>; 4], tol: f64, what: &str) {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.len(), w.len(), "{what}: array {k}");
        for (i, (a, b)) in g.iter().zip(w).enumerate() {
            assert!((a - b).abs() <= tol, "{what}: array {k}[{i}]: {a} vs {b}");
        }
    }
}

#[test]
fn cli_adam_momentum_and_l1_equal_the_plain_reference_over_25_steps() {
    let (x, t) = points();
    let cases: [(&[&str], RegKind, f64, f64, Rule); 4] = [
        (
            &["--optimizer", "adam", "--lr", "0.05", "--lambda", "0.01"],
            RegKind::L2,
            0.01,
            0.05,
            Rule::Adam(0.9, 0.999, 1e-8),
        ),
        (
            &[
                "--optimizer",
                "adam",
                "--lr",
                "0.02",
                "--lambda",
                "0.003",
                "--reg",
                "l1",
                "--beta1",
                "0.8",
                "--beta2",
                "0.99",
                "--eps",
                "1e-6",
            ],
            RegKind::L1,
            0.003,
            0.02,
            Rule::Adam(0.8, 0.99, 1e-6),
        ),
        (
            &["--optimizer", "momentum", "--lr", "0.1", "--lambda", "0.01"],
            RegKind::L2,
            0.01,
            0.1,
            Rule::Momentum(0.9),
        ),
        (
            &["--lr", "0.5", "--lambda", "0.02", "--reg", "l1"],
            RegKind::L1,
            0.02,
            0.5,
            Rule::Gd,
        ),
    ];
    for (flags, kind, lambda, lr, rule) in cases {
        let mut net = start_net();
        reference_run(&mut net, (&x, &t), (kind, lambda, lr), rule, 25);
        let got = cli_run(flags);
        assert_close(&got, &net.arrays, 1e-9, &format!("{flags:?}"));
        // The run moved the weights: the comparison could have failed.
        let start = start_net();
        let moved = got[0]
            .iter()
            .zip(&start.arrays[0])
            .any(|(a, b)| (a - b).abs() > 1e-3);
        assert!(moved, "{flags:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Hand-computed updates.

#[test]
fn momentum_and_adam_by_hand_over_three_steps_of_a_constant_gradient() {
    // θ₀ = 1, g = 0.5 every step, α = 0.1, β = 0.9:
    // v = 0.5, 0.95, 1.355; θ = 0.95, 0.855, 0.7195.
    let mut theta = [1.0];
    let mut state = OptimizerState::default();
    let expected = [0.95, 0.855, 0.7195];
    for want in expected {
        let slots = [(&mut theta[..], &[0.5][..])];
        state.update(Optimizer::Momentum { beta: 0.9 }, 0.1, slots);
        assert!((theta[0] - want).abs() < 1e-14, "{} vs {want}", theta[0]);
    }
    assert_eq!(state.updates(), 3);
    assert!((state.first_moment()[0][0] - 1.355).abs() < 1e-14);

    // Adam with a constant g: m/(1−β₁ᵗ) = g and v/(1−β₂ᵗ) = g² exactly (in real numbers), so
    // each step is α·g/(|g| + ε): θ₃ = θ₀ − 3α·g/(|g| + ε).
    let adam = Optimizer::Adam {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    };
    for g in [0.5, -2e-3] {
        let mut theta = [1.0, -1.0];
        let mut state = OptimizerState::default();
        for _ in 0..3 {
            let grads = [g, 2.0 * g];
            state.update(adam, 0.01, [(&mut theta[..], &grads[..])]);
        }
        let want = |theta0: f64, g: f64| theta0 - 3.0 * 0.01 * g / (g.abs() + 1e-8);
        assert!((theta[0] - want(1.0, g)).abs() < 1e-13, "{theta:?}");
        assert!((theta[1] - want(-1.0, 2.0 * g)).abs() < 1e-13, "{theta:?}");
        // m₃ = (1 − 0.9³)·g, v₃ = (1 − 0.999³)·g².
        let m3 = (1.0 - 0.9f64.powi(3)) * g;
        let v3 = (1.0 - 0.999f64.powi(3)) * g * g;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs();
        assert!(close(state.first_moment()[0][0], m3));
        assert!(close(state.second_moment()[0][0], v3));
    }
}

#[test]
fn the_trainer_matches_the_reference_for_three_steps_of_each_optimizer() {
    let (x, t) = points();
    let data = Dataset::from_rows(&x, t.clone()).expect("points");
    let net = start_net();
    let model = parse_model(&model_json(&net).to_string(), "net")
        .expect("a model")
        .model;
    let rules = [
        (OptimizerKind::Gd, Rule::Gd),
        (OptimizerKind::Momentum, Rule::Momentum(0.5)),
        (OptimizerKind::Adam, Rule::Adam(0.7, 0.95, 1e-4)),
    ];
    for (kind, rule) in rules {
        for reg in RegKind::ALL {
            let config = TrainConfig {
                update: UpdateRule::Batch,
                learning_rate: 0.3,
                lambda: 0.05,
                reg,
                optimizer: kind,
                momentum: 0.5,
                beta1: 0.7,
                beta2: 0.95,
                eps: 1e-4,
                ..TrainConfig::default()
            };
            let mut tr = Trainer::new(&config, data.clone(), Some(model.clone())).expect("ok");
            let mut reference = net.clone();
            for _ in 0..3 {
                tr.step();
            }
            reference_run(&mut reference, (&x, &t), (reg, 0.05, 0.3), rule, 3);
            let saved: Value =
                serde_json::from_str(&model_to_json(tr.model(), Default::default())).expect("JSON");
            let what = format!("{kind} {reg}");
            assert_close(&arrays_of(&saved), &reference.arrays, 1e-12, &what);
        }
    }
}

// ---------------------------------------------------------------------------------------
// L1.

#[test]
fn the_l1_gradient_passes_finite_differences_away_from_zero() {
    let data = DataSpec {
        kind: DatasetKind::Spiral,
        points_per_class: 20,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid");
    let net = parse_model(&model_json(&start_net()).to_string(), "net")
        .expect("a model")
        .model;
    let Model::Mlp(mlp) = net else {
        panic!("an MLP")
    };
    let smallest = mlp
        .layers()
        .iter()
        .flat_map(|l| l.weights().iter())
        .fold(f64::INFINITY, |m, w| m.min(w.abs()));
    assert!(
        smallest > 1e-3,
        "every weight is away from the kink: {smallest}"
    );
    for loss in [
        perceptron_lab::nn::Loss::CrossEntropy,
        perceptron_lab::nn::Loss::Mse,
    ] {
        let errors = gradient_check(&mlp, &data, loss, Penalty::l1(0.3));
        assert!(errors.iter().all(|&e| e < 1e-6), "{loss}: {errors:?}");
    }
    // The check can fail: the L2 gradient is not the L1 loss's.
    let wrong = perceptron_lab::nn::gradcheck::gradient_check_with(
        &mlp,
        &data,
        perceptron_lab::nn::Loss::CrossEntropy,
        Penalty::l1(0.3),
        &|m| {
            let x = data.feature_major();
            let idx: Vec<usize> = (0..data.len()).collect();
            let batch = perceptron_lab::nn::BatchData::of(&data, &x);
            let mut ws = perceptron_lab::nn::Workspace::default();
            m.gradient(
                batch,
                &idx,
                perceptron_lab::nn::Loss::CrossEntropy,
                0.3,
                &mut ws,
            )
            .1
        },
    );
    assert!(wrong[0] > 1e-3, "{wrong:?}");
}

#[test]
fn the_l1_term_is_lambda_times_the_sum_of_absolute_weights_and_skips_biases() {
    let net = start_net();
    let model = parse_model(&model_json(&net).to_string(), "net")
        .expect("a model")
        .model;
    let Model::Mlp(mlp) = model else {
        panic!("an MLP")
    };
    let by_hand: f64 = net.arrays[0]
        .iter()
        .chain(&net.arrays[2])
        .map(|w| w.abs())
        .sum();
    assert!((mlp.reg_loss(Penalty::l1(0.25)) - 0.25 * by_hand).abs() < 1e-14);
    let squares: f64 = net.arrays[0]
        .iter()
        .chain(&net.arrays[2])
        .map(|w| w * w)
        .sum();
    assert!((mlp.reg_loss(0.25) - 0.125 * squares).abs() < 1e-14);
}

// ---------------------------------------------------------------------------------------
// The optimizer state belongs to the run.

fn spiral() -> Dataset {
    DataSpec::default().generate().expect("valid")
}

fn adam_config() -> TrainConfig {
    TrainConfig {
        hidden_sizes: vec![8],
        activation: Activation::Tanh,
        learning_rate: 0.01,
        update: UpdateRule::MiniBatch,
        batch_size: 20,
        optimizer: OptimizerKind::Adam,
        ..TrainConfig::default()
    }
}

fn finish(s: &mut Session) -> Vec<Notice> {
    let mut notices = Vec::new();
    while s.busy() {
        notices.append(&mut s.step_for(Duration::from_secs(60), u64::MAX).notices);
    }
    notices
}

fn step(s: &mut Session, n: u64) -> Vec<Notice> {
    let mut notices = s.apply(Cmd::Step(n));
    notices.append(&mut finish(s));
    notices
}

#[test]
fn a_replayed_adam_run_equals_the_original_bit_for_bit() {
    let config = adam_config();
    let mut s = Session::new(Trainer::new(&config, spiral(), None).expect("valid"));
    step(&mut s, 600);
    let head = s.run().head().clone();
    assert_eq!(head.optimizer_state().updates(), 600);
    for target in [437u64, 1, 599, 64] {
        s.apply(Cmd::View(target));
        let mut fresh = Trainer::new(&config, spiral(), None).expect("valid");
        for _ in 0..target {
            fresh.step();
        }
        let viewed = s.viewed_trainer();
        assert_eq!(
            model_to_json(viewed.model(), Default::default()),
            model_to_json(fresh.model(), Default::default())
        );
        assert_eq!(
            viewed.optimizer_state(),
            fresh.optimizer_state(),
            "{target}"
        );
        assert_eq!(viewed.optimizer_state().updates(), target);
    }
    // Scrubbed back and trained again: a branch that ends where the original run ended.
    s.apply(Cmd::View(250));
    step(&mut s, 350);
    assert_eq!(s.run().id, "1.1");
    let replayed = s.run().head();
    assert_eq!(replayed.steps(), 600);
    assert_eq!(
        model_to_json(replayed.model(), Default::default()),
        model_to_json(head.model(), Default::default())
    );
    assert_eq!(replayed.optimizer_state(), head.optimizer_state());
}

#[test]
fn another_optimizer_starts_its_state_at_zero_and_says_so() {
    let config = adam_config();
    let mut s = Session::new(Trainer::new(&config, spiral(), None).expect("valid"));
    step(&mut s, 30);
    // New hyper-parameters: live, the state goes on.
    let notices = s.apply(Cmd::SetConfig(TrainConfig {
        beta2: 0.99,
        ..config.clone()
    }));
    assert!(
        !notices
            .iter()
            .any(|n| matches!(n, Notice::OptimizerReset { .. }))
    );
    step(&mut s, 1);
    assert_eq!(s.run().head().optimizer_state().updates(), 31);
    // Another kind: the state starts at 0, a typed notice says so, the weights stay.
    let before = model_to_json(s.run().head().model(), Default::default());
    let momentum = TrainConfig {
        optimizer: OptimizerKind::Momentum,
        beta2: 0.99,
        ..config
    };
    let notices = s.apply(Cmd::SetConfig(momentum.clone()));
    assert!(
        notices.contains(&Notice::OptimizerReset {
            from: OptimizerKind::Adam,
            to: OptimizerKind::Momentum,
            step: 31,
        }),
        "{notices:?}"
    );
    assert_eq!(
        model_to_json(s.run().head().model(), Default::default()),
        before
    );
    assert!(s.run().head().optimizer_state().is_empty());
    step(&mut s, 1);
    let state = s.run().head().optimizer_state();
    assert_eq!(state.updates(), 1);
    assert!(state.second_moment().is_empty(), "momentum keeps v only");
    assert_eq!(s.run().head().steps(), 32, "the step count goes on");
}

#[test]
fn bad_hyper_parameters_are_refused_with_the_value() {
    let data = spiral();
    let cases = [
        (
            TrainConfig {
                momentum: 1.0,
                ..TrainConfig::default()
            },
            "momentum β",
        ),
        (
            TrainConfig {
                beta1: -0.1,
                ..TrainConfig::default()
            },
            "β₁",
        ),
        (
            TrainConfig {
                beta2: f64::NAN,
                ..TrainConfig::default()
            },
            "β₂",
        ),
        (
            TrainConfig {
                eps: 0.0,
                ..TrainConfig::default()
            },
            "ε",
        ),
    ];
    for (config, what) in cases {
        let e = config.validate(&data).expect_err(what).to_string();
        assert!(e.contains(what), "{e}");
    }
}

#[test]
fn the_cli_refuses_bad_values_and_reports_the_optimizer() {
    let run = |args: &[&str]| {
        Command::cargo_bin("perceptron-lab")
            .expect("the binary")
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&["train", "--optimizer", "rmsprop", "--steps", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected gd, momentum or adam"), "{err}");
    let out = run(&[
        "train",
        "--optimizer",
        "adam",
        "--beta2",
        "1",
        "--steps",
        "1",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("β₂ must be a number in [0, 1) (got 1)"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.json");
    let out = run(&[
        "train",
        "--hidden",
        "4",
        "--steps",
        "3",
        "--optimizer",
        "momentum",
        "--momentum",
        "0.5",
        "--reg",
        "l1",
        "--beta1",
        "0.5",
        "--report",
        report.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--beta1 does nothing"), "{err}");
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("written")).expect("JSON");
    assert_eq!(r["optimizer"], "momentum");
    assert_eq!(r["optimizer_params"], json!({ "momentum": 0.5 }));
    assert_eq!(r["reg"], "l1");
}

#[test]
fn a_scenario_sets_the_optimizer_and_the_penalty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.json");
    let scenario = json!({
        "format": "perceptron-lab/scenario@1",
        "setup": { "dataset": "xor", "hidden": [4], "activation": "tanh", "lr": 0.05,
                   "optimizer": "adam", "beta1": 0.8 },
        "actions": [ {"step": 5}, {"set": {"optimizer": "momentum", "momentum": 0.5,
                                             "reg": "l1"}}, {"step": 5} ]
    });
    std::fs::write(&file, scenario.to_string()).expect("written");
    let (session, _) = perceptron_lab::cli::run::play_file(&file).expect("played");
    let head = session.run().head();
    let c = head.config();
    assert_eq!(
        (c.optimizer, c.momentum, c.reg, c.beta1),
        (OptimizerKind::Momentum, 0.5, RegKind::L1, 0.8)
    );
    assert_eq!(head.steps(), 10);
    // Momentum's state began at step 5.
    assert_eq!(head.optimizer_state().updates(), 5);
    // A bad value is refused with the key's reason.
    let bad = json!({
        "format": "perceptron-lab/scenario@1",
        "setup": { "dataset": "xor", "optimizer": "adam" },
        "actions": [ {"set": {"eps": -1}} ]
    });
    std::fs::write(&file, bad.to_string()).expect("written");
    let out = Command::cargo_bin("perceptron-lab")
        .expect("the binary")
        .args(["run", file.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ε must be a finite number > 0"), "{err}");
}

// ---------------------------------------------------------------------------------------
// The app.

#[cfg(feature = "gui")]
mod common;

#[cfg(feature = "gui")]
mod app {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use perceptron_lab::nn::{OptimizerKind, RegKind};

    use super::common::{harness_with, wait_until};

    #[test]
    fn choosing_adam_shows_its_settings_and_gd_hides_them() {
        let mut h = harness_with(perceptron_lab::cli::AppArgs::default());
        wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
        assert!(h.query_by_label("Adam β₁").is_none(), "gd shows no β");
        // The side panel is taller than the window: bring the picker into view first.
        h.get_by_role_and_label(Role::ComboBox, "Gradient method")
            .scroll_to_me();
        h.run_steps(3);
        h.get_by_role_and_label(Role::ComboBox, "Gradient method")
            .click();
        h.run_steps(3);
        h.get_by_label("Adam").click();
        wait_until(&mut h, "Adam in the worker", |a| {
            a.snap
                .as_ref()
                .is_some_and(|s| s.config.optimizer == OptimizerKind::Adam)
        });
        for label in ["Adam β₁", "Adam β₂", "Adam ε"] {
            assert!(
                h.query_all_by_label(label).next().is_some(),
                "{label} is shown"
            );
        }
        assert!(h.query_by_label("Momentum β").is_none());
        h.get_by_role_and_label(Role::Slider, "Adam ε")
            .set_value_accesskit(1e-6);
        wait_until(&mut h, "ε in the worker", |a| {
            a.snap
                .as_ref()
                .is_some_and(|s| (s.config.eps - 1e-6).abs() < 1e-12)
        });
        h.get_by_role_and_label(Role::ComboBox, "Gradient method")
            .click();
        h.run_steps(3);
        h.get_by_label("GD (θ ← θ − αg)").click();
        wait_until(&mut h, "gd in the worker", |a| {
            a.snap
                .as_ref()
                .is_some_and(|s| s.config.optimizer == OptimizerKind::Gd)
        });
        h.run_steps(2);
        for label in ["Adam β₁", "Adam β₂", "Adam ε"] {
            assert!(
                h.query_all_by_label(label).next().is_none(),
                "{label} is hidden"
            );
        }
        // The penalty picker: L1 reaches the worker.
        // (Below the fold of the side panel: clicked through accesskit, as a screen reader.)
        h.get_by_label("Regularization").click_accesskit();
        h.run_steps(2);
        assert!(h.state().settings.lambda_on, "the switch is on");
        h.get_by_role_and_label(Role::ComboBox, "Penalty")
            .click_accesskit();
        h.run_steps(3);
        h.get_by_label("L1 term λ·Σ|w|").click();
        wait_until(&mut h, "L1 in the worker", |a| {
            a.snap
                .as_ref()
                .is_some_and(|s| s.config.reg == RegKind::L1 && s.config.lambda > 0.0)
        });
    }
}

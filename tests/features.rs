//! Input features φ(x), per-layer activations and model format 2 end to end: the CLI's
//! training against a plain reference written here, the circle through x₁², x₂², `eval`
//! and scenarios reading the model's own inputs, and a loaded model switching the features.

use assert_cmd::Command;
use perceptron_lab::data::{Dataset, Features};
use perceptron_lab::nn::model_file::{SavedModel, parse_model};
use perceptron_lab::nn::{Activation, Layer, Mlp, Model, Output, Workspace};
use perceptron_lab::train::{Command as SessionCommand, Notice, Session, TrainConfig, Trainer};
use serde_json::Value;
use std::path::Path;

fn cmd() -> Command {
    Command::cargo_bin("perceptron-lab").expect("the binary is built")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = cmd().args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// 12 hand-placed points, two classes, not linearly separable in the plane.
fn points() -> Vec<([f64; 2], usize)> {
    (0..12)
        .map(|i| {
            let t = i as f64 * 0.55;
            let r = if i % 2 == 0 { 0.4 } else { 1.1 };
            ([r * t.cos() + 0.1, r * t.sin() - 0.2], i % 2)
        })
        .collect()
}

/// The initial 4-3-1 network: W⁽¹⁾ (4×3, tanh), W⁽²⁾ (3×1, sigmoid).
const W1: [[f64; 3]; 4] = [
    [0.5, -0.3, 0.8],
    [-0.7, 0.2, 0.4],
    [0.3, 0.9, -0.5],
    [-0.2, 0.6, 0.1],
];
const B1: [f64; 3] = [0.1, -0.1, 0.05];
const W2: [f64; 3] = [0.7, -0.4, 0.6];
const B2: f64 = -0.2;

/// The plain reference of COURSE §3 and §6: φ(x) = (x₁, x₂, x₁², x₁x₂), full-batch gradient
/// descent on cross-entropy with `J = J₀ + λ/2 ΣW²`, α = 1, λ = 10⁻³, written out in f64.
fn reference(steps: usize) -> ([[f64; 3]; 4], [f64; 3], [f64; 3], f64) {
    let (lr, lambda) = (1.0, 1e-3);
    let (mut w1, mut b1, mut w2, mut b2) = (W1, B1, W2, B2);
    let data = points();
    let n = data.len() as f64;
    for _ in 0..steps {
        let mut gw1 = [[0.0; 3]; 4];
        let mut gb1 = [0.0; 3];
        let mut gw2 = [0.0; 3];
        let mut gb2 = 0.0;
        for &(x, c) in &data {
            let phi = [x[0], x[1], x[0] * x[0], x[0] * x[1]];
            let mut a1 = [0.0; 3];
            for j in 0..3 {
                let z: f64 = b1[j] + (0..4).map(|i| phi[i] * w1[i][j]).sum::<f64>();
                a1[j] = z.tanh();
            }
            let z2 = b2 + (0..3).map(|j| a1[j] * w2[j]).sum::<f64>();
            let a2 = 1.0 / (1.0 + (-z2).exp());
            let e2 = (a2 - c as f64) / n;
            gb2 += e2;
            for j in 0..3 {
                gw2[j] += a1[j] * e2;
                let e1 = w2[j] * e2 * (1.0 - a1[j] * a1[j]);
                gb1[j] += e1;
                for i in 0..4 {
                    gw1[i][j] += phi[i] * e1;
                }
            }
        }
        for j in 0..3 {
            w2[j] -= lr * (gw2[j] + lambda * w2[j]);
            b1[j] -= lr * gb1[j];
            for i in 0..4 {
                w1[i][j] -= lr * (gw1[i][j] + lambda * w1[i][j]);
            }
        }
        b2 -= lr * gb2;
    }
    (w1, b1, w2, b2)
}

fn init_model_json() -> String {
    let rows = |w: &[[f64; 3]]| {
        w.iter()
            .map(|r| format!("[{}, {}, {}]", r[0], r[1], r[2]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"{{"format": "perceptron-lab/model@2", "kind": "mlp",
            "inputs": ["x1", "x2", "x1sq", "x1x2"],
            "layers": [
              {{"weights": [{}], "bias": [{}, {}, {}], "activation": "tanh"}},
              {{"weights": [[{}], [{}], [{}]], "bias": [{}], "activation": "sigmoid"}}]}}"#,
        rows(&W1),
        B1[0],
        B1[1],
        B1[2],
        W2[0],
        W2[1],
        W2[2],
        B2
    )
}

fn write_points(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from("x1,x2,label\n");
    for (x, c) in points() {
        csv.push_str(&format!("{},{},{c}\n", x[0], x[1]));
    }
    let path = dir.join("points.csv");
    std::fs::write(&path, csv).expect("written");
    path
}

#[test]
fn four_features_train_as_the_plain_reference_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = write_points(dir.path());
    let init = dir.path().join("init.json");
    std::fs::write(&init, init_model_json()).expect("written");
    let saved = dir.path().join("out.json");
    let (ok, out, err) = run(&[
        "train",
        "--data",
        data.to_str().expect("utf-8"),
        "--update",
        "batch",
        "--features",
        "x1,x2,x1sq,x1x2",
        "--init",
        init.to_str().expect("utf-8"),
        "--steps",
        "25",
        "--save",
        saved.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(ok, "{out}{err}");
    let file = read_json(&saved);
    assert_eq!(file["format"], "perceptron-lab/model@2");
    assert_eq!(
        file["inputs"],
        serde_json::json!(["x1", "x2", "x1sq", "x1x2"])
    );
    let (w1, b1, w2, b2) = reference(25);
    let near = |v: &Value, want: f64| {
        let got = v.as_f64().expect("a number");
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    };
    let layers = &file["layers"];
    for i in 0..4 {
        for j in 0..3 {
            near(&layers[0]["weights"][i][j], w1[i][j]);
        }
    }
    for j in 0..3 {
        near(&layers[0]["bias"][j], b1[j]);
        near(&layers[1]["weights"][j][0], w2[j]);
    }
    near(&layers[1]["bias"][0], b2);
    // The reference really moved away from the start.
    assert!((w1[2][1] - W1[2][1]).abs() > 1e-4);
}

#[test]
fn the_circle_through_squares_is_learned_by_a_linear_model_and_by_the_pla() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.json");
    let r = report.to_str().expect("utf-8");
    let (ok, out, err) = run(&[
        "train",
        "--dataset",
        "circle",
        "--hidden",
        "none",
        "--features",
        "x1sq,x2sq",
        "--report",
        r,
        "--quiet",
    ]);
    assert!(ok, "{out}{err}");
    let j = read_json(&report);
    assert_eq!(j["layers"], serde_json::json!([2, 1]));
    let acc = j["accuracy"].as_f64().expect("a number");
    assert!(acc >= 0.95, "accuracy {acc}");
    // In the plane a linear model cannot: the same run on x1, x2 stays near chance.
    let (ok, _, _) = run(&[
        "train",
        "--dataset",
        "circle",
        "--hidden",
        "none",
        "--report",
        r,
        "--quiet",
    ]);
    assert!(ok);
    assert!(read_json(&report)["accuracy"].as_f64().expect("a number") < 0.8);

    let saved = dir.path().join("p.json");
    let (ok, out, err) = run(&[
        "train",
        "--model",
        "perceptron",
        "--dataset",
        "circle",
        "--noise",
        "0",
        "--features",
        "x1sq,x2sq",
        "--report",
        r,
        "--save",
        saved.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(ok, "{out}{err}");
    let j = read_json(&report);
    assert_eq!(j["converged"], true, "{j}");
    assert_eq!(j["misclassified"], 0);
    // `eval` reads the model's own inputs: the saved perceptron is right on every point.
    let (ok, out, err) = run(&[
        "eval",
        "--model",
        saved.to_str().expect("utf-8"),
        "--dataset",
        "circle",
        "--noise",
        "0",
    ]);
    assert!(ok, "{err}");
    assert!(out.starts_with("accuracy 1.0000, 0 misclassified"), "{out}");
}

#[test]
fn activations_per_layer_from_the_flag_and_bad_counts_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("m.json");
    let s = saved.to_str().expect("utf-8");
    let (ok, out, err) = run(&[
        "train",
        "--hidden",
        "4,3",
        "--activation",
        "relu,tanh",
        "--steps",
        "3",
        "--save",
        s,
        "--quiet",
    ]);
    assert!(ok, "{out}{err}");
    let file = read_json(&saved);
    let acts: Vec<&str> = file["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(|l| l["activation"].as_str().expect("named"))
        .collect();
    assert_eq!(acts, ["relu", "tanh", "sigmoid"]);
    let (ok, _, err) = run(&[
        "train",
        "--hidden",
        "4,3,2",
        "--activation",
        "relu,tanh",
        "--steps",
        "3",
    ]);
    assert!(!ok);
    assert!(err.contains("2 activations for 3 hidden layers"), "{err:?}");
    assert_eq!(err.trim().lines().count(), 1, "{err:?}");
    let (ok, _, err) = run(&["train", "--features", "x1,x3", "--steps", "1"]);
    assert!(!ok);
    assert!(err.contains("unknown feature \"x3\""), "{err:?}");
}

#[test]
fn per_layer_activations_really_differ_in_the_forward_pass() {
    // 2-2-2-1: layer 1 ReLU, layer 2 tanh, sigmoid output; by hand at x = (1, −2):
    // z¹ = (1·1 + (−2)·0.5 + 0.5, 1·(−1) + (−2)·1 + 0) = (0.5, −3) → a¹ = relu = (0.5, 0);
    // z² = (0.5·2 + 0·1 − 0.5, 0.5·(−1) + 0·3 + 0.25) = (0.5, −0.25) → a² = tanh;
    // z³ = a²₁ − a²₂ → σ.
    let layer = |w: Vec<f64>, rows: usize, b: Vec<f64>| {
        let cols = b.len();
        Layer::new(
            ndarray::Array2::from_shape_vec((rows, cols), w).expect("shape"),
            ndarray::Array1::from(b),
        )
        .expect("fits")
    };
    let layers = vec![
        layer(vec![1.0, -1.0, 0.5, 1.0], 2, vec![0.5, 0.0]),
        layer(vec![2.0, -1.0, 1.0, 3.0], 2, vec![-0.5, 0.25]),
        layer(vec![1.0, -1.0], 2, vec![0.0]),
    ];
    let mixed = Mlp::from_layers_with(
        layers.clone(),
        vec![Activation::Relu, Activation::Tanh],
        Output::Sigmoid,
    )
    .expect("valid");
    let by_hand = {
        let z3 = 0.5f64.tanh() - (-0.25f64).tanh();
        1.0 / (1.0 + (-z3).exp())
    };
    let out = mixed.forward_point(&[1.0, -2.0]);
    assert_eq!(out[0].1, vec![0.5, 0.0]);
    assert_eq!(out[1].1, vec![0.5f64.tanh(), (-0.25f64).tanh()]);
    assert!((out[2].1[0] - by_hand).abs() < 1e-15);
    // The fast kernels agree, and the same layers with the activations swapped differ.
    let x = ndarray::array![[1.0, -2.0]];
    let fast = mixed.predict_many(&x.view(), false, &mut Workspace::default());
    assert!((fast[[0, 0]] - by_hand).abs() < 1e-12);
    let swapped = Mlp::from_layers_with(
        layers,
        vec![Activation::Tanh, Activation::Relu],
        Output::Sigmoid,
    )
    .expect("valid");
    assert!((swapped.predict(&[1.0, -2.0])[0] - by_hand).abs() > 1e-3);
    assert_eq!(mixed.uniform_activation(), None);
}

#[test]
fn a_scenario_sets_features_and_the_saved_model_reads_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sc = dir.path().join("s.json");
    std::fs::write(
        &sc,
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"dataset": "circle", "hidden": "none", "lr": 1},
            "actions": [{"step": 5}, {"set": {"features": "x1sq,x2sq"}}, {"step": 300}]}"#,
    )
    .expect("written");
    let saved = dir.path().join("m.json");
    let report = dir.path().join("r.json");
    cmd()
        .arg("run")
        .arg(&sc)
        .arg("--save")
        .arg(&saved)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let file = read_json(&saved);
    assert_eq!(file["inputs"], serde_json::json!(["x1sq", "x2sq"]));
    assert!(read_json(&report)["accuracy"].as_f64().expect("a number") >= 0.95);
}

#[test]
fn loading_a_model_with_other_inputs_switches_the_features_and_says_so() {
    let data = Dataset::from_rows(
        &[[0.1, 0.2], [0.9, -0.8], [-0.2, 0.1], [-1.0, 0.7]],
        vec![0, 1, 0, 1],
    )
    .expect("valid");
    let config = TrainConfig {
        hidden_sizes: vec![3],
        ..TrainConfig::default()
    };
    let mut session = Session::new(Trainer::new(&config, data, None).expect("valid"));
    let sq = Features::parse_list("x1sq,x2sq").expect("valid");
    let text = perceptron_lab::nn::model_file::model_to_json(
        &Model::Perceptron(perceptron_lab::nn::Perceptron::from_augmented(&[
            -0.3, 1.0, 1.0,
        ])),
        sq,
    );
    let loaded: SavedModel = parse_model(&text, "p.json").expect("valid");
    let notices = session.apply(SessionCommand::LoadModel(loaded));
    assert!(
        notices.contains(&Notice::FeaturesSwitched {
            from: Features::default(),
            to: sq
        }),
        "{notices:?}"
    );
    let t = session.viewed_trainer();
    assert_eq!(t.config().features, sq);
    // Inside the circle x₁² + x₂² = 0.3 is class 0: every point is right.
    assert_eq!(t.metrics().misclassified, 0);
    let text = perceptron_lab::gui::notices::text(
        &Notice::FeaturesSwitched {
            from: Features::default(),
            to: sq,
        },
        perceptron_lab::gui::i18n::Lang::Vi,
    );
    assert!(text.contains("x₁², x₂²"), "{text}");
}

#[test]
fn the_kernels_backpropagate_through_each_layers_own_activation() {
    // A 3-input network with ReLU then tanh then sigmoid hidden layers: the fast kernels'
    // gradient (every compiled path) equals the readable ndarray backprop.
    let features = Features::parse_list("x1,x2,x1x2").expect("valid");
    let rows: Vec<[f64; 2]> = (0..37)
        .map(|i| {
            let t = i as f64 * 0.37;
            [t.sin() * 1.3, (1.7 * t).cos() - 0.2]
        })
        .collect();
    let classes: Vec<usize> = (0..37).map(|i| (i * 7 % 3) % 2).collect();
    let data = features.apply(&Dataset::from_rows(&rows, classes.clone()).expect("valid"));
    let mlp = Mlp::with_activations(
        &[3, 9, 6, 5, 1],
        &[Activation::Relu, Activation::Tanh, Activation::Sigmoid],
        Output::Sigmoid,
        Default::default(),
        5,
    )
    .expect("valid");
    let x = data.feature_major();
    let idx: Vec<usize> = (0..37).collect();
    let loss = perceptron_lab::nn::Loss::CrossEntropy;
    let (parts, reference) =
        perceptron_lab::nn::backprop::gradient(&mlp, data.points.view(), &data.classes, loss, 0.01);
    for simd in [false, true] {
        let batch = perceptron_lab::nn::BatchData {
            x: &x,
            n_total: 37,
            classes: &data.classes,
        };
        let (p, g) = mlp.gradient_on(simd, batch, &idx, loss, 0.01, &mut Workspace::default());
        assert!((p.data_loss - parts.data_loss).abs() < 1e-12);
        for (a, b) in g.weights.iter().zip(&reference.weights) {
            assert!((a - b).iter().all(|d| d.abs() < 1e-12), "simd {simd}");
        }
        for (a, b) in g.bias.iter().zip(&reference.bias) {
            assert!((a - b).iter().all(|d| d.abs() < 1e-12), "simd {simd}");
        }
    }
    // The same weights with one activation for all give another gradient.
    let uniform =
        Mlp::from_layers(mlp.layers().to_vec(), Activation::Tanh, Output::Sigmoid).expect("valid");
    let (_, other) = perceptron_lab::nn::backprop::gradient(
        &uniform,
        data.points.view(),
        &data.classes,
        loss,
        0.01,
    );
    assert!(
        (&other.weights[0] - &reference.weights[0])
            .iter()
            .any(|d| d.abs() > 1e-6)
    );
}

//! One point's backprop numbers (COURSE §7, `perceptron-lab explain`) against independent
//! references: a plain loop-by-loop implementation of §7 written here, centred finite
//! differences of the point's loss `J = J₀ + λ/2 ΣW²`, and the lecture's Eg. 1 worked by hand
//! (with the errata of COURSE §8) through the command line.

use assert_cmd::Command;
use ndarray::array;
use perceptron_lab::nn::explain::{PointBackprop, explain_point};
use perceptron_lab::nn::model_file::model_to_json;
use perceptron_lab::nn::{Activation, Init, Layer, Loss, Mlp, Model, Output, Perceptron};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The lecture's Eg. 1 network (2-2-1, sigmoid in both layers), with the weights
/// tests/gradients.rs `lecture_example_one_by_hand` uses.
fn lecture_eg1() -> Mlp {
    Mlp::from_layers(
        vec![
            Layer::new(array![[0.3, -0.5], [0.8, 0.2]], array![0.1, -0.2]).expect("fits"),
            Layer::new(array![[0.7], [-1.1]], array![0.05]).expect("fits"),
        ],
        Activation::Sigmoid,
        Output::Sigmoid,
    )
    .expect("valid")
}

/// A 2-3-3-3 tanh network with a softmax output.
fn tanh_softmax() -> Mlp {
    Mlp::new(
        &[2, 3, 3, 3],
        Activation::Tanh,
        Output::Softmax,
        Init::Auto,
        7,
    )
    .expect("valid")
}

// ---- An independent reference of COURSE §7: plain loops, the textbook formulas. ----

struct Reference {
    loss: f64,
    reg_loss: f64,
    z: Vec<Vec<f64>>,
    a: Vec<Vec<f64>>,
    e: Vec<Vec<f64>>,
    dw: Vec<Vec<Vec<f64>>>,
}

fn f(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        other => panic!("the reference covers sigmoid and tanh, not {other}"),
    }
}

fn f_prime(act: Activation, z: f64) -> f64 {
    let a = f(act, z);
    match act {
        Activation::Sigmoid => a * (1.0 - a),
        _ => 1.0 - a * a,
    }
}

/// `a⁽ᴸ⁾` from `z⁽ᴸ⁾`: σ per unit, or `e^{z_j}/Σ_k e^{z_k}`.
fn output(mlp: &Mlp, z: &[f64]) -> Vec<f64> {
    match mlp.output() {
        Output::Sigmoid => z.iter().map(|&v| f(Activation::Sigmoid, v)).collect(),
        _ => {
            let s: f64 = z.iter().map(|v| v.exp()).sum();
            z.iter().map(|v| v.exp() / s).collect()
        }
    }
}

/// `e⁽ᴸ⁾ = ∂J₀/∂z⁽ᴸ⁾` from the chain rule through `∂J₀/∂a` and the output's Jacobian.
fn output_error(mlp: &Mlp, a: &[f64], t: &[f64], loss: Loss) -> Vec<f64> {
    let d_a: Vec<f64> = match loss {
        Loss::CrossEntropy => (0..a.len())
            .map(|j| match mlp.output() {
                Output::Sigmoid => -(t[j] / a[j]) + (1.0 - t[j]) / (1.0 - a[j]),
                _ => -t[j] / a[j],
            })
            .collect(),
        Loss::Mse => (0..a.len()).map(|j| 2.0 * (a[j] - t[j])).collect(),
    };
    (0..a.len())
        .map(|k| match mlp.output() {
            Output::Sigmoid => d_a[k] * a[k] * (1.0 - a[k]),
            // ∂a_j/∂z_k = a_j(δ_jk − a_k)
            _ => (0..a.len())
                .map(|j| d_a[j] * a[j] * (f64::from(u8::from(j == k)) - a[k]))
                .sum(),
        })
        .collect()
}

fn reference(mlp: &Mlp, x: &[f64], class: usize, loss: Loss, lambda: f64) -> Reference {
    let layers = mlp.layers();
    let big_l = layers.len();
    let (mut z, mut a) = (Vec::new(), vec![x.to_vec()]);
    for (l, layer) in layers.iter().enumerate() {
        let (w, b) = (layer.weights(), layer.bias());
        let zl: Vec<f64> = (0..layer.units())
            .map(|j| {
                (0..layer.inputs())
                    .map(|i| w[[i, j]] * a[l][i])
                    .sum::<f64>()
                    + b[j]
            })
            .collect();
        let al = if l + 1 == big_l {
            output(mlp, &zl)
        } else {
            zl.iter()
                .map(|&v| f(mlp.hidden_activations()[l], v))
                .collect()
        };
        z.push(zl);
        a.push(al);
    }
    let out = &a[big_l];
    let t: Vec<f64> = if out.len() == 1 {
        vec![class as f64]
    } else {
        (0..out.len())
            .map(|j| f64::from(u8::from(j == class)))
            .collect()
    };
    let loss_value = match (loss, out.len()) {
        (Loss::CrossEntropy, 1) => -(t[0] * out[0].ln() + (1.0 - t[0]) * (1.0 - out[0]).ln()),
        (Loss::CrossEntropy, _) => -out[class].ln(),
        (Loss::Mse, _) => out.iter().zip(&t).map(|(a, t)| (t - a) * (t - a)).sum(),
    };
    let mut e = vec![Vec::new(); big_l];
    e[big_l - 1] = output_error(mlp, out, &t, loss);
    for l in (0..big_l - 1).rev() {
        let w_next = layers[l + 1].weights();
        e[l] = (0..layers[l].units())
            .map(|j| {
                let back: f64 = (0..w_next.ncols())
                    .map(|k| w_next[[j, k]] * e[l + 1][k])
                    .sum();
                back * f_prime(mlp.hidden_activations()[l], z[l][j])
            })
            .collect();
    }
    let dw = layers
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            (0..layer.inputs())
                .map(|i| {
                    (0..layer.units())
                        .map(|j| a[l][i] * e[l][j] + lambda * layer.weights()[[i, j]])
                        .collect()
                })
                .collect()
        })
        .collect();
    let sum_sq: f64 = layers
        .iter()
        .flat_map(|l| l.weights().iter())
        .map(|w| w * w)
        .sum();
    Reference {
        loss: loss_value,
        reg_loss: lambda / 2.0 * sum_sq,
        z,
        a: a[1..].to_vec(),
        e,
        dw,
    }
}

fn assert_close(got: f64, want: f64, tol: f64, what: &str) {
    let scale = want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tol * scale,
        "{what}: {got} vs {want} (diff {:e})",
        (got - want).abs()
    );
}

fn assert_vec(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert_close(*g, *w, tol, &format!("{what}[{k}]"));
    }
}

fn check_against_reference(mlp: &Mlp, x: &[f64], class: usize, loss: Loss, lambda: f64) {
    let p = explain_point(mlp, x, class, loss, lambda).expect("explained");
    let r = reference(mlp, x, class, loss, lambda);
    let what = format!("{:?} {loss} λ={lambda} c={class}", mlp.sizes());
    assert_close(p.data_loss, r.loss, 1e-12, &format!("{what} J₀"));
    assert_close(p.reg_loss, r.reg_loss, 1e-12, &format!("{what} reg"));
    assert_eq!(p.layers.len(), mlp.layer_count());
    for (l, layer) in p.layers.iter().enumerate() {
        let at = format!("{what} layer {}", l + 1);
        assert_vec(&layer.z, &r.z[l], 1e-12, &format!("{at} z"));
        assert_vec(&layer.a, &r.a[l], 1e-12, &format!("{at} a"));
        assert_vec(&layer.e, &r.e[l], 1e-12, &format!("{at} e"));
        assert_vec(&layer.db, &r.e[l], 1e-12, &format!("{at} db"));
        assert_eq!(layer.dw.len(), mlp.layers()[l].inputs(), "{at}: dW rows");
        for (i, row) in layer.dw.iter().enumerate() {
            assert_vec(row, &r.dw[l][i], 1e-12, &format!("{at} dW row {i}"));
        }
    }
}

// ---- Finite differences of J = J₀ + λ/2 ΣW² (the point's loss). ----

fn point_loss(mlp: &Mlp, x: &[f64], class: usize, loss: Loss, lambda: f64) -> f64 {
    explain_point(mlp, x, class, loss, lambda)
        .expect("explained")
        .total_loss()
}

fn check_finite_differences(mlp: &Mlp, x: &[f64], class: usize, loss: Loss, lambda: f64) {
    let p: PointBackprop = explain_point(mlp, x, class, loss, lambda).expect("explained");
    let j = |m: &Mlp| point_loss(m, x, class, loss, lambda);
    for h in [1e-5, 1e-6] {
        for (l, layer) in mlp.layers().iter().enumerate() {
            for i in 0..layer.inputs() {
                for k in 0..layer.units() {
                    let w = layer.weights()[[i, k]];
                    let (mut plus, mut minus) = (mlp.clone(), mlp.clone());
                    plus.set_weight(l, i, k, w + h);
                    minus.set_weight(l, i, k, w - h);
                    let numeric = (j(&plus) - j(&minus)) / (2.0 * h);
                    let what = format!("h={h} ∂J/∂w{i}{k} layer {}", l + 1);
                    assert_close(p.layers[l].dw[i][k], numeric, 1e-7, &what);
                }
            }
            for k in 0..layer.units() {
                let b = layer.bias()[k];
                let (mut plus, mut minus) = (mlp.clone(), mlp.clone());
                plus.set_bias(l, k, b + h);
                minus.set_bias(l, k, b - h);
                let numeric = (j(&plus) - j(&minus)) / (2.0 * h);
                let what = format!("h={h} ∂J/∂b{k} layer {}", l + 1);
                assert_close(p.layers[l].db[k], numeric, 1e-7, &what);
            }
        }
    }
}

#[test]
fn lecture_network_matches_the_reference_and_finite_differences() {
    let mlp = lecture_eg1();
    for (x, class) in [([0.6, -0.4], 1), ([0.6, -0.4], 0), ([-1.5, 2.0], 1)] {
        for lambda in [0.0, 0.1] {
            for loss in [Loss::CrossEntropy, Loss::Mse] {
                check_against_reference(&mlp, &x, class, loss, lambda);
                check_finite_differences(&mlp, &x, class, loss, lambda);
            }
        }
    }
}

#[test]
fn tanh_softmax_network_with_lambda_matches_the_reference_and_finite_differences() {
    let mlp = tanh_softmax();
    for (x, class) in [([0.6, -0.4], 0), ([0.3, 0.9], 1), ([-1.2, 0.5], 2)] {
        for loss in [Loss::CrossEntropy, Loss::Mse] {
            check_against_reference(&mlp, &x, class, loss, 0.05);
            check_finite_differences(&mlp, &x, class, loss, 0.05);
        }
    }
}

#[test]
fn the_reference_can_tell_a_wrong_answer() {
    // The comparison must be able to fail: the numbers for another class or λ differ.
    let mlp = tanh_softmax();
    let x = [0.3, 0.9];
    let p = explain_point(&mlp, &x, 1, Loss::CrossEntropy, 0.05).expect("explained");
    let other_class = reference(&mlp, &x, 2, Loss::CrossEntropy, 0.05);
    let other_lambda = reference(&mlp, &x, 1, Loss::CrossEntropy, 0.0);
    assert!((p.layers[0].e[0] - other_class.e[0][0]).abs() > 1e-6);
    assert!((p.layers[2].dw[0][0] - other_lambda.dw[2][0][0]).abs() > 1e-6);
}

// ---- Through the command line. ----

fn cmd() -> Command {
    Command::cargo_bin("perceptron-lab").expect("the binary is built")
}

/// Runs and returns (success, stdout, stderr).
fn run(args: &[&str]) -> (bool, String, String) {
    let out = cmd().args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_model(dir: &Path, name: &str, model: &Model) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, model_to_json(model, Default::default())).expect("written");
    path
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// The lecture's Eg. 1 worked by hand (COURSE §8's errata applied), checked against
/// `explain --json`: every ∂J/∂w_ij⁽ˡ⁾ of the slide, with w_ij joining unit i of layer l−1 to
/// unit j of layer l.
#[test]
fn lecture_example_one_by_hand_through_explain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(dir.path(), "eg1.json", &Model::Mlp(lecture_eg1()));
    let path = model.to_str().expect("utf-8");
    let (ok, stdout, stderr) = run(&[
        "explain", "--model", path, "--point", "0.6,-0.4", "--label", "1", "--json",
    ]);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("stdout is only JSON");
    let keys: Vec<&String> = v.as_object().expect("an object").keys().collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    // By hand: W⁽¹⁾ = [[0.3, −0.5], [0.8, 0.2]], b⁽¹⁾ = (0.1, −0.2), W⁽²⁾ = (0.7, −1.1)ᵀ,
    // b⁽²⁾ = 0.05, x = (0.6, −0.4), y = 1.
    let (x1, x2, y) = (0.6, -0.4, 1.0);
    let (w11_2, w21_2) = (0.7, -1.1);
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let z1 = 0.1 + x1 * 0.3 + x2 * 0.8;
    let z2 = -0.2 + x1 * -0.5 + x2 * 0.2;
    let (a1, a2) = (s(z1), s(z2));
    let z = 0.05 + a1 * w11_2 + a2 * w21_2;
    let a = s(z);
    let d = a - y;
    let tol = 1e-14;
    assert_close(v["loss"].as_f64().expect("J₀"), -a.ln(), tol, "J₀ = −ln a");
    assert_eq!(v["reg_loss"].as_f64(), Some(0.0));
    let l1 = &v["layers"][0];
    let l2 = &v["layers"][1];
    assert_vec(&numbers(&l1["z"]), &[z1, z2], tol, "z⁽¹⁾");
    assert_vec(&numbers(&l1["a"]), &[a1, a2], tol, "a⁽¹⁾");
    assert_vec(&numbers(&l2["z"]), &[z], tol, "z⁽²⁾");
    assert_vec(&numbers(&l2["a"]), &[a], tol, "a⁽²⁾");
    assert_vec(&numbers(&l2["e"]), &[d], tol, "e⁽²⁾ = a − y");
    let dw2 = &l2["dW"];
    assert_close(dw2[0][0].as_f64().expect("n"), a1 * d, tol, "∂J/∂w₁₁⁽²⁾");
    // Erratum: the slide's left side says w₁₁⁽²⁾; it is ∂J/∂w₂₁⁽²⁾.
    assert_close(dw2[1][0].as_f64().expect("n"), a2 * d, tol, "∂J/∂w₂₁⁽²⁾");
    assert_vec(&numbers(&l2["db"]), &[d], tol, "∂J/∂b₁⁽²⁾ = a − y");
    let dw1 = &l1["dW"];
    let by_hand = [
        ((0, 0), x1 * a1 * (1.0 - a1) * w11_2 * d, "∂J/∂w₁₁⁽¹⁾"),
        // Erratum: uses w₂₁⁽²⁾, not w₁₁⁽²⁾.
        ((0, 1), x1 * a2 * (1.0 - a2) * w21_2 * d, "∂J/∂w₁₂⁽¹⁾"),
        // Erratum: x₂·a₁(1−a₁)·w₁₁⁽²⁾·(a−y).
        ((1, 0), x2 * a1 * (1.0 - a1) * w11_2 * d, "∂J/∂w₂₁⁽¹⁾"),
        ((1, 1), x2 * a2 * (1.0 - a2) * w21_2 * d, "∂J/∂w₂₂⁽¹⁾"),
    ];
    for ((i, j), want, what) in by_hand {
        assert_close(dw1[i][j].as_f64().expect("n"), want, tol, what);
    }
    // Erratum: the slide's last line is ∂J/∂b₁⁽¹⁾.
    let db1 = [a1 * (1.0 - a1) * w11_2 * d, a2 * (1.0 - a2) * w21_2 * d];
    assert_vec(&numbers(&l1["db"]), &db1, tol, "∂J/∂b⁽¹⁾");
    assert_vec(&numbers(&l1["e"]), &db1, tol, "e⁽¹⁾");
}

#[test]
fn text_output_uses_the_lectures_notation_and_shows_the_lambda_term() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(dir.path(), "eg1.json", &Model::Mlp(lecture_eg1()));
    let path = model.to_str().expect("utf-8");
    let (ok, stdout, stderr) = run(&[
        "explain", "--model", path, "--point", "0.6,-0.4", "--label", "1", "--lambda", "0.5",
    ]);
    assert!(ok, "{stderr}");
    for piece in [
        "z⁽¹⁾",
        "a⁽²⁾",
        "e⁽²⁾ = a − t",
        "e⁽¹⁾ = (W⁽²⁾e⁽²⁾) ⊙ f′(z⁽¹⁾)",
    ] {
        assert!(stdout.contains(piece), "`{piece}` missing:\n{stdout}");
    }
    // ∂J/∂w₂₁⁽²⁾ = a₂⁽¹⁾e₁⁽²⁾ + λw₂₁⁽²⁾ with λw₂₁⁽²⁾ = 0.5 · (−1.1) shown on its own.
    let line = stdout
        .lines()
        .find(|l| l.contains("∂J/∂w₂₁⁽²⁾"))
        .expect("a line for w₂₁⁽²⁾");
    assert!(
        line.contains("a₂⁽¹⁾·e₁⁽²⁾ + λw₂₁⁽²⁾") && line.contains("+ -0.55 ="),
        "{line}"
    );
    assert!(stdout.contains("λ/2 Σ‖W‖² = 0.5/2 ·"), "{stdout}");
    assert!(stdout.contains("∂J/∂b₂⁽¹⁾ = e₂⁽¹⁾ = "), "{stdout}");
}

#[test]
fn a_sign_network_shows_its_forward_pass_only() {
    let xor = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/models/xor-sign.json");
    let path = xor.to_str().expect("utf-8");
    let (ok, stdout, stderr) = run(&["explain", "--model", path, "--point", "0,1", "--label", "1"]);
    assert!(ok, "{stderr}");
    // z⁽¹⁾ = (3 − 2, −1 + 2) = (1, 1), a⁽¹⁾ = (1, 1), z⁽²⁾ = 1, a⁽²⁾ = +1.
    assert!(stdout.contains("z⁽¹⁾ = (1, 1)"), "{stdout}");
    assert!(stdout.contains("a⁽²⁾ = sign(z⁽²⁾) = (1)"), "{stdout}");
    assert!(
        stdout.contains("no backward pass") && stdout.contains("sign′ = 0"),
        "{stdout}"
    );
    let (ok, stdout, stderr) = run(&[
        "explain", "--model", path, "--point", "1,1", "--label", "0", "--json",
    ]);
    assert!(ok && stderr.contains("sign′ = 0"), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("stdout is only JSON");
    assert!(v["loss"].is_null() && v["layers"][1]["e"].is_null());
    assert_eq!(numbers(&v["layers"][1]["a"]), vec![-1.0]);
}

#[test]
fn a_perceptron_shows_f_membership_of_m_and_its_update() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = Perceptron::from_augmented(&[1.0, -1.0, 0.5]);
    let model = write_model(dir.path(), "p.json", &Model::Perceptron(p));
    let path = model.to_str().expect("utf-8");
    // f = 1 − 2 + 0.5·2 = 0 → sign(0) = +1, class 0 (y = −1): in M; α y x̄ = −0.5·(1, 2, 2).
    let (ok, stdout, stderr) = run(&[
        "explain", "--model", path, "--point", "2,2", "--label", "0", "--lr", "0.5",
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("f_w(x) = w̄ᵀx̄ = 0"), "{stdout}");
    assert!(stdout.contains("in M"), "{stdout}");
    assert!(stdout.contains("= (-0.5, -1, -1)"), "{stdout}");
    let (ok, stdout, _) = run(&[
        "explain", "--model", path, "--point", "2,2", "--label", "1", "--json",
    ]);
    assert!(ok);
    let v: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["misclassified"], Value::Bool(false));
    assert!(v["update"].is_null());
    assert_eq!(v["f"].as_f64(), Some(0.0));
}

#[test]
fn bad_input_gets_one_line_and_a_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(dir.path(), "eg1.json", &Model::Mlp(lecture_eg1()));
    let softmax = write_model(dir.path(), "s.json", &Model::Mlp(tanh_softmax()));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ \"format\": ").expect("written");
    let m = model.to_str().expect("utf-8");
    let cases: [(Vec<&str>, &str); 10] = [
        (
            vec!["--model", m, "--point", "1;2", "--label", "1"],
            "not a point",
        ),
        (
            vec!["--model", m, "--point", "1,2,3", "--label", "1"],
            "not a point",
        ),
        (
            vec!["--model", m, "--point", "1,x", "--label", "1"],
            "`x` is not a number",
        ),
        (
            vec!["--model", m, "--point", "nan,1", "--label", "1"],
            "not a finite number",
        ),
        (
            vec!["--model", m, "--point", "1,2", "--label", "2"],
            "label 2 is not a class",
        ),
        (
            vec![
                "--model",
                softmax.to_str().expect("utf-8"),
                "--point",
                "1,2",
                "--label",
                "3",
            ],
            "its classes are 0 to 2",
        ),
        (
            vec![
                "--model", m, "--point", "1,2", "--label", "1", "--lambda", "-1",
            ],
            "λ must be ≥ 0",
        ),
        (
            vec!["--model", m, "--point", "1,2", "--label", "1", "--lr", "2"],
            "--lr applies",
        ),
        (
            vec![
                "--model",
                broken.to_str().expect("utf-8"),
                "--point",
                "1,2",
                "--label",
                "1",
            ],
            "broken.json",
        ),
        (
            vec![
                "--model",
                "/nonexistent/m.json",
                "--point",
                "1,2",
                "--label",
                "1",
            ],
            "m.json",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["explain"];
        all.extend(&args);
        let (ok, stdout, stderr) = run(&all);
        assert!(!ok, "{args:?} should fail");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error:") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn flags_of_the_other_model_kind_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = write_model(
        dir.path(),
        "p.json",
        &Model::Perceptron(Perceptron::zeros(2)),
    );
    let p = p.to_str().expect("utf-8");
    for (extra, says) in [
        (["--lr", "0"], "--lr must be > 0"),
        (["--loss", "mse"], "apply to an MLP"),
        (["--lambda", "0.1"], "apply to an MLP"),
    ] {
        let mut args = vec!["explain", "--model", p, "--point", "1,2", "--label", "0"];
        args.extend(extra);
        let (ok, stdout, stderr) = run(&args);
        assert!(!ok && stdout.is_empty(), "{extra:?}");
        assert_eq!(stderr.lines().count(), 1, "{extra:?}: {stderr}");
        assert!(stderr.contains(says), "{extra:?}: {stderr}");
    }
}

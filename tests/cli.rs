//! The command line end to end: the acceptance runs (shortened where they only need
//! to show the mechanism), the report format, determinism, and every bad input.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn cmd() -> Command {
    Command::cargo_bin("perceptron-lab").expect("the binary is built")
}

fn xor_model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/models/xor-sign.json")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
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

#[test]
fn train_writes_a_complete_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("r.json");
    let (ok, stdout, _) = run(&[
        "train",
        "--dataset",
        "spiral",
        "--classes",
        "3",
        "--points",
        "100",
        "--hidden",
        "100",
        "--lr",
        "1",
        "--lambda",
        "1e-3",
        "--steps",
        "300",
        "--report",
        report.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{stdout}");
    let r = read_json(&report);
    assert_eq!(r["steps"], 300);
    assert_eq!(r["epochs"], 300);
    assert_eq!(r["converged"], false);
    let acc = r["accuracy"].as_f64().expect("a number");
    assert!((0.0..=1.0).contains(&acc));
    let (loss, data, reg) = (
        r["loss"].as_f64().expect("loss"),
        r["data_loss"].as_f64().expect("data_loss"),
        r["reg_loss"].as_f64().expect("reg_loss"),
    );
    assert!((loss - (data + reg)).abs() < 1e-12 && reg > 0.0);
    assert!(r["misclassified"].is_u64());
    assert!(r["elapsed_s"].as_f64().expect("elapsed") > 0.0);
    assert!(r["steps_per_s"].as_f64().expect("speed") > 0.0);
    let history = r["history"].as_array().expect("history");
    assert!(history.len() > 10 && history.len() <= 512);
    assert!(
        history[0]["loss"].as_f64().expect("loss")
            > history[history.len() - 1]["loss"].as_f64().expect("loss")
    );
}

#[test]
fn the_same_flags_save_byte_identical_models() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = (0..2)
        .map(|i| dir.path().join(format!("m{i}.json")))
        .collect();
    for f in &files {
        let (ok, _, err) = run(&[
            "train",
            "--hidden",
            "8,8",
            "--activation",
            "tanh",
            "--update",
            "minibatch",
            "--batch-size",
            "16",
            "--steps",
            "200",
            "--seed",
            "7",
            "--save",
            f.to_str().expect("utf-8"),
        ]);
        assert!(ok, "{err}");
    }
    let (a, b) = (
        std::fs::read(&files[0]).expect("a"),
        std::fs::read(&files[1]).expect("b"),
    );
    assert_eq!(a, b);
    // And the saved model evaluates to the accuracy the run reported.
    let (ok, stdout, err) = run(&[
        "eval",
        "--model",
        files[0].to_str().expect("utf-8"),
        "--dataset",
        "spiral",
        "--seed",
        "7",
    ]);
    assert!(ok && stdout.starts_with("accuracy "), "{err}");
}

#[test]
fn eval_of_the_lecture_xor_network() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("e.json");
    let (ok, stdout, err) = run(&[
        "eval",
        "--model",
        xor_model().to_str().expect("utf-8"),
        "--dataset",
        "xor",
        "--report",
        report.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    assert!(stdout.contains("accuracy 1.0000"), "{stdout}");
    let r = read_json(&report);
    assert_eq!(r["accuracy"], 1.0);
    assert_eq!(r["loss"], Value::Null);
    assert_eq!(r["misclassified"], 0);
    let outputs: Vec<f64> = r["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert_eq!(outputs, vec![-1.0, 1.0, 1.0, -1.0]);
}

#[test]
fn pla_converges_on_the_gates_and_not_on_xor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("p.json");
    let r = report.to_str().expect("utf-8");
    for rule in ["batch", "minibatch", "sgd", "online"] {
        for gate in ["and", "or", "nand", "xor"] {
            let (ok, stdout, err) = run(&[
                "train",
                "--model",
                "perceptron",
                "--dataset",
                gate,
                "--update",
                rule,
                "--batch-size",
                "2",
                "--epochs",
                "300",
                "--report",
                r,
            ]);
            assert!(ok, "{gate} {rule}: {err}");
            let j = read_json(&report);
            assert_eq!(j["converged"], gate != "xor", "{gate} {rule}: {stdout}");
            if gate == "xor" {
                assert!(stdout.contains("not converged"));
                assert!(j["accuracy"].as_f64().expect("accuracy") < 1.0);
            } else {
                assert_eq!(j["accuracy"], 1.0);
            }
        }
    }
}

#[test]
fn gradcheck_prints_one_line_per_layer() {
    for (act, loss) in [
        ("sigmoid", "cross-entropy"),
        ("tanh", "mse"),
        ("tanh", "cross-entropy"),
    ] {
        let (ok, stdout, err) = run(&[
            "gradcheck",
            "--hidden",
            "6,5",
            "--activation",
            act,
            "--loss",
            loss,
            "--lambda",
            "0.01",
            "--classes",
            "3",
            "--points",
            "15",
        ]);
        assert!(ok, "{err}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{stdout}");
        for (l, line) in lines.iter().enumerate() {
            let prefix = format!("layer {}: worst relative error ", l + 1);
            let value: f64 = line
                .strip_prefix(&prefix)
                .expect("the format")
                .parse()
                .expect("a number");
            assert!(value < 1e-6, "{line}");
            assert!(line.contains('e'), "Rust's {{:e}} form: {line}");
        }
    }
}

#[test]
fn help_documents_every_flag_with_its_default() {
    let (ok, stdout, _) = run(&["train", "--help"]);
    assert!(ok);
    for flag in [
        "--model",
        "--dataset",
        "--data",
        "--classes",
        "--points",
        "--noise",
        "--seed",
        "--init-seed",
        "--hidden",
        "--activation",
        "--loss",
        "--lr",
        "--lambda",
        "--update",
        "--batch-size",
        "--steps",
        "--epochs",
        "--init",
        "--init-scale",
        "--save",
        "--report",
        "--pocket",
    ] {
        assert!(stdout.contains(flag), "{flag} missing from --help");
    }
    assert!(stdout.matches("[default:").count() >= 12, "{stdout}");
}

/// Writes `bytes` to a file and runs `train --data` on it.
fn train_on_file(name: &str, bytes: &[u8]) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("written");
    run(&[
        "train",
        "--data",
        path.to_str().expect("utf-8"),
        "--steps",
        "5",
        "--hidden",
        "4",
    ])
}

fn assert_one_clear_line(ok: bool, err: &str, expected: &str) {
    assert!(!ok, "must fail: {expected}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(expected), "{err:?} lacks {expected:?}");
}

#[test]
fn bad_data_files_are_refused_with_file_line_and_column() {
    let cases: [(&[u8], &str); 10] = [
        (b"", "bad.csv: the file is empty"),
        (b"x,y,c\n0,0,0\n", "bad.csv: line 1: the header must be"),
        (
            b"x1,x2,label\n0,0,0\n1\n",
            "bad.csv: line 3: expected 3 columns",
        ),
        (
            b"x1,x2,label\n0,zero,0\n1,1,1\n",
            "bad.csv: line 2, column 2 (x2): `zero` is not a number",
        ),
        (
            b"x1,x2,label\n0,0,0\nNaN,1,1\n",
            "bad.csv: line 3, column 1 (x1): `NaN` is not a finite number",
        ),
        (
            b"x1,x2,label\n0,0,-1\n1,1,1\n",
            "bad.csv: line 2, column 3 (label): `-1` is not a class index",
        ),
        (
            b"x1,x2,label\n0,0,0.5\n1,1,1\n",
            "line 2, column 3 (label): `0.5` is not a class index",
        ),
        (
            b"x1,x2,label\n0,0,1\n1,1,1\n",
            "bad.csv: every point has class 1",
        ),
        (
            b"x1,x2,label\n0,0,0\n1,\xfe,1\n",
            "bad.csv: line 3, column 2 (x2): bytes that are not UTF-8",
        ),
        (
            b"x1,x2,label\n1,1,inf\n0,0,0\n",
            "line 2, column 3 (label): `inf` is not a finite number",
        ),
    ];
    for (bytes, expected) in cases {
        let (ok, _, err) = train_on_file("bad.csv", bytes);
        assert_one_clear_line(ok, &err, expected);
    }
}

#[test]
fn more_than_a_million_rows_is_refused() {
    let mut text = String::with_capacity(7_000_000);
    text.push_str("x1,x2,label\n");
    for i in 0..1_000_001 {
        text.push_str(if i % 2 == 0 { "0,0,0\n" } else { "1,1,1\n" });
    }
    let (ok, _, err) = train_on_file("big.csv", text.as_bytes());
    assert_one_clear_line(
        ok,
        &err,
        "big.csv: line 1000002: more than 1000000 data rows",
    );
}

#[test]
fn bad_flags_and_models_are_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad_model = dir.path().join("m.json");
    std::fs::write(
        &bad_model,
        "{\"format\": \"perceptron-lab/model@1\", \"kind\": \"mlp\"",
    )
    .expect("written");
    let missing = dir.path().join("none.csv");
    let xor = xor_model();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["train", "--points", "600000"],
            "1200000 points in all is more than the limit of 1000000",
        ),
        (
            vec!["train", "--points", "2000000", "--dataset", "moons"],
            "more than the limit",
        ),
        (
            vec!["train", "--lr", "-1"],
            "learning rate must be a number in (0, 1000] (got -1)",
        ),
        (vec!["train", "--lr", "NaN"], "is not a finite number"),
        (vec!["train", "--lambda", "-0.1"], "λ must be"),
        (vec!["train", "--hidden", "0"], "has 0 units"),
        (vec!["train", "--hidden", "2000"], "has 2000 units"),
        (
            vec!["train", "--hidden", "8,x"],
            "`x` is not a number of units",
        ),
        (
            vec!["train", "--activation", "sign"],
            "a sign network cannot be trained by gradient descent",
        ),
        (
            vec!["train", "--activation", "swish"],
            "unknown activation `swish`",
        ),
        (
            vec!["train", "--dataset", "donut"],
            "unknown dataset `donut`",
        ),
        (
            vec!["train", "--model", "perceptron", "--classes", "3"],
            "the perceptron separates 2 classes",
        ),
        (
            vec!["train", "--dataset", "moons", "--classes", "3"],
            "moons makes exactly 2 classes, not 3",
        ),
        (
            vec!["train", "--update", "online"],
            "the online rule is the perceptron's",
        ),
        (
            vec!["train", "--batch-size", "0", "--update", "minibatch"],
            "batch size must be at least 1",
        ),
        (
            vec!["train", "--init-scale", "-1"],
            "init scale must be a finite number > 0",
        ),
        (
            vec!["train", "--init", bad_model.to_str().expect("utf-8")],
            "m.json: line 1, column",
        ),
        (
            vec!["train", "--data", missing.to_str().expect("utf-8")],
            "none.csv: cannot open",
        ),
        (
            vec!["train", "--init", xor.to_str().expect("utf-8")],
            "sign network cannot be trained",
        ),
        (
            vec![
                "eval",
                "--model",
                bad_model.to_str().expect("utf-8"),
                "--dataset",
                "xor",
            ],
            "m.json: line 1",
        ),
        (
            vec!["gradcheck", "--model", "perceptron"],
            "the perceptron has no gradient to check",
        ),
        (
            vec!["train", "--steps", "5", "--epochs", "5"],
            "cannot be used with",
        ),
        (
            vec!["train", "--noise", "-1"],
            "noise must be a finite number ≥ 0",
        ),
        (vec!["bench", "--seconds", "0"], "--seconds must be in"),
        // Was silently ignored: the plain bench times its fixed networks.
        (
            vec!["bench", "--hidden", "512,512,512"],
            "--hidden applies to bench --worker",
        ),
    ];
    for (args, expected) in cases {
        let (ok, _, err) = run(&args);
        assert_one_clear_line(ok, &err, expected);
    }
}

#[test]
fn a_diverging_run_says_so_and_fails() {
    let (ok, _, err) = run(&[
        "train",
        "--hidden",
        "16",
        "--activation",
        "linear",
        "--lr",
        "1000",
        "--steps",
        "500",
    ]);
    assert_one_clear_line(ok, &err, "training diverged");
    assert!(err.contains("learning rate"));
}

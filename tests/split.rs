//! The train/test split end to end (COURSE §6, issue 8 item 1): `train --test-fraction F
//! [--split-seed S]` and `--test-data FILE.csv`, the report's test fields, the refusals, and
//! determinism; the same split through a scenario and a session's test curves.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

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

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// `train` on 2 × 100 spiral points with these extra flags; returns the report.
fn train_report(dir: &Path, name: &str, extra: &[&str]) -> Value {
    let report = dir.join(name);
    let mut args = vec![
        "train",
        "--dataset",
        "spiral",
        "--points",
        "100",
        "--hidden",
        "8",
        "--steps",
        "40",
        "--quiet",
        "--report",
    ];
    args.push(s(&report));
    args.extend_from_slice(extra);
    let (ok, stdout, stderr) = run(&args);
    assert!(ok, "{stdout}{stderr}");
    read_json(&report)
}

#[test]
fn a_test_fraction_of_0_3_holds_out_60_of_200_spiral_points() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = train_report(dir.path(), "r.json", &["--test-fraction", "0.3"]);
    assert_eq!(r["points"], 140);
    assert_eq!(r["test_points"], 60);
    let acc = r["test_accuracy"].as_f64().expect("a number");
    assert!((0.0..=1.0).contains(&acc));
    let wrong = r["test_misclassified"].as_u64().expect("a count");
    // accuracy = 1 − |wrong| / N_test, counted independently here.
    assert!((acc - (1.0 - wrong as f64 / 60.0)).abs() < 1e-12);
    assert!(r["test_loss"].as_f64().is_some_and(|l| l > 0.0));
}

#[test]
fn without_a_test_set_the_test_fields_are_null() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = train_report(dir.path(), "r.json", &[]);
    assert_eq!(r["points"], 200);
    for k in [
        "test_loss",
        "test_accuracy",
        "test_misclassified",
        "test_points",
    ] {
        assert!(r[k].is_null(), "{k} = {}", r[k]);
    }
    let r = train_report(dir.path(), "z.json", &["--test-fraction", "0"]);
    assert_eq!(r["points"], 200);
    assert!(r["test_points"].is_null());
}

#[test]
fn the_same_seeds_give_the_same_split_and_another_split_seed_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = train_report(dir.path(), "a.json", &["--test-fraction", "0.3"]);
    let b = train_report(
        dir.path(),
        "b.json",
        &["--test-fraction", "0.3", "--split-seed", "1"],
    );
    let c = train_report(
        dir.path(),
        "c.json",
        &["--test-fraction", "0.3", "--split-seed", "9"],
    );
    // The split seed defaults to the data seed (1): a and b are the same run, bit for bit.
    for k in ["loss", "accuracy", "test_loss", "test_accuracy"] {
        assert_eq!(a[k], b[k], "{k}");
    }
    assert_ne!(
        a["test_loss"], c["test_loss"],
        "another split seed, other test points"
    );
}

#[test]
fn out_of_range_fractions_are_refused_with_one_line() {
    for bad in ["0.95", "-0.1", "1", "NaN", "x"] {
        let (ok, stdout, stderr) = run(&["train", "--steps", "1", "--test-fraction", bad]);
        assert!(!ok, "{bad} accepted");
        assert!(stdout.is_empty());
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("--test-fraction"), "{stderr}");
    }
    let (ok, _, stderr) = run(&["train", "--steps", "1", "--test-fraction", "0.95"]);
    assert!(!ok);
    assert!(stderr.contains("[0, 0.9]"), "{stderr}");
    // A split seed without a fraction, a fraction with a test file: refused too.
    let (ok, _, stderr) = run(&["train", "--steps", "1", "--split-seed", "3"]);
    assert!(!ok && stderr.trim_end().lines().count() == 1, "{stderr}");
    // A fraction that empties a class of the AND gate (one point of class 1).
    let (ok, _, stderr) = run(&[
        "train",
        "--dataset",
        "and",
        "--model",
        "perceptron",
        "--test-fraction",
        "0.5",
    ]);
    assert!(!ok);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("class 1"), "{stderr}");
}

/// Writes points as a data file.
fn write_points(path: &Path, rows: &[(f64, f64, usize)]) {
    let mut text = String::from("x1,x2,label\n");
    for (a, b, c) in rows {
        text.push_str(&format!("{a},{b},{c}\n"));
    }
    std::fs::write(path, text).expect("written");
}

#[test]
fn a_test_file_gives_the_accuracy_eval_gives_for_the_saved_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let test = dir.path().join("t.csv");
    // Points near the spiral's arms and off them.
    let rows: Vec<(f64, f64, usize)> = (0..40)
        .map(|i| {
            let r = 0.1 + 0.02 * i as f64;
            let th = 1.3 * i as f64;
            (r * th.sin(), r * th.cos(), i % 2)
        })
        .collect();
    write_points(&test, &rows);
    let model = dir.path().join("m.json");
    let r = train_report(
        dir.path(),
        "r.json",
        &["--test-data", s(&test), "--save", s(&model)],
    );
    assert_eq!(r["points"], 200, "the training data is whole");
    assert_eq!(r["test_points"], 40);
    let eval_report = dir.path().join("e.json");
    let (ok, stdout, stderr) = run(&[
        "eval",
        "--model",
        s(&model),
        "--data",
        s(&test),
        "--report",
        s(&eval_report),
    ]);
    assert!(ok, "{stdout}{stderr}");
    let e = read_json(&eval_report);
    assert_eq!(r["test_accuracy"], e["accuracy"]);
    assert_eq!(r["test_misclassified"], e["misclassified"]);
}

#[test]
fn a_test_file_may_lack_a_class_but_not_bring_a_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let only_zero = dir.path().join("zero.csv");
    write_points(&only_zero, &[(0.1, 0.2, 0), (0.3, -0.1, 0)]);
    let r = train_report(dir.path(), "r.json", &["--test-data", s(&only_zero)]);
    assert_eq!(r["test_points"], 2);
    let three = dir.path().join("three.csv");
    write_points(&three, &[(0.1, 0.2, 0), (0.3, -0.1, 2)]);
    let (ok, _, stderr) = run(&["train", "--steps", "1", "--test-data", s(&three)]);
    assert!(!ok);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("class 2"), "{stderr}");
}

#[test]
fn a_scenario_takes_the_split_flags_and_its_session_records_test_curves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = dir.path().join("s.json");
    std::fs::write(
        &scenario,
        r#"{ "format": "perceptron-lab/scenario@1",
             "setup": { "dataset": "spiral", "points": 50, "hidden": [8], "test-fraction": 0.2 },
             "actions": [ {"step": 30}, {"set": {"noise": 0.3}}, {"step": 10} ] }"#,
    )
    .expect("written");
    let (report, again, saved) = (
        dir.path().join("r.json"),
        dir.path().join("r2.json"),
        dir.path().join("saved.json"),
    );
    let (ok, stdout, stderr) = run(&[
        "run",
        s(&scenario),
        "--report",
        s(&report),
        "--save-scenario",
        s(&saved),
    ]);
    assert!(ok, "{stdout}{stderr}");
    let r = read_json(&report);
    assert_eq!(
        (r["points"].as_u64(), r["test_points"].as_u64()),
        (Some(80), Some(20))
    );
    // The saved session replays to the same test figures (its log holds the test points).
    let (ok, stdout, stderr) = run(&["run", s(&saved), "--report", s(&again)]);
    assert!(ok, "{stdout}{stderr}");
    let r2 = read_json(&again);
    for k in ["test_loss", "test_accuracy", "test_points", "loss", "step"] {
        assert_eq!(r[k], r2[k], "{k}");
    }
    // The session itself: 80 training and 20 test points; test curves recorded.
    use perceptron_lab::cli::setup::{resolve, start};
    use perceptron_lab::train::{Command as C, Session};
    let setup: serde_json::Map<String, Value> =
        serde_json::from_str(r#"{ "dataset": "spiral", "points": 50, "test-fraction": 0.2 }"#)
            .expect("JSON");
    let r = resolve(&setup).expect("resolves");
    assert_eq!(r.data.len(), 80);
    assert_eq!(r.test.as_ref().map(|t| t.len()), Some(20));
    let mut session = Session::new(start(&r).expect("a trainer"));
    session.apply(C::Step(5));
    while session.busy() {
        session.step_for(std::time::Duration::from_secs(1), u64::MAX);
    }
    let view = session.view();
    let test = view.runs[0].test_metrics.samples();
    assert_eq!(test.len(), view.runs[0].metrics.samples().len());
    assert_eq!(test.last().map(|t| t.step), Some(5));
    // A rebuild keeps the test set; the log replays it.
    assert_eq!(view.test_data.as_ref().map(|t| t.len()), Some(20));
}

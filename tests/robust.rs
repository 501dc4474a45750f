//! Issue 11: no data loss (atomic saves, every output written on its own, outputs checked
//! first, interrupts), bounded reads, clipped messages, one set of model limits, a
//! gradcheck that can fail, warnings for flags that do nothing, the step cap, divergence
//! and dead-network messages, a consistent perceptron history, and the small things.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

fn cmd() -> Command {
    Command::cargo_bin("perceptron-lab").expect("the binary is built")
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
        .display()
        .to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// Runs and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = cmd().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A refusal: non-zero, exactly one line, printable, short, containing `expected`.
fn assert_refused(code: i32, err: &str, expected: &str) {
    assert_ne!(code, 0, "must fail: {expected}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err:?}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.trim_end().chars().any(|c| c.is_control()),
        "no raw control characters: {err:?}"
    );
    assert!(err.len() < 400, "short: {} bytes", err.len());
    assert!(err.contains(expected), "{err:?} lacks {expected:?}");
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
}

// 2. Each output is written on its own.
#[test]
fn a_failing_report_does_not_drop_the_model() {
    let dir = tempfile::tempdir().expect("dir");
    let good = dir.path().join("good.json");
    let (code, _, err) = run(&[
        "train",
        "--hidden",
        "4",
        "--steps",
        "5",
        "--report",
        "/dev/full",
        "--save",
        s(&good),
    ]);
    assert_refused(code, &err, "/dev/full: No space left on device");
    let (code, _, _) = run(&["eval", "--model", s(&good)]);
    assert_eq!(code, 0, "the model was saved and loads");
}

// 1. A failed save leaves the previous file whole and says so.
#[test]
fn a_failed_save_keeps_the_previous_file() {
    let dir = tempfile::tempdir().expect("dir");
    let m = dir.path().join("m.json");
    let (code, _, err) = run(&["train", "--hidden", "4", "--steps", "5", "--save", s(&m)]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&m).expect("saved");
    // A diverging run does not overwrite the model with non-finite weights.
    let (code, _, err) = run(&[
        "train",
        "--hidden",
        "16",
        "--activation",
        "linear",
        "--lr",
        "1000",
        "--steps",
        "500",
        "--save",
        s(&m),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("not saved"), "{err}");
    assert_eq!(std::fs::read(&m).expect("still there"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

// 3. Outputs are checked before any work starts.
#[test]
fn bad_output_paths_are_refused_before_training() {
    let dir = tempfile::tempdir().expect("dir");
    let (code, out, err) = run(&["train", "--steps", "50", "--save", "/nonexistent/m.json"]);
    assert_refused(
        code,
        &err,
        "/nonexistent/m.json: the folder /nonexistent does not exist",
    );
    assert!(out.is_empty(), "no training happened: {out}");
    let (code, out, err) = run(&["train", "--steps", "50", "--report", s(dir.path())]);
    assert_refused(code, &err, "is a folder, not a file");
    assert!(out.is_empty());
    let (code, out, err) = run(&[
        "eval",
        "--model",
        &corpus("bom.json"),
        "--dataset",
        "xor",
        "--report",
        "/nonexistent/r.json",
    ]);
    assert_refused(code, &err, "the folder /nonexistent does not exist");
    assert!(out.is_empty());
    // Both listed, one line each.
    let (code, _, err) = run(&[
        "train",
        "--steps",
        "50",
        "--report",
        s(dir.path()),
        "--save",
        "/nonexistent/m.json",
    ]);
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 2, "{err}");
}

// 4. An interrupt stops at a step boundary and writes the outputs.
fn interrupted_run(signal: &str) -> (i32, Value, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    let (m, r) = (dir.path().join("m.json"), dir.path().join("r.json"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("perceptron-lab"))
        .args([
            "train",
            "--hidden",
            "8",
            "--steps",
            "1000000000",
            "--progress-every",
            "0",
            "--save",
            s(&m),
            "--report",
            s(&r),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("piped"));
    let mut line = String::new();
    // The first progress line says training is under way.
    while stderr.read_line(&mut line).expect("reads") > 0 && !line.contains(" of ") {
        line.clear();
    }
    // The shell's own kill: a minimal system may have no /bin/kill.
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill {signal} {}", child.id())])
        .status()
        .expect("sh runs");
    assert!(status.success());
    let mut rest = String::new();
    while stderr.read_line(&mut rest).expect("reads") > 0 {}
    let code = child.wait().expect("ends").code().unwrap_or(-1);
    (code, read_json(&r), m, dir)
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_write_the_model_and_the_report() {
    for (signal, expected) in [("-INT", 130), ("-TERM", 143)] {
        let (code, report, model, _dir) = interrupted_run(signal);
        assert_eq!(code, expected, "{signal}");
        assert_eq!(report["interrupted"], true);
        let steps = report["steps"].as_u64().expect("steps");
        assert!(steps > 0 && steps < 1_000_000_000);
        let (code, _, err) = run(&["eval", "--model", s(&model)]);
        assert_eq!(code, 0, "{err}");
    }
}

// 5. Every input is read through a limit.
#[cfg(target_os = "linux")]
#[test]
fn endless_inputs_are_refused() {
    let (code, _, err) = run(&["train", "--data", "/dev/zero"]);
    assert_refused(
        code,
        &err,
        "/dev/zero: line 1 is longer than the limit of 64 KiB",
    );
    let (code, _, err) = run(&["eval", "--model", "/dev/zero"]);
    assert_refused(code, &err, "/dev/zero: line 1, column 1");
    let (code, _, err) = run(&["eval", "--model", &corpus("two-thousand-rows.json")]);
    assert_refused(
        code,
        &err,
        "more than 1024 rows or values: a layer has at most 1024 units",
    );
}

// 6. Raw content never reaches the terminal whole.
#[test]
fn offending_values_are_clipped_and_escaped() {
    for (file, expected) in [
        ("header-with-newline.csv", "found `x1\\nx2,x2,label`"),
        (
            "escape-in-field.csv",
            "`\\u{1b}[31mred\\u{1b}[0m` is not a number",
        ),
        ("huge-header-field.csv", "LLL…`"),
    ] {
        let (code, _, err) = run(&["train", "--data", &corpus(file)]);
        assert_refused(code, &err, expected);
    }
    let (code, _, err) = run(&["eval", "--model", &corpus("long-format.json")]);
    assert_refused(code, &err, "unknown format \"\\u{1b}[2JFFF");
    let (code, _, err) = run(&["train", "--dataset", "\u{1b}[31mspiral\nxor"]);
    assert_refused(code, &err, "unknown dataset `\\u{1b}[31mspiral\\nxor`");
    let long = "y".repeat(100_000);
    let (code, _, err) = run(&["train", "--activation", &long]);
    assert_refused(code, &err, "yyy…");
}

// 7. Class counts must fit.
#[test]
fn wrong_class_counts_are_refused() {
    let (code, _, err) = run(&[
        "eval",
        "--model",
        &corpus("sigmoid-one-output.json"),
        "--dataset",
        "spiral",
        "--classes",
        "32",
    ]);
    assert_refused(
        code,
        &err,
        "the model has 1 sigmoid output but the data has 32 classes",
    );
    let (code, _, err) = run(&["train", "--data", &corpus("empty-class.csv")]);
    assert_refused(
        code,
        &err,
        "empty-class.csv: class 1 has no points: labels must be 0…C−1",
    );
}

// 8. One set of limits for every model file.
#[test]
fn model_files_have_the_training_limits() {
    let (code, _, err) = run(&["eval", "--model", &corpus("eleven-layers.json")]);
    assert_refused(code, &err, "a model has at most 8 hidden layers");
    let (code, _, err) = run(&["eval", "--model", &corpus("softmax-100-outputs.json")]);
    assert_refused(
        code,
        &err,
        "the output layer has 100 units; a model has at most 32",
    );
}

// 9. gradcheck can fail.
#[test]
fn gradcheck_fails_on_nan_and_on_tolerance_and_counts_kinks() {
    let (code, _, err) = run(&[
        "gradcheck",
        "--hidden",
        "4",
        "--points",
        "5",
        "--init-scale",
        "1e200",
    ]);
    assert_refused(code, &err, "relative error is NaN");
    let (code, out, err) = run(&["gradcheck", "--dataset", "xor", "--hidden", "5"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ReLU inputs within h = 1e-5 of 0: finite differences are not valid there"),
        "{out}"
    );
    let (code, _, err) = run(&[
        "gradcheck",
        "--hidden",
        "3",
        "--activation",
        "tanh",
        "--points",
        "5",
        "--tolerance",
        "1e-30",
    ]);
    assert_refused(code, &err, "is above the tolerance 1e-30");
    let dir = tempfile::tempdir().expect("dir");
    let (r, m) = (dir.path().join("g.json"), dir.path().join("m.json"));
    let (code, _, err) = run(&[
        "gradcheck",
        "--hidden",
        "3",
        "--activation",
        "tanh",
        "--points",
        "5",
        "--steps",
        "7",
        "--report",
        s(&r),
        "--save",
        s(&m),
    ]);
    assert_eq!(code, 0, "{err}");
    let report = read_json(&r);
    assert_eq!(report["steps"], 7);
    assert_eq!(report["passed"], true);
    assert!(m.exists());
}

// 10. Flags that do nothing say so.
#[test]
fn ignored_flags_warn_and_the_run_goes_on() {
    let (code, _, err) = run(&[
        "train",
        "--hidden",
        "4",
        "--steps",
        "3",
        "--pocket",
        "--shuffle",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: --pocket does nothing"), "{err}");
    assert!(err.contains("warning: --shuffle does nothing"), "{err}");
    let (code, _, err) = run(&[
        "train",
        "--model",
        "perceptron",
        "--dataset",
        "xor",
        "--noise",
        "0.3",
        "--epochs",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: --noise does nothing"), "{err}");
}

// 11. The step cap, and progress off a terminal.
#[test]
fn the_step_cap_and_progress_lines() {
    let (code, out, err) = run(&["train", "--steps", "1000000000000"]);
    assert_refused(
        code,
        &err,
        "--steps 1000000000000 is more than the limit of 10⁹",
    );
    assert!(out.is_empty());
    let (code, _, err) = run(&["train", "--model", "perceptron", "--epochs", "2000000000"]);
    assert_refused(code, &err, "--epochs 2000000000 is more than the limit");
    let args = [
        "train",
        "--hidden",
        "4",
        "--steps",
        "20",
        "--progress-every",
        "0",
    ];
    let (code, _, err) = run(&args);
    assert_eq!(code, 0);
    assert!(
        err.contains("perceptron-lab: 20 of 20 steps (100.0 %)"),
        "{err}"
    );
    let (_, _, err) = run(&[&args[..], &["--quiet"]].concat());
    assert!(err.is_empty(), "{err}");
}

// 12. Divergence names the real cause; a dead network is reported.
#[test]
fn overflowing_data_dead_networks_and_the_diverged_field() {
    let (code, _, err) = run(&["train", "--data", &corpus("huge-coordinates.csv")]);
    assert_refused(
        code,
        &err,
        "point 1 has x1 = 1e308: coordinates beyond ±1e150 overflow",
    );
    let dir = tempfile::tempdir().expect("dir");
    let r = dir.path().join("r.json");
    let (code, _, err) = run(&[
        "train",
        // At α = 100 the loss grows past the divergence guard; at 30 it stays under it
        // while every ReLU dies.
        "--lr",
        "30",
        "--steps",
        "300",
        "--lambda",
        "0",
        "--report",
        s(&r),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: all 100 units of hidden layer 1 are dead"),
        "{err}"
    );
    assert_eq!(read_json(&r)["diverged"], Value::Null);
    let (_, _, err) = run(&[
        "train",
        "--hidden",
        "16",
        "--activation",
        "linear",
        "--lr",
        "1000",
        "--steps",
        "500",
        "--report",
        s(&r),
    ]);
    assert!(err.contains("training diverged"));
    let d = &read_json(&r)["diverged"];
    assert!(d["step"].as_u64().expect("step") > 0, "{d}");
    assert!(
        d["what"].as_str().expect("what").starts_with("loss "),
        "{d}"
    );
}

// 13. The perceptron's history: J over all points beside |M| at the same step.
#[test]
fn the_perceptron_history_is_consistent() {
    let dir = tempfile::tempdir().expect("dir");
    let r = dir.path().join("r.json");
    for (data, rule) in [("xor", "sgd"), ("and", "minibatch"), ("overlap", "online")] {
        let (code, _, err) = run(&[
            "train",
            "--model",
            "perceptron",
            "--dataset",
            data,
            "--update",
            rule,
            "--batch-size",
            "2",
            "--epochs",
            "50",
            "--report",
            s(&r),
        ]);
        assert_eq!(code, 0, "{err}");
        for h in read_json(&r)["history"].as_array().expect("history") {
            let j = h["loss"].as_f64().expect("J");
            let m = h["misclassified"].as_u64().expect("|M|");
            assert!(j >= 0.0, "{data} {rule}: J < 0 in {h}");
            // M = ∅ gives J = 0; J > 0 needs a mistake (points on the line are in M with
            // a zero term, so J = 0 with M ≠ ∅ is possible).
            assert!(
                m > 0 || j == 0.0,
                "{data} {rule}: J > 0 with M empty in {h}"
            );
        }
    }
}

// 14. The small things.
#[test]
fn small_things() {
    let (code, _, err) = run(&["train", "--lr", "1e308"]);
    assert_refused(code, &err, "(got 1e308)");
    let (code, _, err) = run(&["eval", "--model", &corpus("empty.json")]);
    assert_refused(code, &err, "empty.json: the file is empty");
    let (code, out, err) = run(&["eval", "--model", &corpus("bom.json"), "--dataset", "xor"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("accuracy 1.0000"), "{out}");
    let (code, _, err) = run(&["eval", "--model", &corpus("array.json")]);
    assert_refused(code, &err, "the file must hold a JSON object");
    assert!(!err.contains("ModelFile"), "{err}");
    let dir = tempfile::tempdir().expect("dir");
    let (code, _, err) = run(&["train", "--data", s(dir.path())]);
    assert_refused(code, &err, "is a folder, not a file");
    let (code, out, _) = run(&["train", "--model", "perceptron", "--dataset", "and"]);
    assert_eq!(code, 0);
    assert!(out.contains("perceptron loss J 0.000000"), "{out}");
    let (code, _, err) = run(&["train", "--data", &corpus("blank-then-header.csv")]);
    assert_refused(
        code,
        &err,
        "line 1: the header x1,x2,label must be on line 1 (found a blank line)",
    );
}

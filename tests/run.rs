//! `perceptron-lab run`: scenarios played through a Session, exact against `train`.

use assert_cmd::Command;
use std::path::Path;

fn bin() -> Command {
    Command::cargo_bin("perceptron-lab").expect("built")
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("written");
    p
}

/// Plays scenario `text` with `--report` and returns the report.
fn played_report(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tmp");
    let sc = write(dir.path(), "s.json", text);
    let r = dir.path().join("r.json");
    bin()
        .arg("run")
        .arg(&sc)
        .arg("--report")
        .arg(&r)
        .assert()
        .success();
    read_json(&r)
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("json")
}

#[test]
fn viewing_step_537_saves_the_same_bytes_as_train_537_steps() {
    let dir = tempfile::tempdir().expect("tmp");
    let sc = write(
        dir.path(),
        "s.json",
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"dataset": "spiral", "hidden": [8, 8], "activation": "tanh", "lr": 0.3,
                      "update": "minibatch", "batch-size": 10},
            "actions": [{"step": 1000}, {"view": 537}]}"#,
    );
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    bin()
        .arg("run")
        .arg(&sc)
        .arg("--save")
        .arg(&a)
        .assert()
        .success();
    bin()
        .args([
            "train",
            "--dataset",
            "spiral",
            "--hidden",
            "8,8",
            "--activation",
            "tanh",
            "--lr",
            "0.3",
            "--update",
            "minibatch",
            "--batch-size",
            "10",
            "--steps",
            "537",
            "--save",
        ])
        .arg(&b)
        .assert()
        .success();
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
}

#[test]
fn the_report_lists_the_runs_and_a_diverging_scene_still_succeeds() {
    let report = played_report(
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"hidden": [16], "activation": "linear", "lr": 1000, "update": "batch"},
            "actions": [{"step": 300}, {"view": 1}, {"set": {"lr": 0.01}}, {"step": 5},
                        {"new-run": {}}, {"select-run": "1"}]}"#,
    );
    let runs = report["runs"].as_array().expect("runs");
    let ids: Vec<&str> = runs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["1", "1.1", "2"]);
    assert_eq!(runs[1]["parent"], "1");
    assert_eq!(runs[1]["branch_step"], 1);
    assert_eq!(runs[1]["steps"], 6);
    assert_eq!(report["run"], "1");
    assert!(report["diverged"].is_object(), "{report}");
    assert!(
        report["verdicts"]
            .as_array()
            .is_some_and(|v| v.iter().any(|v| v["verdict"] == "diverged"))
    );
}

#[test]
fn a_malformed_scenario_is_one_line_naming_the_key_or_action() {
    let dir = tempfile::tempdir().expect("tmp");
    for (text, expected) in [
        (
            r#"{"format": "perceptron-lab/scenario@1", "actions": [{"step": 10}, {"view": 50}]}"#,
            "action 2",
        ),
        (
            r#"{"format": "perceptron-lab/scenario@1", "actions": [{"jump": 1}]}"#,
            "unknown action `jump`",
        ),
        (
            r#"{"format": "perceptron-lab/scenario@1", "setup": {"wings": 2}}"#,
            "unknown setup key `wings`",
        ),
        (
            r#"{"format": "perceptron-lab/scenario@1", "setup": {"lr": "fast"}}"#,
            "--lr",
        ),
        (r#"{"format": "other"}"#, "format"),
        (
            r#"{"format": "perceptron-lab/scenario@1", "extra": 1}"#,
            "unknown key `extra`",
        ),
        ("[1, 2", "not valid JSON"),
    ] {
        let sc = write(dir.path(), "bad.json", text);
        let out = bin().arg("run").arg(&sc).output().expect("ran");
        assert!(!out.status.success(), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{text}: {err}");
    }
}

#[test]
fn play_until_converged_stops_at_m_empty_for_the_perceptron() {
    let report = played_report(
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"model": "perceptron", "dataset": "and", "update": "online"},
            "actions": [{"play-until": "converged", "max-steps": 1000}]}"#,
    );
    assert_eq!(report["converged"], true);
    assert_eq!(report["misclassified"], 0);
}

#[test]
fn hand_placed_points_and_hand_set_weights_travel_in_the_setup() {
    let report = played_report(
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"points-inline": [[0,0,0],[0,1,1],[1,0,1],[1,1,0]],
                      "weights": {"format": "perceptron-lab/model@1", "kind": "mlp",
                        "inputs": ["x1", "x2"], "hidden_activation": "sign",
                        "output_activation": "sign",
                        "layers": [{"weights": [[-2.0, 2.0], [-2.0, 2.0]], "bias": [3.0, -1.0]},
                                   {"weights": [[1.0], [1.0]], "bias": [-1.0]}]}},
            "actions": []}"#,
    );
    assert_eq!(report["accuracy"], 1.0, "the lecture's XOR network");
    assert_eq!(report["points"], 4);
}

#[test]
fn a_saved_session_replays_to_the_same_runs_and_models() {
    let dir = tempfile::tempdir().expect("tmp");
    let sc = write(
        dir.path(),
        "s.json",
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"dataset": "spiral", "hidden": [8], "activation": "tanh", "lr": 0.3,
                      "update": "minibatch", "batch-size": 10},
            "actions": [{"step": 400}, {"view": 150}, {"set": {"lr": 2}}, {"step": 100},
                        {"select-run": "1"}, {"view": 300}, {"set": {"hidden": [4, 4]}},
                        {"step": 50}, {"new-run": {}}, {"epochs": 3},
                        {"select-run": "1.1"}, {"view": 200}]}"#,
    );
    let out = |name: &str| dir.path().join(name);
    bin()
        .arg("run")
        .arg(&sc)
        .arg("--save")
        .arg(out("a.json"))
        .arg("--report")
        .arg(out("ra.json"))
        .arg("--save-scenario")
        .arg(out("again.json"))
        .assert()
        .success();
    bin()
        .arg("run")
        .arg(out("again.json"))
        .arg("--save")
        .arg(out("b.json"))
        .arg("--report")
        .arg(out("rb.json"))
        .assert()
        .success();
    let read = |name: &str| std::fs::read_to_string(out(name)).expect("written");
    assert_eq!(
        read("a.json"),
        read("b.json"),
        "the model at the cursor is byte-identical"
    );
    let runs = |name: &str| {
        let v: serde_json::Value = serde_json::from_str(&read(name)).expect("json");
        v["runs"].clone()
    };
    assert_eq!(
        runs("ra.json"),
        runs("rb.json"),
        "the same runs, steps and losses"
    );
    assert_eq!(runs("ra.json").as_array().map(Vec::len), Some(4));
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_long_scenario_writes_model_report_and_scenario() {
    let dir = tempfile::tempdir().expect("tmp");
    let sc = write(
        dir.path(),
        "s.json",
        r#"{"format": "perceptron-lab/scenario@1",
            "setup": {"hidden": [8]},
            "actions": [{"step": 1000000000}, {"new-run": {}}]}"#,
    );
    let out = |name: &str| dir.path().join(name);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("perceptron-lab"))
        .arg("run")
        .arg(&sc)
        .arg("--save")
        .arg(out("m.json"))
        .arg("--report")
        .arg(out("r.json"))
        .arg("--save-scenario")
        .arg(out("again.json"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    // The handlers are installed before any work; a second is ample to be training.
    std::thread::sleep(std::time::Duration::from_secs(1));
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .expect("sh runs");
    assert!(status.success());
    let output = child.wait_with_output().expect("ends");
    assert_eq!(output.status.code(), Some(143));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out("r.json")).expect("report"))
            .expect("json");
    assert_eq!(report["interrupted"], true);
    assert_eq!(
        report["runs"].as_array().map(Vec::len),
        Some(1),
        "stopped where it was"
    );
    let steps = report["step"].as_u64().expect("steps");
    assert!(steps > 0 && steps < 1_000_000_000);
    assert!(out("m.json").exists() && out("again.json").exists());
    // The saved scenario replays to the same step.
    bin()
        .arg("run")
        .arg(out("again.json"))
        .arg("--report")
        .arg(out("r2.json"))
        .assert()
        .success();
    let again: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out("r2.json")).expect("report"))
            .expect("json");
    assert_eq!(again["step"], steps);
}

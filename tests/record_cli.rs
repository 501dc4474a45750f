//! `--record` flags: every bad request gets one clear line and a non-zero exit before any
//! window opens (DISPLAY is removed: had the app tried to open, it would say so instead).
//! The recording itself needs a window: `scripts/record-gif.sh` makes one under Xvfb.

use assert_cmd::Command;

/// Runs the app with no display; returns (success, stderr).
fn run(args: &[&str]) -> (bool, String) {
    let out = Command::cargo_bin("perceptron-lab")
        .expect("the binary is built")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn one_line_saying(args: &[&str], words: &str) {
    let (ok, stderr) = run(args);
    assert!(!ok, "{args:?} should fail");
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line for {args:?}: {stderr:?}"
    );
    assert!(stderr.contains(words), "{args:?}: {stderr:?}");
    assert!(
        !stderr.contains("no display"),
        "checked before the window: {stderr:?}"
    );
}

#[test]
fn bad_record_requests_get_one_line_before_any_window() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("out.gif");
    let out = out.to_str().expect("a UTF-8 path");
    let rec = |extra: &[&'static str]| {
        let mut a = vec!["--record", out];
        a.extend_from_slice(extra);
        a
    };
    one_line_saying(
        &rec(&["--frames", "1", "--after-steps", "10"]),
        "--frames must be between 2 and 600 (got 1)",
    );
    one_line_saying(
        &rec(&["--frames", "601", "--after-steps", "10"]),
        "--frames must be between 2 and 600 (got 601)",
    );
    one_line_saying(&rec(&["--frames", "10"]), "--record needs --after-steps N");
    one_line_saying(&rec(&["--after-steps", "0"]), "--after-steps of at least 1");
    one_line_saying(
        &rec(&["--after-steps", "10", "--fps", "0"]),
        "--fps must be between 1 and 50",
    );
    one_line_saying(
        &rec(&["--frames", "many", "--after-steps", "10"]),
        "invalid value 'many'",
    );
    let missing = dir.path().join("no-such-folder").join("x.gif");
    one_line_saying(
        &[
            "--record",
            missing.to_str().expect("UTF-8"),
            "--after-steps",
            "10",
        ],
        "does not exist",
    );
    one_line_saying(
        &[
            "--record",
            dir.path().to_str().expect("UTF-8"),
            "--after-steps",
            "5",
        ],
        "is a folder",
    );
    // --frames and --fps belong to --record; --record and --screenshot exclude each other.
    one_line_saying(&["--frames", "10"], "--record");
    let png = dir.path().join("s.png");
    let png = png.to_str().expect("UTF-8");
    one_line_saying(
        &["--record", out, "--screenshot", png, "--after-steps", "5"],
        "cannot be used with",
    );
    assert!(!dir.path().join("out.gif").exists(), "nothing was written");
}

#[test]
fn a_good_record_request_gets_as_far_as_the_window() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("out.gif");
    let (ok, stderr) = run(&[
        "--record",
        out.to_str().expect("UTF-8"),
        "--frames",
        "20",
        "--after-steps",
        "100",
    ]);
    assert!(!ok && stderr.contains("no display"), "{stderr}");
}

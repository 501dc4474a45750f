//! Property tests: on arbitrary invalid input the readers and the flag checks never panic,
//! refuse in exactly one line, and leave what was there before untouched.

use assert_cmd::Command;
use perceptron_lab::data::read_csv_from;
use perceptron_lab::nn::model_file::{parse_model, read_model};
use proptest::prelude::*;

const XOR: &str = include_str!("../assets/models/xor-sign.json");

fn one_line(message: &str) -> bool {
    !message.contains('\n') && !message.contains('\r') && message.chars().count() < 400
}

/// Text near a valid CSV: header, rows of numbers, and noise bytes spliced in.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let row = (any::<i16>(), any::<i16>(), 0u8..4).prop_map(|(a, b, c)| format!("{a},{b},{c}\n"));
    (
        prop::collection::vec(row, 0..20),
        prop::collection::vec(any::<u8>(), 0..40),
        any::<usize>(),
    )
        .prop_map(|(rows, noise, at)| {
            let mut text = b"x1,x2,label\n".to_vec();
            text.extend(rows.concat().into_bytes());
            let at = at % (text.len() + 1);
            text.splice(at..at, noise);
            text
        })
}

/// The lecture's model with a few bytes replaced.
fn model_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<usize>(), any::<u8>()), 1..6).prop_map(|edits| {
        let mut bytes = XOR.as_bytes().to_vec();
        for (at, b) in edits {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_csv_reader_refuses_in_one_line(bytes in prop_oneof![csv_like(), prop::collection::vec(any::<u8>(), 0..200)]) {
        if let Err(e) = read_csv_from(&bytes[..], "d.csv") {
            let m = e.to_string();
            prop_assert!(m.starts_with("d.csv"), "{}", m);
            prop_assert!(one_line(&m), "{:?}", m);
        }
    }

    #[test]
    fn the_model_reader_refuses_in_one_line(bytes in prop_oneof![model_like(), prop::collection::vec(any::<u8>(), 0..200)]) {
        match read_model(&bytes[..], "m.json") {
            Err(e) => {
                let m = e.to_string();
                prop_assert!(m.starts_with("m.json"), "{}", m);
                prop_assert!(one_line(&m), "{:?}", m);
            }
            // Whatever is accepted saves and loads back to the same model.
            Ok(model) => {
                let text = model.to_json();
                let back = parse_model(&text, "m.json").expect("a saved model loads");
                prop_assert_eq!(back.to_json(), text);
            }
        }
    }
}

/// Flag values that must be refused.
fn bad_flag() -> impl Strategy<Value = (&'static str, String)> {
    prop_oneof![
        (
            Just("--lr"),
            prop_oneof![
                Just("0".to_owned()),
                Just("-1".to_owned()),
                Just("1e308".to_owned()),
                "[a-z\\x1b\\n]{1,30}"
            ]
        ),
        (
            Just("--hidden"),
            prop_oneof![
                Just("0".to_owned()),
                Just("2000".to_owned()),
                Just("8,,8".to_owned()),
                "[a-z\\x1b]{1,20}"
            ]
        ),
        (
            Just("--steps"),
            prop_oneof![
                Just("-1".to_owned()),
                Just("1000000001".to_owned()),
                "[a-z]{1,10}"
            ]
        ),
        (Just("--dataset"), "[A-Z\\x1b\\n]{1,40}"),
        (
            Just("--lambda"),
            prop_oneof![
                Just("-1".to_owned()),
                Just("inf".to_owned()),
                Just("1e9".to_owned())
            ]
        ),
    ]
}

proptest! {
    // Each case starts a process: few cases.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn bad_flags_refuse_in_one_line_and_keep_the_saved_model((flag, value) in bad_flag()) {
        let dir = tempfile::tempdir().expect("dir");
        let save = dir.path().join("m.json");
        std::fs::write(&save, XOR).expect("written");
        let out = Command::cargo_bin("perceptron-lab")
            .expect("built")
            .args(["train", "--steps", "3", "--hidden", "3", "--save"])
            .arg(&save)
            .arg(format!("{flag}={value}"))
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!out.status.success(), "{} {:?} accepted", flag, value);
        prop_assert_eq!(err.trim_end().lines().count(), 1, "{:?}", err);
        prop_assert!(!err.trim_end().chars().any(|c| c.is_control()), "{:?}", err);
        prop_assert_eq!(std::fs::read_to_string(&save).expect("kept"), XOR);
    }
}

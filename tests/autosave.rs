//! Nothing a user makes is lost: the app saves its session (runs, edits, the action log) and
//! offers it back; the file dialog asks before overwriting.

mod common;

use common::{harness_with, wait_until};
use egui_kittest::kittest::Queryable;
use perceptron_lab::cli::AppArgs;
use perceptron_lab::gui::files::{DialogOutcome, FileDialog, FileKind};
use perceptron_lab::train::Command;

#[test]
fn the_session_is_saved_and_offered_back_with_its_branches() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("last-session.json");
    let mut h = harness_with(AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.state_mut().set_autosave(path.clone());
    h.state().send(Command::Step(200));
    wait_until(&mut h, "200 steps", |a| {
        a.snap.as_ref().is_some_and(|s| s.step == 200 && !s.running)
    });
    h.state().send(Command::View(80));
    h.state().send(Command::Step(30));
    wait_until(&mut h, "a branch", |a| {
        a.snap
            .as_ref()
            .is_some_and(|s| s.runs.len() == 2 && s.step == 110 && !s.running)
    });
    assert!(h.state_mut().autosave_now(), "written");
    assert!(
        !h.state_mut().autosave_now(),
        "an unchanged session is not written again"
    );
    let before = h.state().snap.clone().expect("a snapshot");

    // A new app finds it and restores it on request.
    let mut startup = perceptron_lab::cli::app::startup(&AppArgs::default()).expect("valid");
    startup.opener = Some(perceptron_lab::cli::run::open_session);
    let mut h2 = common::harness_of(startup);
    h2.state_mut().restore_offer = Some(path);
    wait_until(&mut h2, "the first snapshot", |a| a.snap.is_some());
    h2.get_by_label("Restore the last session").click();
    wait_until(&mut h2, "the restored runs", |a| {
        a.snap.as_ref().is_some_and(|s| s.runs.len() == 2)
    });
    let after = h2.state().snap.clone().expect("a snapshot");
    assert_eq!(after.step, before.step);
    assert_eq!(after.model, before.model, "the same weights, bit for bit");
    assert_eq!(after.runs[0].head_step, 200);
    assert_eq!(after.runs[1].parent, Some(("1".to_owned(), 80)));
}

#[test]
fn the_file_dialog_asks_before_overwriting() {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("model.json");
    std::fs::write(&target, "keep me").expect("written");
    let mut d = FileDialog::new(FileKind::SaveModel, dir.path());
    assert!(d.choose(target.clone()).is_none(), "asked first");
    assert!(matches!(d.choose(target.clone()), Some(DialogOutcome::Chosen(p)) if p == target));
    let mut open = FileDialog::new(FileKind::OpenModel, dir.path());
    assert!(open.choose(target).is_some(), "opening never asks");
    let fresh = dir.path().join("new.json");
    let mut d = FileDialog::new(FileKind::SaveModel, dir.path());
    assert!(d.choose(fresh).is_some(), "a new file is not asked about");
}

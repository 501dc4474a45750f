//! The background trainer: order of commands, throttled snapshots, newest wins without gaps,
//! shutdown, and recovery from a panic.

use perceptron_lab::data::{DataSpec, DatasetKind};
use perceptron_lab::train::grid::GridSpec;
use perceptron_lab::train::{Command, Session, Snapshot, Speed, TrainConfig, Trainer, Worker};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn trainer() -> Trainer {
    let data = DataSpec::default().generate().expect("valid");
    let config = TrainConfig {
        hidden_sizes: vec![16],
        ..TrainConfig::default()
    };
    Trainer::new(&config, data, None).expect("valid")
}

fn grid() -> GridSpec {
    GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 40)
}

fn spawn(speed: Speed) -> (Worker, Arc<AtomicUsize>) {
    let wakes = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&wakes);
    let worker = Worker::spawn(
        Session::new(trainer()),
        grid(),
        speed,
        Box::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .expect("spawned");
    (worker, wakes)
}

/// Waits for a snapshot that satisfies `done`, failing after 10 s.
fn wait_for(w: &Worker, done: impl Fn(&Snapshot) -> bool) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = w.take_snapshot()
            && done(&s)
        {
            return s;
        }
        assert!(Instant::now() < deadline, "timed out");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn what_crosses_threads_is_send() {
    fn send<T: Send>() {}
    send::<Snapshot>();
    send::<Command>();
    send::<Worker>();
}

#[test]
fn commands_take_effect_in_order() {
    let (w, _) = spawn(Speed::Full);
    w.send(Command::Step(5));
    w.send(Command::Reset(None));
    w.send(Command::Step(3));
    let changed = TrainConfig {
        hidden_sizes: vec![16],
        learning_rate: 0.25,
        ..TrainConfig::default()
    };
    w.send(Command::SetConfig(changed));
    w.send(Command::Step(2));
    // The reset came before the first steps were made: it cancelled them and started a new
    // segment; then 3 + 2 steps.
    let s = wait_for(&w, |s| {
        !s.running && s.step == 5 && s.config.learning_rate == 0.25
    });
    assert_eq!(s.epochs, 5);
    assert!(
        s.runs[0].marks.len() >= 2,
        "the reset and the new α are marked"
    );
    // The learning rate changed live: the same segment went on.
    w.send(Command::Step(1));
    let s = wait_for(&w, |s| s.step == 6);
    assert!(!s.running);
    assert_eq!(s.segment.start_step, 0);
}

#[test]
fn snapshots_are_throttled_and_the_newest_wins_without_gaps() {
    let (w, _) = spawn(Speed::Full);
    let _ = wait_for(&w, |_| true);
    w.send(Command::Play);
    let start = Instant::now();
    let mut taken = 0;
    let mut last_seq = 0;
    while start.elapsed() < Duration::from_secs(1) {
        if let Some(s) = w.take_snapshot() {
            taken += 1;
            assert!(s.seq > last_seq);
            last_seq = s.seq;
        }
    }
    // About 60 a second at most, however fast the training runs.
    assert!(taken <= 75, "{taken} snapshots in one second");
    assert!(taken >= 10, "{taken} snapshots in one second");
    // Now read nothing for a while: the slot keeps only the newest, and the run's history
    // has every measurement since step 0, at regular steps, without a gap.
    std::thread::sleep(Duration::from_millis(300));
    let s = w.take_snapshot().expect("a snapshot waits");
    assert!(s.seq > last_seq + 5, "the worker kept publishing");
    w.send(Command::Pause);
    let s = wait_for(&w, |s| !s.running);
    assert!(s.step > 1000, "full speed trains fast: {} steps", s.step);
    let m = s.runs[0].metrics.samples();
    assert_eq!(m[0].step, 0);
    let interval = s.runs[0].metrics.interval();
    assert!(m.windows(2).all(|p| p[1].step - p[0].step <= interval));
}

#[test]
fn slow_motion_trains_at_the_asked_rate() {
    let (w, _) = spawn(Speed::PerSecond(20.0));
    w.send(Command::Play);
    std::thread::sleep(Duration::from_millis(1000));
    w.send(Command::Pause);
    let s = wait_for(&w, |s| !s.running);
    assert!(
        (10..=30).contains(&s.step),
        "{} steps in 1 s at 20/s",
        s.step
    );
    // Step back moves the cursor back one step; the run keeps its head.
    w.send(Command::StepBack);
    let back = wait_for(&w, |b| b.cursor.is_some());
    assert_eq!(back.step, s.step - 1);
    assert_eq!(back.runs[0].head_step, s.step);
}

#[test]
fn dropping_the_handle_joins_the_thread() {
    let (w, wakes) = spawn(Speed::Full);
    w.send(Command::Play);
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    drop(w);
    assert!(started.elapsed() < Duration::from_secs(2));
    let after = wakes.load(Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        wakes.load(Ordering::SeqCst),
        after,
        "the thread has stopped"
    );
}

#[test]
fn a_panic_is_reported_and_a_new_worker_can_start() {
    let (w, wakes) = spawn(Speed::Full);
    let _ = wait_for(&w, |_| true);
    let before = wakes.load(Ordering::SeqCst);
    w.panic_for_test();
    let deadline = Instant::now() + Duration::from_secs(5);
    while w.panicked().is_none() {
        assert!(Instant::now() < deadline, "the panic was not reported");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(w.panicked().expect("reported").contains("panic"));
    assert!(
        wakes.load(Ordering::SeqCst) > before,
        "the UI was woken to show it"
    );
    drop(w);
    let (again, _) = spawn(Speed::Full);
    again.send(Command::Step(2));
    let s = wait_for(&again, |s| s.step == 2);
    assert!(s.grid.is_some());
}

#[test]
fn the_perceptron_pauses_when_it_converges() {
    let data = DataSpec {
        kind: DatasetKind::And,
        ..DataSpec::default()
    }
    .generate()
    .expect("valid");
    let config = TrainConfig {
        model: perceptron_lab::train::ModelKind::Perceptron,
        ..TrainConfig::default()
    };
    let t = Trainer::new(&config, data, None).expect("valid");
    let w = Worker::spawn(Session::new(t), grid(), Speed::Full, Box::new(|| {})).expect("spawned");
    w.send(Command::Play);
    let s = wait_for(&w, |s| s.converged() && !s.running);
    assert!(s.misclassified.is_empty());
    assert_eq!(s.metrics.accuracy, 1.0);
}

#[test]
fn a_branch_plays_at_the_chosen_slow_motion_rate() {
    let (w, _) = spawn(Speed::PerSecond(50.0));
    w.send(Command::Step(300));
    let _ = wait_for(&w, |s| s.step == 300 && !s.running);
    w.send(Command::View(100));
    let _ = wait_for(&w, |s| s.cursor == Some(100));
    w.send(Command::Play);
    std::thread::sleep(Duration::from_millis(1000));
    w.send(Command::Pause);
    let s = wait_for(&w, |s| !s.running && s.runs.len() == 2);
    let made = s.step - 100;
    assert!((20..=80).contains(&made), "{made} steps in 1 s at 50/s");
}

/// A worker, paused, on a network whose full-resolution picture takes many slices.
fn spawn_wide() -> Worker {
    let data = DataSpec::default().generate().expect("valid");
    let config = TrainConfig {
        hidden_sizes: vec![256, 256, 256],
        ..TrainConfig::default()
    };
    let t = Trainer::new(&config, data, None).expect("valid");
    let grid = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 150);
    Worker::spawn(Session::new(t), grid, Speed::Full, Box::new(|| {})).expect("spawned")
}

#[test]
fn a_command_is_applied_before_a_pending_picture_finishes() {
    let w = spawn_wide();
    // The first picture is coarse; refining it to 150 × 150 takes many slices.
    let first = wait_for(&w, |s| s.grid.is_some());
    assert!(
        first.grid_coarse,
        "the first picture of a wide network is coarse"
    );
    w.send(Command::RenameRun("1".into(), "renamed".into()));
    // The rename shows while the refinement is still pending: it did not wait for it.
    let renamed = wait_for(&w, |s| s.runs[0].name == "renamed");
    assert!(
        renamed.grid_coarse,
        "the command waited for the full picture"
    );
    // Neither the rename nor a refresh changed the model: the snapshots share one copy.
    assert!(Arc::ptr_eq(&first.model, &renamed.model));
    w.send(Command::Refresh);
    let later = wait_for(&w, |s| s.seq > renamed.seq);
    assert!(Arc::ptr_eq(&renamed.model, &later.model));
    // A step makes a new one.
    w.send(Command::Step(1));
    let stepped = wait_for(&w, |s| s.step == 1);
    assert!(!Arc::ptr_eq(&later.model, &stepped.model));
}

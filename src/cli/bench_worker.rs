//! `perceptron-lab bench --worker [--hidden …]`: a `Session` on its worker thread, with no
//! window, for one network: how long commands wait while it plays, the share of its time the
//! picture and metrics take, and its speed against the same session stepped headless.

use super::TrainArgs;
use super::bench_session::default_run;
use super::out;
use crate::train::grid::GridSpec;
use crate::train::{Command, Session, Speed, Trainer, Worker};
use std::time::{Duration, Instant};

/// Commands sent while playing (at least).
pub const COMMANDS: usize = 250;

/// The trainer the flags describe on top of the app's default run.
fn trainer(args: &TrainArgs) -> Result<Trainer, String> {
    let base = default_run()?;
    let mut config = base.config().clone();
    if let Some(h) = &args.hidden {
        config.hidden_sizes = h.0.clone();
    }
    if let Some(a) = &args.activation {
        let flags = args.config();
        config.activation = flags.activation;
        config.layer_activations = flags.layer_activations;
        let _ = a;
    }
    if let Some(f) = args.features {
        config.features = f;
    }
    if let Some(u) = args.update {
        config.update = u;
    }
    if let Some(b) = args.batch_size {
        config.batch_size = b;
    }
    if let Some(lr) = args.lr {
        config.learning_rate = lr;
    }
    let data = if args.data.dataset.is_some() || args.data.data.is_some() {
        args.data.load().map_err(|e| e.to_string())?
    } else {
        base.data().clone()
    };
    Trainer::new(&config, data, None).map_err(|e| e.to_string())
}

/// Steps a second of `session` played on this thread for `seconds`.
fn headless(mut session: Session, seconds: f64) -> f64 {
    session.apply(Command::Play);
    let started = Instant::now();
    let mut steps = 0;
    while started.elapsed().as_secs_f64() < seconds {
        steps += session.step_for(Duration::from_millis(4), u64::MAX).steps;
    }
    steps as f64 / started.elapsed().as_secs_f64()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// `bench --worker`.
pub fn bench_worker(args: &TrainArgs, seconds: f64) -> Result<(), String> {
    let t = trainer(args)?;
    let grid = GridSpec::around(t.data().bounds(), 150);
    out(format_args!(
        "network {}, {} points, {} (this machine: {} cores)",
        crate::train::session::shape(t.model()),
        t.data().len(),
        t.config().update.name(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    ));
    // Headless before and after the worker, so that a shared machine's drift evens out.
    let h_before = headless(Session::new(t.clone()), seconds / 2.0);
    let worker = Worker::spawn(Session::new(t.clone()), grid, Speed::Full, Box::new(|| {}))
        .map_err(|e| e.to_string())?;
    worker.send(Command::Play);
    let started = Instant::now();
    let every = Duration::from_secs_f64(seconds / COMMANDS as f64);
    let mut sent = 0;
    let mut held = None;
    while sent < COMMANDS || started.elapsed().as_secs_f64() < seconds {
        std::thread::sleep(every);
        // A command that reaches the session without changing the run.
        worker.send(Command::SetSpeed(Speed::Full));
        sent += 1;
        // Read snapshots as the app does, keeping the newest (its curves stay shared).
        if let Some(s) = worker.take_snapshot() {
            held = Some(s);
        }
    }
    let elapsed = started.elapsed();
    worker.send(Command::Pause);
    std::thread::sleep(Duration::from_millis(100));
    let stats = worker.stats();
    drop(held);
    drop(worker);
    let h = 0.5 * (h_before + headless(Session::new(t.clone()), seconds / 2.0));
    let mut lat = stats.latencies_ms.clone();
    lat.sort_by(f64::total_cmp);
    out(format_args!(
        "command latency (ms): p50 {:.2}, p99 {:.2}, max {:.2}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(f64::NAN)
    ));
    out(format_args!(
        "grid, maps and metrics: {:.1} % of the worker's time",
        100.0 * stats.overhead.as_secs_f64() / elapsed.as_secs_f64()
    ));
    let u = stats.steps as f64 / elapsed.as_secs_f64();
    out(format_args!(
        "updates/s: in the worker {u:.0}, headless {h:.0} ({:.0} %)",
        100.0 * u / h.max(1e-9)
    ));
    Ok(())
}

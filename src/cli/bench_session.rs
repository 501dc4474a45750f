//! `perceptron-lab bench --session`: a long run of the app's default network through a
//! `Session` (no window), then the memory it holds and what showing a past step costs.

use super::out;
use crate::data::{DataSpec, DatasetKind};
use crate::train::{Command, Session, TrainConfig, Trainer};
use rand::{RngExt, SeedableRng};
use std::time::{Duration, Instant};

/// The app's default run: spiral 2 × 100, 2-8-8-1 tanh, mini-batches of 10, α 0.3.
pub fn default_run() -> Result<Trainer, String> {
    let data = DataSpec {
        kind: DatasetKind::Spiral,
        classes: 2,
        points_per_class: 100,
        noise: None,
        seed: 1,
    }
    .generate()
    .map_err(|e| e.to_string())?;
    // λ is offered but off in the app's first run.
    let config = TrainConfig {
        lambda: 0.0,
        ..TrainConfig::classroom()
    };
    Trainer::new(&config, data, None).map_err(|e| e.to_string())
}

/// This process's resident memory in KiB (Linux), if known.
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Runs `steps` steps of the default network, then shows 200 random past steps.
pub fn bench_session(steps: u64) -> Result<(), String> {
    let before = rss_kib();
    let mut s = Session::new(default_run()?);
    let t = Instant::now();
    s.apply(Command::Step(steps));
    while s.busy() {
        s.step_for(Duration::from_secs(1), u64::MAX);
    }
    let train_s = t.elapsed().as_secs_f64();
    let run = s.run();
    out(format_args!(
        "session: {} steps of the default network in {train_s:.1} s ({:.0} steps/s)",
        run.head_step(),
        run.head_step() as f64 / train_s.max(1e-9)
    ));
    out(format_args!(
        "history and checkpoints of the run: {:.1} MiB ({} checkpoints)",
        run.bytes() as f64 / (1 << 20) as f64,
        run.checkpoint_count()
    ));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let head = run.head_step();
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let step = rng.random_range(0..head.max(1));
            let t = Instant::now();
            s.apply(Command::View(step));
            let _ = s.view();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    out(format_args!(
        "showing a past step (200 random): median {:.2} ms, max {:.2} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    ));
    if let (Some(a), Some(b)) = (before, rss_kib()) {
        out(format_args!(
            "resident memory: {:.1} MiB before, {:.1} MiB after",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        ));
    }
    Ok(())
}

//! `perceptron-lab bench`: the throughput figures of the issue, measured here and now.
//!
//! Each figure is timed over many short samples; the median and the best are printed, since
//! a shared machine slows some samples down.

use super::out;
use crate::data::{DataSpec, DatasetKind};
use crate::nn::kernels::simd_level;
use crate::nn::{Activation, BatchData, Init, Loss, Mlp, Output, Workspace, backprop};
use crate::train::grid::{GridSpec, mlp_grid};
use clap::Args;
use std::time::{Duration, Instant};

/// The flags of `bench`.
#[derive(Args, Clone, Debug)]
pub struct BenchArgs {
    /// Seconds spent on each figure
    #[arg(long, value_name = "S", default_value_t = 2.0)]
    pub seconds: f64,
    /// Measure a Session instead: this many steps of the app's default network, then the
    /// memory held and the cost of showing a past step
    #[arg(long, value_name = "STEPS")]
    pub session: Option<u64>,
    /// Measure the worker thread instead: command latency while playing, the picture's share
    /// of its time, and its speed against headless (the app's default network, or the one
    /// the train flags describe)
    #[arg(long)]
    pub worker: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub train: super::TrainArgs,
}

/// Work units per second: median and best over samples of `per_sample` units.
struct Rate {
    median: f64,
    best: f64,
}

fn measure(budget: Duration, per_sample: usize, mut work: impl FnMut()) -> Rate {
    let mut rates = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || rates.len() < 5 {
        let t = Instant::now();
        for _ in 0..per_sample {
            work();
        }
        rates.push(per_sample as f64 / t.elapsed().as_secs_f64().max(1e-9));
    }
    rates.sort_by(f64::total_cmp);
    Rate {
        median: rates[rates.len() / 2],
        best: rates[rates.len() - 1],
    }
}

/// `perceptron-lab bench`.
pub fn bench(args: &BenchArgs) -> Result<(), String> {
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 600.0) {
        return Err(format!(
            "--seconds must be in (0, 600] (got {})",
            args.seconds
        ));
    }
    if args.worker {
        return super::bench_worker::bench_worker(&args.train, args.seconds.max(1.0));
    }
    if let Some(steps) = args.session {
        return super::bench_session::bench_session(steps.min(1_000_000_000));
    }
    let budget = Duration::from_secs_f64(args.seconds);
    let spec = |classes, points| DataSpec {
        kind: DatasetKind::Spiral,
        classes,
        points_per_class: points,
        noise: None,
        seed: 1,
    };
    let data = spec(3, 100).generate().map_err(|e| e.to_string())?;
    let x = data.feature_major();
    let all: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let cs231n = || {
        Mlp::new(
            &[2, 100, 3],
            Activation::Relu,
            Output::Softmax,
            Init::Scale(0.01),
            1,
        )
    };
    let mut mlp = cs231n().map_err(|e| e.to_string())?;
    let mut ws = Workspace::default();
    out(format_args!(
        "perceptron-lab bench ({}; median / best of short samples)",
        simd_level()
    ));
    let fast = measure(budget, 20, || {
        mlp.train_step(batch, &all, Loss::CrossEntropy, 1e-3, 1.0, &mut ws);
    });
    let mut slow_mlp = cs231n().map_err(|e| e.to_string())?;
    let slow = measure(budget, 2, || {
        backprop::train_step(
            &mut slow_mlp,
            data.points.view(),
            &data.classes,
            Loss::CrossEntropy,
            1e-3,
            1.0,
        );
    });
    out(format_args!(
        "cs231n step (2-100-3 ReLU, 300 points, full batch): {:.0} / {:.0} steps/s; ndarray version {:.0} / {:.0} steps/s ({:.1}x)",
        fast.median,
        fast.best,
        slow.median,
        slow.best,
        fast.median / slow.median
    ));
    let small = spec(2, 125).generate().map_err(|e| e.to_string())?;
    let xs = small.feature_major();
    let sb = BatchData::of(&small, &xs);
    let order: Vec<usize> = (0..small.len()).collect();
    let mut net = Mlp::new(
        &[2, 8, 8, 1],
        Activation::Tanh,
        Output::Sigmoid,
        Init::Auto,
        1,
    )
    .map_err(|e| e.to_string())?;
    let epoch = measure(budget, 2, || {
        for b in order.chunks(10) {
            net.train_step(sb, b, Loss::CrossEntropy, 0.0, 0.03, &mut ws);
        }
    });
    let n = small.len() as f64;
    out(format_args!(
        "2-8-8-1 tanh, mini-batch 10, 250 spiral points: {:.2} / {:.2} M examples/s",
        epoch.median * n / 1e6,
        epoch.best * n / 1e6
    ));
    let square = |cells| GridSpec {
        x_range: [-1.2, 1.2],
        y_range: [-1.2, 1.2],
        nx: cells,
        ny: cells,
    };
    let g1 = measure(budget, 5, || {
        std::hint::black_box(mlp_grid(&mlp, square(200), true, &mut ws));
    });
    out(format_args!(
        "decision grid 200x200, 2-100-3: {:.2} / {:.2} ms",
        1e3 / g1.median,
        1e3 / g1.best
    ));
    let g2 = measure(budget, 20, || {
        std::hint::black_box(mlp_grid(&net, square(100), true, &mut ws));
    });
    out(format_args!(
        "decision grid 100x100, 2-8-8-1 tanh (display tanh): {:.3} / {:.3} ms",
        1e3 / g2.median,
        1e3 / g2.best
    ));
    Ok(())
}

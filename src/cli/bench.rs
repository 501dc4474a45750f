//! `perceptron-lab bench`: the throughput figures of the issue, measured here and now.
//!
//! Each figure is timed over many short samples; the median and the best are printed, since
//! a shared machine slows some samples down. The header names the CPU and the kernel path.

use super::out;
use crate::data::{DataSpec, Dataset, DatasetKind, Features};
use crate::nn::kernels::{KernelPath, Route};
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
    /// Measure the app's own CPU time per frame instead (no window, no GPU): 1920x1080, a new
    /// snapshot every frame, 1 000 000 steps of history and an 8x1024 network
    #[arg(long)]
    pub frame: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub train: super::TrainArgs,
    /// Also time the cs231n and 3x512 steps on every kernel path this CPU has, with the
    /// GEMM on and off
    #[arg(long)]
    pub paths: bool,
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

/// The CPU's model name from `/proc/cpuinfo`, or the architecture where there is none.
pub fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| format!("unknown {} CPU", std::env::consts::ARCH))
}

fn spiral(classes: usize, points: usize) -> Result<Dataset, String> {
    DataSpec {
        kind: DatasetKind::Spiral,
        classes,
        points_per_class: points,
        noise: None,
        seed: 1,
    }
    .generate()
    .map_err(|e| e.to_string())
}

/// A full-batch training problem: the network, its data, and its step's hyperparameters.
struct Problem {
    mlp: Mlp,
    data: Dataset,
    x: Vec<f64>,
    lambda: f64,
    rate: f64,
}

impl Problem {
    /// The cs231n step: 2-100-3 ReLU, softmax, 300 spiral points, λ = 10⁻³, α = 1.
    fn cs231n() -> Result<Self, String> {
        let mlp = Mlp::new(
            &[2, 100, 3],
            Activation::Relu,
            Output::Softmax,
            Init::Scale(0.01),
            1,
        );
        Self::new(mlp.map_err(|e| e.to_string())?, spiral(3, 100)?, 1e-3, 1.0)
    }

    /// The wide step: 2-512-512-512-1 ReLU, sigmoid, 200 spiral points, λ = 10⁻³, α = 10⁻³.
    fn three_by_512() -> Result<Self, String> {
        let sizes = [2, 512, 512, 512, 1];
        let mlp = Mlp::new(&sizes, Activation::Relu, Output::Sigmoid, Init::Auto, 1);
        Self::new(mlp.map_err(|e| e.to_string())?, spiral(2, 100)?, 1e-3, 1e-3)
    }

    fn new(mlp: Mlp, data: Dataset, lambda: f64, rate: f64) -> Result<Self, String> {
        let x = data.feature_major();
        Ok(Self {
            mlp,
            data,
            x,
            lambda,
            rate,
        })
    }

    /// Steps per second of the fast kernels along `route`.
    fn fast(&mut self, route: Route, budget: Duration, per_sample: usize) -> Rate {
        let batch = BatchData::of(&self.data, &self.x);
        let all: Vec<usize> = (0..self.data.len()).collect();
        let (mut ws, (lambda, rate)) = (Workspace::default(), (self.lambda, self.rate));
        let mlp = &mut self.mlp;
        measure(budget, per_sample, || {
            mlp.train_step_route(
                route,
                batch,
                &all,
                Loss::CrossEntropy,
                lambda,
                rate,
                &mut ws,
            );
        })
    }

    /// Steps per second of the plain ndarray version.
    fn ndarray(&self, budget: Duration, per_sample: usize) -> Rate {
        let mut mlp = self.mlp.clone();
        measure(budget, per_sample, || {
            backprop::train_step(
                &mut mlp,
                self.data.points.view(),
                &self.data.classes,
                Loss::CrossEntropy,
                self.lambda,
                self.rate,
            );
        })
    }

    /// Floating-point operations of one step (the three products of every layer).
    fn flops(&self) -> f64 {
        let s = self.mlp.sizes();
        let macs: usize = s.windows(2).map(|w| w[0] * w[1]).sum();
        6.0 * macs as f64 * self.data.len() as f64
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
    if args.train.hidden.is_some() {
        return Err(
            "--hidden applies to bench --worker; the plain bench times fixed networks (cs231n 2-100-3 and 2-512-512-512-1)"
                .into(),
        );
    }
    if args.frame {
        #[cfg(feature = "gui")]
        return super::bench_frame::bench_frame(args.seconds);
        #[cfg(not(feature = "gui"))]
        return Err("bench --frame needs the app (the gui feature)".into());
    }
    if let Some(steps) = args.session {
        return super::bench_session::bench_session(steps.min(1_000_000_000));
    }
    let budget = Duration::from_secs_f64(args.seconds);
    out(format_args!(
        "perceptron-lab bench (CPU: {}; kernels: {}; median / best of short samples)",
        cpu_name(),
        KernelPath::best().name()
    ));
    let mut cs231n = Problem::cs231n()?;
    let fast = cs231n.fast(Route::best(), budget, 20);
    let slow = cs231n.ndarray(budget, 2);
    out(format_args!(
        "cs231n step (2-100-3 ReLU, 300 points, full batch): {:.0} / {:.0} steps/s; ndarray version {:.0} / {:.0} steps/s ({:.1}x)",
        fast.median,
        fast.best,
        slow.median,
        slow.best,
        fast.median / slow.median
    ));
    let mut wide = Problem::three_by_512()?;
    let fast = wide.fast(Route::best(), budget, 2);
    let slow = wide.ndarray(budget, 1);
    out(format_args!(
        "3x512 step (2-512-512-512-1 ReLU, 200 points, full batch): {:.1} / {:.1} steps/s ({:.1} GFLOP/s); ndarray version {:.1} / {:.1} steps/s ({:.1}x)",
        fast.median,
        fast.best,
        fast.median * wide.flops() / 1e9,
        slow.median,
        slow.best,
        fast.median / slow.median
    ));
    let mut ws = Workspace::default();
    let net = small_epoch(budget, &mut ws)?;
    grids(budget, &cs231n.mlp, &net, &mut ws);
    if args.paths {
        paths(budget, &mut cs231n, &mut wide);
    }
    Ok(())
}

/// The 2-8-8-1 tanh mini-batch epoch figure; returns the trained network for the grids.
fn small_epoch(budget: Duration, ws: &mut Workspace) -> Result<Mlp, String> {
    let small = spiral(2, 125)?;
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
            net.train_step(sb, b, Loss::CrossEntropy, 0.0, 0.03, ws);
        }
    });
    let n = small.len() as f64;
    out(format_args!(
        "2-8-8-1 tanh, mini-batch 10, 250 spiral points: {:.2} / {:.2} M examples/s",
        epoch.median * n / 1e6,
        epoch.best * n / 1e6
    ));
    Ok(net)
}

/// The decision-grid figures.
fn grids(budget: Duration, big: &Mlp, small: &Mlp, ws: &mut Workspace) {
    let square = |cells| GridSpec {
        x_range: [-1.2, 1.2],
        y_range: [-1.2, 1.2],
        nx: cells,
        ny: cells,
    };
    let g1 = measure(budget, 5, || {
        std::hint::black_box(mlp_grid(big, Features::default(), square(200), true, ws));
    });
    out(format_args!(
        "decision grid 200x200, 2-100-3: {:.2} / {:.2} ms",
        1e3 / g1.median,
        1e3 / g1.best
    ));
    let g2 = measure(budget, 20, || {
        std::hint::black_box(mlp_grid(small, Features::default(), square(100), true, ws));
    });
    out(format_args!(
        "decision grid 100x100, 2-8-8-1 tanh (display tanh): {:.3} / {:.3} ms",
        1e3 / g2.median,
        1e3 / g2.best
    ));
}

/// `--paths`: both full-batch steps on every kernel path this CPU has, GEMM on and off.
fn paths(budget: Duration, cs231n: &mut Problem, wide: &mut Problem) {
    for path in KernelPath::ALL {
        if !path.available() {
            out(format_args!("{}: not on this CPU", path.name()));
            continue;
        }
        for gemm in [false, true] {
            let route = Route {
                path,
                gemm: Some(gemm),
            };
            let a = cs231n.fast(route, budget, if gemm { 5 } else { 20 });
            let b = wide.fast(route, budget, 1);
            out(format_args!(
                "{:>8} {:<9} cs231n {:>7.0} / {:>7.0} steps/s; 3x512 {:>6.1} / {:>6.1} steps/s",
                path.name(),
                if gemm { "GEMM" } else { "chunks" },
                a.median,
                a.best,
                b.median,
                b.best
            ));
        }
    }
}

//! Criterion benchmarks of the hot paths, each against the plain ndarray version where there
//! is one: the cs231n step, a small tanh net's mini-batch epoch, the decision grids, and the
//! chunk kernels against the GEMM on square hidden layers (where `uses_gemm` switches).

use criterion::{Criterion, criterion_group, criterion_main};
use perceptron_lab::data::{DataSpec, DatasetKind};
use perceptron_lab::nn::kernels::{KernelPath, Route};
use perceptron_lab::nn::{Activation, BatchData, Init, Loss, Mlp, Output, Workspace, backprop};
use perceptron_lab::train::grid::{GridSpec, mlp_grid};
use std::hint::black_box;

fn spiral(classes: usize, points: usize) -> perceptron_lab::data::Dataset {
    DataSpec {
        kind: DatasetKind::Spiral,
        classes,
        points_per_class: points,
        noise: None,
        seed: 1,
    }
    .generate()
    .expect("valid")
}

fn cs231n_step(c: &mut Criterion) {
    let data = spiral(3, 100);
    let x = data.feature_major();
    let all: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let net = || {
        Mlp::new(
            &[2, 100, 3],
            Activation::Relu,
            Output::Softmax,
            Init::Scale(0.01),
            1,
        )
        .expect("valid")
    };
    let mut g = c.benchmark_group("cs231n step 2-100-3, 300 points");
    let mut fast = net();
    let mut ws = Workspace::default();
    g.bench_function("fused kernels", |b| {
        b.iter(|| {
            fast.train_step(
                batch,
                black_box(&all),
                Loss::CrossEntropy,
                1e-3,
                1.0,
                &mut ws,
            )
        })
    });
    let mut slow = net();
    g.bench_function("ndarray", |b| {
        b.iter(|| {
            backprop::train_step(
                &mut slow,
                data.points.view(),
                &data.classes,
                Loss::CrossEntropy,
                1e-3,
                1.0,
            )
        })
    });
    g.finish();
}

fn small_tanh_epoch(c: &mut Criterion) {
    let data = spiral(2, 125);
    let x = data.feature_major();
    let order: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let mut net = Mlp::new(
        &[2, 8, 8, 1],
        Activation::Tanh,
        Output::Sigmoid,
        Init::Auto,
        1,
    )
    .expect("valid");
    let mut ws = Workspace::default();
    c.bench_function("2-8-8-1 tanh epoch, mini-batch 10, 250 points", |b| {
        b.iter(|| {
            for chunk in order.chunks(10) {
                net.train_step(batch, chunk, Loss::CrossEntropy, 0.0, 0.03, &mut ws);
            }
        })
    });
}

fn grids(c: &mut Criterion) {
    let square = |cells| GridSpec {
        x_range: [-1.2, 1.2],
        y_range: [-1.2, 1.2],
        nx: cells,
        ny: cells,
    };
    let mut ws = Workspace::default();
    let big = Mlp::new(
        &[2, 100, 3],
        Activation::Relu,
        Output::Softmax,
        Init::Auto,
        1,
    )
    .expect("valid");
    let small = Mlp::new(
        &[2, 8, 8, 1],
        Activation::Tanh,
        Output::Sigmoid,
        Init::Auto,
        1,
    )
    .expect("valid");
    c.bench_function("grid 200x200, 2-100-3", |b| {
        b.iter(|| mlp_grid(&big, Default::default(), square(200), true, &mut ws))
    });
    c.bench_function("grid 100x100, 2-8-8-1 tanh (display)", |b| {
        b.iter(|| mlp_grid(&small, Default::default(), square(100), true, &mut ws))
    });
    c.bench_function("grid 100x100, 2-8-8-1 tanh (exact)", |b| {
        b.iter(|| mlp_grid(&small, Default::default(), square(100), false, &mut ws))
    });
}

/// 2-w-w-3 ReLU steps on 300 points through the chunk kernels and through the GEMM, for
/// widths around [`perceptron_lab::nn::kernels::GEMM_MIN_WIDTH`], and the 3×512 step.
fn chunks_or_gemm(c: &mut Criterion) {
    let data = spiral(3, 100);
    let x = data.feature_major();
    let all: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let mut g = c.benchmark_group("chunks or GEMM");
    g.sample_size(10);
    let nets: [&[usize]; 5] = [
        &[2, 64, 64, 3],
        &[2, 96, 96, 3],
        &[2, 128, 128, 3],
        &[2, 192, 192, 3],
        &[2, 512, 512, 512, 3],
    ];
    for sizes in nets {
        let mlp = Mlp::new(sizes, Activation::Relu, Output::Softmax, Init::Auto, 1).expect("ok");
        let mut ws = Workspace::default();
        for gemm in [false, true] {
            let route = Route {
                path: KernelPath::best(),
                gemm: Some(gemm),
            };
            let name = format!("{sizes:?} {}", if gemm { "GEMM" } else { "chunks" });
            g.bench_function(name, |b| {
                b.iter(|| {
                    mlp.gradient_route(
                        route,
                        batch,
                        black_box(&all),
                        Loss::CrossEntropy,
                        0.0,
                        &mut ws,
                    )
                })
            });
        }
    }
    g.finish();
}

criterion_group!(
    benches,
    cs231n_step,
    small_tanh_epoch,
    grids,
    chunks_or_gemm
);
criterion_main!(benches);

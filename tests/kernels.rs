//! Every kernel path (portable, AVX2 + FMA, AVX-512F; chunk kernels and whole-batch GEMM)
//! against the plain ndarray reference, and each bit-identical from run to run. Paths this
//! CPU cannot run are skipped, and the test says so on stderr.

use perceptron_lab::data::{DataSpec, Dataset, DatasetKind};
use perceptron_lab::nn::kernels::{self, BatchData, KernelPath, Route, Workspace};
use perceptron_lab::nn::{Activation, Gradients, Init, Loss, Mlp, Output, backprop};

fn spiral(classes: usize, n: usize) -> Dataset {
    DataSpec {
        kind: DatasetKind::Spiral,
        classes,
        points_per_class: n,
        noise: None,
        seed: 7,
    }
    .generate()
    .expect("valid")
}

/// The routes this CPU can run: every available path, with the GEMM forced off and on.
fn routes() -> Vec<Route> {
    let mut out = Vec::new();
    for path in KernelPath::ALL {
        if !path.available() {
            eprintln!("skipped: this CPU cannot run the {} kernels", path.name());
            continue;
        }
        for gemm in [Some(false), Some(true)] {
            out.push(Route { path, gemm });
        }
    }
    out
}

/// |a − b| / max(1, |b|).
fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1.0)
}

/// The largest relative difference over the data loss and every gradient entry.
fn worst(j0: f64, g: &Gradients, rj0: f64, rg: &Gradients) -> f64 {
    let mut w = rel(j0, rj0);
    for (a, b) in g.weights.iter().zip(&rg.weights) {
        w = a.iter().zip(b).fold(w, |w, (a, b)| w.max(rel(*a, *b)));
    }
    for (a, b) in g.bias.iter().zip(&rg.bias) {
        w = a.iter().zip(b).fold(w, |w, (a, b)| w.max(rel(*a, *b)));
    }
    w
}

/// The networks checked: (sizes, hidden activation).
fn networks(d_l: usize) -> Vec<(Vec<usize>, Activation)> {
    vec![
        (vec![2, 100, d_l], Activation::Relu),
        (vec![2, 9, d_l], Activation::Tanh),
        (vec![2, 5, 7, d_l], Activation::Sigmoid),
        (vec![2, 12, 11, d_l], Activation::Linear),
        (vec![2, 130, 140, d_l], Activation::Relu),
        (vec![2, 129, 131, d_l], Activation::Tanh),
    ]
}

#[test]
fn every_path_matches_the_reference_over_one_step() {
    let routes = routes();
    for classes in [2, 3] {
        let data = spiral(classes, 45);
        let x = data.feature_major();
        let batch = BatchData::of(&data, &x);
        let d_l = if classes == 2 { 1 } else { classes };
        let subsets: [Vec<usize>; 2] = [
            (0..data.len()).collect(),
            (0..data.len()).step_by(4).rev().collect(),
        ];
        for (sizes, act) in networks(d_l) {
            let out = Output::for_classes(classes);
            let mlp = Mlp::new(&sizes, act, out, Init::Auto, 5).expect("valid");
            for loss in [Loss::CrossEntropy, Loss::Mse] {
                for idx in &subsets {
                    let rows = data.points.select(ndarray::Axis(0), idx);
                    let cls: Vec<usize> = idx.iter().map(|&i| data.classes[i]).collect();
                    let (rp, rg) = backprop::gradient(&mlp, rows.view(), &cls, loss, 0.01);
                    for &route in &routes {
                        let mut ws = Workspace::default();
                        let (p, g) = mlp.gradient_route(route, batch, idx, loss, 0.01, &mut ws);
                        let w = worst(p.data_loss, &g, rp.data_loss, &rg);
                        let what = format!("{route:?} {act} {sizes:?} {loss} n={}", idx.len());
                        assert!(w <= 1e-12, "{what}: worst relative difference {w:e}");
                    }
                }
            }
        }
    }
}

/// The wide network, 2-512-512-512-1 ReLU on 200 points, through the route its shape
/// selects (the GEMM), on every path.
#[test]
fn the_three_by_512_network_matches_the_reference() {
    let data = spiral(2, 100);
    let x = data.feature_major();
    let batch = BatchData::of(&data, &x);
    let sizes = [2, 512, 512, 512, 1];
    assert!(kernels::uses_gemm(&sizes));
    let mlp = Mlp::new(&sizes, Activation::Relu, Output::Sigmoid, Init::Auto, 3).expect("ok");
    let idx: Vec<usize> = (0..data.len()).collect();
    let loss = Loss::CrossEntropy;
    let (rp, rg) = backprop::gradient(&mlp, data.points.view(), &data.classes, loss, 1e-3);
    for path in KernelPath::ALL {
        if !path.available() {
            eprintln!("skipped: this CPU cannot run the {} kernels", path.name());
            continue;
        }
        let route = Route { path, gemm: None };
        let mut ws = Workspace::default();
        let (p, g) = mlp.gradient_route(route, batch, &idx, loss, 1e-3, &mut ws);
        let w = worst(p.data_loss, &g, rp.data_loss, &rg);
        assert!(
            w <= 1e-12,
            "{}: worst relative difference {w:e}",
            path.name()
        );
    }
}

/// Every bit of the loss and the gradients, in order.
fn bits(j0: f64, g: &Gradients) -> Vec<u64> {
    let mut out = vec![j0.to_bits()];
    for (w, b) in g.weights.iter().zip(&g.bias) {
        out.extend(w.iter().chain(b).map(|v| v.to_bits()));
    }
    out
}

#[test]
fn every_path_is_bit_identical_from_run_to_run() {
    let data = spiral(3, 40);
    let x = data.feature_major();
    let batch = BatchData::of(&data, &x);
    let all: Vec<usize> = (0..data.len()).collect();
    let other: Vec<usize> = (0..data.len()).step_by(3).collect();
    for (sizes, act) in networks(3) {
        let mlp = Mlp::new(&sizes, act, Output::Softmax, Init::Auto, 9).expect("valid");
        for route in routes() {
            let loss = Loss::CrossEntropy;
            let fresh = || {
                let (p, g) =
                    mlp.gradient_route(route, batch, &all, loss, 0.0, &mut Workspace::default());
                bits(p.data_loss, &g)
            };
            let first = fresh();
            assert_eq!(first, fresh(), "{route:?} {sizes:?}: two fresh runs differ");
            // A reused workspace, after another batch, gives the same bits again.
            let mut ws = Workspace::default();
            mlp.gradient_route(route, batch, &other, loss, 0.0, &mut ws);
            let (p, g) = mlp.gradient_route(route, batch, &all, loss, 0.0, &mut ws);
            assert_eq!(
                first,
                bits(p.data_loss, &g),
                "{route:?} {sizes:?}: reused workspace"
            );
        }
    }
}

#[test]
fn the_best_path_is_available_and_named() {
    let best = KernelPath::best();
    assert!(best.available());
    assert_eq!(kernels::simd_level(), best.name());
    assert!(KernelPath::Portable.available());
    assert!(
        !kernels::uses_gemm(&[2, 100, 3]),
        "the cs231n net keeps the hand kernels"
    );
}

/// A wide network's outputs for many points go through the GEMM in blocks of points
/// (`forward_chunks`): over 1 100 points (two full blocks and a partial one, whose last chunk
/// is partial too) they equal the plain reference forward pass to 1e-12.
#[test]
fn a_wide_network_predicts_many_points_as_the_reference_does() {
    let data = spiral(3, 367);
    assert_eq!(data.len(), 1101);
    let sizes = [2, 160, 144, 3];
    assert!(kernels::uses_gemm(&sizes));
    for f in [Activation::Tanh, Activation::Relu, Activation::Sigmoid] {
        let mlp = Mlp::new(&sizes, f, Output::Softmax, Init::Auto, 5).expect("ok");
        let reference = backprop::forward(&mlp, data.points.view());
        let want = &reference.last().expect("an output layer").1;
        let mut ws = Workspace::default();
        let got = mlp.predict_many(&data.points.view(), false, &mut ws);
        assert_eq!(got.dim(), want.dim());
        let w = got
            .iter()
            .zip(want.iter())
            .map(|(&a, &b)| rel(a, b))
            .fold(0.0, f64::max);
        assert!(w <= 1e-12, "{f:?}: worst relative difference {w:e}");
    }
}

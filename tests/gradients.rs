//! Backprop against independent references: the plain ndarray implementation, centred finite
//! differences, and the lecture's hand-derived Eg. 1 formulas.

use ndarray::{Array1, Array2, array};
use perceptron_lab::data::{DataSpec, Dataset, DatasetKind};
use perceptron_lab::nn::gradcheck::{self, gradient_check};
use perceptron_lab::nn::kernels::{self, BatchData, Workspace};
use perceptron_lab::nn::{Activation, Init, Layer, Loss, Mlp, Output, backprop};

fn spiral(classes: usize, n: usize) -> Dataset {
    DataSpec {
        kind: DatasetKind::Spiral,
        classes,
        points_per_class: n,
        noise: None,
        seed: 3,
    }
    .generate()
    .expect("valid")
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-12)
}

/// Every hidden activation × output × loss, both code paths, full batch and a subset.
#[test]
fn fast_kernels_match_the_ndarray_reference() {
    for classes in [2, 3] {
        let data = spiral(classes, 37);
        let x = data.feature_major();
        let batch = BatchData::of(&data, &x);
        let out = Output::for_classes(classes);
        let d_l = if classes == 2 { 1 } else { classes };
        for act in [
            Activation::Relu,
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::Linear,
        ] {
            for sizes in [vec![2, d_l], vec![2, 9, d_l], vec![2, 5, 7, d_l]] {
                let mlp = Mlp::new(&sizes, act, out, Init::Scale(0.8), 5).expect("valid");
                for loss in [Loss::CrossEntropy, Loss::Mse] {
                    let subsets: [Vec<usize>; 2] = [
                        (0..data.len()).collect(),
                        (0..data.len()).step_by(3).rev().collect(),
                    ];
                    for idx in subsets {
                        let rows = data.points.select(ndarray::Axis(0), &idx);
                        let cls: Vec<usize> = idx.iter().map(|&i| data.classes[i]).collect();
                        let (rp, rg) = backprop::gradient(&mlp, rows.view(), &cls, loss, 0.01);
                        for simd in [false, true] {
                            let mut ws = Workspace::default();
                            let j0 =
                                kernels::batch_gradient_on(simd, &mlp, batch, &idx, loss, &mut ws);
                            let what =
                                format!("{act} {sizes:?} {loss} simd={simd} n={}", idx.len());
                            assert!(
                                close(j0, rp.data_loss, 1e-12),
                                "{what}: {j0} vs {}",
                                rp.data_loss
                            );
                            let (_, g) = mlp.gradient_on(simd, batch, &idx, loss, 0.01, &mut ws);
                            for l in 0..mlp.layer_count() {
                                for (a, b) in g.weights[l].iter().zip(rg.weights[l].iter()) {
                                    assert!((a - b).abs() < 1e-12, "{what} dW{l}: {a} vs {b}");
                                }
                                for (a, b) in g.bias[l].iter().zip(rg.bias[l].iter()) {
                                    assert!((a - b).abs() < 1e-12, "{what} db{l}: {a} vs {b}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn gradient_check_passes_for_smooth_networks() {
    for (classes, act) in [
        (2, Activation::Sigmoid),
        (3, Activation::Tanh),
        (2, Activation::Tanh),
        (3, Activation::Sigmoid),
    ] {
        let data = spiral(classes, 20);
        let d_l = if classes == 2 { 1 } else { classes };
        for loss in [Loss::CrossEntropy, Loss::Mse] {
            let mlp = Mlp::new(
                &[2, 6, 5, d_l],
                act,
                Output::for_classes(classes),
                Init::Auto,
                11,
            )
            .expect("valid");
            let errors = gradient_check(&mlp, &data, loss, 0.05);
            assert_eq!(errors.len(), 3);
            for (l, e) in errors.iter().enumerate() {
                assert!(*e < 1e-6, "{act} {loss} C={classes} layer {}: {e:e}", l + 1);
            }
        }
    }
}

#[test]
fn gradient_check_notices_a_wrong_gradient() {
    // The check must be able to fail: hand it the gradient of another λ, and of a network
    // with one weight changed, instead of the true one.
    let data = spiral(2, 10);
    let mlp =
        Mlp::new(&[2, 4, 1], Activation::Tanh, Output::Sigmoid, Init::Auto, 2).expect("valid");
    let x = data.feature_major();
    let idx: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let grad = |m: &Mlp, lambda: f64| {
        m.gradient(
            batch,
            &idx,
            Loss::CrossEntropy,
            lambda,
            &mut Workspace::default(),
        )
        .1
    };
    let check = |analytic: &dyn Fn(&Mlp) -> perceptron_lab::nn::Gradients| {
        gradcheck::gradient_check_with(&mlp, &data, Loss::CrossEntropy, 0.0, analytic)
    };
    let right = check(&|m| grad(m, 0.0));
    assert!(right.iter().all(|&e| e < 1e-6), "{right:?}");
    let wrong_lambda = check(&|m| grad(m, 0.5));
    assert!(wrong_lambda.iter().any(|&e| e > 1e-3), "{wrong_lambda:?}");
    let mut other = mlp.clone();
    other.set_weight(1, 0, 0, 3.0);
    let wrong_weights = check(&|_| grad(&other, 0.0));
    assert!(wrong_weights.iter().any(|&e| e > 1e-3), "{wrong_weights:?}");
}

/// The lecture's Eg. 1 (with the errata of COURSE §7), one point, sigmoid in both layers,
/// cross-entropy: every partial derivative written out by hand.
#[test]
fn lecture_example_one_by_hand() {
    let w1 = array![[0.3, -0.5], [0.8, 0.2]];
    let b1 = array![0.1, -0.2];
    let w2 = array![[0.7], [-1.1]];
    let b2 = array![0.05];
    let mlp = Mlp::from_layers(
        vec![
            Layer::new(w1.clone(), b1.clone()).expect("fits"),
            Layer::new(w2.clone(), b2.clone()).expect("fits"),
        ],
        Activation::Sigmoid,
        Output::Sigmoid,
    )
    .expect("valid");
    let (x1, x2, y) = (0.6, -0.4, 1.0);
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let a1 = s(b1[0] + x1 * w1[[0, 0]] + x2 * w1[[1, 0]]);
    let a2 = s(b1[1] + x1 * w1[[0, 1]] + x2 * w1[[1, 1]]);
    let a = s(b2[0] + a1 * w2[[0, 0]] + a2 * w2[[1, 0]]);
    let data = Dataset::from_rows(&[[x1, x2]], vec![1]).expect("ok");
    let xs = data.feature_major();
    let batch = BatchData::of(&data, &xs);
    let (_, g) = mlp.gradient(
        batch,
        &[0],
        Loss::CrossEntropy,
        0.0,
        &mut Workspace::default(),
    );
    let d = a - y;
    let expect = [
        (g.bias[1][0], d),
        (g.weights[1][[0, 0]], a1 * d),
        (g.weights[1][[1, 0]], a2 * d),
        (g.weights[0][[0, 0]], x1 * a1 * (1.0 - a1) * w2[[0, 0]] * d),
        (g.weights[0][[0, 1]], x1 * a2 * (1.0 - a2) * w2[[1, 0]] * d),
        (g.weights[0][[1, 0]], x2 * a1 * (1.0 - a1) * w2[[0, 0]] * d),
        (g.weights[0][[1, 1]], x2 * a2 * (1.0 - a2) * w2[[1, 0]] * d),
        (g.bias[0][0], a1 * (1.0 - a1) * w2[[0, 0]] * d),
        (g.bias[0][1], a2 * (1.0 - a2) * w2[[1, 0]] * d),
    ];
    for (i, (got, want)) in expect.into_iter().enumerate() {
        assert!((got - want).abs() < 1e-15, "partial {i}: {got} vs {want}");
    }
    // And the loss is −ln a for y = 1.
    let parts = backprop::loss(
        &mlp,
        data.points.view(),
        &data.classes,
        Loss::CrossEntropy,
        0.0,
    );
    assert!((parts.data_loss + a.ln()).abs() < 1e-15);
}

#[test]
fn regularization_applies_to_weights_only() {
    let data = spiral(2, 10);
    let mlp =
        Mlp::new(&[2, 4, 1], Activation::Tanh, Output::Sigmoid, Init::Auto, 2).expect("valid");
    let x = data.feature_major();
    let idx: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let (p0, g0) = mlp.gradient(
        batch,
        &idx,
        Loss::CrossEntropy,
        0.0,
        &mut Workspace::default(),
    );
    let (p1, g1) = mlp.gradient(
        batch,
        &idx,
        Loss::CrossEntropy,
        0.3,
        &mut Workspace::default(),
    );
    assert_eq!(p0.data_loss, p1.data_loss);
    let sum_sq: f64 = mlp
        .layers()
        .iter()
        .map(|l| l.weights().iter().map(|w| w * w).sum::<f64>())
        .sum();
    assert!((p1.reg_loss - 0.15 * sum_sq).abs() < 1e-15);
    for l in 0..2 {
        assert_eq!(g0.bias[l], g1.bias[l], "biases are not regularized");
        let diff: Array2<f64> = &g1.weights[l] - &g0.weights[l];
        let expect: Array2<f64> = mlp.layers()[l].weights() * 0.3;
        for (a, b) in diff.iter().zip(expect.iter()) {
            assert!((a - b).abs() < 1e-15);
        }
    }
    let _ = Array1::<f64>::zeros(0);
}

#[test]
fn fast_prediction_matches_the_point_by_point_forward_pass() {
    let data = spiral(3, 23);
    let mut ws = Workspace::default();
    for act in Activation::ALL {
        let mlp = Mlp::new(&[2, 7, 3], act, Output::Softmax, Init::Auto, 4).expect("valid");
        let fast = mlp.predict_many(&data.points.view(), false, &mut ws);
        for n in 0..data.len() {
            let slow = mlp.predict(&data.point(n));
            for j in 0..3 {
                assert!((fast[[n, j]] - slow[j]).abs() < 1e-14, "{act} point {n}");
            }
        }
    }
}

#[test]
fn a_training_step_moves_against_the_gradient() {
    let data = spiral(3, 15);
    let x = data.feature_major();
    let idx: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let mut fast =
        Mlp::new(&[2, 8, 3], Activation::Relu, Output::Softmax, Init::Auto, 8).expect("valid");
    let mut slow = fast.clone();
    let mut ws = Workspace::default();
    for _ in 0..50 {
        let a = fast.train_step(batch, &idx, Loss::CrossEntropy, 1e-3, 0.5, &mut ws);
        let b = backprop::train_step(
            &mut slow,
            data.points.view(),
            &data.classes,
            Loss::CrossEntropy,
            1e-3,
            0.5,
        );
        assert!(
            close(a.total(), b.total(), 1e-11),
            "{} vs {}",
            a.total(),
            b.total()
        );
    }
    for (lf, ls) in fast.layers().iter().zip(slow.layers()) {
        for (a, b) in lf.weights().iter().zip(ls.weights()) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}

/// Probabilities that underflow to 0 must still give the exact (large, finite) loss.
#[test]
fn saturated_softmax_keeps_a_finite_exact_loss() {
    let data = spiral(3, 12);
    let x = data.feature_major();
    let idx: Vec<usize> = (0..data.len()).collect();
    let batch = BatchData::of(&data, &x);
    let mlp = Mlp::new(
        &[2, 6, 3],
        Activation::Relu,
        Output::Softmax,
        Init::Scale(800.0),
        3,
    )
    .expect("valid");
    for simd in [false, true] {
        let fast = kernels::batch_gradient_on(
            simd,
            &mlp,
            batch,
            &idx,
            Loss::CrossEntropy,
            &mut Workspace::default(),
        );
        let slow = backprop::loss(
            &mlp,
            data.points.view(),
            &data.classes,
            Loss::CrossEntropy,
            0.0,
        );
        assert!(fast.is_finite() && fast > 100.0, "{fast}");
        assert!(
            close(fast, slow.data_loss, 1e-12),
            "{fast} vs {}",
            slow.data_loss
        );
    }
}

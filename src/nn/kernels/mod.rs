//! Fused, cache-blocked forward and backward passes of the MLP: the training hot loop.
//!
//! The batch is cut into chunks of at most [`CHUNK`] points. Inside a chunk everything is
//! feature-major (row r of a `d×nc` block holds unit r for each of the chunk's `nc` points,
//! nc a multiple of 4), so every product runs along the points whatever the layer widths:
//! - forward `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾` and backward `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′` are
//!   register-tiled broadcast products ([`MatP`]);
//! - `∂J/∂W⁽ˡ⁾ += A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ` is a tiled dot product over the points ([`mm_dot`]).
//!
//! A chunk's activations stay in the L1/L2 cache from the forward pass to the gradient, and
//! the gradients are summed over chunks. Padding columns get a zero error, so they add
//! nothing. The same code is compiled twice: with AVX2 + FMA (chosen at run time when the
//! CPU has them) and for the baseline x86-64 (or any other target).

mod first_layer;
mod output;
mod tiles;

use super::activation::Activation;
use super::loss::Loss;
use super::mlp::Mlp;
#[cfg(target_arch = "x86_64")]
use super::simd::Avx;
use super::simd::{Lanes, Plain};
use first_layer::FirstLayer;
use output::{apply_hidden, apply_output, output_error};
use tiles::{MatP, Post, mm_dot};

/// The most points processed together (a multiple of 4).
pub const CHUNK: usize = 32;

/// Scratch space for the kernels, reused across steps so that a step allocates nothing.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    sizes: Vec<usize>,
    xc: Vec<f64>,
    acts: Vec<Vec<f64>>,
    zout: Vec<f64>,
    errs: Vec<Vec<f64>>,
    classes: Vec<usize>,
    /// `∂J/∂W⁽ˡ⁾` of the last [`batch_gradient`], row-major `d(l−1)×d(l)`.
    pub(crate) dw: Vec<Vec<f64>>,
    /// `∂J/∂b⁽ˡ⁾` of the last [`batch_gradient`].
    pub(crate) db: Vec<Vec<f64>>,
    /// `[∂J/∂W⁽ˡ⁾; ∂J/∂b⁽ˡ⁾]` (`(d(l−1)+1)×d(l)`) as 4 partial sums each, summed into `dw`
    /// and `db` once per batch.
    dw_lanes: Vec<Vec<f64>>,
}

impl Workspace {
    /// Allocates for the layer sizes `[d0, d1, …, dL]` (nothing when they already fit).
    pub fn fit(&mut self, sizes: &[usize]) {
        if self.sizes == sizes {
            return;
        }
        let layers = sizes.len() - 1;
        self.sizes = sizes.to_vec();
        // Inputs of a layer carry one more row of ones (the lecture's augmented x̄ = (x, 1)),
        // so that one product gives ∂J/∂W and ∂J/∂b together.
        self.xc = vec![0.0; (sizes[0] + 1) * CHUNK];
        self.acts = (1..=layers)
            .map(|l| vec![0.0; (sizes[l] + 1) * CHUNK])
            .collect();
        self.errs = self.acts.clone();
        self.zout = vec![0.0; sizes[layers] * CHUNK];
        self.classes = vec![0; CHUNK];
        self.dw = (1..=layers)
            .map(|l| vec![0.0; sizes[l - 1] * sizes[l]])
            .collect();
        self.db = (1..=layers).map(|l| vec![0.0; sizes[l]]).collect();
        self.dw_lanes = (1..=layers)
            .map(|l| vec![0.0; 4 * (sizes[l - 1] + 1) * sizes[l]])
            .collect();
    }
}

fn round_up4(n: usize) -> usize {
    n.div_ceil(4) * 4
}

#[cfg(target_arch = "x86_64")]
fn has_avx2_fma() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
}

/// Which code path the CPU runs: `"avx2+fma"` or `"baseline"`.
pub fn simd_level() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        return "avx2+fma";
    }
    "baseline"
}

/// Writes the points `start..start+count` feature-major into a chunk: `fill(xc, nc, start,
/// count)` sets `xc[k·nc + c]` to feature k of point `start + c`.
pub type Fill<'a> = dyn FnMut(&mut [f64], usize, usize, usize) + 'a;

/// Receives a chunk's output: `sink(start, count, z, a, nc)`, with the output layer's
/// logits z and activations a, both `dL×nc`.
pub type Sink<'a> = dyn FnMut(usize, usize, &[f64], &[f64], usize) + 'a;

/// The data a batch is drawn from: feature-major points (`d0×n_total`) and their classes.
#[derive(Clone, Copy, Debug)]
pub struct BatchData<'a> {
    /// Row k holds feature k of every point.
    pub x: &'a [f64],
    /// The number of points (the row length of `x`).
    pub n_total: usize,
    /// The class of every point.
    pub classes: &'a [usize],
}

impl<'a> BatchData<'a> {
    /// The batch view of `data`, whose feature-major points `x` come from
    /// [`Dataset::feature_major`](crate::data::Dataset::feature_major).
    pub fn of(data: &'a crate::data::Dataset, x: &'a [f64]) -> Self {
        Self {
            x,
            n_total: data.len(),
            classes: &data.classes,
        }
    }
}

/// The mean data loss `J₀ = (1/N) Σ_n loss_n` over the points `idx`, with `∂J₀/∂W` and
/// `∂J₀/∂b` left in `ws.dw` and `ws.db` (the λ term is added by the caller).
pub fn batch_gradient(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    batch_gradient_on(true, mlp, data, idx, loss, ws)
}

/// [`batch_gradient`], with the vector path allowed or not (tests compare both).
pub fn batch_gradient_on(
    simd: bool,
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    ws.fit(&mlp.sizes());
    #[cfg(target_arch = "x86_64")]
    if simd && has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked just above.
        return unsafe { batch_gradient_avx2(mlp, data, idx, loss, ws) };
    }
    let _ = simd;
    batch_gradient_impl::<Plain>(mlp, data, idx, loss, ws)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn batch_gradient_avx2(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    batch_gradient_impl::<Avx>(mlp, data, idx, loss, ws)
}

#[inline(always)]
fn batch_gradient_impl<L: Lanes>(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    for g in &mut ws.dw_lanes {
        g.fill(0.0);
    }
    let scale = 1.0 / idx.len() as f64;
    let d0 = ws.sizes[0];
    let mut total = 0.0;
    for chunk in idx.chunks(CHUNK) {
        let nv = chunk.len();
        let nc = round_up4(nv);
        for k in 0..d0 {
            let row = &data.x[k * data.n_total..(k + 1) * data.n_total];
            let dst = &mut ws.xc[k * nc..(k + 1) * nc];
            for (d, &i) in dst.iter_mut().zip(chunk) {
                *d = row[i];
            }
            dst[nv..].fill(0.0);
        }
        for (c, &i) in ws.classes.iter_mut().zip(chunk) {
            *c = data.classes[i];
        }
        ws.xc[d0 * nc..(d0 + 1) * nc].fill(1.0);
        for (l, a) in ws.acts.iter_mut().enumerate() {
            let d = ws.sizes[l + 1];
            a[d * nc..(d + 1) * nc].fill(1.0);
        }
        forward_chunk::<L>(mlp, ws, nc, false);
        total += output_error::<L>(mlp.output(), loss, ws, nv, nc, scale);
        backward_chunk::<L>(mlp, ws, nc);
    }
    for ((dw, db), lanes) in ws.dw.iter_mut().zip(&mut ws.db).zip(&ws.dw_lanes) {
        let (w_lanes, b_lanes) = lanes.split_at(4 * dw.len());
        for (g, l) in dw
            .iter_mut()
            .chain(db.iter_mut())
            .zip(w_lanes.chunks_exact(4).chain(b_lanes.chunks_exact(4)))
        {
            *g = L::load(l).hsum();
        }
    }
    if idx.is_empty() {
        return 0.0;
    }
    total * scale
}

/// Runs the network forward on `n_points` points that `fill` writes feature-major into a
/// chunk (`fill(xc, nc, start, count)`), and hands each chunk's output to `sink(start,
/// count, z, a, nc)` (`z` the output layer's logits, `a` its activations, both `dL×nc`).
/// With `display`, tanh is the display-only approximation (for the boundary picture).
pub fn forward_chunks(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    ws.fit(&mlp.sizes());
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked just above.
        unsafe { forward_chunks_avx2(mlp, n_points, display, ws, fill, sink) };
        return;
    }
    forward_chunks_impl::<Plain>(mlp, n_points, display, ws, fill, sink);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn forward_chunks_avx2(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    forward_chunks_impl::<Avx>(mlp, n_points, display, ws, fill, sink);
}

#[inline(always)]
fn forward_chunks_impl<L: Lanes>(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    let d0 = ws.sizes[0];
    let mut start = 0;
    while start < n_points {
        let count = CHUNK.min(n_points - start);
        let nc = round_up4(count);
        ws.xc[..d0 * nc].fill(0.0);
        fill(&mut ws.xc[..d0 * nc], nc, start, count);
        forward_chunk::<L>(mlp, ws, nc, display);
        let d_l = ws.zout.len() / CHUNK;
        let last = ws.acts.len() - 1;
        sink(
            start,
            count,
            &ws.zout[..d_l * nc],
            &ws.acts[last][..d_l * nc],
            nc,
        );
        start += count;
    }
}

/// `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)` for every layer of one chunk.
#[inline(always)]
fn forward_chunk<L: Lanes>(mlp: &Mlp, ws: &mut Workspace, nc: usize, display: bool) {
    let layers = mlp.layer_count();
    for l in 0..layers {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, b) = mlp.layer_slices(l);
        let (before, after) = ws.acts.split_at_mut(l);
        let input: &[f64] = if l == 0 { &ws.xc } else { &before[l - 1] };
        let out = &mut after[0][..d_out * nc];
        // P(r = j, s = k) = W[k, j] = w[k·d_out + j].
        let hidden = l + 1 < layers;
        let relu = hidden && mlp.hidden_activation() == Activation::Relu;
        let post = if relu { Post::Relu } else { Post::None };
        let m = MatP {
            p: w,
            prs: 1,
            pss: d_out,
            s_len: d_in,
            q: input,
            nc,
            bias: Some(b),
            post,
        };
        m.run::<L>(out, d_out);
        if hidden {
            if !relu {
                apply_hidden::<L>(mlp.hidden_activation(), out, display);
            }
        } else {
            ws.zout[..d_out * nc].copy_from_slice(out);
            apply_output::<L>(mlp.output(), out, d_out, nc, display);
        }
    }
}
/// `∂J/∂W⁽ˡ⁾ += A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`, `∂J/∂b⁽ˡ⁾ += Σ_rows E⁽ˡ⁾`, `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′(A⁽ˡ⁻¹⁾)`.
#[inline(always)]
fn backward_chunk<L: Lanes>(mlp: &Mlp, ws: &mut Workspace, nc: usize) {
    let f = mlp.hidden_activation();
    for l in (0..mlp.layer_count()).rev() {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, _) = mlp.layer_slices(l);
        if l == 1 && ws.sizes[0] == 2 {
            // The first layer's error is only needed for its own gradient: fuse the two.
            let fused = FirstLayer {
                w,
                d1: d_in,
                d2: d_out,
                e: &ws.errs[1][..d_out * nc],
                a: &ws.acts[0][..d_in * nc],
                x: &ws.xc[..3 * nc],
                f,
                nc,
            };
            mm_dot::<L>(
                &mut ws.dw_lanes[1],
                d_in + 1,
                d_out,
                &ws.acts[0],
                fused.e,
                nc,
            );
            fused.run::<L>(&mut ws.dw_lanes[0]);
            return;
        }
        let input: &[f64] = if l == 0 { &ws.xc } else { &ws.acts[l - 1] };
        let (lower, upper) = ws.errs.split_at_mut(l);
        let e = &upper[0][..d_out * nc];
        // The input's extra row of ones makes the last row of the product ∂J/∂b.
        mm_dot::<L>(&mut ws.dw_lanes[l], d_in + 1, d_out, input, e, nc);
        if l > 0 {
            let prev = &mut lower[l - 1][..d_in * nc];
            let a = &ws.acts[l - 1][..d_in * nc];
            // P(r = k, s = j) = W[k, j] = w[k·d_out + j]; then ⊙ f′ through A⁽ˡ⁻¹⁾.
            let post = match f {
                Activation::Relu => Post::ReluDerivative(a),
                Activation::Tanh => Post::TanhDerivative(a),
                Activation::Sigmoid => Post::SigmoidDerivative(a),
                Activation::Linear => Post::None,
                Activation::Sign => Post::Zero,
            };
            let m = MatP {
                p: w,
                prs: d_out,
                pss: 1,
                s_len: d_out,
                q: e,
                nc,
                bias: None,
                post,
            };
            m.run::<L>(prev, d_in);
        }
    }
}

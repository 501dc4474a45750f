//! Fused, cache-blocked forward and backward passes of the MLP: the training hot loop.
//!
//! The batch is cut into chunks of at most [`CHUNK`] points. Inside a chunk everything is
//! feature-major (row r of a `d×nc` block holds unit r for each of the chunk's `nc` points,
//! nc a multiple of 4), so every product runs along the points whatever the layer widths:
//! - forward `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾` and backward `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′` are
//!   register-tiled broadcast products ([`mm_bcast`]);
//! - `∂J/∂W⁽ˡ⁾ += A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ` is a tiled dot product over the points ([`mm_dot`]).
//!
//! A chunk's activations stay in the L1/L2 cache from the forward pass to the gradient, and
//! the gradients are summed over chunks. Padding columns get a zero error, so they add
//! nothing. The same code is compiled twice: with AVX2 + FMA (chosen at run time when the
//! CPU has them) and for the baseline x86-64 (or any other target).

use super::activation::{Activation, Output};
use super::fastmath::{exp, ln, ln1p, sigmoid, tanh, tanh_display};
use super::loss::Loss;
use super::mlp::Mlp;
#[cfg(target_arch = "x86_64")]
use super::simd::Avx;
use super::simd::{Lanes, Plain, load_n};

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

/// `v[i] ← f(v[i])`. A plain loop: an iterator adaptor such as `for_each` might not be
/// inlined into the AVX2 function and would then be compiled without AVX2.
#[inline(always)]
fn map_in_place(v: &mut [f64], f: impl Fn(f64) -> f64) {
    for x in v {
        *x = f(*x);
    }
}

#[inline(always)]
fn apply_hidden<L: Lanes>(f: Activation, v: &mut [f64], display: bool) {
    match f {
        Activation::Relu => map_in_place(v, |x| x.max(0.0)),
        Activation::Tanh if display => map_in_place(v, tanh_display),
        Activation::Tanh => map_in_place(v, tanh::<L>),
        Activation::Sigmoid => map_in_place(v, sigmoid::<L>),
        Activation::Linear => {}
        Activation::Sign => map_in_place(v, super::activation::sign),
    }
}

#[inline(always)]
fn apply_output<L: Lanes>(out: Output, v: &mut [f64], d_out: usize, nc: usize, display: bool) {
    match out {
        Output::Sigmoid => map_in_place(v, sigmoid::<L>),
        Output::Tanh => apply_hidden::<L>(Activation::Tanh, v, display),
        Output::Linear => {}
        Output::Sign => apply_hidden::<L>(Activation::Sign, v, display),
        Output::Softmax => {
            let mut m = [f64::NEG_INFINITY; CHUNK];
            let mut s = [0.0; CHUNK];
            let (m, s) = (&mut m[..nc], &mut s[..nc]);
            for j in 0..d_out {
                for (m, z) in m.iter_mut().zip(&v[j * nc..(j + 1) * nc]) {
                    *m = m.max(*z);
                }
            }
            for j in 0..d_out {
                for ((z, m), s) in v[j * nc..(j + 1) * nc]
                    .iter_mut()
                    .zip(&*m)
                    .zip(s.iter_mut())
                {
                    *z = exp::<L>(*z - m);
                    *s += *z;
                }
            }
            map_in_place(s, |s| 1.0 / s);
            for j in 0..d_out {
                for (a, s) in v[j * nc..(j + 1) * nc].iter_mut().zip(&*s) {
                    *a *= s;
                }
            }
        }
    }
}

/// The data-loss sum over the chunk's `nv` real points, and `E⁽ᴸ⁾ = ∂J₀/∂Z⁽ᴸ⁾` (COURSE §3):
/// `(A − T)/N` for cross-entropy; for MSE with `G = 2(A − T)/N`, `G ⊙ A ⊙ (1 − A)` (sigmoid)
/// or `A ⊙ (G − rowsum(G ⊙ A))` (softmax). Padding columns get a zero error.
#[inline(always)]
fn output_error<L: Lanes>(
    output: Output,
    loss: Loss,
    ws: &mut Workspace,
    nv: usize,
    nc: usize,
    scale: f64,
) -> f64 {
    let last = ws.acts.len() - 1;
    let a = &ws.acts[last];
    let e = &mut ws.errs[last];
    let z = &ws.zout;
    let classes = &ws.classes[..nv];
    let mut lane_loss = [0.0; CHUNK];
    match output {
        Output::Sigmoid => {
            for n in 0..nv {
                let t = classes[n] as f64;
                let (a, z) = (a[n], z[n]);
                match loss {
                    Loss::CrossEntropy => {
                        lane_loss[n] = z.max(0.0) - t * z;
                        e[n] = (a - t) * scale;
                    }
                    Loss::Mse => {
                        lane_loss[n] = (t - a) * (t - a);
                        e[n] = 2.0 * (a - t) * scale * a * (1.0 - a);
                    }
                }
            }
            if loss == Loss::CrossEntropy {
                // ln(1 + e^{−|z|}), vectorised over the chunk.
                for (l, z) in lane_loss[..nv].iter_mut().zip(&z[..nv]) {
                    *l += ln1p::<L>(exp::<L>(-z.abs()));
                }
            }
            e[nv..nc].fill(0.0);
        }
        Output::Softmax => {
            let d_out = ws.sizes[last + 1];
            match loss {
                Loss::CrossEntropy => {
                    // E = (A − T)/N: the whole block scaled, then the targets subtracted.
                    for (e, a) in e[..d_out * nc].iter_mut().zip(&a[..d_out * nc]) {
                        *e = a * scale;
                    }
                    let mut a_c = [1.0; CHUNK];
                    for n in 0..nv {
                        let at = classes[n] * nc + n;
                        e[at] -= scale;
                        a_c[n] = a[at];
                    }
                    // −ln a_c from the probabilities (vectorised); where a_c underflows, the
                    // exact form m + ln Σ e^{z−m} − z_c.
                    for (l, p) in lane_loss[..nv].iter_mut().zip(&a_c[..nv]) {
                        *l = -ln::<L>(*p);
                    }
                    for n in 0..nv {
                        if a_c[n] < 1e-300 {
                            let zc: Vec<f64> = (0..d_out).map(|j| z[j * nc + n]).collect();
                            lane_loss[n] = super::loss::softmax_cross_entropy(&zc, classes[n]);
                        }
                    }
                }
                Loss::Mse => {
                    for n in 0..nv {
                        let c = classes[n];
                        let mut r = 0.0;
                        let mut sq = 0.0;
                        for j in 0..d_out {
                            let t = f64::from(u8::from(j == c));
                            let aj = a[j * nc + n];
                            let g = 2.0 * (aj - t) * scale;
                            sq += (t - aj) * (t - aj);
                            r += g * aj;
                            e[j * nc + n] = g;
                        }
                        for j in 0..d_out {
                            let aj = a[j * nc + n];
                            e[j * nc + n] = aj * (e[j * nc + n] - r);
                        }
                        lane_loss[n] = sq;
                    }
                }
            }
            for j in 0..d_out {
                e[j * nc + nv..(j + 1) * nc].fill(0.0);
            }
        }
        Output::Sign | Output::Tanh | Output::Linear => {
            unreachable!("training is refused for a {output} output before any step")
        }
    }
    let mut sum = 0.0;
    for l in &lane_loss[..nv] {
        sum += l;
    }
    sum
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

/// The last backward step for a first layer with 2 inputs: two units at a time,
/// `e⁽¹⁾ = (W⁽²⁾ e⁽²⁾) ⊙ f′(A⁽¹⁾)` stays in registers and goes straight into
/// `[∂J/∂W⁽¹⁾; ∂J/∂b⁽¹⁾] += [x₁; x₂; 1] e⁽¹⁾ᵀ`: E⁽¹⁾ is never stored.
struct FirstLayer<'a> {
    /// W⁽²⁾, `d1×d2` row-major.
    w: &'a [f64],
    d1: usize,
    d2: usize,
    /// E⁽²⁾, `d2×nc`.
    e: &'a [f64],
    /// A⁽¹⁾, `d1×nc`.
    a: &'a [f64],
    /// x₁, x₂ and a row of ones, `3×nc`.
    x: &'a [f64],
    f: Activation,
    nc: usize,
}

impl FirstLayer<'_> {
    #[inline(always)]
    fn run<L: Lanes>(&self, out: &mut [f64]) {
        assert!(self.nc.is_multiple_of(4) && self.w.len() >= self.d1 * self.d2);
        assert!(self.e.len() >= self.d2 * self.nc && self.a.len() >= self.d1 * self.nc);
        assert!(self.x.len() >= 3 * self.nc && out.len() >= 4 * 3 * self.d1);
        // Wide chunks: 2 units × 16 points per step; narrow ones (small batches): 4 units ×
        // 4 points, so that enough independent chains are in flight either way.
        let kt_max = if self.nc >= 16 { 2 } else { 4 };
        let mut k = 0;
        while k < self.d1 {
            let kt = (self.d1 - k).min(kt_max);
            match kt {
                4 => self.tile::<L, 4>(out, k),
                3 => self.tile::<L, 3>(out, k),
                2 => self.tile::<L, 2>(out, k),
                _ => self.tile::<L, 1>(out, k),
            }
            k += kt;
        }
    }

    /// Units `k0..k0+KT`: the points in steps of 4·NV (independent chains hide the FMA
    /// latency), then the remainder 4 at a time.
    #[inline(always)]
    fn tile<L: Lanes, const KT: usize>(&self, out: &mut [f64], k0: usize) {
        let mut acc = [[L::splat(0.0); 3]; KT];
        let wide = self.nc / 16 * 16;
        for n in (0..wide).step_by(16) {
            self.step::<L, KT, 4>(&mut acc, k0, n);
        }
        for n in (wide..self.nc).step_by(4) {
            self.step::<L, KT, 1>(&mut acc, k0, n);
        }
        for (kk, acc) in acc.iter().enumerate() {
            for (i, v) in acc.iter().enumerate() {
                let at = 4 * (i * self.d1 + k0 + kk);
                let slot = &mut out[at..at + 4];
                L::load(slot).add(*v).store(slot);
            }
        }
    }

    /// `e⁽¹⁾` for units `k0..k0+KT` at points `n..n+4·NV`, added into the gradient sums.
    #[inline(always)]
    fn step<L: Lanes, const KT: usize, const NV: usize>(
        &self,
        acc: &mut [[L; 3]; KT],
        k0: usize,
        n: usize,
    ) {
        let (nc, d2) = (self.nc, self.d2);
        let (w, e, a, x) = (
            self.w.as_ptr(),
            self.e.as_ptr(),
            self.a.as_ptr(),
            self.x.as_ptr(),
        );
        let mut ek = [[L::splat(0.0); NV]; KT];
        for j in 0..d2 {
            // SAFETY: j < d2, n + 4·NV ≤ nc and k0 + KT ≤ d1: inside the bounds `run` asserted.
            let ej: [L; NV] = unsafe { load_n(e.add(j * nc + n)) };
            for (kk, ek) in ek.iter_mut().enumerate() {
                // SAFETY: as above.
                let wkj = L::splat(unsafe { *w.add((k0 + kk) * d2 + j) });
                for v in 0..NV {
                    ek[v] = wkj.mul_add(ej[v], ek[v]);
                }
            }
        }
        // SAFETY: as above (rows 0 and 1 of x).
        let x1: [L; NV] = unsafe { load_n(x.add(n)) };
        // SAFETY: as above.
        let x2: [L; NV] = unsafe { load_n(x.add(nc + n)) };
        for (kk, (ek, acc)) in ek.iter().zip(acc.iter_mut()).enumerate() {
            // SAFETY: as above.
            let ak: [L; NV] = unsafe { load_n(a.add((k0 + kk) * nc + n)) };
            let mut ek = *ek;
            for (ev, ak) in ek.iter_mut().zip(ak) {
                *ev = match self.f {
                    Activation::Relu => ev.keep_where_positive(ak),
                    Activation::Tanh => ev.sub(ev.mul(ak.mul(ak))),
                    Activation::Sigmoid => ev.mul(ak.sub(ak.mul(ak))),
                    Activation::Linear => *ev,
                    Activation::Sign => L::splat(0.0),
                };
            }
            // Pairwise sums, so that each accumulator waits for one addition per step.
            let mut s1 = x1[0].mul(ek[0]);
            let mut s2 = x2[0].mul(ek[0]);
            let mut s3 = ek[0];
            for v in 1..NV {
                s1 = x1[v].mul_add(ek[v], s1);
                s2 = x2[v].mul_add(ek[v], s2);
                s3 = s3.add(ek[v]);
            }
            acc[0] = acc[0].add(s1);
            acc[1] = acc[1].add(s2);
            acc[2] = acc[2].add(s3);
        }
    }
}

/// What a product does to its result before storing it.
#[derive(Clone, Copy)]
enum Post<'a> {
    /// Nothing.
    None,
    /// `max(·, 0)`: the ReLU of the forward pass.
    Relu,
    /// `· ⊙ [a > 0]`, a laid out like the result.
    ReluDerivative(&'a [f64]),
    /// `· ⊙ (1 − a²)`.
    TanhDerivative(&'a [f64]),
    /// `· ⊙ a(1 − a)`.
    SigmoidDerivative(&'a [f64]),
    /// `· × 0` (sign′ ≡ 0).
    Zero,
}

/// The operands of `out[r, n] = post(bias[r] + Σ_s P(r, s)·Q[s, n])` for r < rows, n < nc,
/// where `P(r, s) = p[r·prs + s·pss]` and Q is `s_len×nc` row-major.
struct MatP<'a> {
    p: &'a [f64],
    prs: usize,
    pss: usize,
    s_len: usize,
    q: &'a [f64],
    nc: usize,
    bias: Option<&'a [f64]>,
    post: Post<'a>,
}

impl MatP<'_> {
    /// All of `out` in register tiles of 4 rows × 8 points, 3 × 12 or 2 × 16, so that 8 to 12
    /// accumulators are in flight and none spills.
    #[inline(always)]
    fn run<L: Lanes>(&self, out: &mut [f64], rows: usize) {
        // Every index a tile touches is below these bounds, checked once here so that the
        // tiles can load without a check per value.
        assert!(self.nc.is_multiple_of(4) && out.len() >= rows * self.nc);
        assert!(self.q.len() >= self.s_len * self.nc);
        assert!(
            rows == 0
                || self.s_len == 0
                || self.p.len() > (rows - 1) * self.prs + (self.s_len - 1) * self.pss
        );
        assert!(self.bias.is_none_or(|b| b.len() >= rows));
        if let Post::ReluDerivative(a) | Post::TanhDerivative(a) | Post::SigmoidDerivative(a) =
            self.post
        {
            assert!(a.len() >= rows * self.nc);
        }
        let vectors = self.nc / 4;
        let mut r = 0;
        while r < rows {
            let rt = (rows - r).min(4);
            let mut v = 0;
            while v < vectors {
                let left = vectors - v;
                let nv = match rt {
                    4 => left.min(2),
                    3 => left.min(3),
                    _ => left.min(4),
                };
                let n = 4 * v;
                match (rt, nv) {
                    (4, 2) => self.tile::<L, 4, 2>(out, r, n),
                    (4, _) => self.tile::<L, 4, 1>(out, r, n),
                    (3, 3) => self.tile::<L, 3, 3>(out, r, n),
                    (3, 2) => self.tile::<L, 3, 2>(out, r, n),
                    (3, _) => self.tile::<L, 3, 1>(out, r, n),
                    (2, 4) => self.tile::<L, 2, 4>(out, r, n),
                    (2, 3) => self.tile::<L, 2, 3>(out, r, n),
                    (2, 2) => self.tile::<L, 2, 2>(out, r, n),
                    (2, _) => self.tile::<L, 2, 1>(out, r, n),
                    (_, 4) => self.tile::<L, 1, 4>(out, r, n),
                    (_, 3) => self.tile::<L, 1, 3>(out, r, n),
                    (_, 2) => self.tile::<L, 1, 2>(out, r, n),
                    _ => self.tile::<L, 1, 1>(out, r, n),
                }
                v += nv;
            }
            r += rt;
        }
    }

    /// One tile: rows `r0..r0+RT`, points `n0..n0+4·NV`.
    #[inline(always)]
    fn tile<L: Lanes, const RT: usize, const NV: usize>(
        &self,
        out: &mut [f64],
        r0: usize,
        n0: usize,
    ) {
        let mut acc = [[L::splat(0.0); NV]; RT];
        if let Some(b) = self.bias {
            for (i, a) in acc.iter_mut().enumerate() {
                *a = [L::splat(b[r0 + i]); NV];
            }
        }
        let (p, q) = (self.p.as_ptr(), self.q.as_ptr());
        for s in 0..self.s_len {
            // SAFETY: r0 + RT ≤ rows, n0 + 4·NV ≤ nc and s < s_len, within the bounds
            // `run` asserted.
            let qv: [L; NV] = unsafe { load_n(q.add(s * self.nc + n0)) };
            for (i, a) in acc.iter_mut().enumerate() {
                // SAFETY: as above.
                let pv = L::splat(unsafe { *p.add((r0 + i) * self.prs + s * self.pss) });
                for v in 0..NV {
                    a[v] = pv.mul_add(qv[v], a[v]);
                }
            }
        }
        for (i, a) in acc.iter().enumerate() {
            let dst = &mut out[(r0 + i) * self.nc + n0..][..4 * NV];
            let at = (r0 + i) * self.nc + n0;
            for v in 0..NV {
                let act = |a: &[f64]| L::load(&a[at + 4 * v..]);
                let x = match self.post {
                    Post::None => a[v],
                    Post::Relu => a[v].max0(),
                    Post::ReluDerivative(f) => a[v].keep_where_positive(act(f)),
                    Post::TanhDerivative(f) => {
                        let y = act(f);
                        a[v].sub(a[v].mul(y.mul(y)))
                    }
                    Post::SigmoidDerivative(f) => {
                        let y = act(f);
                        a[v].mul(y.sub(y.mul(y)))
                    }
                    Post::Zero => L::splat(0.0),
                };
                x.store(&mut dst[4 * v..]);
            }
        }
    }
}

/// `out[k, j] += Σ_n a[k, n]·e[j, n]`, as 4 partial sums per entry (`out` holds
/// `k_len×m_len` groups of 4 lanes; a, e row-major with row length nc). Tiled 4×3 over
/// whichever operand has more rows, with 12 vector accumulators.
#[inline(always)]
fn mm_dot<L: Lanes>(out: &mut [f64], k_len: usize, m_len: usize, a: &[f64], e: &[f64], nc: usize) {
    // Tile rows over the taller operand: out[k, j] sits at (k·m_len + j)·4.
    let t = if k_len >= m_len {
        DotTile {
            big: a,
            small: e,
            nc,
            big_stride: m_len,
            small_stride: 1,
        }
    } else {
        DotTile {
            big: e,
            small: a,
            nc,
            big_stride: 1,
            small_stride: m_len,
        }
    };
    let (big_len, small_len) = (k_len.max(m_len), k_len.min(m_len));
    let mut i = 0;
    while i < big_len {
        let it = (big_len - i).min(4);
        let mut j = 0;
        while j < small_len {
            let jt = (small_len - j).min(3);
            match (it, jt) {
                (4, 3) => t.run::<L, 4, 3>(out, i, j),
                (4, 2) => t.run::<L, 4, 2>(out, i, j),
                (4, 1) => t.run::<L, 4, 1>(out, i, j),
                (3, 3) => t.run::<L, 3, 3>(out, i, j),
                (3, 2) => t.run::<L, 3, 2>(out, i, j),
                (3, 1) => t.run::<L, 3, 1>(out, i, j),
                (2, 3) => t.run::<L, 2, 3>(out, i, j),
                (2, 2) => t.run::<L, 2, 2>(out, i, j),
                (2, 1) => t.run::<L, 2, 1>(out, i, j),
                (1, 3) => t.run::<L, 1, 3>(out, i, j),
                (1, 2) => t.run::<L, 1, 2>(out, i, j),
                _ => t.run::<L, 1, 1>(out, i, j),
            }
            j += jt;
        }
        i += it;
    }
}

/// The operands of [`mm_dot`], the taller one first.
struct DotTile<'a> {
    big: &'a [f64],
    small: &'a [f64],
    nc: usize,
    big_stride: usize,
    small_stride: usize,
}

impl DotTile<'_> {
    /// One tile: rows `i0..i0+IT` of the taller operand × rows `j0..j0+JT` of the other.
    #[inline(always)]
    fn run<L: Lanes, const IT: usize, const JT: usize>(
        &self,
        out: &mut [f64],
        i0: usize,
        j0: usize,
    ) {
        let nc = self.nc;
        assert!(nc.is_multiple_of(4));
        let big = &self.big[i0 * nc..][..IT * nc];
        let small = &self.small[j0 * nc..][..JT * nc];
        let mut acc = [[L::splat(0.0); JT]; IT];
        for n in (0..nc).step_by(4) {
            // SAFETY: every row holds nc values, nc is a multiple of 4 and n < nc.
            let mut bv = [L::splat(0.0); IT];
            for (i, b) in bv.iter_mut().enumerate() {
                // SAFETY: `big` holds IT rows of nc values, nc is a multiple of 4, n < nc.
                *b = unsafe { L::load_ptr(big.as_ptr().add(i * nc + n)) };
            }
            // SAFETY: as above.
            let mut sv = [L::splat(0.0); JT];
            for (j, v) in sv.iter_mut().enumerate() {
                // SAFETY: as above, for the JT rows of `small`.
                *v = unsafe { L::load_ptr(small.as_ptr().add(j * nc + n)) };
            }
            for i in 0..IT {
                for j in 0..JT {
                    acc[i][j] = bv[i].mul_add(sv[j], acc[i][j]);
                }
            }
        }
        for i in 0..IT {
            for j in 0..JT {
                let at = 4 * ((i0 + i) * self.big_stride + (j0 + j) * self.small_stride);
                let slot = &mut out[at..at + 4];
                L::load(slot).add(acc[i][j]).store(slot);
            }
        }
    }
}

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
use super::fastmath::{exp, ln, ln1p, madd, sigmoid, tanh, tanh_display};
use super::loss::Loss;
use super::mlp::Mlp;

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
}

impl Workspace {
    /// Allocates for the layer sizes `[d0, d1, …, dL]` (nothing when they already fit).
    pub fn fit(&mut self, sizes: &[usize]) {
        if self.sizes == sizes {
            return;
        }
        let layers = sizes.len() - 1;
        self.sizes = sizes.to_vec();
        self.xc = vec![0.0; sizes[0] * CHUNK];
        self.acts = (1..=layers).map(|l| vec![0.0; sizes[l] * CHUNK]).collect();
        self.errs = self.acts.clone();
        self.zout = vec![0.0; sizes[layers] * CHUNK];
        self.classes = vec![0; CHUNK];
        self.dw = (1..=layers).map(|l| vec![0.0; sizes[l - 1] * sizes[l]]).collect();
        self.db = (1..=layers).map(|l| vec![0.0; sizes[l]]).collect();
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
pub fn batch_gradient(mlp: &Mlp, data: BatchData, idx: &[usize], loss: Loss, ws: &mut Workspace) -> f64 {
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
    batch_gradient_impl::<false>(mlp, data, idx, loss, ws)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn batch_gradient_avx2(mlp: &Mlp, data: BatchData, idx: &[usize], loss: Loss, ws: &mut Workspace) -> f64 {
    batch_gradient_impl::<true>(mlp, data, idx, loss, ws)
}

#[inline(always)]
fn batch_gradient_impl<const FMA: bool>(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    for g in ws.dw.iter_mut().chain(ws.db.iter_mut()) {
        g.fill(0.0);
    }
    if idx.is_empty() {
        return 0.0;
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
        forward_chunk::<FMA>(mlp, ws, nc, false);
        total += output_error::<FMA>(mlp.output(), loss, ws, nv, nc, scale);
        backward_chunk::<FMA>(mlp, ws, nc);
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
    fill: &mut dyn FnMut(&mut [f64], usize, usize, usize),
    sink: &mut dyn FnMut(usize, usize, &[f64], &[f64], usize),
) {
    ws.fit(&mlp.sizes());
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA, checked just above.
        unsafe { forward_chunks_avx2(mlp, n_points, display, ws, fill, sink) };
        return;
    }
    forward_chunks_impl::<false>(mlp, n_points, display, ws, fill, sink);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn forward_chunks_avx2(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut dyn FnMut(&mut [f64], usize, usize, usize),
    sink: &mut dyn FnMut(usize, usize, &[f64], &[f64], usize),
) {
    forward_chunks_impl::<true>(mlp, n_points, display, ws, fill, sink);
}

#[inline(always)]
fn forward_chunks_impl<const FMA: bool>(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut dyn FnMut(&mut [f64], usize, usize, usize),
    sink: &mut dyn FnMut(usize, usize, &[f64], &[f64], usize),
) {
    let d0 = ws.sizes[0];
    let mut start = 0;
    while start < n_points {
        let count = CHUNK.min(n_points - start);
        let nc = round_up4(count);
        ws.xc[..d0 * nc].fill(0.0);
        fill(&mut ws.xc[..d0 * nc], nc, start, count);
        forward_chunk::<FMA>(mlp, ws, nc, display);
        let d_l = ws.zout.len() / CHUNK;
        let last = ws.acts.len() - 1;
        sink(start, count, &ws.zout[..d_l * nc], &ws.acts[last][..d_l * nc], nc);
        start += count;
    }
}

/// `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)` for every layer of one chunk.
#[inline(always)]
fn forward_chunk<const FMA: bool>(mlp: &Mlp, ws: &mut Workspace, nc: usize, display: bool) {
    let layers = mlp.layer_count();
    for l in 0..layers {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, b) = mlp.layer_slices(l);
        let (before, after) = ws.acts.split_at_mut(l);
        let input: &[f64] = if l == 0 { &ws.xc } else { &before[l - 1] };
        let out = &mut after[0][..d_out * nc];
        // P(r = j, s = k) = W[k, j] = w[k·d_out + j].
        mm_bcast::<FMA>(out, d_out, nc, w, 1, d_out, d_in, input, Some(b));
        if l + 1 < layers {
            apply_hidden::<FMA>(mlp.hidden_activation(), out, display);
        } else {
            ws.zout[..d_out * nc].copy_from_slice(out);
            apply_output::<FMA>(mlp.output(), out, d_out, nc, display);
        }
    }
}

#[inline(always)]
fn apply_hidden<const FMA: bool>(f: Activation, v: &mut [f64], display: bool) {
    match f {
        Activation::Relu => v.iter_mut().for_each(|x| *x = x.max(0.0)),
        Activation::Tanh if display => v.iter_mut().for_each(|x| *x = tanh_display(*x)),
        Activation::Tanh => v.iter_mut().for_each(|x| *x = tanh::<FMA>(*x)),
        Activation::Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid::<FMA>(*x)),
        Activation::Linear => {}
        Activation::Sign => v
            .iter_mut()
            .for_each(|x| *x = super::activation::sign(*x)),
    }
}

#[inline(always)]
fn apply_output<const FMA: bool>(out: Output, v: &mut [f64], d_out: usize, nc: usize, display: bool) {
    match out {
        Output::Sigmoid => v.iter_mut().for_each(|x| *x = sigmoid::<FMA>(*x)),
        Output::Tanh => apply_hidden::<FMA>(Activation::Tanh, v, display),
        Output::Linear => {}
        Output::Sign => apply_hidden::<FMA>(Activation::Sign, v, display),
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
                for ((z, m), s) in v[j * nc..(j + 1) * nc].iter_mut().zip(&*m).zip(s.iter_mut()) {
                    *z = exp::<FMA>(*z - m);
                    *s += *z;
                }
            }
            s.iter_mut().for_each(|s| *s = 1.0 / *s);
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
fn output_error<const FMA: bool>(
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
                    *l += ln1p::<FMA>(exp::<FMA>(-z.abs()));
                }
            }
            e[nv..nc].fill(0.0);
        }
        Output::Softmax => {
            let d_out = a.len() / CHUNK;
            for n in 0..nv {
                let c = classes[n];
                match loss {
                    Loss::CrossEntropy => {
                        for j in 0..d_out {
                            let t = f64::from(u8::from(j == c));
                            e[j * nc + n] = (a[j * nc + n] - t) * scale;
                        }
                    }
                    Loss::Mse => {
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
            if loss == Loss::CrossEntropy {
                // −ln a_c = ln Σ_k e^{z_k − m} − (z_c − m), with m = max_k z_k.
                let mut m = [f64::NEG_INFINITY; CHUNK];
                let mut s = [0.0; CHUNK];
                for j in 0..d_out {
                    for (m, z) in m[..nv].iter_mut().zip(&z[j * nc..j * nc + nv]) {
                        *m = m.max(*z);
                    }
                }
                for j in 0..d_out {
                    for ((s, m), z) in s[..nv].iter_mut().zip(&m[..nv]).zip(&z[j * nc..]) {
                        *s += exp::<FMA>(*z - m);
                    }
                }
                for n in 0..nv {
                    lane_loss[n] = m[n] - z[classes[n] * nc + n];
                }
                for (l, s) in lane_loss[..nv].iter_mut().zip(&s[..nv]) {
                    *l += ln::<FMA>(*s);
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
    lane_loss[..nv].iter().sum()
}

/// `∂J/∂W⁽ˡ⁾ += A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`, `∂J/∂b⁽ˡ⁾ += Σ_rows E⁽ˡ⁾`, `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′(A⁽ˡ⁻¹⁾)`.
#[inline(always)]
fn backward_chunk<const FMA: bool>(mlp: &Mlp, ws: &mut Workspace, nc: usize) {
    let f = mlp.hidden_activation();
    for l in (0..mlp.layer_count()).rev() {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, _) = mlp.layer_slices(l);
        let input: &[f64] = if l == 0 { &ws.xc } else { &ws.acts[l - 1] };
        let (lower, upper) = ws.errs.split_at_mut(l);
        let e = &upper[0][..d_out * nc];
        mm_dot::<FMA>(&mut ws.dw[l], d_in, d_out, input, e, nc);
        for (db, row) in ws.db[l].iter_mut().zip(e.chunks_exact(nc)) {
            *db += row.iter().sum::<f64>();
        }
        if l > 0 {
            let prev = &mut lower[l - 1][..d_in * nc];
            // P(r = k, s = j) = W[k, j] = w[k·d_out + j].
            mm_bcast::<FMA>(prev, d_in, nc, w, d_out, 1, d_out, e, None);
            let a = &ws.acts[l - 1][..d_in * nc];
            match f {
                Activation::Relu => prev
                    .iter_mut()
                    .zip(a)
                    .for_each(|(e, a)| *e = if *a > 0.0 { *e } else { 0.0 }),
                Activation::Tanh => prev.iter_mut().zip(a).for_each(|(e, a)| *e *= 1.0 - a * a),
                Activation::Sigmoid => prev.iter_mut().zip(a).for_each(|(e, a)| *e *= a * (1.0 - a)),
                Activation::Linear => {}
                Activation::Sign => prev.fill(0.0),
            }
        }
    }
}

/// `out[r, n] = bias[r] + Σ_s P(r, s)·Q[s, n]` for r < rows, n < nc, where
/// `P(r, s) = p[r·prs + s·pss]` and Q is `s_len×nc` row-major; register-tiled 4 rows × 8
/// points.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn mm_bcast<const FMA: bool>(
    out: &mut [f64],
    rows: usize,
    nc: usize,
    p: &[f64],
    prs: usize,
    pss: usize,
    s_len: usize,
    q: &[f64],
    bias: Option<&[f64]>,
) {
    let m = MatP { p, prs, pss, s_len, q, nc, bias };
    let mut r = 0;
    while r < rows {
        let rt = (rows - r).min(4);
        let mut n = 0;
        while n < nc {
            let wide = nc - n >= 8;
            match (rt, wide) {
                (4, true) => m.tile::<FMA, 4, 8>(out, r, n),
                (3, true) => m.tile::<FMA, 3, 8>(out, r, n),
                (2, true) => m.tile::<FMA, 2, 8>(out, r, n),
                (1, true) => m.tile::<FMA, 1, 8>(out, r, n),
                (4, false) => m.tile::<FMA, 4, 4>(out, r, n),
                (3, false) => m.tile::<FMA, 3, 4>(out, r, n),
                (2, false) => m.tile::<FMA, 2, 4>(out, r, n),
                _ => m.tile::<FMA, 1, 4>(out, r, n),
            }
            n += if wide { 8 } else { 4 };
        }
        r += rt;
    }
}

/// The operands of [`mm_bcast`].
struct MatP<'a> {
    p: &'a [f64],
    prs: usize,
    pss: usize,
    s_len: usize,
    q: &'a [f64],
    nc: usize,
    bias: Option<&'a [f64]>,
}

impl MatP<'_> {
    #[inline(always)]
    fn tile<const FMA: bool, const RT: usize, const W: usize>(&self, out: &mut [f64], r0: usize, n0: usize) {
        let mut acc = [[0.0; W]; RT];
        if let Some(b) = self.bias {
            for (i, a) in acc.iter_mut().enumerate() {
                *a = [b[r0 + i]; W];
            }
        }
        for s in 0..self.s_len {
            let qs: &[f64; W] = self.q[s * self.nc + n0..][..W]
                .try_into()
                .expect("W values");
            for (i, a) in acc.iter_mut().enumerate() {
                let pv = self.p[(r0 + i) * self.prs + s * self.pss];
                for c in 0..W {
                    a[c] = madd::<FMA>(pv, qs[c], a[c]);
                }
            }
        }
        for (i, a) in acc.iter().enumerate() {
            out[(r0 + i) * self.nc + n0..][..W].copy_from_slice(a);
        }
    }
}

/// `out[k, j] += Σ_n a[k, n]·e[j, n]` (out row-major `k_len×m_len`; a, e row-major with
/// row length nc), tiled 4×3 with 4-point lanes.
#[inline(always)]
fn mm_dot<const FMA: bool>(out: &mut [f64], k_len: usize, m_len: usize, a: &[f64], e: &[f64], nc: usize) {
    let mut k = 0;
    while k < k_len {
        let kt = (k_len - k).min(4);
        let mut j = 0;
        while j < m_len {
            let jt = (m_len - j).min(3);
            let t = DotTile { a, e, nc, m_len };
            match (kt, jt) {
                (4, 3) => t.run::<FMA, 4, 3>(out, k, j),
                (4, 2) => t.run::<FMA, 4, 2>(out, k, j),
                (4, 1) => t.run::<FMA, 4, 1>(out, k, j),
                (3, 3) => t.run::<FMA, 3, 3>(out, k, j),
                (3, 2) => t.run::<FMA, 3, 2>(out, k, j),
                (3, 1) => t.run::<FMA, 3, 1>(out, k, j),
                (2, 3) => t.run::<FMA, 2, 3>(out, k, j),
                (2, 2) => t.run::<FMA, 2, 2>(out, k, j),
                (2, 1) => t.run::<FMA, 2, 1>(out, k, j),
                (1, 3) => t.run::<FMA, 1, 3>(out, k, j),
                (1, 2) => t.run::<FMA, 1, 2>(out, k, j),
                _ => t.run::<FMA, 1, 1>(out, k, j),
            }
            j += jt;
        }
        k += kt;
    }
}

/// The operands of [`mm_dot`].
struct DotTile<'a> {
    a: &'a [f64],
    e: &'a [f64],
    nc: usize,
    m_len: usize,
}

impl DotTile<'_> {
    #[inline(always)]
    fn run<const FMA: bool, const KT: usize, const JT: usize>(&self, out: &mut [f64], k0: usize, j0: usize) {
        let mut acc = [[[0.0; 4]; JT]; KT];
        let nc = self.nc;
        let mut n = 0;
        while n < nc {
            let mut av = [[0.0; 4]; KT];
            for (i, v) in av.iter_mut().enumerate() {
                *v = self.a[(k0 + i) * nc + n..][..4].try_into().expect("4 values");
            }
            let mut ev = [[0.0; 4]; JT];
            for (j, v) in ev.iter_mut().enumerate() {
                *v = self.e[(j0 + j) * nc + n..][..4].try_into().expect("4 values");
            }
            for i in 0..KT {
                for j in 0..JT {
                    for c in 0..4 {
                        acc[i][j][c] = madd::<FMA>(av[i][c], ev[j][c], acc[i][j][c]);
                    }
                }
            }
            n += 4;
        }
        for i in 0..KT {
            for j in 0..JT {
                let v = acc[i][j];
                out[(k0 + i) * self.m_len + j0 + j] += (v[0] + v[2]) + (v[1] + v[3]);
            }
        }
    }
}

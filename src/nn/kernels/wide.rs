//! The whole-batch path for networks with wide layers: every layer's product through a
//! cache-blocked, single-threaded GEMM (`matrixmultiply::dgemm`, deterministic), the output
//! layer's loss and error through the chunk code of `output`.
//!
//! Blocks are feature-major over the whole batch: row r of a `d×n` block holds unit r for
//! each of the batch's n points.

use super::output::{apply_hidden, apply_output, output_error};
use super::{BatchData, CHUNK, Fill, Sink, Workspace, round_up};
use crate::nn::activation::Activation;
use crate::nn::loss::Loss;
use crate::nn::mlp::Mlp;
use crate::nn::simd::Lanes;

/// The whole-batch blocks, resized (never shrunk in capacity) to the batch.
#[derive(Clone, Debug, Default)]
pub(super) struct Buffers {
    /// The points, `d0×n`.
    x: Vec<f64>,
    /// `A⁽ˡ⁾`, `dl×n`; for the output layer, `Z⁽ᴸ⁾`.
    acts: Vec<Vec<f64>>,
    /// `E⁽ˡ⁾ = ∂J₀/∂Z⁽ˡ⁾`, `dl×n`.
    errs: Vec<Vec<f64>>,
}

impl Buffers {
    /// Sizes the blocks for the layer sizes `[d0, …, dL]` and n points (allocating only when
    /// they grow).
    fn fit(&mut self, sizes: &[usize], n: usize) {
        let layers = sizes.len() - 1;
        self.x.resize(sizes[0] * n, 0.0);
        for blocks in [&mut self.acts, &mut self.errs] {
            blocks.resize_with(layers, Vec::new);
            for (l, b) in blocks.iter_mut().enumerate() {
                b.resize(sizes[l + 1] * n, 0.0);
            }
        }
    }
}

/// A matrix operand: element (i, j) at `data[i·rs + j·cs]`.
struct Mat<'a> {
    data: &'a [f64],
    rs: usize,
    cs: usize,
}

/// `C ← A·B + β·C` for `[m, k, n] = dims`, `A` m×k and `B` k×n, C's element (i, j) at
/// `c[i·rsc + j]`.
fn gemm(dims: [usize; 3], a: Mat, b: Mat, beta: f64, c: &mut [f64], rsc: usize) {
    let [m, k, n] = dims;
    if m == 0 || n == 0 {
        return;
    }
    assert!(c.len() > (m - 1) * rsc + (n - 1));
    if k > 0 {
        assert!(a.data.len() > (m - 1) * a.rs + (k - 1) * a.cs);
        assert!(b.data.len() > (k - 1) * b.rs + (n - 1) * b.cs);
    }
    let s = |x: usize| isize::try_from(x).expect("a block fits in memory");
    // SAFETY: every element dgemm reads or writes lies inside the slices, as asserted above;
    // `c` is borrowed mutably, so it overlaps neither operand.
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.data.as_ptr(),
            s(a.rs),
            s(a.cs),
            b.data.as_ptr(),
            s(b.rs),
            s(b.cs),
            beta,
            c.as_mut_ptr(),
            s(rsc),
            1,
        );
    }
}

/// [`super::batch_gradient`] over the whole batch at once: `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾`,
/// `∂J/∂W⁽ˡ⁾ = A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`, `∂J/∂b⁽ˡ⁾ = Σ_points E⁽ˡ⁾`, `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′(A⁽ˡ⁻¹⁾)`.
#[inline(always)]
pub(super) fn batch_gradient<L: Lanes>(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    let n = idx.len();
    if n == 0 {
        ws.dw.iter_mut().chain(&mut ws.db).for_each(|g| g.fill(0.0));
        return 0.0;
    }
    ws.wide.fit(&ws.sizes, n);
    let d0 = ws.sizes[0];
    for k in 0..d0 {
        let row = &data.x[k * data.n_total..(k + 1) * data.n_total];
        for (d, &i) in ws.wide.x[k * n..(k + 1) * n].iter_mut().zip(idx) {
            *d = row[i];
        }
    }
    forward::<L>(mlp, &mut ws.wide, &ws.sizes, n, false);
    let scale = 1.0 / n as f64;
    let total = output_layer::<L>(mlp, data, idx, loss, ws, scale);
    backward(mlp, ws, n);
    total * scale
}

/// Points per block of [`forward_points`]: the blocks of a 512-wide layer stay within 2 MB.
const BLOCK: usize = 16 * CHUNK;

/// [`super::forward_chunks`] for networks with wide layers: blocks of [`BLOCK`] points go
/// through the GEMM forward pass, `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)`; the points
/// are gathered and the outputs handed on chunk by chunk, as the chunk path does.
#[inline(always)]
pub(super) fn forward_points<L: Lanes>(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    let d0 = ws.sizes[0];
    let last = mlp.layer_count() - 1;
    let d_l = ws.sizes[last + 1];
    let mut start = 0;
    while start < n_points {
        let n = BLOCK.min(n_points - start);
        ws.wide.fit(&ws.sizes, n);
        for c0 in (0..n).step_by(CHUNK) {
            let count = CHUNK.min(n - c0);
            let nc = round_up(count, L::N);
            ws.xc[..d0 * nc].fill(0.0);
            fill(&mut ws.xc[..d0 * nc], nc, start + c0, count);
            for k in 0..d0 {
                ws.wide.x[k * n + c0..][..count].copy_from_slice(&ws.xc[k * nc..][..count]);
            }
        }
        forward::<L>(mlp, &mut ws.wide, &ws.sizes, n, display);
        for c0 in (0..n).step_by(CHUNK) {
            let count = CHUNK.min(n - c0);
            let nc = output_chunk::<L>(mlp, ws, n, c0, count, display);
            sink(
                start + c0,
                count,
                &ws.zout[..d_l * nc],
                &ws.acts[last][..d_l * nc],
                nc,
            );
        }
        start += n;
    }
}

/// The output layer for points `c0..c0+count` of the whole-batch block (`n` points): its
/// logits `Z⁽ᴸ⁾` copied into the chunk buffer `zout` and its activations `A⁽ᴸ⁾ = f(Z⁽ᴸ⁾)`
/// into the chunk's last layer; returns the chunk's padded width.
#[inline(always)]
fn output_chunk<L: Lanes>(
    mlp: &Mlp,
    ws: &mut Workspace,
    n: usize,
    c0: usize,
    count: usize,
    display: bool,
) -> usize {
    let last = mlp.layer_count() - 1;
    let d_l = ws.sizes[last + 1];
    let nc = round_up(count, L::N);
    block_to_chunk(
        &ws.wide.acts[last],
        n,
        c0,
        count,
        nc,
        &mut ws.zout[..d_l * nc],
    );
    let a = &mut ws.acts[last][..d_l * nc];
    a.copy_from_slice(&ws.zout[..d_l * nc]);
    apply_output::<L>(mlp.output(), a, d_l, nc, display);
    nc
}

/// Copies points `c0..c0+count` of a `d×n` block into a `d×nc` chunk (`chunk`'s length is
/// `d·nc`), its padding columns zeroed.
fn block_to_chunk(block: &[f64], n: usize, c0: usize, count: usize, nc: usize, chunk: &mut [f64]) {
    for (j, dst) in chunk.chunks_exact_mut(nc).enumerate() {
        dst[..count].copy_from_slice(&block[j * n + c0..][..count]);
        dst[count..].fill(0.0);
    }
}

/// `Z⁽ˡ⁾ = W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾` for every layer, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)` for the hidden ones
/// (`display`: the picture-only tanh).
#[inline(always)]
fn forward<L: Lanes>(mlp: &Mlp, b: &mut Buffers, sizes: &[usize], n: usize, display: bool) {
    let layers = mlp.layer_count();
    for l in 0..layers {
        let (d_in, d_out) = (sizes[l], sizes[l + 1]);
        let (w, bias) = mlp.layer_slices(l);
        let (before, after) = b.acts.split_at_mut(l);
        let input: &[f64] = if l == 0 { &b.x } else { &before[l - 1] };
        let out = &mut after[0][..d_out * n];
        for (row, &bj) in out.chunks_exact_mut(n).zip(bias) {
            row.fill(bj);
        }
        // Wᵀ(j, k) = W[k, j] = w[k·d_out + j]; A⁽ˡ⁻¹⁾(k, p) = input[k·n + p].
        let wt = Mat {
            data: w,
            rs: 1,
            cs: d_out,
        };
        let a = Mat {
            data: input,
            rs: n,
            cs: 1,
        };
        gemm([d_out, d_in, n], wt, a, 1.0, out, n);
        if l + 1 < layers {
            let f = mlp.activation(l).unwrap_or(Activation::Linear);
            apply_hidden::<L>(f, out, display);
        }
    }
}

/// The output activations, the data-loss sum and `E⁽ᴸ⁾`, chunk by chunk through the chunk
/// buffers (the output layer is narrow).
#[inline(always)]
fn output_layer<L: Lanes>(
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
    scale: f64,
) -> f64 {
    let n = idx.len();
    let last = mlp.layer_count() - 1;
    let d_l = ws.sizes[last + 1];
    let mut total = 0.0;
    let mut start = 0;
    for chunk in idx.chunks(CHUNK) {
        let nv = chunk.len();
        for (c, &i) in ws.classes.iter_mut().zip(chunk) {
            *c = data.classes[i];
        }
        let nc = output_chunk::<L>(mlp, ws, n, start, nv, false);
        total += output_error::<L>(mlp.output(), loss, ws, nv, nc, scale);
        let e = &mut ws.wide.errs[last];
        for j in 0..d_l {
            e[j * n + start..][..nv].copy_from_slice(&ws.errs[last][j * nc..][..nv]);
        }
        start += nv;
    }
    total
}

/// `∂J/∂W⁽ˡ⁾ = A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`, `∂J/∂b⁽ˡ⁾ = Σ_points E⁽ˡ⁾`, `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′(A⁽ˡ⁻¹⁾)`.
#[inline(always)]
fn backward(mlp: &Mlp, ws: &mut Workspace, n: usize) {
    let b = &mut ws.wide;
    for l in (0..mlp.layer_count()).rev() {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, _) = mlp.layer_slices(l);
        let (lower, upper) = b.errs.split_at_mut(l);
        let e = &upper[0][..d_out * n];
        let input: &[f64] = if l == 0 { &b.x } else { &b.acts[l - 1] };
        // A⁽ˡ⁻¹⁾(k, p) = input[k·n + p]; E⁽ˡ⁾ᵀ(p, j) = e[j·n + p]; ∂J/∂W row-major d_in×d_out.
        let a = Mat {
            data: input,
            rs: n,
            cs: 1,
        };
        let et = Mat {
            data: e,
            rs: 1,
            cs: n,
        };
        gemm([d_in, n, d_out], a, et, 0.0, &mut ws.dw[l], d_out);
        for (g, row) in ws.db[l].iter_mut().zip(e.chunks_exact(n)) {
            let mut sum = 0.0;
            for v in row {
                sum += v;
            }
            *g = sum;
        }
        if l > 0 {
            let prev = &mut lower[l - 1][..d_in * n];
            // W(k, j) = w[k·d_out + j]; E⁽ˡ⁾(j, p) = e[j·n + p].
            let wm = Mat {
                data: w,
                rs: d_out,
                cs: 1,
            };
            let em = Mat {
                data: e,
                rs: n,
                cs: 1,
            };
            gemm([d_in, d_out, n], wm, em, 0.0, prev, n);
            let f = mlp.activation(l - 1).unwrap_or(Activation::Linear);
            times_derivative(f, prev, &b.acts[l - 1][..d_in * n]);
        }
    }
}

/// `e ← e ⊙ f′`, with f′ written through the activation `a = f(z)`.
#[inline(always)]
fn times_derivative(f: Activation, e: &mut [f64], a: &[f64]) {
    let pairs = e.iter_mut().zip(a);
    match f {
        Activation::Relu => pairs.for_each(|(e, &a)| *e = if a > 0.0 { *e } else { 0.0 }),
        Activation::Tanh => pairs.for_each(|(e, &a)| *e -= *e * (a * a)),
        Activation::Sigmoid => pairs.for_each(|(e, &a)| *e *= a - a * a),
        Activation::Linear => {}
        Activation::Sign => e.fill(0.0),
    }
}

//! The forward pass in chunks of points: the grid, predictions and the training step's
//! first half, on the kernel path this CPU has.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Runs the network forward on `n_points` points that `fill` writes feature-major into a
/// chunk (`fill(xc, nc, start, count)`), and hands each chunk's output to `sink(start,
/// count, z, a, nc)` (`z` the output layer's logits, `a` its activations, both `dL×nc`).
/// With `display`, tanh is the display-only approximation (for the boundary picture).
/// Networks with wide layers ([`super::uses_gemm`]) go through the GEMM in blocks of points.
pub fn forward_chunks(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    ws.fit(&mlp.sizes());
    match KernelPath::best() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `best` only names a path the CPU has.
        KernelPath::Avx512 => unsafe {
            forward_chunks_avx512(mlp, n_points, display, ws, fill, sink)
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `best` only names a path the CPU has.
        KernelPath::Avx2 => unsafe { forward_chunks_avx2(mlp, n_points, display, ws, fill, sink) },
        _ => forward_chunks_impl::<Plain>(mlp, n_points, display, ws, fill, sink),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn forward_chunks_avx512(
    mlp: &Mlp,
    n_points: usize,
    display: bool,
    ws: &mut Workspace,
    fill: &mut Fill,
    sink: &mut Sink,
) {
    forward_chunks_impl::<Avx512>(mlp, n_points, display, ws, fill, sink);
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
    if super::uses_gemm(&ws.sizes) {
        return super::wide::forward_points::<L>(mlp, n_points, display, ws, fill, sink);
    }
    let d0 = ws.sizes[0];
    let mut start = 0;
    while start < n_points {
        let count = CHUNK.min(n_points - start);
        let nc = round_up(count, L::N);
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
pub(super) fn forward_chunk<L: Lanes>(mlp: &Mlp, ws: &mut Workspace, nc: usize, display: bool) {
    let layers = mlp.layer_count();
    for l in 0..layers {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, b) = mlp.layer_slices(l);
        let (before, after) = ws.acts.split_at_mut(l);
        let input: &[f64] = if l == 0 { &ws.xc } else { &before[l - 1] };
        let out = &mut after[0][..d_out * nc];
        // P(r = j, s = k) = W[k, j] = w[k·d_out + j].
        let hidden = l + 1 < layers;
        let f = mlp.activation(l).unwrap_or(Activation::Linear);
        let relu = hidden && f == Activation::Relu;
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
                apply_hidden::<L>(f, out, display);
            }
        } else {
            ws.zout[..d_out * nc].copy_from_slice(out);
            apply_output::<L>(mlp.output(), out, d_out, nc, display);
        }
    }
}

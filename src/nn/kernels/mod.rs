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
//! nothing. The same code is compiled three times ([`KernelPath`]): with AVX-512F (8 lanes)
//! or AVX2 + FMA (4 lanes), chosen at run time when the CPU has them, and portable (any
//! target).
//!
//! Networks with a wide hidden-to-hidden layer take the whole batch at once through a
//! cache-blocked GEMM instead (`wide`, chosen by [`uses_gemm`]): there the weights, not the
//! activations, are what must stay in the cache.

mod first_layer;
mod forward;
mod output;
mod tiles;
mod wide;

use forward::forward_chunk;
pub use forward::forward_chunks;

use super::activation::Activation;
use super::loss::Loss;
use super::mlp::Mlp;
#[cfg(target_arch = "x86_64")]
use super::simd::{Avx, Avx512};
use super::simd::{Lanes, Plain};
use first_layer::FirstLayer;
use output::{apply_hidden, apply_output, output_error};
use tiles::{MatP, Post, mm_dot};

/// The most points processed together (a multiple of every lane count).
pub const CHUNK: usize = 32;

/// The most lanes of any [`KernelPath`].
const MAX_LANES: usize = 8;

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
    /// `[∂J/∂W⁽ˡ⁾; ∂J/∂b⁽ˡ⁾]` (`(d(l−1)+1)×d(l)`) as N partial sums each (N the lane
    /// count), summed into `dw` and `db` once per batch.
    dw_lanes: Vec<Vec<f64>>,
    /// The whole-batch blocks of the GEMM path.
    wide: wide::Buffers,
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
            .map(|l| vec![0.0; MAX_LANES * (sizes[l - 1] + 1) * sizes[l]])
            .collect();
    }
}

/// `n` rounded up to a multiple of `lanes`.
fn round_up(n: usize, lanes: usize) -> usize {
    n.div_ceil(lanes) * lanes
}

/// A compiled variant of the kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelPath {
    /// Plain arrays of 4 doubles, for any CPU.
    Portable,
    /// AVX2 + FMA registers of 4 doubles.
    Avx2,
    /// AVX-512F registers of 8 doubles.
    Avx512,
}

impl KernelPath {
    /// Every path, the slowest first.
    pub const ALL: [KernelPath; 3] = [Self::Portable, Self::Avx2, Self::Avx512];

    /// Whether this CPU can run the path.
    pub fn available(self) -> bool {
        match self {
            Self::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Self::Avx2 => {
                std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
            }
            #[cfg(target_arch = "x86_64")]
            Self::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx2")
                    && std::is_x86_feature_detected!("fma")
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The fastest path this CPU can run.
    pub fn best() -> Self {
        Self::ALL
            .into_iter()
            .rev()
            .find(|p| p.available())
            .unwrap_or(Self::Portable)
    }

    /// The name the CLI prints: `"portable"`, `"avx2+fma"` or `"avx512f"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Portable => "portable",
            Self::Avx2 => "avx2+fma",
            Self::Avx512 => "avx512f",
        }
    }
}

/// Which code path the CPU runs: [`KernelPath::name`] of [`KernelPath::best`].
pub fn simd_level() -> &'static str {
    KernelPath::best().name()
}

/// Whether the whole batch goes through the cache-blocked GEMM: for a layer with at least
/// [`GEMM_MIN_WIDTH`] inputs and as many units, the weights no longer fit in the cache
/// alongside a chunk.
pub fn uses_gemm(sizes: &[usize]) -> bool {
    sizes
        .windows(2)
        .any(|w| w[0] >= GEMM_MIN_WIDTH && w[1] >= GEMM_MIN_WIDTH)
}

/// The narrowest layer (inputs and units) that [`uses_gemm`] sends to the GEMM.
pub const GEMM_MIN_WIDTH: usize = 128;

/// How a batch gradient is computed: which compiled path, and whether through the GEMM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The compiled path (it must be [`KernelPath::available`]).
    pub path: KernelPath,
    /// `None`: by shape ([`uses_gemm`]); `Some(g)`: the GEMM path or not, whatever the shape.
    pub gemm: Option<bool>,
}

impl Route {
    /// The fastest path, the GEMM chosen by shape.
    pub fn best() -> Self {
        Self {
            path: KernelPath::best(),
            gemm: None,
        }
    }

    /// The vector path (the best one) or the portable one, the GEMM chosen by shape.
    pub fn simd(simd: bool) -> Self {
        Self {
            path: if simd {
                KernelPath::best()
            } else {
                KernelPath::Portable
            },
            gemm: None,
        }
    }
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
    batch_gradient_route(Route::best(), mlp, data, idx, loss, ws)
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
    batch_gradient_route(Route::simd(simd), mlp, data, idx, loss, ws)
}

/// [`batch_gradient`] along a given [`Route`] (tests check every path against the same
/// reference). Panics if the CPU cannot run `route.path`.
pub fn batch_gradient_route(
    route: Route,
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    assert!(
        route.path.available(),
        "this CPU has no {}",
        route.path.name()
    );
    ws.fit(&mlp.sizes());
    let gemm = route.gemm.unwrap_or_else(|| uses_gemm(&ws.sizes));
    match route.path {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the CPU has AVX-512F, AVX2 and FMA, asserted above.
        KernelPath::Avx512 => unsafe { batch_gradient_avx512(gemm, mlp, data, idx, loss, ws) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the CPU has AVX2 and FMA, asserted above.
        KernelPath::Avx2 => unsafe { batch_gradient_avx2(gemm, mlp, data, idx, loss, ws) },
        _ => batch_gradient_impl::<Plain>(gemm, mlp, data, idx, loss, ws),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn batch_gradient_avx2(
    gemm: bool,
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    batch_gradient_impl::<Avx>(gemm, mlp, data, idx, loss, ws)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn batch_gradient_avx512(
    gemm: bool,
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    batch_gradient_impl::<Avx512>(gemm, mlp, data, idx, loss, ws)
}

#[inline(always)]
fn batch_gradient_impl<L: Lanes>(
    gemm: bool,
    mlp: &Mlp,
    data: BatchData,
    idx: &[usize],
    loss: Loss,
    ws: &mut Workspace,
) -> f64 {
    if gemm {
        return wide::batch_gradient::<L>(mlp, data, idx, loss, ws);
    }
    for g in &mut ws.dw_lanes {
        g.fill(0.0);
    }
    let scale = 1.0 / idx.len() as f64;
    let d0 = ws.sizes[0];
    let mut total = 0.0;
    for chunk in idx.chunks(CHUNK) {
        let nv = chunk.len();
        let nc = round_up(nv, L::N);
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
        let (w_lanes, b_lanes) = lanes.split_at(L::N * dw.len());
        let b_lanes = &b_lanes[..L::N * db.len()];
        for (g, l) in dw
            .iter_mut()
            .chain(db.iter_mut())
            .zip(w_lanes.chunks_exact(L::N).chain(b_lanes.chunks_exact(L::N)))
        {
            *g = L::load(l).hsum();
        }
    }
    if idx.is_empty() {
        return 0.0;
    }
    total * scale
}

/// `∂J/∂W⁽ˡ⁾ += A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`, `∂J/∂b⁽ˡ⁾ += Σ_rows E⁽ˡ⁾`, `E⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ E⁽ˡ⁾) ⊙ f′(A⁽ˡ⁻¹⁾)`.
#[inline(always)]
fn backward_chunk<L: Lanes>(mlp: &Mlp, ws: &mut Workspace, nc: usize) {
    for l in (0..mlp.layer_count()).rev() {
        let (d_in, d_out) = (ws.sizes[l], ws.sizes[l + 1]);
        let (w, _) = mlp.layer_slices(l);
        // f′ of the layer below, whose error this layer passes down.
        let f = l
            .checked_sub(1)
            .and_then(|below| mlp.activation(below))
            .unwrap_or(Activation::Linear);
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

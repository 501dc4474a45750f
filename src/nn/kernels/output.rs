//! The output side of a chunk: the activations applied after a layer's product
//! ([`apply_hidden`], [`apply_output`]) and the output layer's loss and error ([`output_error`]).

use super::{CHUNK, Workspace};
use crate::nn::activation::{self, Activation, Output};
use crate::nn::fastmath::{exp, ln, ln1p, sigmoid, tanh, tanh_display};
use crate::nn::loss::{self, Loss};
use crate::nn::simd::Lanes;

/// `v[i] ← f(v[i])`. A plain loop: an iterator adaptor such as `for_each` might not be
/// inlined into the AVX2 function and would then be compiled without AVX2.
#[inline(always)]
fn map_in_place(v: &mut [f64], f: impl Fn(f64) -> f64) {
    for x in v {
        *x = f(*x);
    }
}

#[inline(always)]
pub(super) fn apply_hidden<L: Lanes>(f: Activation, v: &mut [f64], display: bool) {
    match f {
        Activation::Relu => map_in_place(v, |x| x.max(0.0)),
        Activation::Tanh if display => map_in_place(v, tanh_display),
        Activation::Tanh => map_in_place(v, tanh::<L>),
        Activation::Sigmoid => map_in_place(v, sigmoid::<L>),
        Activation::Linear => {}
        Activation::Sign => map_in_place(v, activation::sign),
    }
}

#[inline(always)]
pub(super) fn apply_output<L: Lanes>(
    out: Output,
    v: &mut [f64],
    d_out: usize,
    nc: usize,
    display: bool,
) {
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
pub(super) fn output_error<L: Lanes>(
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
                            lane_loss[n] = loss::softmax_cross_entropy(&zc, classes[n]);
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

//! The fused last backward step for a first layer with 2 inputs ([`FirstLayer`]).

use crate::nn::activation::Activation;
use crate::nn::simd::{Lanes, load_n};

/// The last backward step for a first layer with 2 inputs: two units at a time,
/// `e⁽¹⁾ = (W⁽²⁾ e⁽²⁾) ⊙ f′(A⁽¹⁾)` stays in registers and goes straight into
/// `[∂J/∂W⁽¹⁾; ∂J/∂b⁽¹⁾] += [x₁; x₂; 1] e⁽¹⁾ᵀ`: E⁽¹⁾ is never stored.
pub(super) struct FirstLayer<'a> {
    /// W⁽²⁾, `d1×d2` row-major.
    pub(super) w: &'a [f64],
    pub(super) d1: usize,
    pub(super) d2: usize,
    /// E⁽²⁾, `d2×nc`.
    pub(super) e: &'a [f64],
    /// A⁽¹⁾, `d1×nc`.
    pub(super) a: &'a [f64],
    /// x₁, x₂ and a row of ones, `3×nc`.
    pub(super) x: &'a [f64],
    pub(super) f: Activation,
    pub(super) nc: usize,
}

impl FirstLayer<'_> {
    #[inline(always)]
    pub(super) fn run<L: Lanes>(&self, out: &mut [f64]) {
        assert!(self.nc.is_multiple_of(L::N) && self.w.len() >= self.d1 * self.d2);
        assert!(self.e.len() >= self.d2 * self.nc && self.a.len() >= self.d1 * self.nc);
        assert!(self.x.len() >= 3 * self.nc && out.len() >= L::N * 3 * self.d1);
        // Wide chunks: 2 units × 4 vectors of points per step; narrow ones (small batches):
        // 4 units × 1 vector, so that enough independent chains are in flight either way.
        let kt_max = if self.nc >= 4 * L::N { 2 } else { 4 };
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

    /// Units `k0..k0+KT`: the points in steps of 4 vectors (independent chains hide the FMA
    /// latency), then the remainder one vector at a time.
    #[inline(always)]
    fn tile<L: Lanes, const KT: usize>(&self, out: &mut [f64], k0: usize) {
        let mut acc = [[L::splat(0.0); 3]; KT];
        let wide = self.nc / (4 * L::N) * (4 * L::N);
        for n in (0..wide).step_by(4 * L::N) {
            self.step::<L, KT, 4>(&mut acc, k0, n);
        }
        for n in (wide..self.nc).step_by(L::N) {
            self.step::<L, KT, 1>(&mut acc, k0, n);
        }
        for (kk, acc) in acc.iter().enumerate() {
            for (i, v) in acc.iter().enumerate() {
                let at = L::N * (i * self.d1 + k0 + kk);
                let slot = &mut out[at..at + L::N];
                L::load(slot).add(*v).store(slot);
            }
        }
    }

    /// `e⁽¹⁾` for units `k0..k0+KT` at points `n..n+N·NV`, added into the gradient sums.
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
            // SAFETY: j < d2, n + N·NV ≤ nc and k0 + KT ≤ d1: inside the bounds `run` asserted.
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

//! f64 lanes: AVX-512 registers (8 lanes) or AVX2 registers (4 lanes) where the CPU has
//! them, plain arrays of 4 elsewhere.
//!
//! The register-tiled products in `kernels` are written once against [`Lanes`]. Left to
//! itself the compiler splits array tiles into 2-wide registers and spills them to the stack,
//! so the AVX2 and AVX-512 paths use the intrinsics directly.

use super::fastmath::MulAdd;

/// A vector of [`Lanes::N`] doubles.
pub trait Lanes: Copy + MulAdd {
    /// The number of lanes (4 or 8).
    const N: usize;
    /// All lanes `x`.
    fn splat(x: f64) -> Self;
    /// `s[0..N]`.
    fn load(s: &[f64]) -> Self;
    /// `p[0..N]`.
    ///
    /// # Safety
    /// `p` must point to N readable doubles.
    unsafe fn load_ptr(p: *const f64) -> Self;
    /// Writes the lanes to `s[0..N]`.
    fn store(self, s: &mut [f64]);
    /// `self·b + c`, lane by lane.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `self + b`, lane by lane.
    fn add(self, b: Self) -> Self;
    /// `self·b`, lane by lane.
    fn mul(self, b: Self) -> Self;
    /// `self − b`, lane by lane.
    fn sub(self, b: Self) -> Self;
    /// `self` where `a > 0`, 0 elsewhere (the ReLU derivative applied to an error).
    fn keep_where_positive(self, a: Self) -> Self;
    /// `max(self, 0)`, lane by lane.
    fn max0(self) -> Self;
    /// The sum of the lanes in a fixed order: `(l0 + l2) + (l1 + l3)` for 4 lanes,
    /// `((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))` for 8.
    fn hsum(self) -> f64;
}

/// `[f(0), f(1), f(2), f(3)]`, written out: `std::array::from_fn` is not always inlined,
/// and code that is not inlined into the AVX2 function is compiled without AVX2.
#[inline(always)]
fn lanes4(f: impl Fn(usize) -> f64) -> [f64; 4] {
    [f(0), f(1), f(2), f(3)]
}

/// `NV` consecutive vectors from `p`.
///
/// # Safety
/// `p` must point to `N·NV` readable doubles.
#[inline(always)]
pub unsafe fn load_n<L: Lanes, const NV: usize>(p: *const f64) -> [L; NV] {
    let mut out = [L::splat(0.0); NV];
    for (v, o) in out.iter_mut().enumerate() {
        // SAFETY: the caller guarantees N·NV readable doubles.
        *o = unsafe { L::load_ptr(p.add(L::N * v)) };
    }
    out
}

/// The portable lanes: the compiler vectorises what it can.
#[derive(Clone, Copy, Debug)]
pub struct Plain([f64; 4]);

impl MulAdd for Plain {
    const FMA: bool = false;
}

impl Lanes for Plain {
    const N: usize = 4;

    #[inline(always)]
    fn splat(x: f64) -> Self {
        Self([x; 4])
    }

    #[inline(always)]
    fn load(s: &[f64]) -> Self {
        Self([s[0], s[1], s[2], s[3]])
    }

    #[inline(always)]
    unsafe fn load_ptr(p: *const f64) -> Self {
        // SAFETY: the caller guarantees 4 readable doubles.
        Self(unsafe { [*p, *p.add(1), *p.add(2), *p.add(3)] })
    }

    #[inline(always)]
    fn store(self, s: &mut [f64]) {
        s[..4].copy_from_slice(&self.0);
    }

    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Self(lanes4(|i| self.0[i] * b.0[i] + c.0[i]))
    }

    #[inline(always)]
    fn add(self, b: Self) -> Self {
        Self(lanes4(|i| self.0[i] + b.0[i]))
    }

    #[inline(always)]
    fn mul(self, b: Self) -> Self {
        Self(lanes4(|i| self.0[i] * b.0[i]))
    }

    #[inline(always)]
    fn sub(self, b: Self) -> Self {
        Self(lanes4(|i| self.0[i] - b.0[i]))
    }

    #[inline(always)]
    fn keep_where_positive(self, a: Self) -> Self {
        Self(lanes4(|i| if a.0[i] > 0.0 { self.0[i] } else { 0.0 }))
    }

    #[inline(always)]
    fn max0(self) -> Self {
        Self(self.0.map(|x| x.max(0.0)))
    }

    #[inline(always)]
    fn hsum(self) -> f64 {
        (self.0[0] + self.0[2]) + (self.0[1] + self.0[3])
    }
}

#[cfg(target_arch = "x86_64")]
pub use avx::Avx;
#[cfg(target_arch = "x86_64")]
pub use avx512::Avx512;

#[cfg(target_arch = "x86_64")]
mod avx {
    use super::Lanes;
    use std::arch::x86_64::{
        __m256d, _CMP_GT_OQ, _mm_add_pd, _mm_cvtsd_f64, _mm_unpackhi_pd, _mm256_add_pd,
        _mm256_and_pd, _mm256_castpd256_pd128, _mm256_cmp_pd, _mm256_extractf128_pd,
        _mm256_fmadd_pd, _mm256_loadu_pd, _mm256_max_pd, _mm256_mul_pd, _mm256_set1_pd,
        _mm256_setzero_pd, _mm256_storeu_pd, _mm256_sub_pd,
    };

    /// An AVX2 register of 4 doubles.
    ///
    /// Only code compiled with `#[target_feature(enable = "avx2,fma")]`, which runs after
    /// the CPU was checked for both, may use this type: each method assumes the features.
    #[derive(Clone, Copy, Debug)]
    pub struct Avx(__m256d);

    impl super::MulAdd for Avx {
        const FMA: bool = true;
    }

    impl Lanes for Avx {
        const N: usize = 4;

        #[inline(always)]
        fn splat(x: f64) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe { _mm256_set1_pd(x) })
        }

        #[inline(always)]
        fn load(s: &[f64]) -> Self {
            let s = &s[..4];
            // SAFETY: `s` holds 4 doubles (checked above); unaligned loads are allowed.
            Self(unsafe { _mm256_loadu_pd(s.as_ptr()) })
        }

        #[inline(always)]
        unsafe fn load_ptr(p: *const f64) -> Self {
            // SAFETY: the caller guarantees 4 readable doubles; AVX is present.
            Self(unsafe { _mm256_loadu_pd(p) })
        }

        #[inline(always)]
        fn store(self, s: &mut [f64]) {
            let s = &mut s[..4];
            // SAFETY: `s` holds 4 doubles (checked above).
            unsafe { _mm256_storeu_pd(s.as_mut_ptr(), self.0) }
        }

        #[inline(always)]
        fn mul_add(self, b: Self, c: Self) -> Self {
            // SAFETY: see the type's documentation (FMA is present).
            Self(unsafe { _mm256_fmadd_pd(self.0, b.0, c.0) })
        }

        #[inline(always)]
        fn add(self, b: Self) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe { _mm256_add_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn mul(self, b: Self) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe { _mm256_mul_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn sub(self, b: Self) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe { _mm256_sub_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn keep_where_positive(self, a: Self) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe {
                let positive = _mm256_cmp_pd::<_CMP_GT_OQ>(a.0, _mm256_setzero_pd());
                _mm256_and_pd(self.0, positive)
            })
        }

        #[inline(always)]
        fn max0(self) -> Self {
            // SAFETY: see the type's documentation (AVX is present).
            Self(unsafe { _mm256_max_pd(self.0, _mm256_setzero_pd()) })
        }

        #[inline(always)]
        fn hsum(self) -> f64 {
            // SAFETY: see the type's documentation (AVX is present).
            unsafe {
                let lo = _mm256_castpd256_pd128(self.0);
                let hi = _mm256_extractf128_pd::<1>(self.0);
                let pair = _mm_add_pd(lo, hi); // (l0 + l2, l1 + l3)
                let high = _mm_unpackhi_pd(pair, pair);
                _mm_cvtsd_f64(_mm_add_pd(pair, high))
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::Lanes;
    use std::arch::x86_64::{
        __m512d, _CMP_GT_OQ, _mm_add_pd, _mm_cvtsd_f64, _mm_unpackhi_pd, _mm256_add_pd,
        _mm256_castpd256_pd128, _mm256_extractf128_pd, _mm512_add_pd, _mm512_castpd512_pd256,
        _mm512_cmp_pd_mask, _mm512_extractf64x4_pd, _mm512_fmadd_pd, _mm512_loadu_pd,
        _mm512_maskz_mov_pd, _mm512_max_pd, _mm512_mul_pd, _mm512_set1_pd, _mm512_setzero_pd,
        _mm512_storeu_pd, _mm512_sub_pd,
    };

    /// An AVX-512 register of 8 doubles.
    ///
    /// Only code compiled with `#[target_feature(enable = "avx512f,avx2,fma")]`, which runs
    /// after the CPU was checked for AVX-512F, may use this type: each method assumes it.
    #[derive(Clone, Copy, Debug)]
    pub struct Avx512(__m512d);

    impl super::MulAdd for Avx512 {
        const FMA: bool = true;
    }

    impl Lanes for Avx512 {
        const N: usize = 8;

        #[inline(always)]
        fn splat(x: f64) -> Self {
            // SAFETY: see the type's documentation (AVX-512F is present).
            Self(unsafe { _mm512_set1_pd(x) })
        }

        #[inline(always)]
        fn load(s: &[f64]) -> Self {
            let s = &s[..8];
            // SAFETY: `s` holds 8 doubles (checked above); unaligned loads are allowed.
            Self(unsafe { _mm512_loadu_pd(s.as_ptr()) })
        }

        #[inline(always)]
        unsafe fn load_ptr(p: *const f64) -> Self {
            // SAFETY: the caller guarantees 8 readable doubles; AVX-512F is present.
            Self(unsafe { _mm512_loadu_pd(p) })
        }

        #[inline(always)]
        fn store(self, s: &mut [f64]) {
            let s = &mut s[..8];
            // SAFETY: `s` holds 8 doubles (checked above).
            unsafe { _mm512_storeu_pd(s.as_mut_ptr(), self.0) }
        }

        #[inline(always)]
        fn mul_add(self, b: Self, c: Self) -> Self {
            // SAFETY: see the type's documentation (AVX-512F is present).
            Self(unsafe { _mm512_fmadd_pd(self.0, b.0, c.0) })
        }

        #[inline(always)]
        fn add(self, b: Self) -> Self {
            // SAFETY: see the type's documentation.
            Self(unsafe { _mm512_add_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn mul(self, b: Self) -> Self {
            // SAFETY: see the type's documentation.
            Self(unsafe { _mm512_mul_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn sub(self, b: Self) -> Self {
            // SAFETY: see the type's documentation.
            Self(unsafe { _mm512_sub_pd(self.0, b.0) })
        }

        #[inline(always)]
        fn keep_where_positive(self, a: Self) -> Self {
            // SAFETY: see the type's documentation.
            Self(unsafe {
                let positive = _mm512_cmp_pd_mask::<_CMP_GT_OQ>(a.0, _mm512_setzero_pd());
                _mm512_maskz_mov_pd(positive, self.0)
            })
        }

        #[inline(always)]
        fn max0(self) -> Self {
            // SAFETY: see the type's documentation.
            Self(unsafe { _mm512_max_pd(self.0, _mm512_setzero_pd()) })
        }

        #[inline(always)]
        fn hsum(self) -> f64 {
            // SAFETY: see the type's documentation (AVX-512F implies AVX).
            unsafe {
                let lo = _mm512_castpd512_pd256(self.0);
                let hi = _mm512_extractf64x4_pd::<1>(self.0);
                let quad = _mm256_add_pd(lo, hi); // (l0 + l4, l1 + l5, l2 + l6, l3 + l7)
                let low = _mm256_castpd256_pd128(quad);
                let high = _mm256_extractf128_pd::<1>(quad);
                let pair = _mm_add_pd(low, high);
                let top = _mm_unpackhi_pd(pair, pair);
                _mm_cvtsd_f64(_mm_add_pd(pair, top))
            }
        }
    }
}

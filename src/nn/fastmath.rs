//! Branch-free `exp`, `ln`, `tanh` and `σ` that the compiler can vectorise.
//!
//! The standard library's functions call libm one value at a time; these use only
//! arithmetic, comparisons and bit operations, so a loop over a slice becomes AVX2 code in
//! the kernels (see `kernels`). Each is accurate to a few ulp over the range the network
//! uses, which the tests check against `std` — training results do not change beyond
//! rounding.
//!
//! `M: MulAdd` selects fused multiply-adds or not.

use std::f64::consts::LOG2_E;

/// `1.5 · 2⁵²`: adding it rounds a double below 2⁵¹ to an integer held in the low bits.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
/// ln 2 split (fdlibm's constants) so that `k · LN2_HI` is exact for |k| < 2¹¹.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);

/// Whether `a·b + c` is one fused instruction (only where the `fma` target feature is
/// enabled; elsewhere `mul_add` would be a slow library call).
pub trait MulAdd {
    /// True for a fused multiply-add.
    const FMA: bool;
}

/// Fused multiply-adds.
pub struct Fused;

impl MulAdd for Fused {
    const FMA: bool = true;
}

/// A multiplication, then an addition.
pub struct Unfused;

impl MulAdd for Unfused {
    const FMA: bool = false;
}

/// `a·b + c`, fused when `M::FMA`.
#[inline(always)]
pub fn madd<M: MulAdd>(a: f64, b: f64, c: f64) -> f64 {
    if M::FMA { a.mul_add(b, c) } else { a * b + c }
}

/// `2^k` for an integer-valued `k` held as `ROUND_MAGIC + k`, |k| ≤ 1022.
#[inline(always)]
fn pow2_from_rounded(t: f64) -> f64 {
    let k = t.to_bits().wrapping_sub(ROUND_MAGIC.to_bits());
    f64::from_bits(k.wrapping_add(1023) << 52)
}

/// `e^r − 1` for |r| ≤ ln2/2 by its Taylor series to r¹³ (truncation < 2⁻⁵⁶ relative).
#[inline(always)]
fn expm1_reduced<M: MulAdd>(r: f64) -> f64 {
    const C: [f64; 12] = [
        1.0 / 6_227_020_800.0,
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
    ];
    let mut p = C[0];
    for &c in &C[1..] {
        p = madd::<M>(p, r, c);
    }
    madd::<M>(p * r, r, r)
}

/// Splits x = k·ln2 + r with |r| ≤ ln2/2; returns (`ROUND_MAGIC + k`, r).
#[inline(always)]
fn reduce<M: MulAdd>(x: f64) -> (f64, f64) {
    let t = madd::<M>(x, LOG2_E, ROUND_MAGIC);
    let k = t - ROUND_MAGIC;
    let r = madd::<M>(-k, LN2_HI, x);
    let r = madd::<M>(-k, LN2_LO, r);
    (t, r)
}

/// `e^x` for x in [−708, 709] (clamped there; NaN stays NaN). Error ≤ 2 ulp.
#[inline(always)]
pub fn exp<M: MulAdd>(x: f64) -> f64 {
    let x = x.clamp(-708.0, 709.0);
    let (t, r) = reduce::<M>(x);
    let p = 1.0 + expm1_reduced::<M>(r);
    p * pow2_from_rounded(t)
}

/// `ln x` for positive normal x. With x = m·2^e, m ∈ [√½, √2):
/// `ln x = e·ln2 + 2·atanh(s)`, `s = (m−1)/(m+1)`, by the series `2s Σ s^{2i}/(2i+1)`.
#[inline(always)]
pub fn ln<M: MulAdd>(x: f64) -> f64 {
    const MANTISSA: u64 = (1 << 52) - 1;
    const ONE: u64 = 1023 << 52;
    let bits = x.to_bits();
    let m = f64::from_bits((bits & MANTISSA) | ONE);
    let e = (bits >> 52) as i64 - 1023;
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1 } else { e };
    let e = f64::from_bits(ROUND_MAGIC.to_bits().wrapping_add(e as u64)) - ROUND_MAGIC;
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 23.0;
    for d in [21.0, 19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0] {
        p = madd::<M>(p, s2, 1.0 / d);
    }
    // 2s + 2s·s²·p, then add e·ln2 in two parts.
    let two_s = 2.0 * s;
    let lnm = madd::<M>(two_s * s2, p, two_s);
    let hi = e * LN2_HI;
    hi + madd::<M>(e, LN2_LO, lnm)
}

/// `ln(1 + u)` for u ≥ 0, accurate for tiny u as well (Kahan: `ln(w)·u/(w − 1)`, w = 1 + u).
#[inline(always)]
pub fn ln1p<M: MulAdd>(u: f64) -> f64 {
    let w = 1.0 + u;
    let d = w - 1.0;
    let l = ln::<M>(w);
    if d == 0.0 { u } else { l * (u / d) }
}

/// `tanh x = sign(x)·m/(m + 2)` with `m = e^{2|x|} − 1` computed without cancellation
/// (for |x| > 20, tanh x rounds to ±1). Error ≤ 3 ulp.
#[inline(always)]
pub fn tanh<M: MulAdd>(x: f64) -> f64 {
    let y = (2.0 * x.abs()).min(40.0);
    let (t, r) = reduce::<M>(y);
    let q = expm1_reduced::<M>(r);
    let scale = pow2_from_rounded(t);
    let k_is_zero = t == ROUND_MAGIC;
    let m = if k_is_zero {
        q
    } else {
        madd::<M>(scale, q, scale - 1.0)
    };
    let v = m / (m + 2.0);
    let v = if x.is_nan() { x } else { v };
    v.copysign(x)
}

/// `σ(z) = 1/(1 + e^{−z})` through `e = e^{−|z|}`: `1/(1+e)` for z ≥ 0, `e/(1+e)` otherwise.
#[inline(always)]
pub fn sigmoid<M: MulAdd>(z: f64) -> f64 {
    let e = exp::<M>(-z.abs());
    let d = 1.0 / (1.0 + e);
    if z >= 0.0 { d } else { e * d }
}

/// A fast, display-only tanh, `(e − 1)/(e + 1)` with `e = e^{2x}` from a degree-7
/// polynomial: absolute error below 10⁻⁶. For the boundary picture, never for training.
#[inline(always)]
pub fn tanh_display(x: f64) -> f64 {
    let y = (2.0 * x).clamp(-40.0, 40.0);
    let (t, r) = reduce::<Unfused>(y);
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r / 5040.0))))));
    let e = p * pow2_from_rounded(t);
    (e - 1.0) / (e + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> f64 {
        if a == b {
            return 0.0;
        }
        let scale = f64::EPSILON * a.abs().max(b.abs()).max(f64::MIN_POSITIVE);
        (a - b).abs() / scale
    }

    fn grid(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        (0..=n).map(move |i| lo + (hi - lo) * i as f64 / n as f64)
    }

    #[test]
    fn exp_is_within_two_ulp() {
        for x in grid(-700.0, 700.0, 200_001).chain(grid(-1.0, 1.0, 10_001)) {
            assert!(ulps(exp::<Unfused>(x), x.exp()) <= 2.0, "exp({x})");
            assert!(ulps(exp::<Fused>(x), x.exp()) <= 2.0, "exp({x}) fma");
        }
        assert!(exp::<Unfused>(f64::NAN).is_nan());
        assert!(exp::<Unfused>(-1e9) < 1e-300);
    }

    #[test]
    fn ln_is_within_two_ulp() {
        for x in grid(1e-3, 40.0, 200_001).chain([1e-300, 1e300, 1.0, 2.0, 0.5]) {
            let err = (ln::<Unfused>(x) - x.ln()).abs();
            let tol = 2.0 * f64::EPSILON * x.ln().abs().max(1e-300);
            assert!(err <= tol.max(1e-300), "ln({x}): {err}");
            assert!(
                (ln::<Fused>(x) - x.ln()).abs() <= tol.max(1e-300),
                "ln({x}) fma"
            );
        }
        assert_eq!(ln::<Unfused>(1.0), 0.0);
    }

    #[test]
    fn ln1p_keeps_tiny_arguments() {
        for u in [1e-300, 1e-20, 1e-10, 1e-5, 0.3, 1.0] {
            assert!(ulps(ln1p::<Unfused>(u), u.ln_1p()) <= 3.0, "ln1p({u})");
        }
    }

    #[test]
    fn tanh_is_within_three_ulp() {
        for x in grid(-25.0, 25.0, 400_001).chain(grid(-1e-3, 1e-3, 1001)) {
            assert!(ulps(tanh::<Unfused>(x), x.tanh()) <= 3.0, "tanh({x})");
            assert!(ulps(tanh::<Fused>(x), x.tanh()) <= 3.0, "tanh({x}) fma");
        }
        assert_eq!(tanh::<Unfused>(0.0), 0.0);
        assert!(tanh::<Unfused>(f64::NAN).is_nan());
    }

    #[test]
    fn sigmoid_matches_the_formula() {
        for z in grid(-40.0, 40.0, 80_001) {
            let exact = 1.0 / (1.0 + (-z).exp());
            assert!(ulps(sigmoid::<Fused>(z), exact) <= 4.0, "σ({z})");
        }
    }

    #[test]
    fn display_tanh_is_close_enough_to_draw() {
        for x in grid(-8.0, 8.0, 100_001) {
            assert!((tanh_display(x) - x.tanh()).abs() < 1e-6, "{x}");
        }
    }
}

//! The register-tiled products: the broadcast product [`MatP`] (forward `W⁽ˡ⁾ᵀ A⁽ˡ⁻¹⁾`,
//! backward `W⁽ˡ⁾ E⁽ˡ⁾`) and the dot product over the points [`mm_dot`] (`A⁽ˡ⁻¹⁾ E⁽ˡ⁾ᵀ`).

use crate::nn::simd::{Lanes, load_n};

/// What a product does to its result before storing it.
#[derive(Clone, Copy)]
pub(super) enum Post<'a> {
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
pub(super) struct MatP<'a> {
    pub(super) p: &'a [f64],
    pub(super) prs: usize,
    pub(super) pss: usize,
    pub(super) s_len: usize,
    pub(super) q: &'a [f64],
    pub(super) nc: usize,
    pub(super) bias: Option<&'a [f64]>,
    pub(super) post: Post<'a>,
}

impl MatP<'_> {
    /// All of `out` in register tiles of 4 rows × 2 vectors of points, 3 × 3 or 2 × 4 (4 × 4
    /// or 3 × 4 with AVX-512's 32 registers), so that 8 to 16 accumulators are in flight and
    /// none spills.
    #[inline(always)]
    pub(super) fn run<L: Lanes>(&self, out: &mut [f64], rows: usize) {
        // Every index a tile touches is below these bounds, checked once here so that the
        // tiles can load without a check per value.
        assert!(self.nc.is_multiple_of(L::N) && out.len() >= rows * self.nc);
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
        let vectors = self.nc / L::N;
        let mut r = 0;
        while r < rows {
            let rt = (rows - r).min(4);
            let mut v = 0;
            while v < vectors {
                let left = vectors - v;
                // AVX-512 has 32 registers: up to 16 accumulators there, 12 elsewhere.
                let nv = match rt {
                    4 if L::N >= 8 => left.min(4),
                    4 => left.min(2),
                    3 if L::N >= 8 => left.min(4),
                    3 => left.min(3),
                    _ => left.min(4),
                };
                let n = L::N * v;
                match (rt, nv) {
                    (4, 4) => self.tile::<L, 4, 4>(out, r, n),
                    (4, 3) => self.tile::<L, 4, 3>(out, r, n),
                    (4, 2) => self.tile::<L, 4, 2>(out, r, n),
                    (3, 4) => self.tile::<L, 3, 4>(out, r, n),
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

    /// One tile: rows `r0..r0+RT`, points `n0..n0+N·NV`.
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
            // SAFETY: r0 + RT ≤ rows, n0 + N·NV ≤ nc and s < s_len, within the bounds
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
            let dst = &mut out[(r0 + i) * self.nc + n0..][..L::N * NV];
            let at = (r0 + i) * self.nc + n0;
            for v in 0..NV {
                let act = |a: &[f64]| L::load(&a[at + L::N * v..]);
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
                x.store(&mut dst[L::N * v..]);
            }
        }
    }
}

/// `out[k, j] += Σ_n a[k, n]·e[j, n]`, as N partial sums per entry (`out` holds
/// `k_len×m_len` groups of N lanes; a, e row-major with row length nc). Tiled 4×3 over
/// whichever operand has more rows, with 12 vector accumulators.
#[inline(always)]
pub(super) fn mm_dot<L: Lanes>(
    out: &mut [f64],
    k_len: usize,
    m_len: usize,
    a: &[f64],
    e: &[f64],
    nc: usize,
) {
    // Tile rows over the taller operand: out[k, j] sits at (k·m_len + j)·N.
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
        assert!(nc.is_multiple_of(L::N));
        let big = &self.big[i0 * nc..][..IT * nc];
        let small = &self.small[j0 * nc..][..JT * nc];
        let mut acc = [[L::splat(0.0); JT]; IT];
        for n in (0..nc).step_by(L::N) {
            // SAFETY: every row holds nc values, nc is a multiple of N and n < nc.
            let mut bv = [L::splat(0.0); IT];
            for (i, b) in bv.iter_mut().enumerate() {
                // SAFETY: `big` holds IT rows of nc values, nc is a multiple of N, n < nc.
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
                let at = L::N * ((i0 + i) * self.big_stride + (j0 + j) * self.small_stride);
                let slot = &mut out[at..at + L::N];
                L::load(slot).add(acc[i][j]).store(slot);
            }
        }
    }
}

//! Which steps a recorded run captures: K frames spread evenly over the run.

/// The steps at which the K frames of a run from step `start` over `n` updates are taken:
/// frame i (i = 0…K−1) at `start + round(i·n / (K−1))`, so the first frame is the start and
/// the last the final state. Steps repeat when K − 1 > n. K < 2 gives the final step only
/// (callers reject K < 2 first).
pub fn frame_steps(start: u64, n: u64, k: usize) -> Vec<u64> {
    if k < 2 {
        return vec![start + n];
    }
    let last = (k - 1) as u128;
    (0..k as u128)
        // round(i·n/(K−1)) in integers: (2·i·n + K − 1) / (2·(K − 1)).
        .map(|i| start + ((2 * i * u128::from(n) + last) / (2 * last)) as u64)
        .collect()
}

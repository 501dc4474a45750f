//! A reduced global palette for a whole recording: colours are counted in bins of 5 bits a
//! channel (32 768 bins), and the bins are split by median cut into at most 256 boxes.
//! Each box's colour is the mean of the exact colours counted in it, so the app's large flat
//! areas (region shades, the background) keep their exact colour.

/// Bins: 5 bits of red, green and blue.
pub const BINS: usize = 1 << 15;

/// The bin of a colour: `(r >> 3) << 10 | (g >> 3) << 5 | (b >> 3)`.
pub fn bin(r: u8, g: u8, b: u8) -> u16 {
    (u16::from(r >> 3) << 10) | (u16::from(g >> 3) << 5) | u16::from(b >> 3)
}

/// Colours counted over every frame: per bin, the pixel count and the sums of the exact
/// channels (for the mean colour of a bin).
#[derive(Clone)]
pub struct Histogram {
    count: Vec<u64>,
    sum: Vec<[u64; 3]>,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            count: vec![0; BINS],
            sum: vec![[0; 3]; BINS],
        }
    }
}

impl Histogram {
    /// Counts one pixel.
    pub fn add(&mut self, r: u8, g: u8, b: u8) -> u16 {
        let k = bin(r, g, b);
        let i = usize::from(k);
        self.count[i] += 1;
        let s = &mut self.sum[i];
        s[0] += u64::from(r);
        s[1] += u64::from(g);
        s[2] += u64::from(b);
        k
    }

    /// Bins that hold at least one pixel.
    pub fn distinct(&self) -> usize {
        self.count.iter().filter(|&&c| c > 0).count()
    }
}

/// A global palette and the palette index of every bin.
pub struct Palette {
    /// `[r, g, b, r, g, b, …]`, at most 256 colours.
    pub rgb: Vec<u8>,
    /// The palette index of each bin (0 for bins never seen).
    pub index: Vec<u8>,
}

/// A box of bins being cut.
struct Cut {
    bins: Vec<u16>,
    count: u64,
}

impl Cut {
    fn channel(k: u16, c: usize) -> u16 {
        (k >> (10 - 5 * c)) & 31
    }

    /// The channel with the widest range, and that range.
    fn widest(&self) -> (usize, u16) {
        (0..3)
            .map(|c| {
                let (lo, hi) = self.bins.iter().fold((31, 0), |(lo, hi), &k| {
                    let v = Self::channel(k, c);
                    (v.min(lo), v.max(hi))
                });
                (c, hi.saturating_sub(lo))
            })
            .max_by_key(|&(_, r)| r)
            .unwrap_or((0, 0))
    }
}

impl Palette {
    /// Median cut of the counted colours into at most `max` (≤ 256) colours: the box whose
    /// widest channel range times its number of distinct bins is largest is split at the
    /// pixel-weighted median of that channel, until `max` boxes or no box can be split.
    pub fn median_cut(h: &Histogram, max: usize) -> Self {
        let max = max.clamp(1, 256);
        let bins: Vec<u16> = (0..BINS as u16)
            .filter(|&k| h.count[usize::from(k)] > 0)
            .collect();
        let count = bins.iter().map(|&k| h.count[usize::from(k)]).sum();
        let mut cuts = vec![Cut { bins, count }];
        while cuts.len() < max {
            let Some((i, c)) = cuts
                .iter()
                .enumerate()
                .map(|(i, cut)| (i, cut.widest(), cut.bins.len()))
                .filter(|&(_, (_, range), n)| range > 0 && n > 1)
                .max_by_key(|&(_, (_, range), n)| u64::from(range) * n as u64)
                .map(|(i, (c, _), _)| (i, c))
            else {
                break;
            };
            let cut = cuts.swap_remove(i);
            let (a, b) = split(cut, c, h);
            cuts.push(a);
            cuts.push(b);
        }
        let mut rgb = Vec::with_capacity(3 * cuts.len());
        let mut index = vec![0u8; BINS];
        for (i, cut) in cuts.iter().enumerate() {
            let mut s = [0u64; 3];
            for &k in &cut.bins {
                index[usize::from(k)] = i as u8;
                for (t, v) in s.iter_mut().zip(h.sum[usize::from(k)]) {
                    *t += v;
                }
            }
            let n = cut.count.max(1);
            rgb.extend(s.map(|v| ((v + n / 2) / n) as u8));
        }
        if rgb.is_empty() {
            rgb.extend([0, 0, 0]);
        }
        Self { rgb, index }
    }

    /// The number of colours.
    pub fn len(&self) -> usize {
        self.rgb.len() / 3
    }

    /// True when the palette has no colour (never: an empty histogram gives black).
    pub fn is_empty(&self) -> bool {
        self.rgb.is_empty()
    }
}

/// Splits a box at the pixel-weighted median of channel `c`; both halves keep a bin.
fn split(mut cut: Cut, c: usize, h: &Histogram) -> (Cut, Cut) {
    cut.bins.sort_unstable_by_key(|&k| (Cut::channel(k, c), k));
    let half = cut.count / 2;
    let mut seen = 0;
    let mut at = 1;
    for (i, &k) in cut.bins.iter().enumerate() {
        seen += h.count[usize::from(k)];
        if seen >= half {
            at = i + 1;
            break;
        }
    }
    // Both halves keep at least one bin.
    at = at.clamp(1, cut.bins.len() - 1);
    let rest = cut.bins.split_off(at);
    let count_of = |b: &[u16]| b.iter().map(|&k| h.count[usize::from(k)]).sum();
    let a = Cut {
        count: count_of(&cut.bins),
        bins: cut.bins,
    };
    let b = Cut {
        count: count_of(&rest),
        bins: rest,
    };
    (a, b)
}

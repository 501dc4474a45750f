//! Where the network diagram puts its units: one column per layer, at most [`MAX_ROWS`] rows
//! a column (wider layers fold), rows and squares sized to fit the rectangle.

use egui::{Pos2, Rect, vec2};

/// The most rows a column draws; a wider layer shows its first units and a fold.
pub const MAX_ROWS: usize = 16;
/// The diagram's largest height in points.
const MAX_HEIGHT: f32 = 440.0;

/// Where every shown unit sits.
pub struct Layout {
    /// The diagram's rectangle.
    pub rect: Rect,
    sizes: Vec<usize>,
    /// Units drawn in each column (the rest are folded).
    pub shown: Vec<usize>,
    /// Distance between rows, and the side of a unit's square.
    pub pitch: f32,
    /// The side of a unit's square.
    pub node: f32,
}

impl Layout {
    /// The layout of a network with layer sizes `sizes` (inputs first) in `rect`.
    pub fn new(rect: Rect, sizes: Vec<usize>) -> Self {
        let shown: Vec<usize> = sizes
            .iter()
            .map(|&d| if d <= MAX_ROWS { d } else { MAX_ROWS - 1 })
            .collect();
        let rows = sizes
            .iter()
            .map(|&d| d.min(MAX_ROWS))
            .max()
            .unwrap_or(1)
            .max(1);
        let pitch = ((rect.height() - 36.0) / rows as f32).clamp(10.0, 44.0);
        let column_gap = rect.width() / sizes.len().max(1) as f32;
        let node = (pitch - 6.0).min(column_gap * 0.45).clamp(6.0, 36.0);
        Self {
            rect,
            sizes,
            shown,
            pitch,
            node,
        }
    }

    /// The height a network with these sizes asks for.
    pub fn height_for(sizes: &[usize]) -> f32 {
        let rows = sizes.iter().map(|&d| d.min(MAX_ROWS)).max().unwrap_or(1);
        (36.0 + 40.0 * rows as f32).min(MAX_HEIGHT)
    }

    /// The distance between two columns.
    pub fn column_gap(&self) -> f32 {
        self.column(1) - self.column(0)
    }

    /// The x of layer l's column.
    pub fn column(&self, l: usize) -> f32 {
        let n = self.sizes.len().max(2) - 1;
        // Room on the left for the feature names ("sin x₁"), on the right for the output.
        let (left, right) = (52.0, 30.0);
        self.rect.left() + left + (self.rect.width() - left - right) * l as f32 / n as f32
    }

    fn rows(&self, l: usize) -> usize {
        self.shown[l] + usize::from(self.folded(l) > 0)
    }

    /// Units of layer l not drawn.
    pub fn folded(&self, l: usize) -> usize {
        self.sizes[l] - self.shown[l]
    }

    /// The centre of unit j of layer l (j may be the fold's row).
    pub fn pos(&self, l: usize, j: usize) -> Pos2 {
        let rows = self.rows(l) as f32;
        let y = self.rect.center().y + 8.0 + (j as f32 - (rows - 1.0) / 2.0) * self.pitch;
        Pos2::new(self.column(l), y)
    }

    /// The unit whose square holds `p`.
    pub fn unit_at(&self, p: Pos2) -> Option<(usize, usize)> {
        (0..self.sizes.len()).find_map(|l| {
            (0..self.shown[l]).find_map(|j| {
                Rect::from_center_size(self.pos(l, j), vec2(self.node, self.node))
                    .expand(2.0)
                    .contains(p)
                    .then_some((l, j))
            })
        })
    }
}

/// The distance from `p` to the segment `ab`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-12)).clamp(0.0, 1.0);
    (a + ab * t - p).length()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_layer_folds_and_every_shown_unit_fits_the_rect() {
        let sizes = vec![2, 1024, 64, 8, 3];
        let rect = Rect::from_min_size(Pos2::ZERO, vec2(400.0, Layout::height_for(&sizes)));
        let layout = Layout::new(rect, sizes);
        assert_eq!(layout.shown, vec![2, MAX_ROWS - 1, MAX_ROWS - 1, 8, 3]);
        assert_eq!(layout.folded(1), 1024 - (MAX_ROWS - 1));
        for l in 0..5 {
            for j in 0..=layout.shown[l].min(MAX_ROWS - 1) {
                assert!(rect.contains(layout.pos(l, j)), "layer {l} row {j}");
            }
            // Every shown unit is found under its own centre.
            for j in 0..layout.shown[l] {
                assert_eq!(layout.unit_at(layout.pos(l, j)), Some((l, j)));
            }
        }
    }

    #[test]
    fn distance_to_a_segment_by_hand() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(13.0, 4.0), a, b), 5.0);
    }
}

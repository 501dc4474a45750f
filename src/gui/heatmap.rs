//! The decision regions as an image: each grid cell tinted with the colour of its predicted
//! class, strongly where the model is sure (probability shading) or uniformly ("hard
//! classes").

use super::theme;
use crate::nn::Output;
use crate::train::grid::DecisionGrid;
use egui::{Color32, ColorImage};

/// The image of a grid; row 0 is the top (largest y), as images are stored.
pub fn regions_image(grid: &DecisionGrid, hard: bool, dark: bool) -> ColorImage {
    let (nx, ny, c) = (grid.spec.nx, grid.spec.ny, grid.channels);
    let base = theme::region_base(dark);
    let mut pixels = Vec::with_capacity(nx * ny);
    for row in 0..ny {
        let j = ny - 1 - row;
        for i in 0..nx {
            let v = &grid.values[(j * nx + i) * c..(j * nx + i + 1) * c];
            let (class, certainty) = class_and_certainty(grid.output, v);
            let s = theme::REGION_STRENGTH * if hard { 1.0 } else { certainty.clamp(0.0, 1.0) };
            let color = theme::class_color(class);
            let mix =
                |b: f32, k: u8| ((b * (1.0 - s) + f32::from(k) / 255.0 * s) * 255.0).round() as u8;
            pixels.push(Color32::from_rgb(
                mix(base[0], color.r()),
                mix(base[1], color.g()),
                mix(base[2], color.b()),
            ));
        }
    }
    ColorImage::new([nx, ny], pixels)
}

/// The predicted class of a cell and how sure the model is, from 0 (a tie) to 1.
pub fn class_and_certainty(output: Output, v: &[f32]) -> (usize, f32) {
    match output {
        Output::Sigmoid => {
            let p = v[0];
            (usize::from(p >= 0.5), (2.0 * (p - 0.5)).abs())
        }
        Output::Softmax => {
            let mut best = 0;
            for k in 1..v.len() {
                if v[k] > v[best] {
                    best = k;
                }
            }
            let uniform = 1.0 / v.len() as f32;
            (best, (v[best] - uniform) / (1.0 - uniform))
        }
        Output::Tanh => (usize::from(v[0] >= 0.0), v[0].abs()),
        // A perceptron's f(x) or a sign/linear unit: the class by its sign, fully tinted.
        Output::Sign | Output::Linear => (usize::from(v[0] >= 0.0), 1.0),
    }
}

/// How a unit's values become a shade in [−1, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UnitScale {
    /// Values already in [−1, 1] (tanh, sign).
    Signed,
    /// Probabilities in [0, 1] (sigmoid, softmax): `2a − 1`, so 0.5 is neutral.
    Probability,
    /// Unbounded values (ReLU, linear, the inputs): divided by the map's largest |a|.
    Relative,
}

impl UnitScale {
    /// The scale of layer `l`'s units (layer 0 = the inputs).
    pub fn of_layer(m: &crate::nn::Mlp, l: usize) -> Self {
        use crate::nn::Activation;
        if l == 0 {
            return Self::Relative;
        }
        if l == m.layer_count() {
            return match m.output() {
                Output::Sigmoid | Output::Softmax => Self::Probability,
                Output::Sign | Output::Tanh => Self::Signed,
                Output::Linear => Self::Relative,
            };
        }
        match m.activation(l - 1).unwrap_or(Activation::Linear) {
            Activation::Tanh | Activation::Sign => Self::Signed,
            Activation::Sigmoid => Self::Probability,
            Activation::Relu | Activation::Linear => Self::Relative,
        }
    }

    /// The shade in [−1, 1] of value `v` on a map whose largest |a| is `peak`.
    pub fn shade(self, v: f32, peak: f32) -> f32 {
        let t = match self {
            Self::Signed => v,
            Self::Probability => 2.0 * v - 1.0,
            Self::Relative => v / peak.max(1e-12),
        };
        if t.is_finite() {
            t.clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }
}

/// A unit's map as an image (row 0 on top): class 0's colour where the shade is −1, class 1's
/// where it is +1, the plot's background at 0 (TensorFlow Playground's thumbnails).
pub fn unit_image(
    map: &crate::train::unit_maps::UnitMap,
    scale: UnitScale,
    dark: bool,
) -> ColorImage {
    let (nx, ny) = (map.spec.nx, map.spec.ny);
    let (lo, hi) = map.range();
    let peak = lo.abs().max(hi.abs());
    let base = theme::region_base(dark);
    let (neg, pos) = (theme::class_color(0), theme::class_color(1));
    let mut pixels = Vec::with_capacity(nx * ny);
    for row in 0..ny {
        let j = ny - 1 - row;
        for i in 0..nx {
            let t = scale.shade(map.values[j * nx + i], peak);
            let color = if t < 0.0 { neg } else { pos };
            let s = t.abs() * 0.85;
            let mix =
                |b: f32, k: u8| ((b * (1.0 - s) + f32::from(k) / 255.0 * s) * 255.0).round() as u8;
            pixels.push(Color32::from_rgb(
                mix(base[0], color.r()),
                mix(base[1], color.g()),
                mix(base[2], color.b()),
            ));
        }
    }
    ColorImage::new([nx, ny], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::grid::GridSpec;

    #[test]
    fn unit_shades_follow_the_activation_range() {
        assert_eq!(UnitScale::Probability.shade(0.5, 1.0), 0.0);
        assert_eq!(UnitScale::Probability.shade(1.0, 1.0), 1.0);
        assert_eq!(UnitScale::Signed.shade(-0.25, 9.0), -0.25);
        assert_eq!(UnitScale::Relative.shade(2.0, 8.0), 0.25);
        assert_eq!(UnitScale::Relative.shade(f32::NAN, 8.0), 0.0);
    }

    #[test]
    fn certainty_follows_the_probability() {
        assert_eq!(class_and_certainty(Output::Sigmoid, &[0.5]), (1, 0.0));
        assert_eq!(class_and_certainty(Output::Sigmoid, &[0.0]), (0, 1.0));
        let (c, s) = class_and_certainty(Output::Softmax, &[0.2, 0.7, 0.1]);
        assert_eq!(c, 1);
        assert!((s - (0.7 - 1.0 / 3.0) / (2.0 / 3.0)).abs() < 1e-6);
        assert_eq!(class_and_certainty(Output::Linear, &[-3.0]), (0, 1.0));
    }

    #[test]
    fn the_image_puts_high_y_on_top() {
        let grid = DecisionGrid {
            spec: GridSpec {
                x_range: [0.0, 1.0],
                y_range: [0.0, 1.0],
                nx: 1,
                ny: 2,
            },
            channels: 1,
            // bottom cell: class 0, top cell: class 1
            values: vec![0.0, 1.0],
            output: Output::Sigmoid,
        };
        let img = regions_image(&grid, true, false);
        let top = img.pixels[0];
        let c1 = theme::class_color(1);
        let c0 = theme::class_color(0);
        // The top pixel leans to class 1's colour.
        let dist = |a: Color32, b: Color32| {
            (i32::from(a.r()) - i32::from(b.r())).abs()
                + (i32::from(a.b()) - i32::from(b.b())).abs()
        };
        assert!(dist(top, c1) < dist(top, c0));
    }
}

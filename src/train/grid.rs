//! The decision grid: the model's output over a rectangle of the input plane, and the
//! boundary traced through it by marching squares. Computed off the UI thread.

use crate::data::Features;
use crate::nn::{Mlp, Model, Output, Perceptron, Workspace, kernels};

/// A rectangle of the plane cut into `nx × ny` cells (values at cell centres).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridSpec {
    /// `[x_min, x_max]`.
    pub x_range: [f64; 2],
    /// `[y_min, y_max]`.
    pub y_range: [f64; 2],
    /// Cells across.
    pub nx: usize,
    /// Cells down.
    pub ny: usize,
}

impl GridSpec {
    /// The centre of cell (i, j), i across, j up from `y_min`.
    pub fn centre(&self, i: usize, j: usize) -> [f64; 2] {
        [
            self.x_range[0]
                + (i as f64 + 0.5) * (self.x_range[1] - self.x_range[0]) / self.nx as f64,
            self.y_range[0]
                + (j as f64 + 0.5) * (self.y_range[1] - self.y_range[0]) / self.ny as f64,
        ]
    }

    /// The square around the data, with a margin, as the plot shows it.
    pub fn around(bounds: [[f64; 2]; 2], cells: usize) -> Self {
        let (cx, cy) = (
            0.5 * (bounds[0][0] + bounds[0][1]),
            0.5 * (bounds[1][0] + bounds[1][1]),
        );
        let half = 0.5 * (bounds[0][1] - bounds[0][0]).max(bounds[1][1] - bounds[1][0]);
        let half = if half.is_finite() && half > 0.0 {
            half * 1.15 + 0.1
        } else {
            1.0
        };
        Self {
            x_range: [cx - half, cx + half],
            y_range: [cy - half, cy + half],
            nx: cells,
            ny: cells,
        }
    }
}

/// The model's output at every cell.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionGrid {
    /// Where the cells are.
    pub spec: GridSpec,
    /// Values per cell: 1 (the probability of class 1, or the output of a sign/tanh/linear
    /// unit) or C (softmax probabilities).
    pub channels: usize,
    /// `ny` rows from `y_min` up, each `nx` cells, each `channels` values.
    pub values: Vec<f32>,
    /// The output activation (how to read the values).
    pub output: Output,
}

impl DecisionGrid {
    /// The predicted class of cell (i, j).
    pub fn class_at(&self, i: usize, j: usize) -> usize {
        let at = (j * self.spec.nx + i) * self.channels;
        let v = &self.values[at..at + self.channels];
        let v64: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
        self.output.predicted_class(&v64)
    }
}

/// The MLP's outputs on the grid at `φ(x)` of each cell centre x, through the fast kernels
/// (`display` selects the picture-only tanh).
pub fn mlp_grid(
    mlp: &Mlp,
    features: Features,
    spec: GridSpec,
    display: bool,
    ws: &mut Workspace,
) -> DecisionGrid {
    let channels = mlp.outputs();
    let cells = spec.nx * spec.ny;
    let mut values = vec![0.0f32; cells * channels];
    mlp_grid_cells(mlp, features, spec, display, ws, 0..cells, &mut values);
    DecisionGrid {
        spec,
        channels,
        values,
        output: mlp.output(),
    }
}

/// The MLP's outputs at `φ(x)` of the grid cells `cells` (row-major from `y_min`), written
/// into `values` (all cells × channels), so that a large grid can be computed a slice at a
/// time.
pub fn mlp_grid_cells(
    mlp: &Mlp,
    features: Features,
    spec: GridSpec,
    display: bool,
    ws: &mut Workspace,
    cells: std::ops::Range<usize>,
    values: &mut [f32],
) {
    let channels = mlp.outputs();
    let dx = (spec.x_range[1] - spec.x_range[0]) / spec.nx as f64;
    let dy = (spec.y_range[1] - spec.y_range[0]) / spec.ny as f64;
    let (x0, y0, nx) = (
        spec.x_range[0] + 0.5 * dx,
        spec.y_range[0] + 0.5 * dy,
        spec.nx,
    );
    let first = cells.start;
    let plain = features.is_plain();
    let list = features.list();
    let mut fill = |xc: &mut [f64], nc: usize, start: usize, count: usize| {
        for c in 0..count {
            let cell = first + start + c;
            let x = [x0 + (cell % nx) as f64 * dx, y0 + (cell / nx) as f64 * dy];
            if plain {
                xc[c] = x[0];
                xc[nc + c] = x[1];
            } else {
                for (k, f) in list.iter().enumerate() {
                    xc[k * nc + c] = f.value(x);
                }
            }
        }
    };
    let mut sink = |start: usize, count: usize, _z: &[f64], a: &[f64], nc: usize| {
        for c in 0..count {
            for k in 0..channels {
                values[(first + start + c) * channels + k] = a[k * nc + c] as f32;
            }
        }
    };
    kernels::forward_chunks(mlp, cells.len(), display, ws, &mut fill, &mut sink);
}

/// The perceptron's `f_w(φ(x)) = b + wᵀφ(x)` at the cell centre x (read through its sign).
pub fn perceptron_at(p: &Perceptron, features: Features, x: [f64; 2]) -> f64 {
    if features.is_plain() {
        p.f(&x)
    } else {
        p.f(&features.phi(x))
    }
}

/// The perceptron's `f_w(φ(x)) = b + wᵀφ(x)` on the grid (read through its sign): its
/// boundary is the zero set of `b + wᵀφ(x)`, a line only for `φ(x) = (x₁, x₂)`.
pub fn perceptron_grid(p: &Perceptron, features: Features, spec: GridSpec) -> DecisionGrid {
    let mut values = Vec::with_capacity(spec.nx * spec.ny);
    for j in 0..spec.ny {
        for i in 0..spec.nx {
            values.push(perceptron_at(p, features, spec.centre(i, j)) as f32);
        }
    }
    DecisionGrid {
        spec,
        channels: 1,
        values,
        output: Output::Linear,
    }
}

/// The grid of any model reading `features`.
pub fn model_grid(
    model: &Model,
    features: Features,
    spec: GridSpec,
    display: bool,
    ws: &mut Workspace,
) -> DecisionGrid {
    match model {
        Model::Perceptron(p) => perceptron_grid(p, features, spec),
        Model::Mlp(m) => mlp_grid(m, features, spec, display, ws),
    }
}

/// A boundary segment in data coordinates.
pub type Segment = [[f64; 2]; 2];

/// The decision boundary: the level `p = 0.5` of a sigmoid output, `0` of a sign/tanh/linear
/// unit, and for softmax the borders of each class's region (`p_c = max_{k≠c} p_k`).
pub fn boundary(grid: &DecisionGrid) -> Vec<Segment> {
    let s = grid.spec;
    let cells = s.nx * s.ny;
    match grid.output {
        Output::Softmax => {
            let c = grid.channels;
            let mut out = Vec::new();
            let mut margin = vec![0.0f32; cells];
            for class in 0..c {
                for (cell, m) in margin.iter_mut().enumerate() {
                    let v = &grid.values[cell * c..(cell + 1) * c];
                    let other = v
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| k != class)
                        .map(|(_, &x)| x)
                        .fold(f32::NEG_INFINITY, f32::max);
                    *m = v[class] - other;
                }
                out.extend(contour(&margin, s, 0.0));
            }
            out
        }
        Output::Sigmoid => contour(&grid.values, s, 0.5),
        Output::Sign | Output::Tanh | Output::Linear => contour(&grid.values, s, 0.0),
    }
}

/// Marching squares: the segments where the cell-centre values cross `level`, with linear
/// interpolation along the cell edges.
pub fn contour(values: &[f32], s: GridSpec, level: f32) -> Vec<Segment> {
    let mut out = Vec::new();
    if s.nx < 2 || s.ny < 2 {
        return out;
    }
    let at = |i: usize, j: usize| values[j * s.nx + i] - level;
    for j in 0..s.ny - 1 {
        for i in 0..s.nx - 1 {
            // Corners counter-clockwise from bottom-left.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let v: [f32; 4] = corners.map(|(a, b)| at(a, b));
            if v.iter().any(|x| x.is_nan()) {
                continue;
            }
            let mut points = Vec::with_capacity(4);
            for e in 0..4 {
                let (a, b) = (e, (e + 1) % 4);
                if (v[a] >= 0.0) != (v[b] >= 0.0) {
                    let t = f64::from(v[a] / (v[a] - v[b]));
                    let pa = s.centre(corners[a].0, corners[a].1);
                    let pb = s.centre(corners[b].0, corners[b].1);
                    points.push([pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]);
                }
            }
            match points.len() {
                2 => out.push([points[0], points[1]]),
                4 => {
                    out.push([points[0], points[1]]);
                    out.push([points[2], points[3]]);
                }
                _ => {}
            }
        }
    }
    out
}

/// Joins boundary segments that share end points into polylines (fewer, smoother lines to
/// draw). End points are matched after rounding to a millionth of a cell.
pub fn polylines(segments: &[Segment], spec: GridSpec) -> Vec<Vec<[f64; 2]>> {
    use std::collections::HashMap;
    let cell = ((spec.x_range[1] - spec.x_range[0]) / spec.nx.max(1) as f64)
        .abs()
        .max(1e-300);
    let key = |p: [f64; 2]| {
        (
            (p[0] / cell * 1e6).round() as i64,
            (p[1] / cell * 1e6).round() as i64,
        )
    };
    let mut ends: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
    for (i, seg) in segments.iter().enumerate() {
        for (e, p) in seg.iter().enumerate() {
            ends.entry(key(*p)).or_default().push((i, e));
        }
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    // The unused segment continuing from point p, and the end it continues from.
    let next = |p: [f64; 2], used: &[bool]| {
        ends.get(&key(p))
            .and_then(|v| v.iter().copied().find(|&(i, _)| !used[i]))
    };
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line = std::collections::VecDeque::from(segments[start].to_vec());
        while let Some((i, e)) = next(*line.back().expect("two points"), &used) {
            used[i] = true;
            line.push_back(segments[i][1 - e]);
        }
        while let Some((i, e)) = next(*line.front().expect("two points"), &used) {
            used[i] = true;
            line.push_front(segments[i][1 - e]);
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(n: usize) -> GridSpec {
        GridSpec {
            x_range: [-1.0, 1.0],
            y_range: [-1.0, 1.0],
            nx: n,
            ny: n,
        }
    }

    #[test]
    fn the_perceptron_boundary_lies_on_its_line() {
        // f = 0.2 + x − 2y: the boundary is y = (x + 0.2)/2.
        let p = Perceptron::from_augmented(&[0.2, 1.0, -2.0]);
        let g = perceptron_grid(&p, Features::default(), spec(40));
        let segs = boundary(&g);
        assert!(segs.len() > 30);
        for seg in segs {
            for q in seg {
                assert!((q[1] - (q[0] + 0.2) / 2.0).abs() < 1e-6, "{q:?}");
            }
        }
        assert_eq!(g.class_at(0, 39), 0);
        assert_eq!(g.class_at(39, 0), 1);
    }

    #[test]
    fn the_grid_matches_point_by_point_prediction() {
        let mlp = Mlp::new(
            &[2, 7, 3],
            crate::nn::Activation::Tanh,
            Output::Softmax,
            Default::default(),
            4,
        )
        .expect("valid");
        let g = mlp_grid(
            &mlp,
            Features::default(),
            spec(13),
            false,
            &mut Workspace::default(),
        );
        for j in 0..13 {
            for i in 0..13 {
                let p = mlp.predict(&g.spec.centre(i, j));
                for k in 0..3 {
                    let v = f64::from(g.values[(j * 13 + i) * 3 + k]);
                    assert!((v - p[k]).abs() < 1e-6);
                }
            }
        }
    }

    #[test]
    fn the_grid_and_training_agree_on_phi() {
        // The same network, fed φ(x) by the grid and by a feature-space dataset (the
        // trainer's input), gives the same outputs; and the perceptron's boundary on
        // x₁², x₂² is the circle b + w₁x₁² + w₂x₂² = 0.
        use crate::data::Dataset;
        let features = Features::parse_list("x1,x1sq,x1x2,sinx2").expect("valid");
        let mlp = Mlp::new(
            &[4, 6, 1],
            crate::nn::Activation::Tanh,
            Output::Sigmoid,
            Default::default(),
            2,
        )
        .expect("valid");
        let s = spec(9);
        let g = mlp_grid(&mlp, features, s, false, &mut Workspace::default());
        let rows: Vec<[f64; 2]> = (0..81).map(|k| s.centre(k % 9, k / 9)).collect();
        let data = Dataset::from_rows(&rows, vec![0; 81]).expect("valid");
        let phi = features.apply(&data);
        let (outputs, _) = Model::Mlp(mlp.clone()).evaluate(
            &phi,
            crate::nn::Loss::CrossEntropy,
            0.0,
            &mut Workspace::default(),
        );
        for (k, out) in outputs.iter().enumerate() {
            assert!((f64::from(g.values[k]) - out[0]).abs() < 1e-6);
            let x = rows[k];
            let by_hand = [x[0], x[0] * x[0], x[0] * x[1], x[1].sin()];
            assert_eq!(phi.row(k).to_vec(), by_hand.to_vec());
            assert!((mlp.predict(&by_hand)[0] - out[0]).abs() < 1e-12);
        }
        let sq = Features::parse_list("x1sq,x2sq").expect("valid");
        let p = Perceptron::from_augmented(&[-0.25, 1.0, 1.0]);
        for seg in boundary(&perceptron_grid(&p, sq, spec(60))) {
            for q in seg {
                assert!((q[0].hypot(q[1]) - 0.5).abs() < 0.01, "{q:?}");
            }
        }
    }

    #[test]
    fn a_circle_gives_a_closed_ring_of_segments() {
        let s = spec(50);
        let values: Vec<f32> = (0..50 * 50)
            .map(|k| {
                let c = s.centre(k % 50, k / 50);
                (c[0].hypot(c[1]) - 0.5) as f32
            })
            .collect();
        let segs = contour(&values, s, 0.0);
        for seg in &segs {
            for q in seg {
                assert!((q[0].hypot(q[1]) - 0.5).abs() < 0.01);
            }
        }
        let length: f64 = segs
            .iter()
            .map(|[a, b]| (a[0] - b[0]).hypot(a[1] - b[1]))
            .sum();
        assert!(
            (length - std::f64::consts::TAU * 0.5).abs() < 0.05,
            "{length}"
        );
    }
}

//! Per-unit maps (TensorFlow Playground's thumbnails): the activation `a_j⁽ˡ⁾(x)` of every
//! unit over the plotted region, for the network view's nodes, and one chosen unit at a finer
//! resolution for the big plot. Computed on the worker one layer at a time, within the
//! picture's time share, from a snapshot of the weights.

use super::grid::GridSpec;
use crate::data::Features;
use crate::nn::Mlp;
use ndarray::{Array2, Axis};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Cells across a thumbnail.
pub const THUMB_SIDE: usize = 20;
/// The most units of a layer that get a thumbnail (the view folds wider layers).
pub const MAX_MAPPED_UNITS: usize = 64;
/// The time the chosen unit's map may take (sets its resolution).
pub const FOCUS_BUDGET: Duration = Duration::from_millis(100);
/// The coarsest and finest map of the chosen unit.
pub const FOCUS_SIDE: (usize, usize) = (THUMB_SIDE, 100);

/// One unit's map over a grid: `values[i + j·nx]` at cell (i, j) of `spec`.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitMap {
    /// The grid.
    pub spec: GridSpec,
    /// `a_j⁽ˡ⁾` at each cell centre.
    pub values: Vec<f32>,
}

impl UnitMap {
    /// The value of the cell holding point `p`, if `p` is on the grid.
    pub fn value_at(&self, p: [f64; 2]) -> Option<f32> {
        let s = self.spec;
        let fx = (p[0] - s.x_range[0]) / (s.x_range[1] - s.x_range[0]);
        let fy = (p[1] - s.y_range[0]) / (s.y_range[1] - s.y_range[0]);
        if !((0.0..1.0).contains(&fx) && (0.0..1.0).contains(&fy)) {
            return None;
        }
        let (i, j) = ((fx * s.nx as f64) as usize, (fy * s.ny as f64) as usize);
        self.values.get(i + j * s.nx).copied()
    }

    /// The smallest and largest value.
    pub fn range(&self) -> (f32, f32) {
        self.values
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }
}

/// The thumbnails of a network at one step, and the chosen unit's map.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitMaps {
    /// What they are for: (run index, step, data key), as for the picture.
    pub key: (usize, u64, u64),
    /// `layers[l][j]` for the first [`MAX_MAPPED_UNITS`] units of layer l; layer 0 holds the
    /// inputs.
    pub layers: Vec<Vec<UnitMap>>,
    /// The chosen unit `(l, j)` and its finer map (none when the unit is not in the network).
    pub focus: Option<((usize, usize), UnitMap)>,
    /// What was asked for.
    pub wanted: UnitMapsWanted,
}

/// What the app wants mapped: thumbnails (the network view is open) and a chosen unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitMapsWanted {
    /// Thumbnails of every unit.
    pub thumbnails: bool,
    /// The unit `(layer, index)` to draw in the big plot (layer 0 = the inputs).
    pub focus: Option<(usize, usize)>,
}

/// A forward pass over a grid's cell centres, one layer per call.
struct Pass {
    spec: GridSpec,
    /// `A⁽ˡ⁾` of the last layer computed (rows = cells).
    a: Array2<f64>,
    /// The next layer to compute (1-based; 0 = the inputs are loaded).
    done: usize,
}

impl Pass {
    /// `A⁽⁰⁾ = φ(x)` at every cell centre.
    fn new(spec: GridSpec, features: Features) -> Self {
        let cells = spec.nx * spec.ny;
        let mut a = Array2::zeros((cells, features.len()));
        for (cell, mut row) in a.axis_iter_mut(Axis(0)).enumerate() {
            let c = spec.centre(cell % spec.nx, cell / spec.nx);
            if let Some(row) = row.as_slice_mut() {
                features.phi_into(c, row);
            }
        }
        Self { spec, a, done: 0 }
    }

    /// `Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾`, `A⁽ˡ⁾ = f(Z⁽ˡ⁾)` for the next layer l.
    fn advance(&mut self, m: &Mlp) {
        let l = self.done;
        let layer = &m.layers()[l];
        let z = self.a.dot(layer.weights()) + layer.bias();
        self.a = if l + 1 < m.layer_count() {
            let f = m.activation(l).unwrap_or(crate::nn::Activation::Linear);
            z.mapv(|v| f.value(v))
        } else {
            let mut a = z;
            for mut row in a.rows_mut() {
                let out = m.output_values(&row.to_vec());
                row.assign(&ndarray::Array1::from(out));
            }
            a
        };
        self.done += 1;
    }

    /// The maps of units `units` of the layer last computed.
    fn maps(&self, units: std::ops::Range<usize>) -> Vec<UnitMap> {
        units
            .map(|j| UnitMap {
                spec: self.spec,
                values: self.a.column(j).iter().map(|&v| v as f32).collect(),
            })
            .collect()
    }
}

/// The maps being computed for one network at one step.
pub struct UnitMapsJob {
    model: Arc<Mlp>,
    features: Features,
    wanted: UnitMapsWanted,
    region: GridSpec,
    key: (usize, u64, u64),
    thumbs: Option<Pass>,
    layers: Vec<Vec<UnitMap>>,
    focus: Option<Pass>,
    /// Time spent per thumbnail cell, through the whole network.
    cost_per_cell: Duration,
}

impl UnitMapsJob {
    /// A job for `model`, reading `features`, over `region` (its resolution is not used:
    /// thumbnails are [`THUMB_SIDE`] across).
    pub fn new(
        model: Arc<Mlp>,
        features: Features,
        region: GridSpec,
        key: (usize, u64, u64),
        wanted: UnitMapsWanted,
    ) -> Self {
        let thumb_spec = GridSpec {
            nx: THUMB_SIDE,
            ny: THUMB_SIDE,
            ..region
        };
        let thumbs = Pass::new(thumb_spec, features);
        let inputs = thumbs.maps(0..features.len().min(MAX_MAPPED_UNITS));
        Self {
            model,
            features,
            wanted,
            region,
            key,
            thumbs: Some(thumbs),
            layers: vec![inputs],
            focus: None,
            cost_per_cell: Duration::ZERO,
        }
    }

    /// Works until the maps are done (tests, benchmarks and small networks).
    pub fn run(mut self) -> UnitMaps {
        loop {
            if let Some(maps) = self.advance(Duration::from_secs(1)) {
                return maps;
            }
        }
    }

    /// What this job is for.
    pub fn key(&self) -> (usize, u64, u64) {
        self.key
    }

    /// Works for about `budget` (at least one layer); the maps once done.
    pub fn advance(&mut self, budget: Duration) -> Option<UnitMaps> {
        let started = Instant::now();
        loop {
            if let Some(pass) = &mut self.thumbs {
                let t = Instant::now();
                pass.advance(&self.model);
                self.cost_per_cell += t.elapsed() / (THUMB_SIDE * THUMB_SIDE) as u32;
                let units = pass.a.ncols();
                self.layers.push(pass.maps(0..units.min(MAX_MAPPED_UNITS)));
                if pass.done == self.model.layer_count() {
                    self.thumbs = None;
                    self.focus = self.focus_pass();
                }
            } else if let Some(pass) = &mut self.focus {
                pass.advance(&self.model);
            }
            if self.thumbs.is_none() && self.focus_ready() {
                return Some(self.finish());
            }
            if started.elapsed() >= budget {
                return None;
            }
        }
    }

    /// The chosen unit's pass at the resolution [`FOCUS_BUDGET`] affords, if any.
    fn focus_pass(&self) -> Option<Pass> {
        let (l, j) = self.wanted.focus?;
        let fits = self
            .layers
            .get(l)
            .is_some_and(|_| j < self.model.sizes()[l]);
        if !fits {
            return None;
        }
        let per_cell = self.cost_per_cell.as_secs_f64().max(1e-9);
        let side = ((FOCUS_BUDGET.as_secs_f64() / per_cell).sqrt() as usize)
            .clamp(FOCUS_SIDE.0, FOCUS_SIDE.1);
        Some(Pass::new(
            GridSpec {
                nx: side,
                ny: side,
                ..self.region
            },
            self.features,
        ))
    }

    fn focus_ready(&self) -> bool {
        match (self.wanted.focus, &self.focus) {
            (Some((l, _)), Some(pass)) => pass.done >= l,
            _ => true,
        }
    }

    fn finish(&mut self) -> UnitMaps {
        let focus = match (self.wanted.focus, self.focus.take()) {
            (Some((l, j)), Some(pass)) if pass.done == l => {
                pass.maps(j..j + 1).pop().map(|map| ((l, j), map))
            }
            _ => None,
        };
        UnitMaps {
            key: self.key,
            layers: std::mem::take(&mut self.layers),
            focus,
            wanted: self.wanted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init, Output};

    fn maps_of(m: Mlp, region: GridSpec, wanted: UnitMapsWanted) -> UnitMaps {
        let mut job = UnitMapsJob::new(Arc::new(m), Features::default(), region, (0, 0, 0), wanted);
        // A layer a call, as on a busy worker.
        loop {
            if let Some(maps) = job.advance(Duration::ZERO) {
                return maps;
            }
        }
    }

    #[test]
    fn every_thumbnail_is_the_units_activation_at_the_cell_centre() {
        let m = Mlp::new(
            &[2, 5, 3, 3],
            Activation::Tanh,
            Output::Softmax,
            Init::Auto,
            4,
        )
        .expect("valid");
        let region = GridSpec::around([[-1.0, 1.0], [-0.5, 2.0]], 200);
        let maps = maps_of(
            m.clone(),
            region,
            UnitMapsWanted {
                thumbnails: true,
                focus: Some((2, 1)),
            },
        );
        assert_eq!(
            maps.layers.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![2, 5, 3, 3]
        );
        let spec = maps.layers[1][0].spec;
        assert_eq!((spec.nx, spec.ny), (THUMB_SIDE, THUMB_SIDE));
        for cell in [0, 37, THUMB_SIDE * THUMB_SIDE - 1] {
            let x = spec.centre(cell % spec.nx, cell / spec.nx);
            let layers = m.forward_point(&x);
            assert_eq!(maps.layers[0][1].values[cell], x[1] as f32);
            for (l, (_, a)) in layers.iter().enumerate() {
                for (j, &v) in a.iter().enumerate() {
                    let got = maps.layers[l + 1][j].values[cell];
                    assert!((got - v as f32).abs() < 1e-5, "layer {l} unit {j}");
                }
            }
        }
        let ((l, j), focus) = maps.focus.expect("the chosen unit");
        assert_eq!((l, j), (2, 1));
        assert!(
            focus.spec.nx > THUMB_SIDE,
            "a small network gets a finer map"
        );
        let x = focus.spec.centre(3, 5);
        let want = m.forward_point(&x)[1].1[1] as f32;
        assert!((focus.values[3 + 5 * focus.spec.nx] - want).abs() < 1e-5);
    }

    #[test]
    fn a_wide_layer_is_mapped_up_to_the_limit_and_a_wrong_unit_is_ignored() {
        let m = Mlp::new(
            &[2, 100, 1],
            Activation::Relu,
            Output::Sigmoid,
            Init::Auto,
            1,
        )
        .expect("valid");
        let region = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 50);
        let maps = maps_of(
            m,
            region,
            UnitMapsWanted {
                thumbnails: true,
                focus: Some((1, 500)),
            },
        );
        assert_eq!(maps.layers[1].len(), MAX_MAPPED_UNITS);
        assert!(maps.focus.is_none());
    }
}

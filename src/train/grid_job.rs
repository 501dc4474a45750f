//! The decision grid as a job computed a slice at a time, so that neither training nor
//! commands ever wait behind the picture: the worker gives it a time budget (at most a
//! fifth of its time while training), it works from a snapshot of the weights, starts
//! coarse while training (the resolution it can finish in about 100 ms of its own time) and
//! goes to full resolution when paused.

use super::grid::{self, DecisionGrid, GridSpec};
use super::snapshot::{self, Polylines};
use crate::data::Features;
use crate::nn::{Model, Workspace};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The grid time one picture may take while training (sets the coarse resolution).
pub const PICTURE_BUDGET: Duration = Duration::from_millis(100);
/// The fewest cells computed in one slice.
pub const MIN_SLICE: usize = 32;
/// The coarsest grid drawn.
pub const MIN_CELLS: usize = 24;

/// How fine a new picture may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plan {
    /// The full resolution asked for.
    Full,
    /// As many cells as fit the time (at the estimated cost per cell), at least this many
    /// across (a refinement doubles the side of the picture it replaces).
    Within(Duration, usize),
}

/// The cost of a cell for a model of `params` parameters, from one measured on a model of
/// `measured_params` (the forward pass costs about one multiply-add per weight); a first
/// guess of 1 ns per parameter when nothing was measured yet.
pub fn estimate_cost(measured: Option<(Duration, usize)>, params: usize) -> Duration {
    match measured {
        Some((cost, of)) => cost.mul_f64(params.max(1) as f64 / of.max(1) as f64),
        None => Duration::from_nanos(params.max(1) as u64),
    }
}

/// A grid being computed for one model at one step.
pub struct GridJob {
    model: Model,
    features: Features,
    spec: GridSpec,
    values: Vec<f32>,
    done: usize,
    /// What the grid is for: (run index, step, data key).
    pub key: (usize, u64, u64),
    /// Whether it is coarser than asked for.
    pub coarse: bool,
    /// When its weights were taken.
    taken: Instant,
}

/// A finished grid.
pub struct Picture {
    /// The grid.
    pub grid: Arc<DecisionGrid>,
    /// Its boundary.
    pub boundary: Polylines,
    /// What it was computed for: (run index, step, data key).
    pub key: (usize, u64, u64),
    /// Coarser than the full resolution.
    pub coarse: bool,
    /// When its weights were taken (the job's start).
    pub taken: Instant,
}

impl GridJob {
    /// A job for `model` on `full`, or on a coarser grid of the same region when the `plan`
    /// gives a time that `cost_per_cell` says the full grid would not fit.
    pub fn new(
        model: Model,
        features: Features,
        full: GridSpec,
        key: (usize, u64, u64),
        cost_per_cell: Option<Duration>,
        plan: Plan,
    ) -> Self {
        let mut spec = full;
        if let (Plan::Within(time, min_side), Some(c)) = (plan, cost_per_cell) {
            let affordable = time.as_secs_f64() / c.as_secs_f64().max(1e-12);
            let side = (affordable.sqrt() as usize)
                .max(min_side)
                .clamp(MIN_CELLS, full.nx.max(MIN_CELLS));
            if side < full.nx {
                spec.nx = side;
                spec.ny = side;
            }
        }
        let channels = match &model {
            Model::Mlp(m) => m.outputs(),
            Model::Perceptron(_) => 1,
        };
        Self {
            values: vec![0.0; spec.nx * spec.ny * channels],
            coarse: spec.nx < full.nx,
            model,
            features,
            spec,
            done: 0,
            key,
            taken: Instant::now(),
        }
    }

    /// Works for about `budget` (at least one slice); the picture once every cell is done.
    /// Also returns the time per cell measured.
    pub fn advance(
        &mut self,
        budget: Duration,
        ws: &mut Workspace,
        cost_per_cell: Option<Duration>,
    ) -> (Option<Picture>, Option<Duration>) {
        let started = Instant::now();
        let cells = self.spec.nx * self.spec.ny;
        // A first slice that fits the budget when the cost of a cell is known.
        // At least MIN_SLICE cells a call: a wide layer's GEMM packs its whole weight matrix
        // for every call, which a slice of one cell would pay for every cell.
        let mut slice = cost_per_cell.map_or(MIN_SLICE, |c| {
            (budget.as_secs_f64() / c.as_secs_f64().max(1e-12)).clamp(MIN_SLICE as f64, 4096.0)
                as usize
        });
        let mut per_cell = None;
        while self.done < cells {
            let end = (self.done + slice).min(cells);
            let t = Instant::now();
            match &self.model {
                Model::Mlp(m) => {
                    let cells = self.done..end;
                    let f = self.features;
                    grid::mlp_grid_cells(m, f, self.spec, true, ws, cells, &mut self.values)
                }
                Model::Perceptron(p) => {
                    for cell in self.done..end {
                        let c = self.spec.centre(cell % self.spec.nx, cell / self.spec.nx);
                        self.values[cell] = grid::perceptron_at(p, self.features, c) as f32;
                    }
                }
            }
            let took = t.elapsed();
            per_cell = Some(took / (end - self.done).max(1) as u32);
            self.done = end;
            if started.elapsed() >= budget {
                break;
            }
            // Grow the slice while slices are short, so that small networks finish quickly.
            if took < budget / 8 {
                slice *= 2;
            }
        }
        if self.done < cells {
            return (None, per_cell);
        }
        let output = match &self.model {
            Model::Mlp(m) => m.output(),
            Model::Perceptron(_) => crate::nn::Output::Linear,
        };
        let grid = DecisionGrid {
            spec: self.spec,
            channels: self.values.len() / cells.max(1),
            values: std::mem::take(&mut self.values),
            output,
        };
        let boundary = Arc::new(grid::polylines(&grid::boundary(&grid), self.spec));
        (
            Some(Picture {
                grid: Arc::new(grid),
                boundary,
                key: self.key,
                coarse: self.coarse,
                taken: self.taken,
            }),
            per_cell,
        )
    }
}

/// The grid of `model` at once (for tests and small models).
pub fn picture_now(
    model: &Model,
    features: Features,
    spec: GridSpec,
    ws: &mut Workspace,
) -> Picture {
    let (grid, boundary) = snapshot::grid_and_boundary(model, features, spec, ws);
    Picture {
        grid,
        boundary,
        key: (0, 0, 0),
        coarse: false,
        taken: Instant::now(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Activation, Init, Mlp, Output};

    #[test]
    fn a_grid_in_slices_equals_the_grid_at_once() {
        let mlp = Mlp::new(
            &[2, 16, 16, 3],
            Activation::Tanh,
            Output::Softmax,
            Init::Auto,
            3,
        )
        .expect("valid");
        let model = Model::Mlp(mlp);
        let spec = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 57);
        let mut ws = Workspace::default();
        let whole = picture_now(&model, Features::default(), spec, &mut ws);
        let mut job = GridJob::new(
            model,
            Features::default(),
            spec,
            (0, 0, 0),
            None,
            Plan::Full,
        );
        let mut slices = 0;
        let picture = loop {
            slices += 1;
            if let (Some(p), _) = job.advance(Duration::ZERO, &mut ws, None) {
                break p;
            }
        };
        assert!(slices > 10, "{slices} slices");
        assert_eq!(*picture.grid, *whole.grid);
        assert_eq!(*picture.boundary, *whole.boundary);
    }

    #[test]
    fn a_costly_network_is_drawn_coarse_while_training() {
        let model = Model::Mlp(
            Mlp::new(&[2, 8, 1], Activation::Tanh, Output::Sigmoid, Init::Auto, 1).expect("ok"),
        );
        let full = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 150);
        let slow = GridJob::new(
            model.clone(),
            Features::default(),
            full,
            (0, 0, 0),
            Some(Duration::from_micros(100)),
            Plan::Within(PICTURE_BUDGET, MIN_CELLS),
        );
        assert!(slow.coarse);
        assert!(slow.spec.nx >= MIN_CELLS && slow.spec.nx < 150);
        // A refinement at least doubles the side, whatever the time says, so that refining
        // always ends at the full grid.
        let refined = GridJob::new(
            model.clone(),
            Features::default(),
            full,
            (0, 0, 0),
            Some(Duration::from_secs(1)),
            Plan::Within(PICTURE_BUDGET, 2 * slow.spec.nx),
        );
        assert_eq!(refined.spec.nx, (2 * slow.spec.nx).min(150));
        let paused = GridJob::new(
            model,
            Features::default(),
            full,
            (0, 0, 0),
            Some(Duration::from_micros(100)),
            Plan::Full,
        );
        assert!(!paused.coarse, "the full plan: full resolution");
    }

    #[test]
    fn the_cost_of_a_cell_scales_with_the_parameters() {
        let measured = Some((Duration::from_micros(2), 100));
        assert_eq!(estimate_cost(measured, 1000), Duration::from_micros(20));
        assert_eq!(estimate_cost(None, 8_000_000), Duration::from_millis(8));
    }
}

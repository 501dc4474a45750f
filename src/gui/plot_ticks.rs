//! Axis ticks spaced for reading: labelled grid lines a "nice" step apart (1, 2 or 5 × 10ᵏ),
//! at least [`LABEL_GAP`] points from each other, with faint unlabelled lines between them.
//! egui_plot's own grid subdivides by 10, which labels every 0.1 on a plot one unit tall.

use egui_plot::{GridInput, GridMark};

/// The least distance between two labelled ticks, in points.
pub const LABEL_GAP: f64 = 64.0;
/// The plots' `grid_spacing` minimum, in points: lines closer than this are not drawn.
pub const GRID_MIN: f32 = 8.0;
/// The distance, in points, that the faint lines report as their step: drawn (above
/// [`GRID_MIN`]) but never labelled (below egui_plot's label spacing of 20 points).
const FAINT_REPORTED: f64 = 12.0;

/// The smallest of 1, 2 or 5 × 10ᵏ that is at least `x` (> 0).
pub fn nice_step(x: f64) -> f64 {
    let decade = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * decade)
        .find(|s| *s >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * decade)
}

/// The grid marks for one axis: labelled every nice step ≥ [`LABEL_GAP`] points, faint
/// lines at a fifth (or half, for a step of 2 × 10ᵏ) of it. Give it to `x_grid_spacer` /
/// `y_grid_spacer` together with `grid_spacing(GRID_MIN..=…)`.
pub fn reading_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let per_point = input.base_step_size / f64::from(GRID_MIN);
    if !(per_point.is_finite() && per_point > 0.0 && hi > lo) {
        return Vec::new();
    }
    let step = nice_step(per_point * LABEL_GAP);
    let mantissa = step / 10f64.powf(step.log10().floor());
    let minor = if (mantissa - 2.0).abs() < 0.5 {
        step / 2.0
    } else {
        step / 5.0
    };
    let mut marks = Vec::new();
    let first = (lo / minor).ceil() as i64;
    let last = (hi / minor).floor() as i64;
    // A view zoomed far out could ask for millions of faint lines; they are skipped then.
    let faint = last - first < 2_000;
    let ratio = (step / minor).round() as i64;
    for k in first..=last {
        let labelled = k.rem_euclid(ratio) == 0;
        if !labelled && !faint {
            continue;
        }
        marks.push(GridMark {
            value: k as f64 * minor,
            step_size: if labelled {
                step
            } else {
                FAINT_REPORTED * per_point
            },
        });
    }
    marks
}

/// A tick's label with as many decimals as its step needs (0.5 → one, 0.05 → two), and no
/// "−0". egui_plot's own formatter rounds log₁₀ of the step, so a step of 0.5 got none.
pub fn tick_label(mark: GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    let step = mark.step_size.abs().max(1e-12);
    let decimals = (-step.log10().floor()).clamp(0.0, 12.0) as usize;
    let value = if mark.value.abs() < 1e-6 * step {
        0.0
    } else {
        mark.value
    };
    format!("{value:.decimals$}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_carry_the_decimals_of_their_step() {
        let label =
            |value, step_size| super::tick_label(GridMark { value, step_size }, &(0.0..=1.0));
        assert_eq!(label(0.5, 0.5), "0.5");
        assert_eq!(label(-1.0, 0.5), "-1.0");
        assert_eq!(label(-1e-17, 0.5), "0.0");
        assert_eq!(label(0.4, 0.2), "0.4");
        assert_eq!(label(10.0, 5.0), "10");
        assert_eq!(label(0.05, 0.05), "0.05");
    }

    use super::*;

    #[test]
    fn nice_steps_are_1_2_or_5_times_a_power_of_ten() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(0.11), 0.2);
        assert_eq!(nice_step(1.0), 1.0);
        assert!((nice_step(0.07) - 0.1).abs() < 1e-12);
        assert_eq!(nice_step(130.0), 200.0);
    }

    #[test]
    fn a_unit_tall_plot_of_600_points_is_labelled_every_0_2_not_every_0_1() {
        // 600 points for 1.5 units: 0.0025 units per point, so 64 points are 0.16 units and
        // the labels go every 0.2, from -0.2 to 1.2 (8 of them).
        let per_point = 1.5 / 600.0;
        let marks = reading_marks(GridInput {
            bounds: (-0.25, 1.25),
            base_step_size: per_point * f64::from(GRID_MIN),
        });
        let labelled: Vec<f64> = marks
            .iter()
            .filter(|m| m.step_size > 20.0 * per_point)
            .map(|m| m.value)
            .collect();
        assert_eq!(labelled.len(), 8, "{labelled:?}");
        assert!((labelled[1] - labelled[0] - 0.2).abs() < 1e-9);
        assert!(marks.len() > labelled.len(), "faint lines between them");
    }
}

//! Where a plot's legend goes: in the corner of the view whose legend-sized box holds the
//! fewest points, and only on a plot large enough that it does not take most of it.

use crate::train::grid::GridSpec;
use egui_plot::Corner;

/// Whether the data plot of `size` points draws its legend (`on`: the View menu's choice):
/// only when the plot is at least 380 points wide and 220 high, so that the legend never
/// takes most of a small plot (at 200 % with a lesson open the plot is about 100 high).
pub fn shows_legend(size: egui::Vec2, on: bool) -> bool {
    on && size.x > 380.0 && size.y > 220.0
}

/// How many `points` lie under a legend in `corner` of `view`, the legend's box being
/// `box_fraction` of the view's width and height.
pub fn points_under(
    points: &[[f64; 2]],
    view: GridSpec,
    box_fraction: (f64, f64),
    corner: Corner,
) -> usize {
    let (w, h) = (
        (view.x_range[1] - view.x_range[0]) * box_fraction.0,
        (view.y_range[1] - view.y_range[0]) * box_fraction.1,
    );
    let left = matches!(corner, Corner::LeftTop | Corner::LeftBottom);
    let top = matches!(corner, Corner::LeftTop | Corner::RightTop);
    points
        .iter()
        .filter(|p| {
            let in_x = if left {
                p[0] <= view.x_range[0] + w
            } else {
                p[0] >= view.x_range[1] - w
            };
            let in_y = if top {
                p[1] >= view.y_range[1] - h
            } else {
                p[1] <= view.y_range[0] + h
            };
            in_x && in_y
        })
        .count()
}

/// The corner of `view` whose legend-sized box (`box_fraction` of the view's width and
/// height) holds the fewest points; ties go to the top left, then top right.
pub fn legend_corner(points: &[[f64; 2]], view: GridSpec, box_fraction: (f64, f64)) -> Corner {
    [
        Corner::LeftTop,
        Corner::RightTop,
        Corner::LeftBottom,
        Corner::RightBottom,
    ]
    .into_iter()
    .min_by_key(|&c| points_under(points, view, box_fraction, c))
    .unwrap_or(Corner::LeftTop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_goes_where_no_point_is() {
        let view = GridSpec {
            x_range: [0.0, 10.0],
            y_range: [0.0, 10.0],
            nx: 1,
            ny: 1,
        };
        // Points in the top left and both bottom corners: the top right is free.
        let pts = [[1.0, 9.0], [9.0, 1.0], [1.0, 1.0], [5.0, 5.0]];
        assert_eq!(legend_corner(&pts, view, (0.3, 0.2)), Corner::RightTop);
        assert_eq!(points_under(&pts, view, (0.3, 0.2), Corner::LeftTop), 1);
        assert_eq!(legend_corner(&[], view, (0.3, 0.2)), Corner::LeftTop);
        // A wide but short plot (200 % with a lesson open) draws no legend: it covered most
        // of the plot's height.
        assert!(!shows_legend(egui::vec2(590.0, 100.0), true));
        assert!(!shows_legend(egui::vec2(300.0, 500.0), true));
        assert!(shows_legend(egui::vec2(700.0, 500.0), true));
        assert!(!shows_legend(egui::vec2(700.0, 500.0), false));
    }
}

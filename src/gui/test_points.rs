//! The held-out test points in the data plot: hollow rings in their class colour, so that
//! training (filled) and test points stay visible together (TensorFlow Playground's "Show
//! test data").

use super::i18n::{self as t, Lang};
use super::theme;
use crate::data::Dataset;
use egui_plot::{MarkerShape, PlotUi, Points};

/// Draws each class's test points as rings of `radius`.
pub fn draw_test_points(plot_ui: &mut PlotUi<'_>, test: &Dataset, radius: f32, lang: Lang) {
    for class in 0..test.class_count {
        let pts: Vec<[f64; 2]> = (0..test.len())
            .filter(|&n| test.classes[n] == class)
            .map(|n| test.point(n))
            .collect();
        if pts.is_empty() {
            continue;
        }
        plot_ui.points(
            Points::new(
                format!(
                    "{} {class} ({})",
                    t::CLASS.get(lang),
                    t::TEST_POINTS.get(lang)
                ),
                pts,
            )
            .color(theme::class_color(class))
            .radius(radius)
            .filled(false)
            .shape(MarkerShape::Circle),
        );
    }
}

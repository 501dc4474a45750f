//! The data plot: decision regions (an image of the worker's grid), the boundary, the points
//! by class with mistakes marked, and for the perceptron its line, its normal vector w and
//! the last update.

use super::i18n::{self as t, Lang};
use super::settings::Settings;
use super::{heatmap, theme};
use crate::nn::{Model, Perceptron};
use crate::train::Snapshot;
use crate::train::grid::GridSpec;
use egui::{TextureHandle, TextureOptions, Ui};
use egui_plot::{
    Corner, Legend, Line, LineStyle, MarkerShape, Plot, PlotBounds, PlotImage, PlotPoint, Points,
};
use std::sync::Arc;

use super::perceptron_plot::{draw_perceptron, line_in_bounds};
use super::plot_legend::{legend_corner, shows_legend};

/// The plot's own state: the regions texture and the view.
#[derive(Default)]
pub struct DataPlot {
    texture: Option<TextureHandle>,
    /// Which grid (by address), shading and theme the texture shows.
    texture_key: Option<(usize, bool, bool)>,
    /// Fit the view to the data on the next frame.
    pub reset_requested: bool,
    /// The data bounds the view was last fitted to.
    fitted_to: Option<[[f64; 2]; 2]>,
    last_view: Option<GridSpec>,
    /// The unit `(layer, index)` whose map replaces the regions (the network view's choice).
    pub unit: Option<(usize, usize)>,
    /// The backprop view whose point and next batch are marked.
    pub batch: Option<Arc<crate::train::backprop_view::BackpropView>>,
    /// Its texture, and which maps (by address) it shows.
    unit_texture: Option<(TextureHandle, usize)>,
    /// Where the plot was drawn last frame, in points (the layout test reads it).
    pub rect: Option<egui::Rect>,
}

/// What happened on the plot this frame.
#[derive(Default, Debug, Clone, Copy)]
pub struct PlotEvents {
    /// A click at this data position: true for the primary button.
    pub clicked: Option<([f64; 2], bool)>,
    /// The data position under the pointer.
    pub hovered: Option<[f64; 2]>,
    /// The visible region changed: the grid should follow it.
    pub view: Option<GridSpec>,
}

/// The backprop view's next batch (rings) and its point (a large diamond).
fn draw_batch(
    plot_ui: &mut egui_plot::PlotUi,
    view: &crate::train::backprop_view::BackpropView,
    data: &crate::data::Dataset,
    radius: f32,
    lang: Lang,
) {
    if let Some(next) = &view.next
        && next.batch.len() < data.len()
    {
        let name = t::NEXT_BATCH.get(lang);
        ring_points(
            plot_ui,
            name,
            &next.batch,
            data,
            radius + 4.0,
            MarkerShape::Square,
        );
    }
    plot_ui.points(
        Points::new(t::BACKPROP_POINT.get(lang), vec![view.x])
            .color(theme::HIGHLIGHT_COLOR)
            .radius(radius + 6.0)
            .filled(false)
            .shape(MarkerShape::Diamond),
    );
}

/// Points `indices` of `data` marked by hollow shapes in the highlight colour.
fn ring_points(
    plot_ui: &mut egui_plot::PlotUi,
    name: &str,
    indices: &[usize],
    data: &crate::data::Dataset,
    radius: f32,
    shape: MarkerShape,
) {
    let pts: Vec<[f64; 2]> = indices
        .iter()
        .filter(|&&n| n < data.len())
        .map(|&n| data.point(n))
        .collect();
    plot_ui.points(
        Points::new(name, pts)
            .color(theme::HIGHLIGHT_COLOR)
            .radius(radius)
            .filled(false)
            .shape(shape),
    );
}

/// The square that shows `bounds` with a margin; a handful of points (the logic gates, one
/// in every corner) get headroom above them, where the legend goes.
fn fit(bounds: [[f64; 2]; 2], few_points: bool) -> PlotBounds {
    let g = GridSpec::around(bounds, 1);
    let headroom = if few_points {
        0.45 * (g.y_range[1] - g.y_range[0])
    } else {
        0.0
    };
    PlotBounds::from_min_max(
        [g.x_range[0], g.y_range[0]],
        [g.x_range[1], g.y_range[1] + headroom],
    )
}

impl DataPlot {
    /// Draws the plot; returns clicks, hover and view changes.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        snap: &Snapshot,
        s: &Settings,
        size: egui::Vec2,
    ) -> PlotEvents {
        let lang = s.lang;
        let data = &snap.data;
        let bounds = data.bounds();
        let refit = self.reset_requested
            || self.fitted_to.is_none_or(|f| {
                // New data far from the old view: fit again.
                let span = (f[0][1] - f[0][0]).max(f[1][1] - f[1][0]).max(1e-9);
                (0..2).any(|d| (0..2).any(|e| (bounds[d][e] - f[d][e]).abs() > 0.5 * span))
            });
        if refit {
            self.fitted_to = Some(bounds);
        }
        self.reset_requested = false;
        self.update_texture(ui.ctx(), snap, s);
        let dark = s.dark;
        let mut events = PlotEvents::default();
        // One id wherever the plot is drawn (the workspace, the view picker, presentation
        // mode), so that it keeps its view: a plot new to its place fits every item, the
        // hidden units' lines included, which reach far out of the data.
        let mut plot = Plot::new("data-plot")
            .id(egui::Id::unique("perceptron-lab-data-plot"))
            .data_aspect(1.0)
            .width(size.x)
            .height(size.y)
            .allow_double_click_reset(false)
            .show_crosshair(false)
            .grid_spacing(super::plot_ticks::GRID_MIN..=300.0)
            .x_grid_spacer(super::plot_ticks::reading_marks)
            .y_grid_spacer(super::plot_ticks::reading_marks)
            .x_axis_formatter(super::plot_ticks::tick_label)
            .y_axis_formatter(super::plot_ticks::tick_label);
        // A small plot (a large UI scale) keeps its area for the data; the legend goes to
        // the corner with the fewest points, and can be switched off (View menu).
        if shows_legend(size, s.show_legend) {
            let corner = self.last_view.map_or(Corner::LeftTop, |view| {
                let entries = data.class_count + 3;
                let fraction = (
                    170.0 / f64::from(size.x),
                    (22.0 * entries as f64 + 12.0) / f64::from(size.y),
                );
                let pts: Vec<[f64; 2]> = (0..data.len()).map(|n| data.point(n)).collect();
                legend_corner(&pts, view, fraction)
            });
            plot = plot.legend(Legend::default().position(corner).background_alpha(0.75));
        }
        let focus = self.unit_map(ui.ctx(), snap, s.dark);
        let texture = match &focus {
            Some(map) => self
                .unit_texture
                .as_ref()
                .map(|t| (t.0.id(), Some(map.spec))),
            None => self
                .texture
                .as_ref()
                .map(|t| (t.id(), snap.grid.as_ref().map(|g| g.spec))),
        };
        let small = data.len() <= 16;
        let response = plot.show(ui, |plot_ui| {
            if refit {
                plot_ui.set_plot_bounds(fit(bounds, small));
            }
            if let Some((id, Some(spec))) = texture {
                let centre = PlotPoint::new(
                    0.5 * (spec.x_range[0] + spec.x_range[1]),
                    0.5 * (spec.y_range[0] + spec.y_range[1]),
                );
                let size = [
                    (spec.x_range[1] - spec.x_range[0]) as f32,
                    (spec.y_range[1] - spec.y_range[0]) as f32,
                ];
                plot_ui.image(PlotImage::new("", id, centre, size));
            }
            let view = plot_ui.plot_bounds();
            let plain = snap.config.features.is_plain();
            match &*snap.model {
                // In the plane b + wᵀx = 0 is a line, drawn with its normal vector.
                Model::Perceptron(p) if plain => {
                    draw_perceptron(plot_ui, p, snap, &view, lang, dark, s.show_pocket)
                }
                // Through other features φ it is the zero set of b + wᵀφ(x) (a circle on
                // x₁², x₂²), traced through the grid as the MLP's boundary is.
                Model::Perceptron(_) => draw_boundary(plot_ui, snap, lang, dark),
                Model::Mlp(m) if s.show_boundary => {
                    let few = m.layer_count() >= 2 && m.layers()[0].units() <= 4;
                    if s.show_hidden_lines && few && plain {
                        draw_hidden_lines(plot_ui, m, &view, lang, dark);
                    }
                    let name = t::SHOW_BOUNDARY.get(lang);
                    for line in snap.boundary.iter() {
                        plot_ui.line(
                            Line::new(name, line.clone())
                                .color(theme::boundary_color(dark))
                                .width(2.0)
                                .allow_hover(false),
                        );
                    }
                }
                Model::Mlp(_) => {}
            }
            let radius = if small {
                theme::BIG_POINT_RADIUS
            } else {
                theme::POINT_RADIUS
            };
            for class in 0..data.class_count {
                let pts: Vec<[f64; 2]> = (0..data.len())
                    .filter(|&n| data.classes[n] == class)
                    .map(|n| data.point(n))
                    .collect();
                if let Some(outline) = theme::point_outline(dark) {
                    // On the dark theme a blue point on a blue region needs a light rim
                    // (no name: the rim is not a legend entry).
                    plot_ui.points(
                        Points::new("", pts.clone())
                            .color(outline)
                            .radius(radius + theme::POINT_OUTLINE)
                            .filled(true)
                            .allow_hover(false)
                            .shape(MarkerShape::Circle),
                    );
                }
                plot_ui.points(
                    Points::new(format!("{} {class}", t::CLASS.get(lang)), pts)
                        .color(theme::class_color(class))
                        .radius(radius)
                        .filled(true)
                        .shape(MarkerShape::Circle),
                );
            }
            if s.show_test
                && let Some(test) = &snap.test_data
            {
                super::test_points::draw_test_points(plot_ui, test, radius, lang);
            }
            if small {
                // The logic gates: each corner with its truth value.
                for n in 0..data.len() {
                    let p = data.point(n);
                    let label = egui::RichText::new(data.classes[n].to_string())
                        .size(18.0)
                        .strong();
                    plot_ui.text(
                        egui_plot::Text::new(
                            t::TRUTH.get(lang),
                            PlotPoint::new(p[0] + 0.1, p[1] - 0.1),
                            label,
                        )
                        .color(theme::class_color(data.classes[n])),
                    );
                }
            }
            if s.show_mistakes && !snap.misclassified.is_empty() {
                let pts: Vec<[f64; 2]> =
                    snap.misclassified.iter().map(|&n| data.point(n)).collect();
                plot_ui.points(
                    Points::new(t::MISCLASSIFIED_LABEL.get(lang), pts)
                        .color(theme::mistake_color(dark))
                        .radius(radius + 2.5)
                        .filled(false)
                        .shape(MarkerShape::Circle),
                );
            }
            if let Some(view) = &self.batch {
                draw_batch(plot_ui, view, data, radius, lang);
            }
            if let Some(u) = &snap.last_pla() {
                let name = t::UPDATE_ARROW.get(lang);
                ring_points(
                    plot_ui,
                    name,
                    &u.points,
                    data,
                    radius + 5.0,
                    MarkerShape::Diamond,
                );
            }
            let hovered = plot_ui.response().hovered();
            let pointer = plot_ui.pointer_coordinate().map(|p| [p.x, p.y]);
            let unit_value = match (&focus, pointer, hovered) {
                (Some(map), Some(p), true) => map.value_at(p).map(|v| (p, v)),
                _ => None,
            };
            if let (Some((p, v)), Some((l, j))) = (unit_value, self.unit) {
                let label = egui::RichText::new(format!("a{}({l}) = {v:.3}", j + 1)).strong();
                plot_ui.text(
                    egui_plot::Text::new("", PlotPoint::new(p[0], p[1]), label)
                        .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
            let clicked = if plot_ui.response().clicked() {
                pointer.map(|p| (p, true))
            } else if plot_ui.response().secondary_clicked() {
                pointer.map(|p| (p, false))
            } else {
                None
            };
            (if hovered { pointer } else { None }, clicked, view)
        });
        self.rect = Some(response.response.rect);
        let (hovered, clicked, view) = response.inner;
        events.hovered = hovered;
        events.clicked = clicked;
        let spec = GridSpec {
            x_range: [view.min()[0], view.max()[0]],
            y_range: [view.min()[1], view.max()[1]],
            nx: theme::GRID_CELLS,
            ny: theme::GRID_CELLS,
        };
        let changed = self.last_view.is_none_or(|last| {
            let w = (last.x_range[1] - last.x_range[0]).abs().max(1e-12);
            (0..2).any(|e| {
                (last.x_range[e] - spec.x_range[e]).abs() > 0.002 * w
                    || (last.y_range[e] - spec.y_range[e]).abs() > 0.002 * w
            })
        });
        if changed && spec.x_range[1] > spec.x_range[0] && spec.y_range[1] > spec.y_range[0] {
            self.last_view = Some(spec);
            events.view = Some(spec);
        }
        events
    }

    /// The chosen unit's map when the worker has it, with its texture up to date.
    fn unit_map(
        &mut self,
        ctx: &egui::Context,
        snap: &Snapshot,
        dark: bool,
    ) -> Option<crate::train::unit_maps::UnitMap> {
        let (l, j) = self.unit?;
        let maps = snap.unit_maps.as_ref()?;
        let (unit, map) = maps.focus.as_ref()?;
        if *unit != (l, j) {
            return None;
        }
        let key = Arc::as_ptr(maps) as usize;
        if self.unit_texture.as_ref().is_none_or(|t| t.1 != key) {
            let scale = match &*snap.model {
                Model::Mlp(m) => heatmap::UnitScale::of_layer(m, l),
                Model::Perceptron(_) => heatmap::UnitScale::Relative,
            };
            let image = heatmap::unit_image(map, scale, dark);
            let texture = ctx.load_texture("unit-map", image, TextureOptions::LINEAR);
            self.unit_texture = Some((texture, key));
        }
        Some(map.clone())
    }

    fn update_texture(&mut self, ctx: &egui::Context, snap: &Snapshot, s: &Settings) {
        let Some(grid) = &snap.grid else {
            return;
        };
        let key = (Arc::as_ptr(grid) as usize, s.hard_classes, s.dark);
        if self.texture_key == Some(key) {
            return;
        }
        let image = heatmap::regions_image(grid, s.hard_classes, s.dark);
        match &mut self.texture {
            Some(t) => t.set(image, TextureOptions::LINEAR),
            None => {
                self.texture =
                    Some(ctx.load_texture("decision-regions", image, TextureOptions::LINEAR))
            }
        }
        self.texture_key = Some(key);
    }
}

/// The boundary traced through the worker's grid.
fn draw_boundary(plot_ui: &mut egui_plot::PlotUi, snap: &Snapshot, lang: Lang, dark: bool) {
    let name = t::SHOW_BOUNDARY.get(lang);
    for line in snap.boundary.iter() {
        plot_ui.line(
            Line::new(name, line.clone())
                .color(theme::boundary_color(dark))
                .width(2.0)
                .allow_hover(false),
        );
    }
}

/// Each first-layer unit's line `b_j + w_1j x₁ + w_2j x₂ = 0` (what the hidden unit sees).
fn draw_hidden_lines(
    plot_ui: &mut egui_plot::PlotUi,
    m: &crate::nn::Mlp,
    view: &PlotBounds,
    lang: Lang,
    dark: bool,
) {
    let layer = &m.layers()[0];
    for j in 0..layer.units() {
        let unit = Perceptron {
            weights: vec![layer.weights()[[0, j]], layer.weights()[[1, j]]],
            bias: layer.bias()[j],
        };
        if let Some(seg) = line_in_bounds(&unit, view) {
            plot_ui.line(
                Line::new(
                    format!("{} {}", t::HIDDEN_UNIT.get(lang), j + 1),
                    seg.to_vec(),
                )
                .color(theme::boundary_before_color(dark))
                .style(LineStyle::dashed_loose())
                .width(1.5)
                .allow_hover(false),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fitted_gates_leave_the_top_left_to_the_legend() {
        // The logic gates fitted with headroom leave the top left box empty.
        let and = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
        let b = fit([[0.0, 1.0], [0.0, 1.0]], true);
        let fitted = GridSpec {
            x_range: [b.min()[0], b.max()[0]],
            y_range: [b.min()[1], b.max()[1]],
            nx: 1,
            ny: 1,
        };
        assert_eq!(legend_corner(&and, fitted, (0.3, 0.25)), Corner::LeftTop);
        let top_box = fitted.y_range[1] - 0.25 * (fitted.y_range[1] - fitted.y_range[0]);
        assert!(
            and.iter().all(|p| p[1] < top_box),
            "no gate point under the legend"
        );
    }
}

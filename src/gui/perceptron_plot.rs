//! The perceptron on the data plot (COURSE §2): its boundary `b + wᵀx = 0` clipped to the
//! view (a curve through φ when it reads other features), the normal vector w, and the last
//! update α·y·x̄ with the boundary before it.

use super::i18n::{self as t, Lang};
use super::theme;
use crate::nn::Perceptron;
use crate::train::Snapshot;
use egui::Color32;
use egui_plot::{Arrows, Line, LineStyle, PlotBounds};

/// The segment of the line `b + w₁x + w₂y = 0` inside `bounds` (none while w = 0).
pub fn line_in_bounds(p: &Perceptron, bounds: &PlotBounds) -> Option<[[f64; 2]; 2]> {
    let (b, w1, w2) = (p.bias, p.weights[0], p.weights[1]);
    let (min, max) = (bounds.min(), bounds.max());
    if w1 == 0.0 && w2 == 0.0 {
        return None;
    }
    let pad = (max[0] - min[0]).max(max[1] - min[1]);
    if w2.abs() >= w1.abs() {
        let y = |x: f64| -(b + w1 * x) / w2;
        let (x0, x1) = (min[0] - pad, max[0] + pad);
        Some([[x0, y(x0)], [x1, y(x1)]])
    } else {
        let x = |y: f64| -(b + w2 * y) / w1;
        let (y0, y1) = (min[1] - pad, max[1] + pad);
        Some([[x(y0), y0], [x(y1), y1]])
    }
}

/// The perceptron's boundary, normal vector w, and the last update: the boundary before
/// (faint), the normal vectors before and after, and the update α·y·x̄ between their tips.
pub(super) fn draw_perceptron(
    plot_ui: &mut egui_plot::PlotUi,
    p: &Perceptron,
    snap: &Snapshot,
    view: &PlotBounds,
    lang: Lang,
    dark: bool,
    show_pocket: bool,
) {
    let before = snap
        .last_pla()
        .map(|u| Perceptron::from_augmented(&u.before));
    if let Some(prev) = &before
        && let Some(seg) = line_in_bounds(prev, view)
    {
        plot_ui.line(
            Line::new(t::BOUNDARY_BEFORE.get(lang), seg.to_vec())
                .color(theme::boundary_before_color(dark))
                .style(LineStyle::dashed_dense())
                .width(1.5)
                .allow_hover(false),
        );
    }
    if let Some((best, _)) = &snap.pocket
        && snap.config.pocket
        && show_pocket
        && !snap.converged()
        && best != p
        && let Some(seg) = line_in_bounds(best, view)
    {
        plot_ui.line(
            Line::new(t::POCKET_LINE.get(lang), seg.to_vec())
                .color(theme::NORMAL_COLOR)
                .style(LineStyle::dashed_loose())
                .width(2.0)
                .allow_hover(false),
        );
    }
    let Some(seg) = line_in_bounds(p, view) else {
        return;
    };
    plot_ui.line(
        Line::new(t::SHOW_BOUNDARY.get(lang), seg.to_vec())
            .color(theme::boundary_color(dark))
            .width(2.5)
            .allow_hover(false),
    );
    // Anchor: the data centre projected onto the line, c − f(c)/‖w‖²·w.
    let b = snap.data.bounds();
    let c = [0.5 * (b[0][0] + b[0][1]), 0.5 * (b[1][0] + b[1][1])];
    let w = [p.weights[0], p.weights[1]];
    let norm2 = w[0] * w[0] + w[1] * w[1];
    let fc = p.f(&c);
    let on_line = [c[0] - fc / norm2 * w[0], c[1] - fc / norm2 * w[1]];
    // The arrow starts on the boundary where that is in view, else at the data's centre.
    let visible = |q: [f64; 2]| {
        (view.min()[0]..=view.max()[0]).contains(&q[0])
            && (view.min()[1]..=view.max()[1]).contains(&q[1])
    };
    let anchor = if visible(on_line) { on_line } else { c };
    let span = (view.max()[0] - view.min()[0]).min(view.max()[1] - view.min()[1]);
    let len = 0.2 * span;
    let prev_w = before.as_ref().map(|q| [q.weights[0], q.weights[1]]);
    let longest = prev_w.map_or(norm2.sqrt(), |v| v[0].hypot(v[1]).max(norm2.sqrt()));
    let k = len / longest.max(1e-300);
    let tip = [anchor[0] + k * w[0], anchor[1] + k * w[1]];
    plot_ui.line(
        Line::new(t::NORMAL_VECTOR.get(lang), vec![anchor, tip])
            .color(theme::NORMAL_COLOR)
            .width(3.0)
            .allow_hover(false),
    );
    plot_ui.arrows(
        Arrows::new(t::NORMAL_VECTOR.get(lang), vec![anchor], vec![tip])
            .color(theme::NORMAL_COLOR)
            .allow_hover(false),
    );
    if let Some(v) = prev_w
        && v != w
    {
        let prev_tip = [anchor[0] + k * v[0], anchor[1] + k * v[1]];
        plot_ui.line(
            Line::new(t::UPDATE_ARROW.get(lang), vec![prev_tip, tip])
                .color(theme::UPDATE_COLOR)
                .width(3.0)
                .allow_hover(false),
        );
        plot_ui.arrows(
            Arrows::new(t::UPDATE_ARROW.get(lang), vec![prev_tip], vec![tip])
                .color(theme::UPDATE_COLOR)
                .allow_hover(false),
        );
        plot_ui.line(
            Line::new(t::BOUNDARY_BEFORE.get(lang), vec![anchor, prev_tip])
                .color(theme::boundary_before_color(dark))
                .width(2.0)
                .style(LineStyle::dashed_dense())
                .allow_hover(false),
        );
    }
    let _ = Color32::TRANSPARENT;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_perceptron_line_crosses_the_view() {
        let bounds = PlotBounds::from_min_max([-1.0, -1.0], [1.0, 1.0]);
        let p = Perceptron::from_augmented(&[0.5, 1.0, 2.0]);
        let [a, b] = line_in_bounds(&p, &bounds).expect("a line");
        for q in [a, b] {
            assert!((p.f(&q)).abs() < 1e-9);
        }
        assert!(line_in_bounds(&Perceptron::zeros(2), &bounds).is_none());
    }
}

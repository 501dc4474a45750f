//! The network diagram for networks of any size (up to 8 hidden layers of 1 024): one column
//! per layer, each unit a square showing its map `a_j⁽ˡ⁾(x)` over the plot (TensorFlow
//! Playground's thumbnails), edges as wide as |w| and coloured by its sign. Wide layers fold
//! ("… 992 more"); numbers are written only where they fit, and hovering shows any value.
//! Hovering a unit highlights its edges; clicking it shows its map in the big plot.

use super::heatmap::{UnitScale, unit_image};
use super::i18n::{self as t, Lang};
use super::network_view::{bias_name, weight_name};
use super::theme;
use crate::data::{Feature, Features};
use crate::nn::Mlp;
use crate::train::unit_maps::UnitMaps;
use egui::{
    Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, TextureHandle, TextureOptions, Ui, vec2,
};
use std::sync::Arc;

pub use super::network_layout::{Layout, MAX_ROWS, distance_to_segment};

/// What the user did on the diagram this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DiagramEvents {
    /// The unit under the pointer, `(layer, index)` with layer 0 the inputs.
    pub hovered: Option<(usize, usize)>,
    /// The unit clicked.
    pub clicked: Option<(usize, usize)>,
    /// The input feature clicked: on to add it, off to remove it.
    pub toggled: Option<Feature>,
}

/// The diagram's textures: one strip of thumbnails per layer.
#[derive(Default)]
pub struct Diagram {
    strips: Vec<TextureHandle>,
    key: Option<(usize, bool)>,
}

impl Diagram {
    /// Draws the diagram of `m` with the thumbnails of `maps`, `focus` outlined.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        m: &Mlp,
        maps: Option<&Arc<UnitMaps>>,
        focus: Option<(usize, usize)>,
        features: Features,
        lang: Lang,
    ) -> DiagramEvents {
        // The input column has a row for every feature: the model's inputs first, then the
        // others, faded, to be clicked in (TensorFlow Playground's input toggles).
        let mut sizes = m.sizes();
        sizes[0] = Feature::ALL.len().max(sizes[0]);
        let size = vec2(ui.available_width(), Layout::height_for(&sizes));
        let (rect, response) = ui.allocate_exact_size(size, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, t::NETWORK.get(lang))
        });
        let layout = Layout::new(rect, sizes);
        let inputs = features.list();
        let others: Vec<Feature> = Feature::ALL
            .into_iter()
            .filter(|f| !features.contains(*f))
            .collect();
        let dark = ui.visuals().dark_mode;
        self.update_strips(ui.ctx(), m, maps, dark);
        let pointer = response.hover_pos();
        let hit = pointer.and_then(|p| layout.unit_at(p));
        let hovered = hit.filter(|&(l, j)| l > 0 || j < inputs.len());
        let painter = ui.painter_at(rect);
        let text = ui.visuals().text_color();
        draw_edges(&painter, m, &layout, hovered.or(focus), text);
        self.draw_units(&painter, m, &layout, (focus, features), text, lang);
        draw_other_features(&painter, &layout, inputs.len(), &others, text);
        let input_at = |j: usize| {
            inputs
                .get(j)
                .or_else(|| j.checked_sub(inputs.len()).and_then(|k| others.get(k)))
                .copied()
        };
        let tip = match (hit, pointer) {
            (Some((0, j)), _) => input_at(j).map(|f| {
                let what = if features.contains(f) {
                    t::FEATURE_REMOVE.get(lang)
                } else {
                    t::FEATURE_ADD.get(lang)
                };
                format!("{} — {what}", f.symbol())
            }),
            (Some(unit), _) => Some(unit_tip(m, unit, features, lang)),
            (None, Some(p)) => edge_at(m, &layout, p).map(|(l, i, j)| {
                format!(
                    "{} = {:.4}",
                    weight_name(l, i, j),
                    m.layers()[l].weights()[[i, j]]
                )
            }),
            _ => None,
        };
        let (clicked, toggled) = match (response.clicked(), hit) {
            (true, Some((0, j))) => (None, input_at(j)),
            (true, unit) => (unit, None),
            _ => (None, None),
        };
        if let Some(tip) = tip {
            response.on_hover_text_at_pointer(tip);
        }
        DiagramEvents {
            hovered,
            clicked,
            toggled,
        }
    }

    /// Uploads the thumbnails when new maps arrive.
    fn update_strips(
        &mut self,
        ctx: &egui::Context,
        m: &Mlp,
        maps: Option<&Arc<UnitMaps>>,
        dark: bool,
    ) {
        let Some(maps) = maps else {
            self.strips.clear();
            self.key = None;
            return;
        };
        let key = (Arc::as_ptr(maps) as usize, dark);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.strips = maps
            .layers
            .iter()
            .enumerate()
            .filter(|(_, units)| !units.is_empty())
            .map(|(l, units)| {
                let scale = UnitScale::of_layer(m, l);
                let images: Vec<egui::ColorImage> =
                    units.iter().map(|u| unit_image(u, scale, dark)).collect();
                let [w, h] = images[0].size;
                let mut strip = egui::ColorImage::filled([w * images.len(), h], Color32::BLACK);
                for (k, image) in images.iter().enumerate() {
                    for y in 0..h {
                        for x in 0..w {
                            strip[(k * w + x, y)] = image[(x, y)];
                        }
                    }
                }
                ctx.load_texture(format!("unit-maps-{l}"), strip, TextureOptions::LINEAR)
            })
            .collect();
    }

    fn draw_units(
        &self,
        painter: &egui::Painter,
        m: &Mlp,
        layout: &Layout,
        (focus, features): (Option<(usize, usize)>, Features),
        text: Color32,
        lang: Lang,
    ) {
        let symbols: Vec<&str> = features.list().iter().map(|f| f.symbol()).collect();
        let sizes = m.sizes();
        let fill = theme::region_base(false);
        let fill = Color32::from_rgb(
            (fill[0] * 255.0) as u8,
            (fill[1] * 255.0) as u8,
            (fill[2] * 255.0) as u8,
        );
        let small = FontId::proportional(11.0);
        for l in 0..sizes.len() {
            let strip = self.strips.get(l);
            let mapped = strip.map_or(0, |s| s.size()[0] / crate::train::unit_maps::THUMB_SIDE);
            for j in 0..layout.shown[l].min(sizes[l]) {
                let p = layout.pos(l, j);
                let r = Rect::from_center_size(p, vec2(layout.node, layout.node));
                match strip {
                    Some(s) if j < mapped => {
                        let uv = Rect::from_min_max(
                            Pos2::new(j as f32 / mapped as f32, 0.0),
                            Pos2::new((j + 1) as f32 / mapped as f32, 1.0),
                        );
                        painter.image(s.id(), r, uv, Color32::WHITE);
                    }
                    _ => {
                        painter.rect_filled(r, 2.0, fill);
                    }
                }
                let outline = if focus == Some((l, j)) {
                    Stroke::new(3.0, theme::HIGHLIGHT_COLOR)
                } else {
                    Stroke::new(1.0, text)
                };
                painter.rect_stroke(r, 2.0, outline, egui::StrokeKind::Outside);
                if l == 0 {
                    painter.text(
                        r.left_center() - vec2(4.0, 0.0),
                        Align2::RIGHT_CENTER,
                        symbols.get(j).copied().unwrap_or("x"),
                        small.clone(),
                        text,
                    );
                } else if layout.pitch >= layout.node + 14.0 && layout.column_gap() >= 48.0 {
                    painter.text(
                        r.center_bottom() + vec2(0.0, 1.0),
                        Align2::CENTER_TOP,
                        format!("{:.2}", m.layers()[l - 1].bias()[j]),
                        FontId::proportional(9.5),
                        text,
                    );
                }
            }
            if layout.folded(l) > 0 {
                painter.text(
                    layout.pos(l, layout.shown[l]),
                    Align2::CENTER_CENTER,
                    // Narrow columns (many layers) say just "+1009".
                    if layout.column_gap() >= 90.0 {
                        format!("… {} {}", layout.folded(l), t::MORE_UNITS.get(lang))
                    } else {
                        format!("+{}", layout.folded(l))
                    },
                    small.clone(),
                    text,
                );
            }
            painter.text(
                Pos2::new(layout.column(l), layout.rect.top() + 2.0),
                Align2::CENTER_TOP,
                sizes[l].to_string(),
                small.clone(),
                text,
            );
        }
    }
}

/// The features the model does not read, faded under its inputs, each to be clicked in.
fn draw_other_features(
    painter: &egui::Painter,
    layout: &Layout,
    first_row: usize,
    others: &[Feature],
    text: Color32,
) {
    let faded = text.gamma_multiply(0.35);
    for (k, f) in others.iter().enumerate() {
        let r =
            Rect::from_center_size(layout.pos(0, first_row + k), vec2(layout.node, layout.node));
        painter.rect_stroke(r, 2.0, Stroke::new(1.0, faded), egui::StrokeKind::Outside);
        painter.text(
            r.left_center() - vec2(4.0, 0.0),
            Align2::RIGHT_CENTER,
            f.symbol(),
            FontId::proportional(11.0),
            faded,
        );
    }
}

/// The hover text of a unit: its name, bias and activation.
fn unit_tip(m: &Mlp, (l, j): (usize, usize), features: Features, lang: Lang) -> String {
    if l == 0 {
        let symbol = features.list().get(j).map_or("x", |f| f.symbol());
        return format!("{symbol} — {}", t::UNIT_TIP.get(lang));
    }
    let f = if l == m.layer_count() {
        m.output().to_string()
    } else {
        m.activation(l - 1)
            .map_or_else(String::new, |f| f.to_string())
    };
    format!(
        "a{}({l}) = {f}(z) · {} = {:.4} — {}",
        j + 1,
        bias_name(l - 1, j),
        m.layers()[l - 1].bias()[j],
        t::UNIT_TIP.get(lang)
    )
}

/// The largest |w| among the edges drawn (so widths compare within the view).
fn peak_weight(m: &Mlp, layout: &Layout) -> f64 {
    let mut peak = 1e-9f64;
    for (l, layer) in m.layers().iter().enumerate() {
        for i in 0..layout.shown[l].min(layer.inputs()) {
            for j in 0..layout.shown[l + 1] {
                peak = peak.max(layer.weights()[[i, j]].abs());
            }
        }
    }
    peak
}

/// Every edge between shown units: width ∝ |w|, colour = sign, faint when small; the edges of
/// the `highlight`ed unit drawn strong, the others faded.
fn draw_edges(
    painter: &egui::Painter,
    m: &Mlp,
    layout: &Layout,
    highlight: Option<(usize, usize)>,
    text: Color32,
) {
    let peak = peak_weight(m, layout);
    let touches = |l: usize, i: usize, j: usize| {
        highlight.is_some_and(|(hl, hj)| (hl == l && hj == i) || (hl == l + 1 && hj == j))
    };
    let mut strong = Vec::new();
    for (l, layer) in m.layers().iter().enumerate() {
        let rows = layout.shown[l].min(layer.inputs());
        let edges = rows * layout.shown[l + 1];
        // Numbers on edges only where they fit: few edges, rows and columns far apart.
        let labelled = edges <= 12 && layout.pitch >= 30.0 && layout.column_gap() >= 90.0;
        for i in 0..rows {
            for j in 0..layout.shown[l + 1] {
                let w = layer.weights()[[i, j]];
                let size = (w.abs() / peak) as f32;
                let base = if w >= 0.0 {
                    theme::class_color(1)
                } else {
                    theme::class_color(0)
                };
                let (a, b) = (layout.pos(l, i), layout.pos(l + 1, j));
                if touches(l, i, j) {
                    strong.push((a, b, 1.0 + 3.5 * size, base));
                    continue;
                }
                let alpha = if highlight.is_some() {
                    0.12
                } else {
                    0.2 + 0.8 * size
                };
                let color = base.gamma_multiply(alpha);
                painter.line_segment([a, b], Stroke::new(0.4 + 3.0 * size, color));
                if labelled {
                    let at = a + (b - a) * (0.3 + 0.25 * (j % 2) as f32);
                    painter.text(
                        at,
                        Align2::CENTER_CENTER,
                        format!("{w:.2}"),
                        FontId::proportional(10.0),
                        text,
                    );
                }
            }
        }
    }
    for (a, b, width, color) in strong {
        painter.line_segment([a, b], Stroke::new(width, color));
    }
}

/// The edge `(layer, i, j)` passing within 4 points of `p`.
fn edge_at(m: &Mlp, layout: &Layout, p: Pos2) -> Option<(usize, usize, usize)> {
    let mut best: Option<(f32, (usize, usize, usize))> = None;
    for l in 0..m.layer_count() {
        for i in 0..layout.shown[l].min(m.layers()[l].inputs()) {
            for j in 0..layout.shown[l + 1] {
                let d = distance_to_segment(p, layout.pos(l, i), layout.pos(l + 1, j));
                if d < 4.0 && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, (l, i, j)));
                }
            }
        }
    }
    best.map(|(_, e)| e)
}

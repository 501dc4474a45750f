//! The weight editor for networks of any size: one layer at a time, `W⁽ˡ⁾` as a matrix (row i
//! = unit i of layer l−1, column j = unit j of layer l, the lecture's `w_ij⁽ˡ⁾`) under `b⁽ˡ⁾`
//! as its first row (the augmented `w̄ = (b, w₁, …)` of the lecture, and always in view). It scrolls both ways and draws only the cells in view, so a 1 024 × 1 024
//! layer costs what a small one does; every value, the output bias too, stays editable.

use super::i18n::{self as t, Lang};
use super::network_view::{bias_name, weight_name};
use crate::nn::Mlp;
use egui::{DragValue, Rect, Ui, vec2};

/// A cell's width and height in points.
const CELL: (f32, f32) = (72.0, 22.0);
/// The width of the row names.
const ROW_NAMES: f32 = 44.0;

/// The editor's state: the layer shown.
#[derive(Default)]
pub struct WeightMatrix {
    /// The layer edited (0-based: `W⁽ˡ⁺¹⁾`).
    pub layer: usize,
}

impl WeightMatrix {
    /// Draws the layer picker and the matrix; the network with the edit, if any.
    pub fn ui(&mut self, ui: &mut Ui, m: &Mlp, lang: Lang) -> Option<Mlp> {
        self.layer = self.layer.min(m.layer_count() - 1);
        ui.horizontal(|ui| {
            ui.label(t::LAYER.get(lang));
            egui::ComboBox::from_id_salt("weight-matrix-layer")
                .selected_text(layer_title(m, self.layer))
                .show_ui(ui, |ui| {
                    for l in 0..m.layer_count() {
                        ui.selectable_value(&mut self.layer, l, layer_title(m, l));
                    }
                })
                .response
                .on_hover_text(t::WEIGHT_MATRIX_TIP.get(lang));
        });
        let layer = &m.layers()[self.layer];
        let (rows, cols) = (layer.inputs() + 1, layer.units());
        let total = vec2(ROW_NAMES + CELL.0 * cols as f32, CELL.1 * (rows + 1) as f32);
        let mut edit = None;
        egui::ScrollArea::both()
            .id_salt(("weight-matrix", self.layer))
            .max_height(260.0)
            .auto_shrink([false, true])
            .show_viewport(ui, |ui, viewport| {
                let (rect, _) = ui.allocate_exact_size(total, egui::Sense::hover());
                let origin = rect.min;
                let first_col = ((viewport.min.x - ROW_NAMES) / CELL.0).floor().max(0.0) as usize;
                let last_col =
                    (((viewport.max.x - ROW_NAMES) / CELL.0).ceil().max(0.0) as usize).min(cols);
                let first_row = (viewport.min.y / CELL.1).floor().max(0.0) as usize;
                let last_row = ((viewport.max.y / CELL.1).ceil() as usize).min(rows + 1);
                let at = |r: usize, c: Option<usize>| {
                    let x = c.map_or(0.0, |c| ROW_NAMES + CELL.0 * c as f32);
                    let w = if c.is_some() {
                        CELL.0 - 4.0
                    } else {
                        ROW_NAMES - 4.0
                    };
                    Rect::from_min_size(origin + vec2(x, CELL.1 * r as f32), vec2(w, CELL.1 - 2.0))
                };
                for r in first_row..last_row {
                    if r == 0 {
                        for c in first_col..last_col {
                            ui.put(at(0, Some(c)), egui::Label::new(format!("{}", c + 1)));
                        }
                        continue;
                    }
                    // Row 1 is the bias; row 1 + i is input unit i.
                    let i = if r == 1 { layer.inputs() } else { r - 2 };
                    let name = if r == 1 {
                        "b".to_owned()
                    } else {
                        format!("{}", i + 1)
                    };
                    ui.put(at(r, None), egui::Label::new(name));
                    for c in first_col..last_col {
                        if let Some(v) = cell_ui(ui, at(r, Some(c)), m, self.layer, i, c, lang) {
                            edit = Some((i, c, v));
                        }
                    }
                }
            });
        let (i, j, v) = edit?;
        let mut edited = m.clone();
        if i < layer.inputs() {
            edited.set_weight(self.layer, i, j, v);
        } else {
            edited.set_bias(self.layer, j, v);
        }
        Some(edited)
    }
}

/// "W(2), b(2) · 8 × 8".
fn layer_title(m: &Mlp, l: usize) -> String {
    let layer = &m.layers()[l];
    format!(
        "W({0}), b({0}) · {1} × {2}",
        l + 1,
        layer.inputs(),
        layer.units()
    )
}

/// One editable value (row `i` = inputs, the bias past them); the new value if edited.
fn cell_ui(
    ui: &mut Ui,
    rect: Rect,
    m: &Mlp,
    l: usize,
    i: usize,
    j: usize,
    lang: Lang,
) -> Option<f64> {
    let layer = &m.layers()[l];
    let (mut v, name) = if i < layer.inputs() {
        (layer.weights()[[i, j]], weight_name(l, i, j))
    } else {
        (layer.bias()[j], bias_name(l, j))
    };
    let r = ui
        .put(rect, DragValue::new(&mut v).speed(0.01).max_decimals(4))
        .on_hover_text(format!("{name} — {}", t::NETWORK_TIP.get(lang)));
    r.widget_info(|| egui::WidgetInfo {
        label: Some(name.clone()),
        ..egui::WidgetInfo::drag_value(true, v)
    });
    (r.changed() && v.is_finite()).then_some(v)
}

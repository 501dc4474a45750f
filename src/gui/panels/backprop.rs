//! The backprop view (COURSE §7): for one chosen point, its forward pass `z⁽ˡ⁾, a⁽ˡ⁾`, its
//! errors `e⁽ˡ⁾`, every `∂J/∂w_ij⁽ˡ⁾ = a_i⁽ˡ⁻¹⁾e_j⁽ˡ⁾ + λw_ij⁽ˡ⁾` and `∂J/∂b_j⁽ˡ⁾ = e_j⁽ˡ⁾`, in
//! the lecture's notation with the numbers filled in; the same on the diagram (units coloured
//! by e, edges by the gradient); and the next step as it will be taken (its batch, the
//! gradient averaged over it, and the change it makes).

use crate::gui::formulas::vector;
use crate::gui::i18n::{self as t, Lang};
use crate::gui::network_diagram::Layout;
use crate::gui::network_view::{bias_name, weight_name};
use crate::gui::theme;
use crate::nn::explain::PointBackprop;
use crate::nn::{Activation, Loss, Mlp, Output};
use crate::train::Snapshot;
use crate::train::backprop_view::{BackpropView, MAX_PARAMETERS, NextStep};
use egui::{Color32, RichText, Stroke, Ui, vec2};

/// The view's state: the point explained (0-based).
#[derive(Default)]
pub struct Backprop {
    /// The chosen point.
    pub point: usize,
}

impl Backprop {
    /// Draws the view for the snapshot's model.
    pub fn ui(&mut self, ui: &mut Ui, snap: &Snapshot, lang: Lang) {
        let crate::nn::Model::Mlp(m) = &*snap.model else {
            ui.label(t::BACKPROP_PERCEPTRON.get(lang));
            return;
        };
        if m.parameter_count() > MAX_PARAMETERS {
            ui.label(t::BACKPROP_TOO_BIG.get(lang));
            return;
        }
        let n = snap.data.len();
        ui.horizontal(|ui| {
            let mut shown = self.point.min(n.saturating_sub(1)) + 1;
            ui.label(t::BACKPROP_POINT.get(lang));
            let r = ui.add(egui::DragValue::new(&mut shown).range(1..=n.max(1)));
            r.widget_info(|| egui::WidgetInfo {
                label: Some(t::BACKPROP_POINT.get(lang).to_owned()),
                ..egui::WidgetInfo::drag_value(true, shown as f64)
            });
            self.point = shown.saturating_sub(1);
            ui.label(RichText::new(t::BACKPROP_PICK.get(lang)).small().weak());
        });
        let Some(view) = snap.backprop.as_ref().filter(|v| v.key.2 == self.point) else {
            ui.spinner();
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| view_ui(ui, m, view, snap, lang));
    }
}

fn view_ui(ui: &mut Ui, m: &Mlp, view: &BackpropView, snap: &Snapshot, lang: Lang) {
    ui.label(
        RichText::new(format!(
            "x = ({:.3}, {:.3}) · {} {}",
            view.x[0],
            view.x[1],
            t::CLASS.get(lang),
            view.class
        ))
        .strong(),
    );
    let p = match &view.point {
        Ok(p) => p,
        Err(e) => {
            ui.label(e.to_string());
            return;
        }
    };
    ui.label(format!(
        "J₀ = {:.5} · {} = {:.5}",
        p.data_loss,
        t::BACKPROP_REG.get(lang),
        p.reg_loss
    ));
    diagram(ui, m, p);
    let lambda = snap.config.lambda;
    for l in (0..p.layers.len()).rev() {
        layer_ui(ui, m, p, l, view, lambda, snap.config.loss, lang);
    }
    if let Some(next) = &view.next {
        next_ui(ui, m, p, next, snap, lang);
    }
}

/// Layer l's numbers: z, a, e (with the formula for its first unit) and the gradient matrix.
#[allow(clippy::too_many_arguments)]
fn layer_ui(
    ui: &mut Ui,
    m: &Mlp,
    p: &PointBackprop,
    l: usize,
    view: &BackpropView,
    lambda: f64,
    loss: Loss,
    lang: Lang,
) {
    let layer = &p.layers[l];
    let last = l + 1 == p.layers.len();
    let (k, f) = (l + 1, activation_name(m, l));
    ui.separator();
    ui.label(RichText::new(format!("{} {k} · f = {f}", t::LAYER.get(lang))).strong());
    ui.label(mono(format!("z({k}) = {}", vector(&layer.z))));
    ui.label(mono(format!("a({k}) = {}", vector(&layer.a))));
    ui.label(mono(format!("e({k}) = {}", vector(&layer.e))));
    ui.label(mono(error_formula(m, p, l, view.class, loss, last)));
    // One gradient written out, then the matrix.
    let a_prev = if l == 0 {
        view.phi.clone()
    } else {
        p.layers[l - 1].a.clone()
    };
    let w = m.layers()[l].weights()[[0, 0]];
    ui.label(mono(format!(
        "∂J/∂{} = a1({l}) · e1({k}) + λ·w = {:.4} × {:.4} + {lambda} × {:.4} = {:.5}",
        weight_name(l, 0, 0),
        a_prev[0],
        layer.e[0],
        w,
        layer.dw[0][0]
    )));
    egui::Grid::new(("backprop-dw", l))
        .striped(true)
        .show(ui, |ui| {
            // Headed as the lecture indexes W⁽ˡ⁾: row i an input, column j a unit.
            ui.label(mono(format!("∂J/∂W({k})")).strong());
            for j in 0..layer.db.len().min(6) {
                ui.label(mono(format!("j = {}", j + 1)).weak());
            }
            ui.end_row();
            for (i, row) in layer.dw.iter().enumerate().take(8) {
                ui.label(mono(format!("i = {}", i + 1)).weak());
                for (j, g) in row.iter().enumerate().take(6) {
                    ui.label(mono(format!("{:.4}", g)))
                        .on_hover_text(format!("∂J/∂{}", weight_name(l, i, j)));
                }
                ui.end_row();
            }
            ui.label(mono(format!("∂J/∂b({k})")).weak());
            for (j, g) in layer.db.iter().enumerate().take(6) {
                ui.label(mono(format!("{:.4}", g)))
                    .on_hover_text(format!("∂J/∂{}", bias_name(l, j)));
            }
            ui.end_row();
        });
}

/// `e` of the first unit of layer l, written out with its numbers.
fn error_formula(
    m: &Mlp,
    p: &PointBackprop,
    l: usize,
    class: usize,
    loss: Loss,
    last: bool,
) -> String {
    let k = l + 1;
    let layer = &p.layers[l];
    if last {
        let target = if m.outputs() == 1 {
            class as f64
        } else {
            f64::from(u8::from(class == 0))
        };
        return match loss {
            Loss::CrossEntropy => format!(
                "e1({k}) = a1({k}) − t1 = {:.4} − {target} = {:.5}",
                layer.a[0], layer.e[0]
            ),
            Loss::Mse => format!("e1({k}) = ∂J₀/∂z1({k}) = {:.5}", layer.e[0]),
        };
    }
    let next = &p.layers[l + 1];
    let w = m.layers()[l + 1].weights();
    let sum: f64 = (0..next.e.len()).map(|j| w[[0, j]] * next.e[j]).sum();
    let f_prime = activation_of(m, l).derivative(layer.z[0]);
    format!(
        "e1({k}) = (Σ_j w1j({}) e_j({})) · f′(z1({k})) = {sum:.4} × {f_prime:.4} = {:.5}",
        k + 1,
        k + 1,
        layer.e[0]
    )
}

/// The next step: its batch, and for the first weights the point's gradient, the batch's
/// average, and the change.
fn next_ui(ui: &mut Ui, m: &Mlp, p: &PointBackprop, next: &NextStep, snap: &Snapshot, lang: Lang) {
    ui.separator();
    let listed: Vec<String> = next
        .batch
        .iter()
        .take(8)
        .map(|i| format!("#{}", i + 1))
        .collect();
    let more = if next.batch.len() > 8 { ", …" } else { "" };
    ui.label(
        RichText::new(format!(
            "{} ({} {}: {}{more})",
            t::BACKPROP_NEXT.get(lang),
            next.batch.len(),
            t::BACKPROP_POINTS.get(lang),
            listed.join(", ")
        ))
        .strong(),
    );
    ui.label(RichText::new(t::BACKPROP_NEXT_TIP.get(lang)).small().weak());
    let alpha = snap.config.learning_rate;
    egui::Grid::new("backprop-next")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "",
                t::BACKPROP_THIS_POINT.get(lang),
                t::BACKPROP_BATCH.get(lang),
                "Δ",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (l, layer) in m.layers().iter().enumerate() {
                for (i, j) in (0..layer.inputs())
                    .flat_map(|i| (0..layer.units()).map(move |j| (i, j)))
                    .take(4)
                {
                    ui.label(mono(weight_name(l, i, j)));
                    ui.label(mono(format!("{:.5}", p.layers[l].dw[i][j])));
                    ui.label(mono(format!("{:.5}", next.gradient.weights[l][[i, j]])));
                    ui.label(mono(format!("{:+.5}", next.change[l].0[[i, j]])));
                    ui.end_row();
                }
            }
        });
    ui.label(mono(format!(
        "α = {alpha} · Δθ = −α · ∂J/∂θ ({})",
        t::BACKPROP_GD.get(lang)
    )));
}

/// The diagram with every unit coloured by its e (blue −, orange +) and every edge by its
/// gradient (width ∝ |∂J/∂w|).
fn diagram(ui: &mut Ui, m: &Mlp, p: &PointBackprop) {
    let sizes = m.sizes();
    let size = vec2(ui.available_width(), Layout::height_for(&sizes).min(260.0));
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let layout = Layout::new(rect, sizes.clone());
    let painter = ui.painter_at(rect);
    let peak_g = p
        .layers
        .iter()
        .flat_map(|l| l.dw.iter().flatten())
        .fold(1e-12f64, |a, g| a.max(g.abs()));
    for (l, layer) in p.layers.iter().enumerate() {
        for i in 0..layout.shown[l] {
            for j in 0..layout.shown[l + 1] {
                let g = layer.dw[i][j];
                let color = sign_color(g, (g.abs() / peak_g) as f32);
                let width = 0.5 + 4.0 * (g.abs() / peak_g) as f32;
                painter.line_segment(
                    [layout.pos(l, i), layout.pos(l + 1, j)],
                    Stroke::new(width, color),
                );
            }
        }
    }
    let text = ui.visuals().text_color();
    for (l, &d) in sizes.iter().enumerate() {
        let e: &[f64] = if l == 0 { &[] } else { &p.layers[l - 1].e };
        let peak_e = e.iter().fold(1e-12f64, |a, v| a.max(v.abs()));
        for j in 0..layout.shown[l].min(d) {
            let fill = e.get(j).map_or(Color32::from_gray(200), |v| {
                sign_color(*v, (v.abs() / peak_e) as f32)
            });
            let r = egui::Rect::from_center_size(layout.pos(l, j), vec2(layout.node, layout.node));
            painter.rect_filled(r, 2.0, fill);
            painter.rect_stroke(r, 2.0, Stroke::new(1.0, text), egui::StrokeKind::Outside);
        }
    }
}

/// Class 1's colour for positive values, class 0's for negative, as strong as `strength`.
fn sign_color(v: f64, strength: f32) -> Color32 {
    let base = if v >= 0.0 {
        theme::class_color(1)
    } else {
        theme::class_color(0)
    };
    base.gamma_multiply(0.15 + 0.85 * strength.clamp(0.0, 1.0))
}

fn activation_of(m: &Mlp, l: usize) -> Activation {
    m.activation(l).unwrap_or(Activation::Linear)
}

fn activation_name(m: &Mlp, l: usize) -> String {
    if l + 1 == m.layer_count() {
        match m.output() {
            Output::Softmax => "softmax".to_owned(),
            o => o.to_string(),
        }
    } else {
        activation_of(m, l).to_string()
    }
}

fn mono(s: String) -> RichText {
    RichText::new(s).monospace()
}

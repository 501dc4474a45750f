//! The network as the lecture draws it: a diagram with every weight and bias, each editable
//! by typing or dragging (the plot follows at once), the 4 points in hidden space (a₁, a₂)
//! where XOR becomes separable, and a truth table of the network's outputs.

use super::i18n::{self as t, Lang};
use super::theme;
use crate::data::{Dataset, Features};
use crate::nn::{Mlp, Output};
use egui::{Align2, Color32, DragValue, FontId, Pos2, Stroke, Ui, vec2};
use egui_plot::{Legend, Line, MarkerShape, Plot, PlotPoint, Points, Text};

/// Networks up to this many units in a layer keep the lecture's fully labelled diagram…
pub const SMALL_UNITS: usize = 3;
/// … and up to this many layers; larger ones get the scaled diagram
/// ([`super::network_diagram`]) and the matrix editor ([`super::weight_matrix`]).
pub const SMALL_LAYERS: usize = 2;

/// Whether the network is the lecture's size (2-2-1 and the like): every weight written on
/// its edge and edited by name.
pub fn is_small(m: &Mlp) -> bool {
    m.layer_count() <= SMALL_LAYERS && m.sizes().iter().all(|&d| d <= SMALL_UNITS)
}

/// The lecture's name of a weight: `w_ij^(l)` from unit i of layer l−1 to unit j of layer l
/// (1-based).
pub fn weight_name(l: usize, i: usize, j: usize) -> String {
    format!("w{}{}({})", i + 1, j + 1, l + 1)
}

/// The name of a bias `b_j^(l)`.
pub fn bias_name(l: usize, j: usize) -> String {
    format!("b{}({})", j + 1, l + 1)
}

/// Draws the lecture-sized diagram and the named editors; returns the network with the
/// edits, if any.
pub fn network_ui(ui: &mut Ui, m: &Mlp, features: Features, lang: Lang) -> Option<Mlp> {
    diagram(ui, m, features);
    let mut edited = m.clone();
    let mut changed = false;
    for (l, layer) in m.layers().iter().enumerate() {
        ui.label(egui::RichText::new(format!("W({0}), b({0})", l + 1)).strong());
        egui::Grid::new(("weights", l))
            .striped(true)
            .show(ui, |ui| {
                for i in 0..layer.inputs() {
                    for j in 0..layer.units() {
                        let mut w = layer.weights()[[i, j]];
                        let name = weight_name(l, i, j);
                        let r = ui
                            .add(
                                DragValue::new(&mut w)
                                    .speed(0.05)
                                    .max_decimals(4)
                                    .prefix(format!("{name} = ")),
                            )
                            .on_hover_text(format!("{name} — {}", t::NETWORK_TIP.get(lang)));
                        if r.changed() && w.is_finite() {
                            edited.set_weight(l, i, j, w);
                            changed = true;
                        }
                    }
                    ui.end_row();
                }
                for j in 0..layer.units() {
                    let mut b = layer.bias()[j];
                    let name = bias_name(l, j);
                    let r = ui
                        .add(
                            DragValue::new(&mut b)
                                .speed(0.05)
                                .max_decimals(4)
                                .prefix(format!("{name} = ")),
                        )
                        .on_hover_text(format!("{name} — {}", t::NETWORK_TIP.get(lang)));
                    if r.changed() && b.is_finite() {
                        edited.set_bias(l, j, b);
                        changed = true;
                    }
                }
                ui.end_row();
            });
    }
    changed.then_some(edited)
}

/// Nodes in columns, edges coloured by the weight's sign and as thick as its size.
fn diagram(ui: &mut Ui, m: &Mlp, features: Features) {
    let sizes = m.sizes();
    let height = 40.0 + 34.0 * *sizes.iter().max().unwrap_or(&2) as f32;
    let (rect, _) = ui.allocate_exact_size(
        vec2(ui.available_width().min(420.0), height),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let column = |l: usize| {
        rect.left() + 30.0 + (rect.width() - 60.0) * l as f32 / (sizes.len() - 1).max(1) as f32
    };
    let node = |l: usize, j: usize| {
        let n = sizes[l] as f32;
        Pos2::new(
            column(l),
            rect.center().y + (j as f32 - (n - 1.0) / 2.0) * 34.0,
        )
    };
    let max_w = m
        .layers()
        .iter()
        .flat_map(|l| l.weights().iter().copied())
        .fold(1e-9f64, |a, w| a.max(w.abs()));
    let positive = theme::class_color(1);
    let negative = theme::class_color(0);
    for (l, layer) in m.layers().iter().enumerate() {
        for i in 0..layer.inputs() {
            for j in 0..layer.units() {
                let w = layer.weights()[[i, j]];
                let width = 0.5 + 3.5 * (w.abs() / max_w) as f32;
                let color = if w >= 0.0 { positive } else { negative };
                let (a, b) = (node(l, i), node(l + 1, j));
                painter.line_segment([a, b], Stroke::new(width, color));
                // Labels of edges into alternate units sit at different distances, so that
                // crossing edges do not stack them.
                let at = a + (b - a) * (0.2 + 0.35 * (j % 2) as f32);
                painter.text(
                    at,
                    Align2::CENTER_CENTER,
                    format!("{w:.2}"),
                    FontId::proportional(11.0),
                    text_color,
                );
            }
        }
    }
    let fill = if dark {
        Color32::from_gray(50)
    } else {
        Color32::from_gray(235)
    };
    for (l, &n) in sizes.iter().enumerate() {
        for j in 0..n {
            let p = node(l, j);
            painter.circle(p, 11.0, fill, Stroke::new(1.5, text_color));
            let label = if l == 0 {
                // The input nodes are the features φ(x) the network reads.
                features
                    .list()
                    .get(j)
                    .map_or_else(|| format!("x{}", j + 1), |f| f.symbol().to_owned())
            } else {
                format!("{:.2}", m.layers()[l - 1].bias()[j])
            };
            painter.text(
                p,
                Align2::CENTER_CENTER,
                label,
                FontId::proportional(10.0),
                text_color,
            );
        }
    }
    let names: Vec<&str> = m.hidden_activations().iter().map(|a| a.name()).collect();
    let f = format!("f = {} · out = {}", names.join(", "), m.output());
    painter.text(
        rect.left_bottom() + vec2(4.0, -4.0),
        Align2::LEFT_BOTTOM,
        f,
        FontId::proportional(11.0),
        text_color,
    );
}

/// The first hidden layer's output `a⁽¹⁾` for each point.
pub fn hidden_points(m: &Mlp, features: Features, data: &Dataset) -> Vec<Vec<f64>> {
    (0..data.len())
        .map(|n| m.forward_point(&features.phi(data.point(n)))[0].1.clone())
        .collect()
}

/// Groups points that land on the same hidden point: (position, the labels there).
pub fn coincident(points: &[Vec<f64>], classes: &[usize]) -> Vec<([f64; 2], Vec<usize>)> {
    let mut groups: Vec<([f64; 2], Vec<usize>)> = Vec::new();
    for (p, &c) in points.iter().zip(classes) {
        let q = [p[0], p[1]];
        match groups
            .iter_mut()
            .find(|(g, _)| (g[0] - q[0]).abs() < 1e-9 && (g[1] - q[1]).abs() < 1e-9)
        {
            Some((_, labels)) => labels.push(c),
            None => groups.push((q, vec![c])),
        }
    }
    groups
}

/// The points in hidden space (a₁, a₂), with the output unit's line when it reads them
/// directly; coincident points are written out ("3 dots carry 4 labels").
pub fn hidden_space_ui(
    ui: &mut Ui,
    m: &Mlp,
    features: Features,
    data: &Dataset,
    lang: Lang,
    height: f32,
) {
    if m.layer_count() < 2 || m.layers()[0].units() != 2 || data.len() > 64 {
        return;
    }
    ui.label(egui::RichText::new(t::HIDDEN_SPACE.get(lang)).strong());
    let points = hidden_points(m, features, data);
    let groups = coincident(&points, &data.classes);
    let shared: Vec<&([f64; 2], Vec<usize>)> = groups.iter().filter(|(_, l)| l.len() > 1).collect();
    if !shared.is_empty() {
        let text: Vec<String> = shared
            .iter()
            .map(|(p, labels)| {
                let ls: Vec<String> = labels.iter().map(ToString::to_string).collect();
                format!(
                    "({:.2}, {:.2}): {} {} {}",
                    p[0],
                    p[1],
                    labels.len(),
                    t::HIDDEN_SPACE_NOTE.get(lang),
                    ls.join(", ")
                )
            })
            .collect();
        ui.label(format!(
            "{} → {} · {}",
            data.len(),
            groups.len(),
            text.join("; ")
        ));
    }
    let next = (m.layer_count() == 2 && m.outputs() == 1).then(|| &m.layers()[1]);
    let pts: Vec<[f64; 2]> = points.iter().map(|p| [p[0], p[1]]).collect();
    let view = hidden_view(&pts);
    let corner = super::plot_legend::legend_corner(&pts, view, LEGEND_BOX);
    Plot::new("hidden-space")
        .height(height)
        .data_aspect(1.0)
        .legend(Legend::default().position(corner).background_alpha(0.75))
        .default_x_bounds(view.x_range[0], view.x_range[1])
        .default_y_bounds(view.y_range[0], view.y_range[1])
        .show(ui, |plot_ui| {
            for class in 0..data.class_count {
                let pts: Vec<[f64; 2]> = points
                    .iter()
                    .zip(&data.classes)
                    .filter(|(_, c)| **c == class)
                    .map(|(p, _)| [p[0], p[1]])
                    .collect();
                plot_ui.points(
                    Points::new(format!("{} {class}", t::CLASS.get(lang)), pts)
                        .color(theme::class_color(class))
                        .radius(7.0)
                        .shape(MarkerShape::Circle),
                );
            }
            for (p, labels) in &groups {
                let ls: Vec<String> = labels.iter().map(ToString::to_string).collect();
                let label = egui::RichText::new(ls.join(", ")).size(15.0).strong();
                plot_ui.text(Text::new(
                    "",
                    PlotPoint::new(p[0] + 0.25, p[1] + 0.3),
                    label,
                ));
            }
            if let Some(out) = next {
                // The output unit: b + w₁a₁ + w₂a₂ = 0 (0.5 level for a sigmoid is the same line).
                let (w1, w2, b) = (out.weights()[[0, 0]], out.weights()[[1, 0]], out.bias()[0]);
                let line: Vec<[f64; 2]> = if w2.abs() > 1e-12 {
                    [-2.0, 2.0]
                        .iter()
                        .map(|&x| [x, -(b + w1 * x) / w2])
                        .collect()
                } else if w1.abs() > 1e-12 {
                    [-2.0, 2.0]
                        .iter()
                        .map(|&y| [-(b + w2 * y) / w1, y])
                        .collect()
                } else {
                    Vec::new()
                };
                if !line.is_empty() {
                    plot_ui.line(
                        Line::new(t::OUTPUT.get(lang), line)
                            .color(ui_line_color())
                            .width(2.0),
                    );
                }
            }
        });
}

/// The share of the hidden-space plot's width and height its legend takes (three entries
/// in a plot a few hundred points across).
const LEGEND_BOX: (f64, f64) = (0.5, 0.4);

/// The hidden space's view: the square [−1.3, 1.3]² (every sigmoid and tanh unit's range,
/// with room), grown to hold every point with a margin of 0.3 (ReLU units are unbounded).
fn hidden_view(points: &[[f64; 2]]) -> crate::train::grid::GridSpec {
    let range = |k: usize| {
        points.iter().fold([-1.3_f64, 1.3_f64], |[lo, hi], p| {
            [lo.min(p[k] - 0.3), hi.max(p[k] + 0.3)]
        })
    };
    crate::train::grid::GridSpec {
        x_range: range(0),
        y_range: range(1),
        nx: 0,
        ny: 0,
    }
}

fn ui_line_color() -> Color32 {
    Color32::from_gray(60)
}

/// Rows of the truth table: x, the target, the network's output and its class.
pub fn truth_rows(
    m: &Mlp,
    features: Features,
    data: &Dataset,
) -> Vec<([f64; 2], usize, f64, usize)> {
    (0..data.len())
        .map(|n| {
            let x = data.point(n);
            let out = m.predict(&features.phi(x));
            let value = if m.output() == Output::Softmax {
                out.iter().copied().fold(f64::MIN, f64::max)
            } else {
                out[0]
            };
            (x, data.classes[n], value, m.output().predicted_class(&out))
        })
        .collect()
}

/// The truth table of the network on a small dataset (the logic gates).
pub fn truth_table_ui(ui: &mut Ui, m: &Mlp, features: Features, data: &Dataset, lang: Lang) {
    if data.len() > 16 {
        return;
    }
    ui.label(egui::RichText::new(t::TRUTH_TABLE.get(lang)).strong());
    egui::Grid::new("truth-table").striped(true).show(ui, |ui| {
        for h in [
            "x₁",
            "x₂",
            t::TARGET.get(lang),
            t::OUTPUT.get(lang),
            t::CLASS.get(lang),
        ] {
            ui.label(egui::RichText::new(h).strong());
        }
        ui.end_row();
        for (x, target, value, class) in truth_rows(m, features, data) {
            ui.label(format!("{}", x[0]));
            ui.label(format!("{}", x[1]));
            ui.label(target.to_string());
            let shown = if matches!(m.output(), Output::Sign) {
                format!("{value:+}")
            } else {
                format!("{value:.4}")
            };
            let wrong = class != target;
            let text = egui::RichText::new(shown).monospace();
            ui.label(if wrong {
                text.color(Color32::from_rgb(200, 0, 0))
            } else {
                text
            });
            ui.label(class.to_string());
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Model;
    use crate::nn::model_file::parse_model;

    fn xor() -> (Mlp, Dataset) {
        let json = include_str!("../../assets/models/xor-sign.json");
        let Ok(Model::Mlp(m)) = parse_model(json, "xor").map(|s| s.model) else {
            panic!("the asset is an mlp")
        };
        let data = crate::data::DataSpec {
            kind: crate::data::DatasetKind::Xor,
            ..Default::default()
        }
        .generate()
        .expect("valid");
        (m, data)
    }

    /// The hidden-space legend sat in the top right corner over the point (1, 1) of the
    /// trained XOR network: it now takes a corner whose box holds no point.
    #[test]
    fn the_hidden_space_legend_takes_a_corner_free_of_points() {
        use crate::gui::plot_legend::{legend_corner, points_under};
        use egui_plot::Corner;
        // The trained XOR network's hidden points (sigmoid units, near the unit square).
        let pts = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [1.0, 0.0]];
        let view = hidden_view(&pts);
        assert_eq!(view.x_range, [-1.3, 1.3]);
        let corner = legend_corner(&pts, view, LEGEND_BOX);
        assert_eq!(
            points_under(&pts, view, LEGEND_BOX, corner),
            0,
            "{corner:?} covers a point"
        );
        // The old place, the top right, covered (1, 1).
        assert_eq!(points_under(&pts, view, LEGEND_BOX, Corner::RightTop), 1);
        // ReLU units are unbounded: the view grows to hold them.
        let far = hidden_view(&[[4.0, -2.0]]);
        assert_eq!(far.x_range, [-1.3, 4.3]);
        assert_eq!(far.y_range, [-2.3, 1.3]);
    }

    #[test]
    fn in_hidden_space_xor_has_three_dots_for_four_points() {
        let (m, data) = xor();
        let groups = coincident(
            &hidden_points(&m, Features::default(), &data),
            &data.classes,
        );
        assert_eq!(groups.len(), 3);
        // (0,1) and (1,0) land on the same hidden point, both class 1.
        let shared = groups
            .iter()
            .find(|(_, l)| l.len() == 2)
            .expect("a shared point");
        assert_eq!(shared.1, vec![1, 1]);
        assert_eq!(shared.0, [1.0, 1.0]);
    }

    #[test]
    fn the_truth_table_reads_the_lecture_outputs() {
        let (m, data) = xor();
        let outputs: Vec<f64> = truth_rows(&m, Features::default(), &data)
            .iter()
            .map(|r| r.2)
            .collect();
        assert_eq!(outputs, vec![-1.0, 1.0, 1.0, -1.0]);
        assert!(is_small(&m));
        assert_eq!(weight_name(0, 0, 1), "w12(1)");
    }
}

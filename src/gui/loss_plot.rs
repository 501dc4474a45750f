//! The curves: full-data loss (total, data part, λ part) and, below, accuracy (MLP) or |M|
//! (perceptron), over steps or epochs; the batch-loss envelope; other runs as ghost curves;
//! marks where something changed; the timeline cursor with the rest of the run faded.
//!
//! The series are rebuilt only when a new snapshot arrives (cached by its sequence number)
//! and drawn borrowed, so a frame never copies a long history.

use super::i18n::{self as t, Lang};
use super::settings::Settings;
use super::theme;
use crate::train::Snapshot;
use crate::train::history::Sample;
use crate::train::run::MarkKind;
use crate::train::session::RunView;
use egui::{Color32, Id, Ui};
use egui_plot::{
    Corner, FilledArea, HoverPosition, Legend, Line, Plot, PlotPoint, PlotPoints, VLine,
};

/// One run's series, in plot coordinates.
#[derive(Default)]
struct RunSeries {
    name: String,
    loss: Vec<PlotPoint>,
    data_loss: Vec<PlotPoint>,
    reg_loss: Vec<PlotPoint>,
    lower: Vec<PlotPoint>,
}

/// The curves of every run, cached per snapshot.
#[derive(Default)]
pub struct LossPlot {
    key: Option<(u64, bool, bool)>,
    current: RunSeries,
    /// The current run's samples after the cursor (drawn faded).
    future: RunSeries,
    ghosts: Vec<RunSeries>,
    envelope: (Vec<f64>, Vec<f64>, Vec<f64>),
    marks: Vec<(f64, String)>,
    cursor: Option<f64>,
    segments: usize,
    reset: bool,
    /// The highest value drawn in the loss plot (where the marks' labels go).
    top: f64,
    /// The batch loss of every step while the curve keeps each one exactly.
    exact_batches: Vec<PlotPoint>,
    /// The test set's curves (empty without a test set).
    test: super::test_curves::TestCurves,
}

/// `log10(v)` for the log scale (tiny and zero values clamped).
fn log10(v: f64) -> f64 {
    v.max(1e-12).log10()
}

/// A step count with thin spaces every three digits ("12 500").
pub fn format_count(v: f64) -> String {
    let n = v.round().abs() as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    if v < 0.0 { format!("−{out}") } else { out }
}

/// What differs between a run's settings and the current one's ("α 3").
pub fn run_label(run: &RunView, current: &RunView, lang: Lang) -> String {
    let (_, changes) = crate::train::change::classify(&current.config, &run.config);
    let mut label = if run.name.is_empty() {
        format!("{} {}", t::RUN.get(lang), run.id)
    } else {
        run.name.clone()
    };
    for c in changes.iter().take(2) {
        label.push_str(&format!(" · {} {}", setting_name(c.name, lang), c.to));
    }
    label
}

/// A setting's short name in the interface language (α, λ and B are the course's symbols).
pub fn setting_name(name: &'static str, lang: Lang) -> &'static str {
    match (name, lang) {
        (_, Lang::En) => name,
        ("loss", Lang::Vi) => "hàm tổn thất",
        ("update", Lang::Vi) => "cách cập nhật",
        ("shuffle", Lang::Vi) => "xáo trộn",
        ("model", Lang::Vi) => "mô hình",
        ("hidden", Lang::Vi) => "lớp ẩn",
        ("activation", Lang::Vi) => "hàm kích hoạt",
        ("seed", Lang::Vi) => "hạt giống",
        ("init", Lang::Vi) => "khởi tạo",
        ("optimizer", Lang::Vi) => "bộ tối ưu",
        ("reg", Lang::Vi) => "điều chuẩn",
        (other, Lang::Vi) => other,
    }
}

fn mark_text(kind: &MarkKind, lang: Lang) -> String {
    match kind {
        MarkKind::Settings(changes) => changes
            .iter()
            .map(|c| format!("{} {} → {}", setting_name(c.name, lang), c.from, c.to))
            .collect::<Vec<_>>()
            .join(", "),
        MarkKind::Segment(cause) => super::notices::cause(*cause, lang).to_owned(),
        MarkKind::Branch => String::new(),
        MarkKind::Edit => t::EDITED.get(lang).into(),
    }
}

impl LossPlot {
    fn series(samples: &[Sample], epochs: bool, log: bool, name: String) -> RunSeries {
        let x = |s: &Sample| {
            if epochs {
                s.epoch as f64
            } else {
                s.step as f64
            }
        };
        let y = |v: f64| if log { log10(v) } else { v };
        let pick = |f: &dyn Fn(&Sample) -> Option<f64>, logged: bool| {
            samples
                .iter()
                .filter_map(|s| {
                    let v = f(s).filter(|v| v.is_finite())?;
                    Some(PlotPoint::new(x(s), if logged { y(v) } else { v }))
                })
                .collect::<Vec<_>>()
        };
        RunSeries {
            name,
            loss: pick(&|s| Some(s.loss), true),
            data_loss: pick(&|s| Some(s.data_loss), true),
            reg_loss: pick(&|s| Some(s.reg_loss), true),
            lower: pick(
                &|s| match s.misclassified {
                    Some(m) if s.accuracy.is_none() => Some(m as f64),
                    _ => s.accuracy,
                },
                false,
            ),
        }
    }

    /// Rebuilds the cached series from a new snapshot.
    fn update(&mut self, snap: &Snapshot, s: &Settings, perceptron: bool) {
        let key = (snap.seq, s.x_in_epochs, s.log_scale);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        let (epochs, log) = (s.x_in_epochs, s.log_scale);
        let current = &snap.runs[snap.current];
        let lower_of = |samples: Vec<Sample>| -> Vec<Sample> {
            samples
                .into_iter()
                .map(|mut x| {
                    if perceptron {
                        x.accuracy = None;
                    }
                    x
                })
                .collect()
        };
        let all = lower_of(current.metrics.samples().to_vec());
        let cut = snap.cursor.unwrap_or(u64::MAX);
        let split = all.partition_point(|x| x.step <= cut);
        let name = run_label(current, current, s.lang);
        self.current = Self::series(&all[..split], epochs, log, name.clone());
        self.future = Self::series(&all[split.saturating_sub(1)..], epochs, log, name);
        if snap.cursor.is_none() {
            self.future = RunSeries::default();
        }
        self.ghosts = snap
            .runs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != snap.current)
            .map(|(_, r)| {
                let samples = lower_of(r.metrics.samples().to_vec());
                Self::series(&samples, epochs, log, run_label(r, current, s.lang))
            })
            .collect();
        let buckets = current.curve.buckets();
        let y = |v: f64| if log { log10(v) } else { v };
        // The batch loss says something only where a step does not use every point.
        let batches = snap.config.update != crate::train::UpdateRule::Batch && !epochs;
        let exact = current.curve.width() == 1;
        self.exact_batches = if batches && exact {
            buckets
                .iter()
                .map(|b| PlotPoint::new(b.last as f64, y(b.mean())))
                .collect()
        } else {
            Vec::new()
        };
        self.envelope = if epochs || !batches || exact {
            Default::default()
        } else {
            (
                buckets.iter().map(|b| b.last as f64).collect(),
                buckets.iter().map(|b| y(b.min)).collect(),
                buckets.iter().map(|b| y(b.max)).collect(),
            )
        };
        self.marks = if epochs {
            Vec::new()
        } else {
            current
                .marks
                .iter()
                .map(|m| (m.step as f64, mark_text(&m.kind, s.lang)))
                .collect()
        };
        self.cursor = snap.cursor.map(|c| c as f64).filter(|_| !epochs);
        let highest = |pts: &[PlotPoint]| pts.iter().map(|p| p.y).fold(f64::MIN, f64::max);
        self.top = [&self.current.loss, &self.future.loss]
            .into_iter()
            .chain(self.ghosts.iter().map(|g| &g.loss))
            .map(|p| highest(p))
            .chain(self.envelope.2.iter().copied())
            .fold(if log { 0.0 } else { 1.0 }, f64::max);
        let label = |i: usize| run_label(&snap.runs[i], current, s.lang);
        self.test.update(snap, epochs, &y, perceptron, &label);
        let segments = snap.segment.start_step as usize + snap.current * 1_000_003;
        self.reset = segments != self.segments;
        self.segments = segments;
    }

    /// How many points the loss and the lower curve of the current run draw (before and
    /// after the cursor), and how many ghost runs are drawn.
    pub fn drawn(&self) -> (usize, usize, usize) {
        let f = usize::from(!self.future.loss.is_empty());
        (
            self.current.loss.len() + self.future.loss.len() - f,
            self.current.lower.len() + self.future.lower.len() - f,
            self.ghosts.len(),
        )
    }

    /// How many points the current run's test loss curve draws (0 without a test set).
    pub fn test_drawn(&self) -> usize {
        self.test.drawn()
    }

    /// Draws both plots in `height` points.
    pub fn ui(&mut self, ui: &mut Ui, s: &Settings, snap: &Snapshot, height: f32) {
        let perceptron = matches!(*snap.model, crate::nn::Model::Perceptron(_));
        self.update(snap, s, perceptron);
        let lang = s.lang;
        let (epochs, log) = (s.x_in_epochs, s.log_scale);
        let x_name = if epochs {
            t::EPOCH_LABEL.get(lang)
        } else {
            t::STEP_LABEL.get(lang)
        };
        let link = Id::unique("loss-x-link");
        let loss_name = if perceptron {
            t::PERCEPTRON_LOSS.get(lang)
        } else {
            t::TOTAL_LOSS.get(lang)
        };
        ui.label(egui::RichText::new(t::LOSS_PLOT.get(lang)).strong());
        let mut plot = self
            .base("loss-plot", link, lang, log, epochs)
            .height(height * 0.62)
            .x_axis_label(x_name)
            .legend(
                Legend::default()
                    .position(Corner::RightTop)
                    .background_alpha(0.75),
            );
        if log {
            plot = plot.y_axis_formatter(|mark, _| format!("{:.0e}", 10f64.powf(mark.value)));
        } else {
            plot = plot.include_y(1.0);
        }
        let faded = |c: Color32| c.gamma_multiply(theme::FADED_ALPHA);
        plot.show(ui, |p| {
            for g in &self.ghosts {
                p.line(
                    Line::new(&g.name, PlotPoints::Borrowed(&g.loss))
                        .color(theme::GHOST_COLOR)
                        .width(1.2),
                );
            }
            let (xs, mins, maxs) = &self.envelope;
            if self.exact_batches.len() > 1 {
                p.line(
                    Line::new(
                        t::BATCH_LOSS.get(lang),
                        PlotPoints::Borrowed(&self.exact_batches),
                    )
                    .color(theme::ENVELOPE_COLOR)
                    .width(1.0),
                );
            } else if xs.len() > 1 {
                p.add(
                    FilledArea::new(t::BATCH_LOSS.get(lang), xs, mins, maxs)
                        .fill_color(theme::ENVELOPE_COLOR),
                );
            }
            let parts = [
                (
                    &self.current.loss,
                    &self.future.loss,
                    loss_name,
                    theme::LOSS_COLOR,
                    2.0,
                ),
                (
                    &self.current.data_loss,
                    &self.future.data_loss,
                    t::DATA_LOSS.get(lang),
                    theme::DATA_LOSS_COLOR,
                    1.5,
                ),
                (
                    &self.current.reg_loss,
                    &self.future.reg_loss,
                    super::controls::reg_term_name(snap.config.reg).get(lang),
                    theme::REG_LOSS_COLOR,
                    1.5,
                ),
            ];
            for (i, (now, later, name, color, width)) in parts.into_iter().enumerate() {
                if i > 0 && (perceptron || !s.show_loss_parts) {
                    break;
                }
                p.line(
                    Line::new(name, PlotPoints::Borrowed(now))
                        .color(color)
                        .width(width),
                );
                if !later.is_empty() {
                    // No name: the faded rest of the run is not a legend entry of its own.
                    p.line(
                        Line::new("", PlotPoints::Borrowed(later))
                            .color(faded(color))
                            .width(width),
                    );
                }
            }
            self.test.loss_ui(p, lang, perceptron);
            self.marks_and_cursor(p, true);
        });
        self.lower_ui(ui, s, perceptron, height, link);
    }

    fn base(&self, id: &str, link: Id, lang: Lang, log: bool, epochs: bool) -> Plot<'static> {
        let mut plot = Plot::new(id.to_owned())
            .link_axis(link, [true, false])
            .label_formatter(move |pos: &HoverPosition<'_>| {
                let (name, p) = match pos {
                    HoverPosition::NearDataPoint {
                        plot_name,
                        position,
                        ..
                    } => (*plot_name, *position),
                    HoverPosition::Elsewhere { position } => ("", *position),
                };
                let y = if log { 10f64.powf(p.y) } else { p.y };
                let x_label = if epochs {
                    t::EPOCH_LABEL.get(lang)
                } else {
                    t::STEP_LABEL.get(lang)
                };
                Some(format!("{name}\n{x_label} {}\n{y:.5}", format_count(p.x)))
            })
            .x_axis_formatter(|mark, _| format_count(mark.value))
            .grid_spacing(super::plot_ticks::GRID_MIN..=300.0)
            .x_grid_spacer(super::plot_ticks::reading_marks)
            .include_x(0.0)
            .include_y(0.0);
        // A log axis keeps egui_plot's powers of ten (its labels are 1e-2, 1e-1, …).
        if !log {
            plot = plot
                .y_grid_spacer(super::plot_ticks::reading_marks)
                .y_axis_formatter(super::plot_ticks::tick_label);
        }
        if self.reset {
            plot = plot.reset();
        }
        plot
    }

    /// Marks and the cursor: vertical lines kept out of the legend (an empty name), each
    /// mark labelled at the top of the plot.
    fn marks_and_cursor(&self, p: &mut egui_plot::PlotUi<'_>, labels: bool) {
        let top = self.top;
        for (x, text) in &self.marks {
            p.vline(VLine::new("", *x).color(theme::MARK_COLOR).width(1.0));
            if labels && !text.is_empty() {
                p.text(
                    egui_plot::Text::new("", PlotPoint::new(*x, top), text.as_str())
                        .anchor(egui::Align2::LEFT_TOP)
                        .color(theme::MARK_TEXT_COLOR),
                );
            }
        }
        if let Some(x) = self.cursor {
            p.vline(VLine::new("", x).color(theme::CURSOR_COLOR).width(1.5));
        }
    }

    fn lower_ui(&self, ui: &mut Ui, s: &Settings, perceptron: bool, height: f32, link: Id) {
        let lang = s.lang;
        let (epochs, _) = (s.x_in_epochs, s.log_scale);
        let lower_name = if perceptron {
            t::MISCLASSIFIED_SET.get(lang)
        } else {
            t::ACCURACY_LABEL.get(lang)
        };
        ui.label(
            egui::RichText::new(if perceptron {
                t::MISCLASSIFIED_LABEL.get(lang)
            } else {
                t::ACCURACY_PLOT.get(lang)
            })
            .strong(),
        );
        let mut plot = self
            .base("accuracy-plot", link, lang, false, epochs)
            .height(height * 0.30);
        if !perceptron {
            plot = plot.include_y(1.0);
        }
        if self.test.any() {
            // Train and test curves share the plot: the legend tells them apart.
            plot = plot.legend(
                Legend::default()
                    .position(Corner::RightBottom)
                    .background_alpha(0.75),
            );
        }
        plot.show(ui, |p| {
            for g in &self.ghosts {
                p.line(
                    Line::new(&g.name, PlotPoints::Borrowed(&g.lower))
                        .color(theme::GHOST_COLOR)
                        .width(1.2),
                );
            }
            p.line(
                Line::new(lower_name, PlotPoints::Borrowed(&self.current.lower))
                    .color(theme::ACCURACY_COLOR)
                    .width(2.0),
            );
            if !self.future.lower.is_empty() {
                p.line(
                    Line::new("", PlotPoints::Borrowed(&self.future.lower))
                        .color(theme::ACCURACY_COLOR.gamma_multiply(theme::FADED_ALPHA))
                        .width(2.0),
                );
            }
            self.test.lower_ui(p, lang, perceptron);
            self.marks_and_cursor(p, false);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::format_count;

    #[test]
    fn step_counts_read_as_numbers() {
        assert_eq!(format_count(0.0), "0");
        assert_eq!(format_count(5500.0), "5\u{2009}500");
        assert_eq!(format_count(1_234_567.0), "1\u{2009}234\u{2009}567");
    }
}

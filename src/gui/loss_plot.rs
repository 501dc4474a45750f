//! The loss curves (total, data part, λ part) and, below, accuracy (MLP) or |M| (perceptron),
//! over steps or epochs, with a log-scale option and a hover readout.

use super::i18n::{self as t, Lang};
use super::settings::Settings;
use super::theme;
use crate::train::{History, Sample};
use egui::{Id, Ui};
use egui_plot::{Corner, HoverPosition, Legend, Line, Plot, PlotPoints};

/// The curves of the current run, bounded so that an hour of training stays smooth.
pub struct LossPlot {
    /// The samples received from the worker.
    pub history: History,
}

impl Default for LossPlot {
    fn default() -> Self {
        Self {
            history: History::new(4096),
        }
    }
}

/// `log10(v)` for the log scale (tiny and zero values clamped).
fn log10(v: f64) -> f64 {
    v.max(1e-12).log10()
}

fn series(
    samples: &[Sample],
    epochs: bool,
    log: bool,
    y: impl Fn(&Sample) -> Option<f64>,
) -> Vec<[f64; 2]> {
    samples
        .iter()
        .filter_map(|s| {
            let v = y(s)?;
            if !v.is_finite() {
                return None;
            }
            let x = if epochs {
                s.epoch as f64
            } else {
                s.step as f64
            };
            Some([x, if log { log10(v) } else { v }])
        })
        .collect()
}

impl LossPlot {
    /// Adds the samples of a snapshot.
    pub fn extend(&mut self, samples: &[Sample]) {
        for s in samples {
            self.history.push(*s);
        }
    }

    /// Draws both plots in `height` points.
    pub fn ui(&self, ui: &mut Ui, s: &Settings, perceptron: bool, height: f32) {
        let lang = s.lang;
        let samples = self.history.samples();
        let (epochs, log) = (s.x_in_epochs, s.log_scale);
        let x_name = if epochs {
            t::EPOCH_LABEL.get(lang)
        } else {
            t::STEP_LABEL.get(lang)
        };
        let link = Id::unique("loss-x-link");
        let formatter = move |lang: Lang, log: bool| {
            move |pos: &HoverPosition<'_>| {
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
                Some(format!("{name}\n{x_label} {:.0}\n{:.5}", p.x, y))
            }
        };
        let loss_name = if perceptron {
            t::PERCEPTRON_LOSS.get(lang)
        } else {
            t::TOTAL_LOSS.get(lang)
        };
        ui.label(egui::RichText::new(t::LOSS_PLOT.get(lang)).strong());
        let mut plot = Plot::new("loss-plot")
            .height(height * 0.62)
            .legend(
                Legend::default()
                    .position(Corner::RightTop)
                    .background_alpha(0.75),
            )
            .link_axis(link, [true, false])
            .x_axis_label(x_name)
            .label_formatter(formatter(lang, log))
            .include_y(0.0);
        if log {
            plot = plot.y_axis_formatter(|mark, _| format!("{:.0e}", 10f64.powf(mark.value)));
        }
        plot.show(ui, |plot_ui| {
            plot_ui.line(
                Line::new(
                    loss_name,
                    PlotPoints::from(series(samples, epochs, log, |s| Some(s.loss))),
                )
                .color(theme::LOSS_COLOR)
                .width(2.0),
            );
            if s.show_loss_parts && !perceptron {
                plot_ui.line(
                    Line::new(
                        t::DATA_LOSS.get(lang),
                        PlotPoints::from(series(samples, epochs, log, |s| Some(s.data_loss))),
                    )
                    .color(theme::DATA_LOSS_COLOR)
                    .width(1.5),
                );
                plot_ui.line(
                    Line::new(
                        t::REG_LOSS.get(lang),
                        PlotPoints::from(series(samples, epochs, log, |s| Some(s.reg_loss))),
                    )
                    .color(theme::REG_LOSS_COLOR)
                    .width(1.5),
                );
            }
        });
        let (lower_name, lower): (&str, Vec<[f64; 2]>) = if perceptron {
            (
                t::MISCLASSIFIED_SET.get(lang),
                series(samples, epochs, false, |s| {
                    s.misclassified.map(|m| m as f64)
                }),
            )
        } else {
            (
                t::ACCURACY_LABEL.get(lang),
                series(samples, epochs, false, |s| s.accuracy),
            )
        };
        ui.label(
            egui::RichText::new(if perceptron {
                t::MISCLASSIFIED_LABEL.get(lang)
            } else {
                t::ACCURACY_PLOT.get(lang)
            })
            .strong(),
        );
        let mut lower_plot = Plot::new("accuracy-plot")
            .height(height * 0.30)
            .link_axis(link, [true, false])
            .label_formatter(formatter(lang, false))
            .include_y(0.0);
        if !perceptron {
            lower_plot = lower_plot.include_y(1.0);
        }
        lower_plot.show(ui, |plot_ui| {
            plot_ui.line(
                Line::new(lower_name, PlotPoints::from(lower))
                    .color(theme::ACCURACY_COLOR)
                    .width(2.0),
            );
        });
    }
}

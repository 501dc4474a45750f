//! The test set's curves beside the training ones: test loss in the loss plot, test
//! accuracy (MLP) or test |M| (perceptron) in the lower plot, dashed in the training
//! curve's colour; other runs' test curves dashed in the ghost colour. Rebuilt with the
//! loss plot's cache, drawn borrowed.

use super::i18n::{self as t, Lang};
use super::theme;
use crate::train::Snapshot;
use crate::train::history::Sample;
use egui_plot::{Line, LineStyle, PlotPoint, PlotPoints, PlotUi};

/// One run's test series, in plot coordinates.
#[derive(Default)]
struct TestSeries {
    loss: Vec<PlotPoint>,
    lower: Vec<PlotPoint>,
}

impl TestSeries {
    /// `y(loss)` and accuracy (or |M| for the perceptron) over steps or epochs.
    fn of(samples: &[Sample], epochs: bool, y: &dyn Fn(f64) -> f64, perceptron: bool) -> Self {
        let x = |s: &Sample| if epochs { s.epoch } else { s.step } as f64;
        let loss = samples
            .iter()
            .filter(|s| s.loss.is_finite())
            .map(|s| PlotPoint::new(x(s), y(s.loss)))
            .collect();
        let lower = samples
            .iter()
            .filter_map(|s| {
                let v = if perceptron {
                    s.misclassified.map(|m| m as f64)
                } else {
                    s.accuracy
                };
                Some(PlotPoint::new(x(s), v?))
            })
            .collect();
        Self { loss, lower }
    }
}

/// The test curves of every run.
#[derive(Default)]
pub struct TestCurves {
    current: TestSeries,
    /// After the cursor (drawn faded).
    future: TestSeries,
    ghosts: Vec<(String, TestSeries)>,
}

/// The dash of every test curve.
fn dashed() -> LineStyle {
    LineStyle::Dashed { length: 8.0 }
}

impl TestCurves {
    /// Rebuilds the series from a snapshot (`y` maps a loss onto the plot's scale; `label`
    /// names a ghost run).
    pub fn update(
        &mut self,
        snap: &Snapshot,
        epochs: bool,
        y: &dyn Fn(f64) -> f64,
        perceptron: bool,
        label: &dyn Fn(usize) -> String,
    ) {
        let current = &snap.runs[snap.current];
        let all = current.test_metrics.samples();
        let cut = snap.cursor.unwrap_or(u64::MAX);
        let split = all.partition_point(|x| x.step <= cut);
        self.current = TestSeries::of(&all[..split], epochs, y, perceptron);
        self.future = if snap.cursor.is_some() {
            TestSeries::of(&all[split.saturating_sub(1)..], epochs, y, perceptron)
        } else {
            TestSeries::default()
        };
        self.ghosts = snap
            .runs
            .iter()
            .enumerate()
            .filter(|(i, r)| *i != snap.current && !r.test_metrics.samples().is_empty())
            .map(|(i, r)| {
                let s = TestSeries::of(r.test_metrics.samples(), epochs, y, perceptron);
                (label(i), s)
            })
            .collect();
    }

    /// Whether any run has a test curve.
    pub fn any(&self) -> bool {
        !self.current.loss.is_empty() || !self.ghosts.is_empty()
    }

    /// How many points the current run's test loss curve draws.
    pub fn drawn(&self) -> usize {
        self.current.loss.len()
    }

    /// The test loss curves (in the loss plot).
    pub fn loss_ui<'a>(&'a self, p: &mut PlotUi<'a>, lang: Lang, perceptron: bool) {
        let name = if perceptron {
            t::TEST_PERCEPTRON_LOSS.get(lang)
        } else {
            t::TEST_LOSS.get(lang)
        };
        self.draw(p, name, theme::LOSS_COLOR, |s| &s.loss);
    }

    /// The test accuracy (or test |M|) curves (in the lower plot).
    pub fn lower_ui<'a>(&'a self, p: &mut PlotUi<'a>, lang: Lang, perceptron: bool) {
        let name = if perceptron {
            t::TEST_MISCLASSIFIED.get(lang)
        } else {
            t::TEST_ACCURACY.get(lang)
        };
        self.draw(p, name, theme::ACCURACY_COLOR, |s| &s.lower);
    }

    fn draw<'a>(
        &'a self,
        p: &mut PlotUi<'a>,
        name: &str,
        color: egui::Color32,
        pick: impl Fn(&'a TestSeries) -> &'a Vec<PlotPoint>,
    ) {
        for (ghost, g) in &self.ghosts {
            p.line(
                Line::new(format!("{ghost} · {name}"), PlotPoints::Borrowed(pick(g)))
                    .color(theme::GHOST_COLOR)
                    .style(dashed())
                    .width(1.2),
            );
        }
        let color = color.gamma_multiply(theme::TEST_CURVE_ALPHA);
        if !pick(&self.current).is_empty() {
            p.line(
                Line::new(name, PlotPoints::Borrowed(pick(&self.current)))
                    .color(color)
                    .style(dashed())
                    .width(2.0),
            );
        }
        if !pick(&self.future).is_empty() {
            p.line(
                Line::new("", PlotPoints::Borrowed(pick(&self.future)))
                    .color(color.gamma_multiply(theme::FADED_ALPHA))
                    .style(dashed())
                    .width(2.0),
            );
        }
    }
}

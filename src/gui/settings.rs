//! The settings a teacher expects to find again next time (eframe persistence), with their
//! defaults: a ready-to-train two-arm spiral and a small network that visibly solves it.

use super::i18n::Lang;
use crate::data::{DataSpec, DatasetKind, TestFraction};
use crate::train::{Speed, TrainConfig};
use serde::{Deserialize, Serialize};

/// The key under which eframe stores the settings.
pub const STORAGE_KEY: &str = "perceptron-lab/settings@1";

/// The slowest slow-motion speed, updates per second.
pub const MIN_RATE: f64 = 0.5;
/// The fastest rate before "full speed", updates per second.
pub const MAX_RATE: f64 = 10_000.0;

/// Everything the app remembers between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The dataset generator and its parameters.
    pub data: DataSpec,
    /// The model and optimiser.
    pub config: TrainConfig,
    /// λ while the L2 switch is off is 0; this keeps the value to return to.
    pub lambda_on: bool,
    /// Play's speed: a position 0…1 on the slider; 1 is full speed.
    pub speed: f64,
    /// The interface language.
    pub lang: Lang,
    /// The UI scale (1 to 3, in the steps of [`super::scale::SCALE_STEPS`]).
    pub scale: f32,
    /// Dark theme.
    pub dark: bool,
    /// The side panel is shown.
    pub show_panel: bool,
    /// Regions coloured by predicted class instead of probability shading.
    pub hard_classes: bool,
    /// The boundary contour is drawn.
    pub show_boundary: bool,
    /// Misclassified points are marked.
    pub show_mistakes: bool,
    /// The loss plot shows J₀ and the λ-term as well.
    pub show_loss_parts: bool,
    /// The loss axis is logarithmic.
    pub log_scale: bool,
    /// The x axis counts epochs instead of steps.
    pub x_in_epochs: bool,
    /// The class that a left click adds.
    pub add_class: usize,
    /// Whether clicks on the plot edit the points.
    pub edit_points: bool,
    /// What the right column shows.
    pub right_tab: RightTab,
    /// The first hidden layer's lines drawn in the input plane (small networks).
    pub show_hidden_lines: bool,
    /// The perceptron's pass limit.
    pub pass_limit: u64,
    /// Draw the pocket's line (perceptron with the pocket option).
    pub show_pocket: bool,
    /// The data plot's legend (placed in the corner with the fewest points).
    #[serde(default = "yes")]
    pub show_legend: bool,
    /// F, the share of each class held out as test points (0 to 0.9 in steps of 0.1).
    pub test_fraction: f64,
    /// The test points are drawn (hollow).
    pub show_test: bool,
    /// The CSV file opened last: the dataset picker offers it again.
    pub csv_file: Option<std::path::PathBuf>,
    /// The data comes from `csv_file` (not persisted: the app starts on generated data).
    #[serde(skip)]
    pub csv_active: bool,
}

fn yes() -> bool {
    true
}

/// The views of the right column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RightTab {
    /// Loss and accuracy curves.
    #[default]
    Loss,
    /// The network diagram, its weights, hidden space and truth table.
    Network,
    /// The formulas with live numbers.
    Formulas,
    /// The runs and branches.
    Runs,
    /// The confusion matrix.
    Confusion,
    /// One point's backprop numbers.
    Backprop,
}

impl RightTab {
    /// Parses a `--panel` name (the timeline sits under the curves).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "loss" | "timeline" => Self::Loss,
            "network" => Self::Network,
            "formulas" => Self::Formulas,
            "runs" => Self::Runs,
            "confusion" => Self::Confusion,
            "backprop" => Self::Backprop,
            _ => return None,
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data: DataSpec {
                kind: DatasetKind::Spiral,
                classes: 2,
                points_per_class: 100,
                noise: None,
                seed: 1,
            },
            config: TrainConfig::classroom(),
            lambda_on: false,
            speed: rate_to_slider(300.0),
            lang: Lang::En,
            scale: 1.0,
            dark: false,
            show_panel: true,
            hard_classes: false,
            show_boundary: true,
            show_mistakes: true,
            show_loss_parts: true,
            log_scale: false,
            x_in_epochs: false,
            add_class: 0,
            edit_points: false,
            right_tab: RightTab::Loss,
            pass_limit: crate::train::session::DEFAULT_PASS_LIMIT,
            show_pocket: true,
            show_legend: true,
            show_hidden_lines: true,
            test_fraction: 0.0,
            show_test: true,
            csv_file: None,
            csv_active: false,
        }
    }
}

impl Settings {
    /// The configuration the trainer gets (λ = 0 while the L2 switch is off).
    pub fn effective_config(&self) -> TrainConfig {
        let mut c = self.config.clone();
        if !self.lambda_on {
            c.lambda = 0.0;
        }
        c
    }

    /// F on the slider's 10 % steps (a stored value out of range counts as 0).
    pub fn test_fraction(&self) -> TestFraction {
        TestFraction::new((self.test_fraction * 10.0).round() / 10.0).unwrap_or(TestFraction::ZERO)
    }

    /// The split seed: the data seed for generated data, 1 for a CSV file (COURSE §6).
    pub fn split_seed(&self) -> u64 {
        if self.csv_active { 1 } else { self.data.seed }
    }

    /// Play's speed.
    pub fn speed(&self) -> Speed {
        slider_to_speed(self.speed)
    }
}

/// Slider position (0…1, logarithmic in the rate; the last 2 % are full speed) to speed.
pub fn slider_to_speed(x: f64) -> Speed {
    if x >= 0.98 {
        Speed::Full
    } else {
        let t = (x / 0.98).clamp(0.0, 1.0);
        Speed::PerSecond(MIN_RATE * (MAX_RATE / MIN_RATE).powf(t))
    }
}

/// The slider position of a rate.
pub fn rate_to_slider(rate: f64) -> f64 {
    0.98 * ((rate / MIN_RATE).ln() / (MAX_RATE / MIN_RATE).ln()).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_speed_slider_spans_slow_motion_to_full_speed() {
        assert_eq!(slider_to_speed(1.0), Speed::Full);
        let Speed::PerSecond(slowest) = slider_to_speed(0.0) else {
            panic!("a rate")
        };
        assert!((slowest - MIN_RATE).abs() < 1e-12);
        let Speed::PerSecond(r) = slider_to_speed(rate_to_slider(300.0)) else {
            panic!("a rate")
        };
        assert!((r - 300.0).abs() < 1e-9);
    }

    #[test]
    fn settings_round_trip_through_json() {
        let s = Settings::default();
        let text = serde_json::to_string(&s).expect("serializes");
        let back: Settings = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, s);
        // Missing fields take their defaults (settings of an older version).
        let partial: Settings = serde_json::from_str("{\"dark\": true}").expect("parses");
        assert!(partial.dark);
        assert_eq!(partial.data, s.data);
    }
}

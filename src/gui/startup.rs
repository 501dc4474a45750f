//! The command line of the app: train flags on top of the settings, `--preset`, `--lang`,
//! `--scale`, and `--screenshot` runs (which neither read nor write the saved settings).

use super::i18n::Lang;
use super::presets::Preset;
use super::settings::{RightTab, Settings};
use crate::cli::AppArgs;
use crate::data::{Dataset, read_csv};
use crate::nn::Model;
use std::path::PathBuf;

/// A `--screenshot` run.
#[derive(Clone, Debug)]
pub struct ScreenshotRequest {
    /// Where the PNG goes.
    pub path: PathBuf,
    /// Updates to make first.
    pub after_steps: u64,
}

/// Opens a scenario file: the session with its runs played, and the settings of its head.
pub type ScenarioOpener =
    fn(&std::path::Path) -> Result<(crate::train::Session, crate::train::TrainConfig), String>;

/// What the app starts with, beyond the saved settings.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    /// The parsed flags.
    pub args: AppArgs,
    /// Data read from `--data`.
    pub data: Option<Dataset>,
    /// A model from `--init` or `--preset`.
    pub model: Option<Model>,
    /// The preset asked for.
    pub preset: Option<Preset>,
    /// The language asked for.
    pub lang: Option<Lang>,
    /// The screenshot to take, if any.
    pub screenshot: Option<ScreenshotRequest>,
    /// A session played from `--scenario`, shown as it was left.
    pub session: Option<crate::train::Session>,
    /// The right-column view to open (`--panel`).
    pub panel: Option<RightTab>,
    /// How File → Open scenario reads a file.
    pub opener: Option<ScenarioOpener>,
}

impl Startup {
    /// Checks the flags before any window opens; the error is one line.
    pub fn from_args(args: &AppArgs) -> Result<Self, String> {
        let lang = args
            .lang
            .as_deref()
            .map(|code| {
                Lang::from_code(code)
                    .ok_or_else(|| format!("unknown language `{code}` (expected en or vi)"))
            })
            .transpose()?;
        if let Some(scale) = args.scale
            && !(scale.is_finite() && (1.0..=2.5).contains(&scale))
        {
            return Err(format!("--scale must be between 1 and 2.5 (got {scale})"));
        }
        let preset = args
            .preset
            .as_deref()
            .map(|p| {
                Preset::from_name(p).ok_or_else(|| {
                    format!("unknown preset `{p}` (expected xor-network or xor-trained)")
                })
            })
            .transpose()?;
        let data = args
            .train
            .data
            .data
            .as_deref()
            .map(|p| read_csv(p).map_err(|e| e.to_string()))
            .transpose()?;
        let model = args.train.initial_model()?.map(|(m, _)| m);
        // Generated data and the configuration must be valid too.
        if data.is_none() {
            args.train
                .data
                .spec()
                .validate()
                .map_err(|e| e.to_string())?;
        }
        let panel = args
            .panel
            .as_deref()
            .map(|p| {
                RightTab::from_name(p).ok_or_else(|| {
                    format!(
                        "unknown panel `{p}` (expected loss, network, formulas, timeline or runs)"
                    )
                })
            })
            .transpose()?;
        let screenshot = args.screenshot.clone().map(|path| ScreenshotRequest {
            path,
            after_steps: args.after_steps.unwrap_or(0),
        });
        Ok(Self {
            args: args.clone(),
            data,
            model,
            preset,
            lang,
            screenshot,
            session: None,
            panel,
            opener: None,
        })
    }

    /// The settings this run starts with: `saved` (or the defaults), then every flag given.
    pub fn settings(&self, saved: Option<Settings>) -> Settings {
        let mut s = saved.unwrap_or_default();
        let a = &self.args.train;
        let d = &a.data;
        if let Some(k) = d.dataset {
            s.data.kind = k;
        }
        if let Some(c) = d.classes {
            s.data.classes = c;
        }
        if let Some(p) = d.points {
            s.data.points_per_class = p;
        }
        if d.noise.is_some() {
            s.data.noise = d.noise;
        }
        if let Some(seed) = d.seed {
            s.data.seed = seed;
            s.config.init_seed = seed;
        }
        let c = &mut s.config;
        if let Some(m) = a.model {
            c.model = m;
        }
        if let Some(h) = &a.hidden {
            c.hidden_sizes = h.0.clone();
        }
        if let Some(f) = a.activation {
            c.activation = f;
        }
        if let Some(l) = a.loss {
            c.loss = l;
        }
        if let Some(lr) = a.lr {
            c.learning_rate = lr;
        }
        if let Some(lambda) = a.lambda {
            s.lambda_on = lambda > 0.0;
            if lambda > 0.0 {
                c.lambda = lambda;
            }
        }
        if let Some(u) = a.update {
            c.update = u;
        }
        if let Some(b) = a.batch_size {
            c.batch_size = b;
        }
        if let Some(seed) = a.init_seed {
            c.init_seed = seed;
        }
        if let Some(scale) = a.init_scale {
            c.init = crate::nn::Init::Scale(scale);
        }
        c.pocket |= a.pocket;
        c.shuffle |= a.shuffle;
        if let Some(l) = self.lang {
            s.lang = l;
        }
        if let Some(scale) = self.args.scale {
            s.scale = scale;
        }
        if let Some(p) = self.panel {
            s.right_tab = p;
        }
        s
    }
}

//! What the app starts with: plain data that `main` builds from the command line (this module
//! knows no flags): settings to override, data or a model, a preset, a played scenario, and
//! `--screenshot` runs (which neither read nor write the saved settings).

use super::i18n::Lang;
use super::presets::Preset;
use super::settings::{RightTab, Settings};
use crate::data::{Dataset, DatasetKind};
use crate::nn::{Activation, Loss, Model};
use crate::train::{ModelKind, UpdateRule};
use std::path::PathBuf;

/// A `--screenshot` run.
#[derive(Clone, Debug)]
pub struct ScreenshotRequest {
    /// Where the PNG goes.
    pub path: PathBuf,
    /// Updates to make first.
    pub after_steps: u64,
    /// When the app was started (for the time to its first frame).
    pub launched: std::time::Instant,
}

/// A `--record` run: K frames spread over the run, written as an animated GIF.
#[derive(Clone, Debug)]
pub struct RecordRequest {
    /// Where the GIF goes.
    pub path: std::path::PathBuf,
    /// K, the frames to capture (2 to [`super::record::MAX_FRAMES`]).
    pub frames: usize,
    /// Frames a second in the GIF.
    pub fps: u32,
    /// Updates to train over the recording; `None` replays the timeline of a scenario's
    /// current run from step 0 to its head.
    pub steps: Option<u64>,
    /// Why the recording failed, for the exit status (set by the run, read after the window
    /// closes).
    pub failure: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

/// A scenario opened for the app: the session with its runs played, the settings of its
/// head, and the generator request of its data (`None` for points from a file or placed by
/// hand), so that the data controls show what the plot shows.
pub struct Opened {
    /// The played session.
    pub session: crate::train::Session,
    /// The settings of its current run.
    pub config: crate::train::TrainConfig,
    /// The generated data's request, if the data is generated.
    pub data: Option<crate::data::DataSpec>,
}

/// Opens a scenario file.
pub type ScenarioOpener = fn(&std::path::Path) -> Result<Opened, String>;

/// Plays a scenario held in memory (a lesson's scene, a pasted code).
pub type ScenePlayer = fn(&crate::train::scenario::Scenario) -> Result<Opened, String>;

/// Resolves a scenario setup (flag names → settings, points, weights), for compact codes.
pub type SetupResolver =
    fn(
        &serde_json::Map<String, serde_json::Value>,
    ) -> Result<crate::train::player::Resolved, crate::train::scenario::ScenarioError>;

/// A lesson to open at start-up (`--lesson`, `--scene`).
#[derive(Clone, Debug)]
pub struct LessonStart {
    /// The lesson, checked.
    pub lesson: crate::train::lesson::Lesson,
    /// The scene to open, from 0.
    pub scene: usize,
}

/// Settings asked for at start-up, each on top of the saved ones (None: keep).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// The dataset generator.
    pub dataset: Option<DatasetKind>,
    /// C.
    pub classes: Option<usize>,
    /// Points per class.
    pub points: Option<usize>,
    /// The generator's noise.
    pub noise: Option<f64>,
    /// The data seed (also the weight seed, unless that is given).
    pub seed: Option<u64>,
    /// Perceptron or MLP.
    pub model: Option<ModelKind>,
    /// Hidden layer sizes.
    pub hidden: Option<Vec<usize>>,
    /// The hidden activation.
    pub activation: Option<Activation>,
    /// One activation per hidden layer (when more than one is given).
    pub layer_activations: Option<Vec<Activation>>,
    /// The input features φ(x).
    pub features: Option<crate::data::Features>,
    /// The data loss.
    pub loss: Option<Loss>,
    /// α.
    pub learning_rate: Option<f64>,
    /// λ (0 turns it off).
    pub lambda: Option<f64>,
    /// The update rule.
    pub update: Option<UpdateRule>,
    /// B.
    pub batch_size: Option<usize>,
    /// The weight seed.
    pub init_seed: Option<u64>,
    /// A fixed init scale.
    pub init_scale: Option<f64>,
    /// The pocket.
    pub pocket: bool,
    /// Shuffled PLA mini-batches.
    pub shuffle: bool,
    /// The UI scale.
    pub scale: Option<f32>,
    /// The MLP's optimizer.
    pub optimizer: Option<crate::nn::OptimizerKind>,
    /// β of momentum.
    pub momentum: Option<f64>,
    /// β₁ of Adam.
    pub beta1: Option<f64>,
    /// β₂ of Adam.
    pub beta2: Option<f64>,
    /// ε of Adam.
    pub eps: Option<f64>,
    /// L2 or L1.
    pub reg: Option<crate::nn::RegKind>,
    /// F, the test fraction.
    pub test_fraction: Option<f64>,
}

/// What the app starts with, beyond the saved settings.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    /// The settings asked for on the command line.
    pub overrides: Overrides,
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
    /// The recording to make, if any.
    pub record: Option<RecordRequest>,
    /// A session played from `--scenario`, shown as it was left.
    pub session: Option<crate::train::Session>,
    /// The right-column view to open (`--panel`).
    pub panel: Option<RightTab>,
    /// How File → Open scenario reads a file.
    pub opener: Option<ScenarioOpener>,
    /// Start playing at full speed.
    pub play: bool,
    /// The lesson to open (`--lesson`).
    pub lesson: Option<LessonStart>,
    /// How lesson scenes and pasted codes are played.
    pub scene_player: Option<ScenePlayer>,
    /// How scenario codes find the flags that regenerate points and weights.
    pub resolver: Option<SetupResolver>,
    /// Start in presentation mode (`--presentation`).
    pub presentation: bool,
    /// The window's inner size in points (`--window-size`; default 1280×800).
    pub window_size: Option<[f32; 2]>,
}

impl Startup {
    /// The settings this run starts with: `saved` (or the defaults), then every flag given.
    pub fn settings(&self, saved: Option<Settings>) -> Settings {
        let mut s = saved.unwrap_or_default();
        let a = &self.overrides;
        if let Some(k) = a.dataset {
            s.data.kind = k;
        }
        if let Some(c) = a.classes {
            s.data.classes = c;
        }
        if let Some(p) = a.points {
            s.data.points_per_class = p;
        }
        if a.noise.is_some() {
            s.data.noise = a.noise;
        }
        if let Some(seed) = a.seed {
            s.data.seed = seed;
            s.config.init_seed = seed;
        }
        if let Some(f) = a.test_fraction {
            s.test_fraction = f;
        }
        let c = &mut s.config;
        if let Some(m) = a.model {
            c.model = m;
        }
        if let Some(h) = &a.hidden {
            c.hidden_sizes = h.clone();
        }
        if let Some(f) = a.activation {
            c.activation = f;
        }
        if let Some(list) = &a.layer_activations {
            c.layer_activations = list.clone();
        }
        if let Some(f) = a.features {
            c.features = f;
        }
        if let Some(l) = a.loss {
            c.loss = l;
        }
        if let Some(lr) = a.learning_rate {
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
        c.optimizer = a.optimizer.unwrap_or(c.optimizer);
        c.momentum = a.momentum.unwrap_or(c.momentum);
        c.beta1 = a.beta1.unwrap_or(c.beta1);
        c.beta2 = a.beta2.unwrap_or(c.beta2);
        c.eps = a.eps.unwrap_or(c.eps);
        c.reg = a.reg.unwrap_or(c.reg);
        if let Some(l) = self.lang {
            s.lang = l;
        }
        if let Some(scale) = a.scale {
            s.scale = scale;
        }
        if let Some(p) = self.panel {
            s.right_tab = p;
        }
        s
    }
}

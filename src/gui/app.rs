//! The app: settings, the training worker, the latest snapshot, and the layout. `logic`
//! drains snapshots; `ui` only draws and turns edits into commands.

use super::controls::{self, Action, RunState};
use super::data_plot::DataPlot;
use super::files::{DialogOutcome, FileDialog, FileKind, save_png};
use super::i18n::{self as t, Lang};
use super::loss_plot::LossPlot;
use super::presets::Preset;
use super::screenshot::{ScreenshotJob, Shot};
use super::settings::{RightTab, STORAGE_KEY, Settings};
use super::startup::Startup;
use super::status::{self, Banner, BannerAction};
use super::theme;
use super::{formulas, network_view};
use crate::data::{Dataset, read_csv, write_csv};
use crate::nn::Model;
use crate::nn::model_file::{load_model, save_model};
use crate::train::grid::GridSpec;
use crate::train::{Command, ModelKind, Snapshot, Trainer, Worker};
use egui::{Key, Ui};

/// Passes after which the perceptron is said not to converge (and pauses).
pub const PASS_LIMIT: u64 = 1000;

/// Perceptron Lab.
pub struct PerceptronApp {
    /// What the user chose (persisted).
    pub settings: Settings,
    /// What the worker was last told.
    applied: Settings,
    worker: Option<Worker>,
    /// The newest snapshot.
    pub snap: Option<Snapshot>,
    generation: u64,
    /// The curves.
    pub loss_plot: LossPlot,
    data_plot: DataPlot,
    dialog: Option<FileDialog>,
    /// The message on top of the plots.
    pub banner: Option<Banner>,
    crashed: Option<String>,
    screenshot: Option<ScreenshotJob>,
    export: Option<Shot>,
    persist: bool,
    ctx: egui::Context,
    /// The data position under the pointer.
    pub hovered: Option<[f64; 2]>,
    cpu_ms: Option<f32>,
    logic_ms: f32,
    /// How long after a new snapshot the window repaints, in ms (read by the worker's waker).
    repaint_ms: std::sync::Arc<std::sync::atomic::AtomicU64>,
    grid: GridSpec,
}

/// The repaint interval on a software renderer (llvmpipe under Xvfb, say), where drawing
/// the window costs a core: 15 frames a second, the rate the decision grid refreshes at,
/// so that training keeps most of the other core. With a GPU the plots follow at 60 Hz.
const SOFTWARE_RENDERER_REPAINT_MS: u64 = 66;

impl PerceptronApp {
    /// The app in eframe: saved settings unless this is a `--screenshot` run.
    pub fn from_creation(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let persist = startup.screenshot.is_none();
        let saved = if persist {
            cc.storage
                .and_then(|s| eframe::get_value::<Settings>(s, STORAGE_KEY))
        } else {
            None
        };
        super::fonts::install(&cc.egui_ctx);
        let mut app = Self::new(&cc.egui_ctx, startup, saved);
        // Before the first frame, so that the panels are laid out at this scale.
        cc.egui_ctx.set_zoom_factor(app.settings.scale);
        app.persist = persist;
        if let Some(gl) = &cc.gl {
            use eframe::glow::HasContext;
            // SAFETY: eframe hands us a current, valid GL context during creation.
            let renderer = unsafe { gl.get_parameter_string(eframe::glow::RENDERER) };
            let software = ["llvmpipe", "softpipe", "SwiftShader", "Software"]
                .iter()
                .any(|s| renderer.contains(s));
            if software {
                app.repaint_ms.store(
                    SOFTWARE_RENDERER_REPAINT_MS,
                    std::sync::atomic::Ordering::Relaxed,
                );
            }
        }
        app
    }

    /// The app on a context (tests build it this way too; fonts are installed by the caller).
    pub fn new(ctx: &egui::Context, startup: Startup, saved: Option<Settings>) -> Self {
        let mut settings = startup.settings(saved);
        let mut model = startup.model.clone();
        let mut banner = None;
        if let Some(p) = startup.preset {
            match p.apply(&mut settings) {
                Ok(m) => model = Some(m),
                Err(e) => {
                    banner = Some(Banner {
                        text: e,
                        error: true,
                    })
                }
            }
        }
        let mut app = Self {
            applied: settings.clone(),
            settings,
            worker: None,
            snap: None,
            generation: 0,
            loss_plot: LossPlot::default(),
            data_plot: DataPlot::default(),
            dialog: None,
            banner,
            crashed: None,
            screenshot: startup.screenshot.clone().map(ScreenshotJob::new),
            export: None,
            persist: false,
            ctx: ctx.clone(),
            hovered: None,
            cpu_ms: None,
            logic_ms: 0.0,
            repaint_ms: std::sync::Arc::new(std::sync::atomic::AtomicU64::new(16)),
            grid: GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], theme::GRID_CELLS),
        };
        let data = startup
            .data
            .clone()
            .or_else(|| app.settings.data.generate().ok());
        app.start_worker(data, model);
        if let Some(job) = &app.screenshot
            && job.after_steps() > 0
        {
            app.send(Command::Step(job.after_steps()));
        }
        app
    }

    /// Starts a training thread on `data` (or the settings' data) from `model` (or fresh
    /// weights). Settings that cannot work fall back to the defaults, with a banner.
    fn start_worker(&mut self, data: Option<Dataset>, model: Option<Model>) {
        self.worker = None;
        let data = match data {
            Some(d) => d,
            None => match self.settings.data.generate() {
                Ok(d) => d,
                Err(e) => {
                    self.banner = Some(Banner {
                        text: e.to_string(),
                        error: true,
                    });
                    self.settings.data = Settings::default().data;
                    self.settings
                        .data
                        .generate()
                        .expect("the default data is valid")
                }
            },
        };
        self.grid = GridSpec::around(data.bounds(), theme::GRID_CELLS);
        let trainer = match Trainer::new(&self.settings.effective_config(), data.clone(), model) {
            Ok(t) => t,
            Err(e) => {
                self.banner = Some(Banner {
                    text: e.to_string(),
                    error: true,
                });
                let lang = self.settings.lang;
                self.settings = Settings {
                    lang,
                    ..Settings::default()
                };
                let data = self
                    .settings
                    .data
                    .generate()
                    .expect("the default data is valid");
                Trainer::new(&self.settings.effective_config(), data, None)
                    .expect("the defaults are valid")
            }
        };
        self.applied = self.settings.clone();
        let ctx = self.ctx.clone();
        match Worker::spawn(trainer, self.grid, self.settings.speed(), {
            let interval = std::sync::Arc::clone(&self.repaint_ms);
            Box::new(move || {
                let ms = interval.load(std::sync::atomic::Ordering::Relaxed);
                ctx.request_repaint_after(std::time::Duration::from_millis(ms));
            })
        }) {
            Ok(w) => {
                self.worker = Some(w);
                self.crashed = None;
            }
            Err(e) => self.crashed = Some(e.to_string()),
        }
        self.loss_plot.history.clear();
        self.generation = 0;
        self.snap = None;
    }

    fn send(&self, command: Command) {
        if let Some(w) = &self.worker {
            w.send(command);
        }
    }

    /// Takes the newest snapshot and advances the screenshot runs (no drawing here).
    pub fn update_state(&mut self, ctx: &egui::Context) {
        if let Some(w) = &self.worker {
            if let Some(reason) = w.panicked()
                && self.crashed.is_none()
            {
                self.crashed = Some(reason);
            }
            while let Some(s) = w.take_snapshot() {
                if s.generation != self.generation || self.snap.is_none() {
                    if s.generation != self.generation {
                        self.loss_plot.history.clear();
                    }
                    self.generation = s.generation;
                }
                self.loss_plot.extend(&s.samples);
                if let Some(m) = &s.message {
                    self.banner = Some(Banner {
                        text: m.clone(),
                        error: true,
                    });
                }
                self.snap = Some(s);
            }
        }
        if let Some(s) = &self.snap
            && s.running
            && matches!(s.model, Model::Perceptron(_))
            && !s.converged
            && s.epochs >= PASS_LIMIT
        {
            self.send(Command::Pause);
        }
        if let Some(job) = &mut self.screenshot
            && let Some(done) = job.advance(ctx, self.snap.as_ref(), self.cpu_ms)
        {
            match done {
                Ok(path) => println!("saved {}", path.display()),
                Err(e) => eprintln!("error: {e}"),
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Some(shot) = &mut self.export
            && let Some(image) = shot.take()
        {
            let path = shot.path.clone();
            self.export = None;
            self.banner = Some(match save_png(&path, &image) {
                Ok(()) => Banner {
                    text: format!("{} {}", t::SAVED.get(self.settings.lang), path.display()),
                    error: false,
                },
                Err(e) => Banner {
                    text: e,
                    error: true,
                },
            });
        }
    }

    /// Draws the whole window into `ui` (the root Ui of eframe, or a test harness's).
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if (ctx.zoom_factor() - self.settings.scale).abs() > 1e-3 {
            ctx.set_zoom_factor(self.settings.scale);
        }
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let lang = self.settings.lang;
        let mut actions = self.shortcuts(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        if let Some(snap) = &self.snap {
            let cpu = self.cpu_ms;
            egui::Panel::bottom("metrics").show(ui, |ui| status::metrics_ui(ui, snap, lang, cpu));
        }
        if self.settings.show_panel {
            let run = self.run_state();
            // At a projector's large UI scale the panel must leave room for the plots.
            let width = theme::SIDE_PANEL_WIDTH.min(0.3 * ui.available_width());
            egui::Panel::left("controls")
                .default_size(width)
                .max_size((0.35 * ui.available_width()).max(width))
                .resizable(true)
                .show(ui, |ui| {
                    actions.extend(controls::controls_ui(ui, &mut self.settings, &run))
                });
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, &mut actions));
        if let Some(dialog) = &mut self.dialog
            && let Some(outcome) = dialog.ui(&ctx, lang)
        {
            let kind = dialog.kind;
            self.dialog = None;
            if let DialogOutcome::Chosen(path) = outcome {
                self.file_chosen(kind, path, &ctx);
            }
        }
        for a in actions {
            self.act(a);
        }
        self.sync();
    }

    fn run_state(&self) -> RunState {
        let snap = self.snap.as_ref();
        RunState {
            running: snap.is_some_and(|s| s.running),
            classes: snap.map_or(self.settings.data.classes, |s| s.data.class_count),
            can_step_back: snap.is_some_and(|s| s.can_step_back),
            stopped: snap
                .is_some_and(|s| s.diverged.is_some() || s.converged || s.frozen.is_some()),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if ctx.egui_wants_keyboard_input() || self.dialog.is_some() {
            return actions;
        }
        let running = self.snap.as_ref().is_some_and(|s| s.running);
        ctx.input(|i| {
            if i.key_pressed(Key::Space) {
                actions.push(Action::Send(if running {
                    Command::Pause
                } else {
                    Command::Play
                }));
            }
            if i.key_pressed(Key::S) || i.key_pressed(Key::ArrowRight) {
                actions.push(Action::Send(Command::Step(1)));
            }
            if i.key_pressed(Key::E) {
                actions.push(Action::Send(Command::StepEpoch));
            }
            if i.key_pressed(Key::R) {
                actions.push(Action::Send(Command::Reset(None)));
            }
            if i.key_pressed(Key::Tab) {
                self.settings.show_panel = !self.settings.show_panel;
            }
        });
        actions
    }

    fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        let dir = std::env::current_dir().unwrap_or_default();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t::FILE.get(lang), |ui| {
                for (kind, text) in [
                    (FileKind::OpenData, t::OPEN_DATA),
                    (FileKind::SaveData, t::SAVE_DATA),
                    (FileKind::OpenModel, t::OPEN_MODEL),
                    (FileKind::SaveModel, t::SAVE_MODEL),
                    (FileKind::ExportPng, t::EXPORT_PNG),
                ] {
                    if ui.button(text.get(lang)).clicked() {
                        self.dialog = Some(FileDialog::new(kind, &dir));
                    }
                }
            });
            ui.menu_button(t::VIEW.get(lang), |ui| {
                ui.horizontal(|ui| {
                    ui.label(t::LANGUAGE.get(lang));
                    ui.radio_value(&mut self.settings.lang, Lang::En, "English");
                    ui.radio_value(&mut self.settings.lang, Lang::Vi, "Tiếng Việt");
                });
                ui.horizontal(|ui| {
                    ui.label(t::THEME.get(lang));
                    ui.radio_value(&mut self.settings.dark, false, t::LIGHT.get(lang));
                    ui.radio_value(&mut self.settings.dark, true, t::DARK.get(lang));
                });
                ui.add(
                    egui::Slider::new(&mut self.settings.scale, 1.0..=2.5)
                        .text(t::UI_SCALE.get(lang))
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                )
                .on_hover_text(t::UI_SCALE_TIP.get(lang));
                let panel = if self.settings.show_panel {
                    t::HIDE_PANEL
                } else {
                    t::SHOW_PANEL
                };
                if ui
                    .button(panel.get(lang))
                    .on_hover_text(t::PANEL_TIP.get(lang))
                    .clicked()
                {
                    self.settings.show_panel = !self.settings.show_panel;
                }
                if ui
                    .button(t::RESTORE_DEFAULTS.get(lang))
                    .on_hover_text(t::RESTORE_DEFAULTS_TIP.get(lang))
                    .clicked()
                {
                    actions.push(Action::RestoreDefaults);
                }
            });
            ui.menu_button(t::HELP.get(lang), |ui| {
                ui.label(t::SHORTCUTS.get(lang));
            });
            ui.separator();
            // The two most used switches stay one click away.
            ui.selectable_value(&mut self.settings.lang, Lang::En, "EN");
            ui.selectable_value(&mut self.settings.lang, Lang::Vi, "VI");
            let panel = if self.settings.show_panel {
                t::HIDE_PANEL
            } else {
                t::SHOW_PANEL
            };
            if ui
                .button(panel.get(lang))
                .on_hover_text(t::PANEL_TIP.get(lang))
                .clicked()
            {
                self.settings.show_panel = !self.settings.show_panel;
            }
        });
    }

    fn central_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        match status::banners_ui(
            ui,
            self.banner.as_ref(),
            self.snap.as_ref(),
            self.crashed.as_deref(),
            lang,
        ) {
            Some(BannerAction::Dismiss) => self.banner = None,
            Some(BannerAction::Reset) => actions.push(Action::Send(Command::Reset(None))),
            Some(BannerAction::RestartWorker) => {
                let data = self.snap.as_ref().map(|s| (*s.data).clone());
                self.start_worker(data, None);
            }
            None => {}
        }
        let Some(snap) = self.snap.clone() else {
            ui.spinner();
            return;
        };
        if let Some(text) = status::perceptron_status(&snap, PASS_LIMIT, lang) {
            ui.label(egui::RichText::new(text).strong());
        }
        if snap.frozen.is_some() {
            ui.label(t::SIGN_CANNOT_TRAIN.get(lang));
        }
        let avail = ui.available_size();
        let height = avail.y.max(200.0);
        // The data plot is square-ish on the left; the curves take the rest (at least 260
        // points, so that the tabs and curves stay readable at a large UI scale).
        let plot_w = (avail.x * 0.6)
            .min(height + 60.0)
            .min(avail.x - 260.0)
            .max(160.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(plot_w, height), |ui| {
                ui.vertical(|ui| {
                    ui.label(egui::RichText::new(t::DATA_PLOT.get(lang)).strong());
                    let events = self.data_plot.ui(
                        ui,
                        &snap,
                        &self.settings,
                        egui::vec2(plot_w, height - 30.0),
                    );
                    self.hovered = events.hovered;
                    if let Some(view) = events.view {
                        self.grid = view;
                        self.send(Command::SetGrid(view));
                    }
                    if let Some((p, primary)) = events.clicked
                        && self.settings.edit_points
                    {
                        self.edit_point(&snap, p, primary);
                    }
                });
            });
            ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                ui.vertical(|ui| self.right_column_ui(ui, &snap, height));
            });
        });
    }

    /// The right column: the curves, the network, or the formulas.
    fn right_column_ui(&mut self, ui: &mut Ui, snap: &Snapshot, height: f32) {
        let lang = self.settings.lang;
        ui.horizontal(|ui| {
            for (tab, text) in [
                (RightTab::Loss, t::LOSS_PLOT),
                (RightTab::Network, t::NETWORK),
                (RightTab::Formulas, t::FORMULAS),
            ] {
                ui.selectable_value(&mut self.settings.right_tab, tab, text.get(lang));
            }
        });
        let perceptron = matches!(snap.model, Model::Perceptron(_));
        match self.settings.right_tab {
            RightTab::Loss => self
                .loss_plot
                .ui(ui, &self.settings, perceptron, height - 90.0),
            RightTab::Network => {
                egui::ScrollArea::vertical().show(ui, |ui| match &snap.model {
                    Model::Mlp(m) => {
                        if let Some(edited) = network_view::network_ui(ui, m, lang) {
                            self.send(Command::SetModel(Model::Mlp(edited)));
                        }
                        network_view::hidden_space_ui(ui, m, &snap.data, lang, 220.0);
                        network_view::truth_table_ui(ui, m, &snap.data, lang);
                    }
                    Model::Perceptron(_) => {
                        ui.label(t::MODEL_TIP.get(lang));
                    }
                });
            }
            RightTab::Formulas => {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| formulas::formulas_ui(ui, snap, self.hovered, lang));
            }
        }
    }

    /// Left click adds a point of the chosen class; right click removes the nearest one.
    fn edit_point(&mut self, snap: &Snapshot, p: [f64; 2], add: bool) {
        let mut data = (*snap.data).clone();
        if add {
            data.push(p, self.settings.add_class.min(data.class_count.max(2) - 1));
        } else if data.len() > 2 {
            let nearest = (0..data.len()).min_by(|&a, &b| {
                let d = |n: usize| {
                    let q = data.point(n);
                    (q[0] - p[0]).hypot(q[1] - p[1])
                };
                d(a).total_cmp(&d(b))
            });
            if let Some(n) = nearest {
                data.remove(n);
            }
        }
        self.send(Command::SetData(data));
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::Send(c) => self.send(c),
            Action::Regenerate => {
                self.settings.data.seed = self.settings.data.seed.wrapping_add(1);
            }
            Action::ResetView => self.data_plot.reset_requested = true,
            Action::RestoreDefaults => {
                let lang = self.settings.lang;
                self.settings = Settings {
                    lang,
                    ..Settings::default()
                };
                self.start_worker(None, None);
                self.data_plot.reset_requested = true;
            }
            Action::Preset(p) => self.load_preset(p),
        }
    }

    /// Loads a preset network and its data.
    pub fn load_preset(&mut self, preset: Preset) {
        match preset.apply(&mut self.settings) {
            Ok(model) => {
                let data = self.settings.data.generate().ok();
                self.start_worker(data, Some(model));
                self.data_plot.reset_requested = true;
            }
            Err(e) => {
                self.banner = Some(Banner {
                    text: e,
                    error: true,
                })
            }
        }
    }

    /// Turns the difference between what the user set and what the worker has into commands.
    fn sync(&mut self) {
        if self.settings.data != self.applied.data {
            match self.settings.data.generate() {
                Ok(d) => {
                    self.send(Command::SetData(d));
                    self.data_plot.reset_requested = true;
                }
                Err(e) => {
                    self.banner = Some(Banner {
                        text: e.to_string(),
                        error: true,
                    });
                    self.settings.data = self.applied.data;
                }
            }
        }
        let config = self.settings.effective_config();
        if config != self.applied.effective_config() {
            self.send(Command::SetConfig(config));
        }
        if self.settings.speed != self.applied.speed {
            self.send(Command::SetSpeed(self.settings.speed()));
        }
        self.applied = self.settings.clone();
    }

    fn file_chosen(&mut self, kind: FileKind, path: std::path::PathBuf, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let done = |what: &str| Banner {
            text: format!("{what} {}", path.display()),
            error: false,
        };
        let result: Result<Banner, String> = match kind {
            FileKind::OpenData => read_csv(&path).map_err(|e| e.to_string()).map(|d| {
                self.send(Command::SetData(d));
                self.data_plot.reset_requested = true;
                done(t::LOADED.get(lang))
            }),
            FileKind::SaveData => match &self.snap {
                Some(s) => write_csv(&path, &s.data)
                    .map_err(|e| format!("{}: {e}", path.display()))
                    .map(|()| done(t::SAVED.get(lang))),
                None => Err("nothing to save yet".into()),
            },
            FileKind::OpenModel => load_model(&path).map_err(|e| e.to_string()).map(|m| {
                self.adopt_model_settings(&m);
                self.send(Command::LoadModel(m));
                done(t::LOADED.get(lang))
            }),
            FileKind::SaveModel => match &self.snap {
                Some(s) => save_model(&path, &s.model)
                    .map_err(|e| e.to_string())
                    .map(|()| done(t::SAVED.get(lang))),
                None => Err("nothing to save yet".into()),
            },
            FileKind::ExportPng => {
                self.export = Some(Shot::request(ctx, path.clone()));
                return;
            }
        };
        self.banner = Some(match result {
            Ok(b) => b,
            Err(e) => Banner {
                text: e,
                error: true,
            },
        });
    }

    /// Makes the settings describe a loaded model, so that no rebuild follows.
    fn adopt_model_settings(&mut self, model: &Model) {
        match model {
            Model::Perceptron(_) => self.settings.config.model = ModelKind::Perceptron,
            Model::Mlp(m) => {
                self.settings.config.model = ModelKind::Mlp;
                self.settings.config.hidden_sizes = m.hidden_sizes();
                self.settings.config.activation = m.hidden_activation();
            }
        }
        self.applied = self.settings.clone();
    }

    /// Records the UI's own CPU time per frame (eframe's `cpu_usage`).
    pub fn set_cpu_ms(&mut self, ms: Option<f32>) {
        self.cpu_ms = ms;
    }
}

impl eframe::App for PerceptronApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        self.update_state(ctx);
        self.logic_ms = started.elapsed().as_secs_f32() * 1e3;
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // The app's own CPU time per frame: draining snapshots and building the UI (not the
        // GL driver's drawing, which on a software renderer dwarfs it).
        let started = std::time::Instant::now();
        PerceptronApp::ui(self, ui);
        self.set_cpu_ms(Some(self.logic_ms + started.elapsed().as_secs_f32() * 1e3));
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, STORAGE_KEY, &self.settings);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }
}

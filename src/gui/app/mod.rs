//! The app: settings, the training worker, the latest snapshot, and the layout. `logic`
//! drains snapshots; `ui` only draws and turns edits into commands.

use super::data_plot::DataPlot;
use super::files::{FileDialog, save_png};
use super::i18n as t;
use super::loss_plot::LossPlot;
use super::screenshot::{ScreenshotJob, Shot};
use super::settings::{STORAGE_KEY, Settings};
use super::startup::Startup;
use super::status::Banner;
use super::theme;
use crate::data::Dataset;
use crate::nn::Model;
use crate::train::grid::GridSpec;
use crate::train::{Command, Session, Snapshot, Trainer, Worker};
use egui::Ui;

mod actions;
mod autosaving;
mod central;
mod layout;
mod lesson;
mod menu;
mod presentation;
mod recording;
mod right_column;
mod shortcuts;
mod source;

/// Perceptron Lab.
pub struct PerceptronApp {
    /// What the user chose (persisted).
    pub settings: Settings,
    /// What the worker was last told.
    applied: Settings,
    worker: Option<Worker>,
    /// The newest snapshot.
    pub snap: Option<std::sync::Arc<Snapshot>>,
    /// The curves.
    pub loss_plot: LossPlot,
    timeline: super::panels::timeline::Timeline,
    runs_panel: super::panels::runs::Runs,
    gradcheck: super::panels::gradcheck::GradCheck,
    network_diagram: super::network_diagram::Diagram,
    /// The backprop view and its chosen point.
    pub backprop: super::panels::backprop::Backprop,
    backprop_asked: Option<usize>,
    weight_matrix: super::weight_matrix::WeightMatrix,
    /// The unit clicked in the network view (its map fills the big plot), and the one under
    /// the pointer.
    pub unit_focus: Option<(usize, usize)>,
    unit_hover: Option<(usize, usize)>,
    /// The per-unit maps last asked of the worker.
    maps_wanted: crate::train::unit_maps::UnitMapsWanted,
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
    /// Opens a scenario file into a session (given by `main`, which knows the flags).
    opener: Option<super::startup::ScenarioOpener>,
    /// Saves the session every 30 s and on exit (not in screenshot runs or tests).
    autosave: Option<super::autosave::Autosave>,
    /// The previous session, offered back at start-up.
    pub restore_offer: Option<std::path::PathBuf>,
    /// The points of the CSV file in use (all of them, before the split).
    csv_data: Option<Dataset>,
    /// The source must be split and sent again (a file was opened).
    resplit: bool,
    /// The open lesson (`--lesson`, File → Open lesson, or scenes added in the app).
    lesson: Option<super::lesson_view::LessonView>,
    /// Edit → Paste scenario code, while open.
    code_dialog: Option<super::code_dialog::CodeDialog>,
    /// Plays lesson scenes and pasted codes (given by `main`, which knows the flags).
    scene_player: Option<super::startup::ScenePlayer>,
    /// Finds the flags that regenerate a setup's points and weights (compact codes).
    resolver: Option<super::startup::SetupResolver>,
    /// The last scenario code copied.
    pub last_code: Option<String>,
    /// File → Record GIF and `--record` runs.
    recording: recording::Recording,
    /// Presentation mode: the plots, the caption strip and the transport, in large type.
    presentation: bool,
    /// The side panel's section opened from its icon strip.
    strip_open: Option<super::controls::sections::Section>,
    /// How the window was arranged on the last frame.
    arrangement: super::arrangement::Arrangement,
    /// In a narrow window, the data plot fills the central area (else the chosen view).
    data_in_view: bool,
}

/// The repaint interval on a software renderer (llvmpipe under Xvfb, say), where drawing
/// the window costs a core: 15 frames a second, the rate the decision grid refreshes at,
/// so that training keeps most of the other core. With a GPU the plots follow at 60 Hz.
const SOFTWARE_RENDERER_REPAINT_MS: u64 = 66;

impl PerceptronApp {
    /// The app in eframe: saved settings unless this is a `--screenshot` run.
    pub fn from_creation(cc: &eframe::CreationContext<'_>, startup: Startup) -> Self {
        let persist = startup.screenshot.is_none() && startup.record.is_none();
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
        if persist && let Some(dir) = eframe::storage_dir("perceptron-lab") {
            let (autosave, offer) = super::autosave::Autosave::in_data_folder(&dir);
            app.autosave = Some(autosave);
            app.restore_offer = offer;
        }
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
                Ok(m) => {
                    model = Some(m);
                    // The preset opens the Network view unless `--panel` named another.
                    if let Some(panel) = startup.panel {
                        settings.right_tab = panel;
                    }
                }
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
            loss_plot: LossPlot::default(),
            timeline: Default::default(),
            runs_panel: Default::default(),
            gradcheck: Default::default(),
            network_diagram: Default::default(),
            backprop: Default::default(),
            backprop_asked: None,
            weight_matrix: Default::default(),
            unit_focus: None,
            unit_hover: None,
            maps_wanted: Default::default(),
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
            opener: startup.opener,
            autosave: None,
            restore_offer: None,
            csv_data: None,
            resplit: false,
            lesson: None,
            code_dialog: None,
            scene_player: startup.scene_player,
            resolver: startup.resolver,
            last_code: None,
            recording: recording::Recording {
                job: startup
                    .record
                    .clone()
                    .map(super::record::run::RecordJob::new),
                ..Default::default()
            },
            presentation: startup.presentation,
            strip_open: None,
            arrangement: super::arrangement::Arrangement::for_window(
                egui::vec2(1280.0, 800.0),
                true,
            ),
            data_in_view: true,
        };
        if let Some(d) = &startup.data {
            // Data given on the command line is a CSV file's: the split seed is 1.
            app.csv_data = Some(d.clone());
            app.settings.csv_active = true;
        }
        match startup.session.clone() {
            Some(session) => {
                app.grid =
                    GridSpec::around(session.run().head().data().bounds(), theme::GRID_CELLS);
                app.spawn_worker(session);
            }
            None => {
                let data = startup
                    .data
                    .clone()
                    .or_else(|| app.settings.data.generate().ok());
                app.start_worker(data, model);
            }
        }
        if let Some(start) = startup.lesson.clone() {
            app.open_lesson(start.lesson, start.scene);
        }
        if startup.play {
            app.send(Command::SetSpeed(crate::train::Speed::Full));
            app.send(Command::Play);
        }
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
                        text: super::file_errors::generate_error(&e, self.settings.lang),
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
        let (data, test) = self.split_of(data);
        let started =
            Trainer::new(&self.settings.effective_config(), data, model).and_then(|mut t| {
                t.set_test(test)?;
                Ok(t)
            });
        let trainer = match started {
            Ok(t) => t,
            Err(e) => {
                self.banner = Some(Banner {
                    text: super::notices::config_error(&e, self.settings.lang),
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
        self.spawn_worker(Session::new(trainer));
    }

    /// Starts the training thread on a session.
    pub(super) fn spawn_worker(&mut self, mut session: Session) {
        self.worker = None;
        self.applied = self.settings.clone();
        let ctx = self.ctx.clone();
        session.apply(Command::SetPassLimit(self.settings.pass_limit));
        match Worker::spawn(session, self.grid, self.settings.speed(), {
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
        self.snap = None;
    }

    /// Sends a command to the training thread (what every control does; tests use it too).
    pub fn send(&self, command: Command) {
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
                let lang = self.settings.lang;
                // Verdicts stay on screen in the status line and banners of their own; the
                // banner carries the other news.
                let news = s
                    .notices
                    .iter()
                    .rev()
                    .find(|n| !matches!(n, crate::train::Notice::Verdict(_)));
                if let Some(n) = news {
                    self.banner = Some(Banner {
                        text: super::notices::text(n, lang),
                        error: super::notices::is_problem(n),
                    });
                }
                self.snap = Some(std::sync::Arc::new(s));
            }
        }
        if let Some(job) = &mut self.screenshot
            && let Some(done) = job.advance(ctx, self.snap.as_deref(), self.cpu_ms)
        {
            match done {
                Ok(path) => println!("saved {}", path.display()),
                Err(e) => eprintln!("error: {e}"),
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.record_tick(ctx);
        if let Some(shot) = &mut self.export
            && let Some(image) = shot.take()
        {
            let path = shot.path.clone();
            self.export = None;
            let lang = self.settings.lang;
            self.banner = Some(match save_png(&path, &image) {
                Ok(()) => Banner {
                    text: format!("{} {}", t::SAVED.get(lang), path.display()),
                    error: false,
                },
                Err(e) => Banner {
                    text: super::file_errors::fs_error(&e, lang),
                    error: true,
                },
            });
        }
    }

    /// Where the data plot was drawn last frame, in points.
    pub fn data_plot_rect(&self) -> Option<egui::Rect> {
        self.data_plot.rect
    }

    /// The part of the plane the data plot shows (the decision grid's extent).
    pub fn data_view(&self) -> GridSpec {
        self.grid
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
        self.autosave_tick(false);
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

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.autosave_tick(true);
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }
}

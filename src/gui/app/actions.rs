//! What the app does with the user's requests: buttons and presets, edits turned into
//! worker commands, points added with the mouse, and files opened and saved.

use super::super::controls::Action;
use super::super::file_errors::{csv_error, fs_error, model_error};
use super::super::files::FileKind;
use super::super::i18n as t;
use super::super::presets::Preset;
use super::super::screenshot::Shot;
use super::super::settings::Settings;
use super::super::status::Banner;
use super::super::theme;
use super::PerceptronApp;
use crate::data::{read_csv, write_csv};
use crate::nn::Model;
use crate::nn::model_file::{load_model, save_model};
use crate::train::grid::GridSpec;
use crate::train::{Command, ModelKind, Snapshot};

/// A failed save in the interface language (the old file is kept).
fn save_failed(
    path: &std::path::Path,
    e: &std::io::Error,
    lang: super::super::i18n::Lang,
) -> String {
    match lang {
        super::super::i18n::Lang::En => {
            format!("{}: {e}; the previous file is unchanged", path.display())
        }
        super::super::i18n::Lang::Vi => {
            format!(
                "tệp {}: không ghi được; tệp cũ vẫn nguyên vẹn",
                path.display()
            )
        }
    }
}

impl PerceptronApp {
    /// Left click adds a point of the chosen class; right click removes the nearest one.
    pub(super) fn edit_point(&mut self, snap: &Snapshot, p: [f64; 2], add: bool) {
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
        // The same refusal as a file with an empty class: every class keeps a point.
        if data.check_classes().is_err() {
            self.banner = Some(Banner {
                text: t::CLASS_NEEDS_A_POINT.get(self.settings.lang).into(),
                error: true,
            });
            return;
        }
        self.send(Command::SetData {
            data,
            keep_weights: true,
        });
    }

    pub(super) fn act(&mut self, action: Action) {
        match action {
            Action::Send(c) => self.send(c),
            Action::NewWeights => {
                let seed = self.settings.config.init_seed.wrapping_add(1);
                self.settings.config.init_seed = seed;
                self.applied.config.init_seed = seed;
                self.send(Command::Reset(Some(seed)));
            }
            Action::Regenerate => {
                self.settings.data.seed = self.settings.data.seed.wrapping_add(1);
            }
            Action::ResetView => self.data_plot.reset_requested = true,
            Action::RestoreDefaults => {
                let lang = self.settings.lang;
                // The remembered CSV file stays in the picker.
                let csv_file = self.settings.csv_file.take();
                self.settings = Settings {
                    lang,
                    csv_file,
                    ..Settings::default()
                };
                self.start_worker(None, None);
                self.data_plot.reset_requested = true;
            }
            Action::Preset(p) => self.load_preset(p),
            Action::ReopenCsv => self.reopen_csv(),
        }
    }

    /// Shows an opened scenario's session; the controls take its settings, and its data's
    /// generator request when the data is generated (a lesson's XOR scene showed the spiral's
    /// controls).
    pub(super) fn adopt_session(&mut self, opened: super::super::startup::Opened) {
        let super::super::startup::Opened {
            session,
            config,
            data,
        } = opened;
        if let Some(spec) = data {
            self.settings.data = spec;
            self.applied.data = spec;
            self.settings.csv_active = false;
        }
        self.settings.lambda_on = config.lambda > 0.0;
        if config.lambda > 0.0 {
            self.settings.config.lambda = config.lambda;
        }
        let lambda = self.settings.config.lambda;
        self.settings.config = crate::train::TrainConfig { lambda, ..config };
        self.grid = GridSpec::around(session.run().head().data().bounds(), theme::GRID_CELLS);
        self.spawn_worker(session);
        self.data_plot.reset_requested = true;
    }

    /// Loads a preset network and its data.
    pub fn load_preset(&mut self, preset: Preset) {
        match preset.apply(&mut self.settings) {
            Ok(model) => {
                self.settings.csv_active = false;
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
    pub(super) fn sync(&mut self) {
        self.sync_source();
        let config = self.settings.effective_config();
        if config != self.applied.effective_config() {
            self.send(Command::SetConfig(config));
        }
        if self.settings.pass_limit != self.applied.pass_limit {
            self.send(Command::SetPassLimit(self.settings.pass_limit));
        }
        if self.settings.speed != self.applied.speed {
            self.send(Command::SetSpeed(self.settings.speed()));
        }
        self.applied = self.settings.clone();
    }

    pub(super) fn file_chosen(
        &mut self,
        kind: FileKind,
        path: std::path::PathBuf,
        ctx: &egui::Context,
    ) {
        let lang = self.settings.lang;
        let done = |what: &str| Banner {
            text: format!("{what} {}", path.display()),
            error: false,
        };
        let result: Result<Banner, String> = match kind {
            FileKind::OpenData => read_csv(&path).map_err(|e| csv_error(&e, lang)).map(|d| {
                self.use_csv(d, path.clone());
                done(t::LOADED.get(lang))
            }),
            FileKind::SaveData => match &self.snap {
                Some(s) => write_csv(&path, &s.data)
                    .map_err(|e| save_failed(&path, &e, lang))
                    .map(|()| done(t::SAVED.get(lang))),
                None => Err(t::NOTHING_TO_SAVE.get(lang).into()),
            },
            FileKind::OpenModel => load_model(&path)
                .map_err(|e| model_error(&e, lang))
                .map(|m| {
                    self.adopt_model_settings(&m.model, m.features);
                    self.send(Command::LoadModel(m));
                    done(t::LOADED.get(lang))
                }),
            FileKind::SaveModel => match &self.snap {
                Some(s) => save_model(&path, &s.model, s.config.features)
                    .map_err(|e| model_error(&e, lang))
                    .map(|()| done(t::SAVED.get(lang))),
                None => Err(t::NOTHING_TO_SAVE.get(lang).into()),
            },
            FileKind::ExportPng => {
                self.export = Some(Shot::request(ctx, path.clone()));
                return;
            }
            FileKind::SaveGif => {
                self.save_recording(&path);
                return;
            }
            FileKind::SaveScenario => match &self.snap {
                Some(s) => {
                    let text = crate::train::scenario::scenario_text(&s.origin, &s.log);
                    crate::fsio::write_atomic(&path, text.as_bytes())
                        .map_err(|e| fs_error(&e, lang))
                        .map(|()| done(t::SAVED.get(lang)))
                }
                None => Err(t::NOTHING_TO_SAVE.get(lang).into()),
            },
            FileKind::ExportCurves => match &self.snap {
                Some(s) => {
                    crate::fsio::write_atomic(&path, super::super::export::curves_csv(s).as_bytes())
                        .map_err(|e| fs_error(&e, lang))
                        .map(|()| done(t::SAVED.get(lang)))
                }
                None => Err(t::NOTHING_TO_SAVE.get(lang).into()),
            },
            FileKind::OpenLesson | FileKind::SaveLesson => self.lesson_file_chosen(kind, &path),
            FileKind::OpenScenario => match self.opener {
                Some(open) => open(&path).map(|opened| {
                    self.adopt_session(opened);
                    done(t::LOADED.get(lang))
                }),
                None => Err(t::NO_OPENER.get(lang).into()),
            },
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
    fn adopt_model_settings(&mut self, model: &Model, features: crate::data::Features) {
        self.settings.config.features = features;
        match model {
            Model::Perceptron(_) => self.settings.config.model = ModelKind::Perceptron,
            Model::Mlp(m) => {
                let c = &mut self.settings.config;
                c.model = ModelKind::Mlp;
                c.hidden_sizes = m.hidden_sizes();
                c.activation = m.first_activation();
                c.layer_activations = match m.uniform_activation() {
                    Some(_) => Vec::new(),
                    None => m.hidden_activations().to_vec(),
                };
            }
        }
        self.applied = self.settings.clone();
    }
}

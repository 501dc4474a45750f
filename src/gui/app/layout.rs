//! The layout of the window: menu, side panel, metrics strip, the data plot and the right
//! column (curves, network, formulas), and the keyboard shortcuts. It only draws and collects
//! what the user asked for.

use super::super::controls::{self, Action, RunState};
use super::super::files::{DialogOutcome, FileDialog, FileKind};
use super::super::i18n::{self as t, Lang};
use super::super::panels::Panel;
use super::super::panels::confusion::ConfusionPanel;
use super::super::settings::RightTab;
use super::super::status::{self, BannerAction};
use super::super::{formulas, network_view, theme};
use super::PerceptronApp;
use crate::nn::{Mlp, Model};
use crate::train::unit_maps::UnitMapsWanted;
use crate::train::{Command, Snapshot};
use egui::{Key, Ui};

impl PerceptronApp {
    /// Draws the whole window into `ui` (the root Ui of eframe, or a test harness's).
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // The scale goes in the app's steps; egui's own Ctrl + = would change it twice.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
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
        self.lesson_ui(ui);
        if let Some(snap) = self.snap.clone() {
            let cpu = self.cpu_ms;
            egui::Panel::bottom("metrics").show(ui, |ui| status::metrics_ui(ui, &snap, lang, cpu));
            let mut out = Vec::new();
            egui::Panel::bottom("timeline").show(ui, |ui| {
                self.timeline.ui(ui, &snap, &self.settings, &mut out)
            });
            actions.extend(out.into_iter().map(Action::Send));
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
        self.code_dialog_ui(&ctx);
        for a in actions {
            self.act(a);
        }
        if let Some(snap) = self.snap.clone() {
            self.ask_for_unit_maps(&snap);
        }
        self.sync();
    }

    fn run_state(&self) -> RunState {
        let snap = self.snap.as_ref();
        RunState {
            running: snap.is_some_and(|s| s.running),
            classes: snap.map_or(self.settings.data.classes, |s| s.data.class_count),
            can_step_back: snap.is_some_and(|s| s.step > 0),
            stopped: snap.is_some_and(|s| {
                (s.cursor.is_none() && s.verdict.as_ref().is_some_and(|v| v.stops())) || s.frozen
            }),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if ctx.egui_wants_keyboard_input() || self.dialog.is_some() || self.code_dialog.is_some() {
            return actions;
        }
        if let Some(scale) = ctx.input(|i| super::super::scale::from_keys(i, self.settings.scale)) {
            self.settings.scale = scale;
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
            if i.key_pressed(Key::S) {
                actions.push(Action::Send(Command::Step(1)));
            }
            // The timeline: one step back or forward while paused, the start, live.
            if !running && i.key_pressed(Key::ArrowLeft) {
                actions.push(Action::Send(Command::StepBack));
            }
            if !running && i.key_pressed(Key::ArrowRight) {
                actions.push(Action::Send(Command::StepForward));
            }
            if i.key_pressed(Key::Home) {
                actions.push(Action::Send(Command::View(0)));
            }
            if i.key_pressed(Key::End) {
                actions.push(Action::Send(Command::Live));
            }
            if i.key_pressed(Key::E) {
                actions.push(Action::Send(Command::StepEpoch));
            }
            if i.key_pressed(Key::R) {
                actions.push(Action::NewWeights);
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
                    (FileKind::OpenScenario, t::OPEN_SCENARIO),
                    (FileKind::SaveScenario, t::SAVE_SCENARIO),
                    (FileKind::ExportCurves, t::EXPORT_CURVES),
                    (FileKind::ExportPng, t::EXPORT_PNG),
                ] {
                    if ui.button(text.get(lang)).clicked() {
                        self.dialog = Some(FileDialog::new(kind, &dir));
                    }
                }
                self.lesson_file_items_ui(ui);
                self.record_menu_ui(ui);
            });
            self.edit_menu_ui(ui);
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
                ui.checkbox(&mut self.settings.show_legend, t::SHOW_LEGEND.get(lang));
                super::super::scale::picker_ui(
                    ui,
                    &mut self.settings.scale,
                    t::UI_SCALE.get(lang),
                    t::UI_SCALE_TIP.get(lang),
                );
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
            // The language and the side panel stay one click away (Tab hides the panel too).
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
            self.record_indicator_ui(ui);
        });
    }

    fn central_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        if self.restore_offer.is_some() {
            ui.horizontal_wrapped(|ui| {
                ui.label(t::LAST_SESSION_FOUND.get(lang));
                if ui
                    .button(t::RESTORE_LAST.get(lang))
                    .on_hover_text(t::RESTORE_LAST_TIP.get(lang))
                    .clicked()
                {
                    self.restore_last();
                }
                if ui.button(t::DISMISS.get(lang)).clicked() {
                    self.restore_offer = None;
                }
            });
        }
        // One row is kept for the banners whether or not one shows, so that a banner
        // appearing does not move the plots under the pointer.
        let banners_top = ui.cursor().top();
        let banner_action = status::banners_ui(
            ui,
            self.banner.as_ref(),
            self.snap.as_deref(),
            self.crashed.as_deref(),
            lang,
        );
        let used = ui.cursor().top() - banners_top;
        let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        if used < row {
            ui.add_space(row - used);
        }
        match banner_action {
            Some(BannerAction::Dismiss) => self.banner = None,
            Some(BannerAction::Reset) => actions.push(Action::NewWeights),
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
        if let Some(text) = status::perceptron_status(&snap, lang) {
            ui.label(egui::RichText::new(text).strong());
        }
        if snap.frozen {
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
        let plots = ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(plot_w, height), |ui| {
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(t::DATA_PLOT.get(lang)).strong());
                        if ui
                            .small_button(t::RESET_VIEW.get(lang))
                            .on_hover_text(t::RESET_VIEW_TIP.get(lang))
                            .clicked()
                        {
                            self.data_plot.reset_requested = true;
                        }
                        if let Some(note) = crate::gui::regions_note::of_snapshot(&snap, lang) {
                            ui.label(egui::RichText::new(note).small().weak());
                        }
                        if let Some((l, j)) = self.data_plot.unit {
                            ui.label(format!("{} a{}({l})", t::SHOWING_UNIT.get(lang), j + 1));
                            if ui.small_button(t::SHOW_REGIONS.get(lang)).clicked() {
                                self.unit_focus = None;
                            }
                        }
                    });
                    self.data_plot.unit = self.unit_hover.or(self.unit_focus);
                    self.data_plot.batch = (self.settings.right_tab == RightTab::Backprop)
                        .then(|| snap.backprop.clone())
                        .flatten();
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
                    } else if let Some((p, true)) = events.clicked
                        && self.settings.right_tab == RightTab::Backprop
                        && let Some(n) = formulas::nearest_point(&snap.data, p)
                    {
                        self.backprop.point = n;
                    }
                });
            });
            ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                ui.vertical(|ui| self.right_column_ui(ui, &snap, height));
            });
        });
        // What File → Record GIF and `--record` capture.
        self.recording.plots = Some(plots.response.rect);
    }

    /// The right column: the curves, the network, or the formulas.
    fn right_column_ui(&mut self, ui: &mut Ui, snap: &Snapshot, height: f32) {
        let lang = self.settings.lang;
        // The tabs wrap onto a second row rather than run off a narrow column.
        ui.horizontal_wrapped(|ui| {
            for (tab, text) in [
                (RightTab::Loss, t::LOSS_PLOT),
                (RightTab::Network, t::NETWORK),
                (RightTab::Formulas, t::FORMULAS),
                (RightTab::Runs, t::RUNS),
                (RightTab::Backprop, t::BACKPROP),
                (RightTab::Confusion, t::CONFUSION),
            ] {
                ui.selectable_value(&mut self.settings.right_tab, tab, text.get(lang));
            }
        });
        match self.settings.right_tab {
            RightTab::Loss => self.loss_plot.ui(ui, &self.settings, snap, height - 90.0),
            RightTab::Network => {
                egui::ScrollArea::vertical().show(ui, |ui| match &*snap.model {
                    Model::Mlp(m) => {
                        self.gradcheck.ui(ui, m, snap, lang);
                        ui.separator();
                        let edited = if network_view::is_small(m) {
                            network_view::network_ui(ui, m, snap.config.features, lang)
                        } else {
                            self.scaled_network_ui(ui, m, snap)
                        };
                        if let Some(edited) = edited {
                            self.send(Command::SetModel(Model::Mlp(edited)));
                        }
                        let f = snap.config.features;
                        network_view::hidden_space_ui(ui, m, f, &snap.data, lang, 220.0);
                        network_view::truth_table_ui(ui, m, f, &snap.data, lang);
                    }
                    Model::Perceptron(_) => {
                        ui.label(t::MODEL_TIP.get(lang));
                    }
                });
            }
            RightTab::Runs => {
                let mut out = Vec::new();
                self.runs_panel.ui(ui, snap, &self.settings, &mut out);
                for c in out {
                    self.send(c);
                }
            }
            RightTab::Backprop => self.backprop.ui(ui, snap, lang),
            RightTab::Confusion => {
                let mut out = Vec::new();
                ConfusionPanel.ui(ui, snap, &self.settings, &mut out);
            }
            RightTab::Formulas => {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| formulas::formulas_ui(ui, snap, self.hovered, lang));
            }
        }
    }
}

impl PerceptronApp {
    /// The scaled diagram with its unit maps, and the matrix editor.
    fn scaled_network_ui(&mut self, ui: &mut Ui, m: &Mlp, snap: &Snapshot) -> Option<Mlp> {
        let lang = self.settings.lang;
        let events = self.network_diagram.ui(
            ui,
            m,
            snap.unit_maps.as_ref(),
            self.unit_focus,
            snap.config.features,
            lang,
        );
        self.unit_hover = events.hovered;
        if let Some(unit) = events.clicked {
            self.unit_focus = (self.unit_focus != Some(unit)).then_some(unit);
        }
        if let Some(f) = events.toggled
            && let Some(next) = self.settings.config.features.toggled(f)
        {
            // The same change as the side panel's toggle: the network is rebuilt.
            self.settings.config.features = next;
            self.unit_focus = None;
        }
        ui.label(
            egui::RichText::new(t::UNIT_MAPS_TIP.get(lang))
                .small()
                .weak(),
        );
        self.weight_matrix.ui(ui, m, lang)
    }

    /// Tells the worker which unit maps to compute: thumbnails while the scaled network view
    /// is open, and the unit under the pointer or clicked.
    pub(super) fn ask_for_unit_maps(&mut self, snap: &Snapshot) {
        let scaled = matches!(&*snap.model, Model::Mlp(m) if !network_view::is_small(m));
        let open = self.settings.right_tab == RightTab::Network && scaled;
        if !scaled {
            self.unit_focus = None;
        }
        let wanted = UnitMapsWanted {
            thumbnails: open,
            focus: if open {
                self.unit_hover.or(self.unit_focus)
            } else {
                self.unit_focus
            },
        };
        if wanted != self.maps_wanted {
            self.maps_wanted = wanted;
            self.send(Command::SetUnitMaps(wanted));
        }
        let point = (self.settings.right_tab == RightTab::Backprop).then_some(self.backprop.point);
        if point != self.backprop_asked {
            self.backprop_asked = point;
            self.send(Command::SetBackpropPoint(point));
        }
    }
}

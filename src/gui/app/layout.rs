//! The frame of the window: it picks the arrangement for the window's size in points (see
//! [`crate::gui::arrangement`]) and lays out the top bar (menus and the pinned transport
//! row), the lesson strip, the status rows, the side panel (full, a strip of icons, or
//! hidden) and the central area. It only draws and collects what the user asked for.

use super::super::arrangement::{self, Arrangement, SideForm};
use super::super::controls::{self, Action, RunState, sections};
use super::super::files::DialogOutcome;
use super::super::panels::Panel;
use super::super::status;
use super::PerceptronApp;
use egui::Ui;

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
        let mut actions = self.shortcuts(&ctx);
        if self.presentation {
            self.presentation_ui(ui, &mut actions);
        } else {
            self.workspace_ui(ui, &mut actions);
        }
        let lang = self.settings.lang;
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

    /// The arrangement chosen on the last frame.
    pub fn arrangement(&self) -> Arrangement {
        self.arrangement
    }

    /// The working window: every panel, arranged for the window's size.
    fn workspace_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let window = ui.ctx().content_rect().size();
        let arr = Arrangement::for_window(window, self.settings.show_panel);
        self.arrangement = arr;
        let run = self.run_state();
        egui::Panel::top("menu").show(ui, |ui| self.top_bar_ui(ui, &run, arr, actions));
        self.lesson_ui(ui);
        if let Some(snap) = self.snap.clone()
            && !arr.tiny
        {
            let (lang, cpu) = (self.settings.lang, self.cpu_ms);
            egui::Panel::bottom("metrics").show(ui, |ui| {
                if arr.compact {
                    // One line, scrolled sideways if it must: the plot keeps the height.
                    egui::ScrollArea::horizontal()
                        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
                        .show(ui, |ui| {
                            status::metrics_ui(ui, &snap, lang, cpu, false);
                        });
                } else {
                    status::metrics_ui(ui, &snap, lang, cpu, true);
                }
            });
            if !arr.compact {
                let mut out = Vec::new();
                egui::Panel::bottom("timeline").show(ui, |ui| {
                    self.timeline.ui(ui, &snap, &self.settings, &mut out)
                });
                actions.extend(out.into_iter().map(Action::Send));
            }
        }
        self.side_panel_ui(ui, &run, arr, actions);
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, arr, actions));
    }

    /// The side panel in the arrangement's form; the strip's open section floats over the
    /// plots beside it.
    fn side_panel_ui(
        &mut self,
        ui: &mut Ui,
        run: &RunState,
        arr: Arrangement,
        actions: &mut Vec<Action>,
    ) {
        let lang = self.settings.lang;
        if arr.side != SideForm::Strip {
            self.strip_open = None;
        }
        match arr.side {
            SideForm::Full => {
                egui::Panel::left("controls")
                    .default_size(arrangement::FULL_PANEL)
                    .max_size(1.2 * arrangement::FULL_PANEL)
                    .resizable(true)
                    .show(ui, |ui| {
                        actions.extend(controls::controls_ui(
                            ui,
                            &mut self.settings,
                            run,
                            arr.compact,
                        ))
                    });
            }
            SideForm::Strip => {
                let strip = egui::Panel::left("controls-strip")
                    .exact_size(arrangement::STRIP)
                    .resizable(false)
                    .show(ui, |ui| sections::strip_ui(ui, &mut self.strip_open, lang));
                let corner = strip.response.rect.right_top() + egui::vec2(4.0, 4.0);
                actions.extend(sections::section_popup_ui(
                    ui.ctx(),
                    &mut self.strip_open,
                    &mut self.settings,
                    run,
                    arr.compact,
                    corner,
                ));
            }
            SideForm::Hidden => {}
        }
    }

    pub(super) fn run_state(&self) -> RunState {
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
}

//! The top bar: the menus, then the pinned transport row (Play, Step, Reset, and Step epoch
//! / Step back when there is room), then the language and the side panel's switch. The bar
//! wraps rather than clip a button off a narrow window.

use super::super::arrangement::Arrangement;
use super::super::controls::transport::{TransportLook, transport_ui};
use super::super::controls::{Action, RunState};
use super::super::files::{FileDialog, FileKind};
use super::super::i18n::{self as t, Lang};
use super::PerceptronApp;
use egui::Ui;

impl PerceptronApp {
    /// The menu bar with the transport row in it.
    pub(super) fn top_bar_ui(
        &mut self,
        ui: &mut Ui,
        run: &RunState,
        arr: Arrangement,
        actions: &mut Vec<Action>,
    ) {
        let lang = self.settings.lang;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                self.file_menu_ui(ui);
                self.edit_menu_ui(ui);
                ui.menu_button(t::VIEW.get(lang), |ui| self.view_menu_ui(ui, actions));
                ui.menu_button(t::HELP.get(lang), |ui| {
                    ui.label(t::SHORTCUTS.get(lang));
                });
                ui.separator();
                let look = TransportLook {
                    all: !arr.compact,
                    size: None,
                };
                let model = self.settings.config.model;
                actions.extend(transport_ui(ui, model, lang, run, look));
                if !arr.compact {
                    ui.separator();
                    // The language and the side panel stay one click away (Tab hides the
                    // panel too); a compact window keeps them in the View menu.
                    ui.selectable_value(&mut self.settings.lang, Lang::En, "EN");
                    ui.selectable_value(&mut self.settings.lang, Lang::Vi, "VI");
                    self.panel_switch_ui(ui);
                }
                self.record_indicator_ui(ui);
            });
        });
    }

    fn panel_switch_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
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
    }

    fn file_menu_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let dir = std::env::current_dir().unwrap_or_default();
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
    }

    fn view_menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        if ui
            .add(egui::Button::new(t::PRESENTATION.get(lang)).shortcut_text("F5"))
            .on_hover_text(t::PRESENTATION_TIP.get(lang))
            .clicked()
        {
            self.presentation = true;
            ui.close();
        }
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
        self.panel_switch_ui(ui);
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
    }
}

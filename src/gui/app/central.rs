//! The central area: the reserved banner row, the status lines, then the data plot with the
//! right column beside it ([`CentralForm::Columns`]) or, in a narrow window, one view at a
//! time chosen in the plot's header ([`CentralForm::Views`]). The data plot is given at least
//! [`arrangement::PLOT_SHARE`] of the window.

use super::super::arrangement::{self, Arrangement, CentralForm};
use super::super::controls::Action;
use super::super::formulas;
use super::super::i18n as t;
use super::super::settings::RightTab;
use super::super::status::{self, BannerAction};
use super::PerceptronApp;
use crate::train::{Command, Snapshot};
use egui::Ui;

/// The right column's views, with their names.
pub(super) const TABS: [(RightTab, t::Text); 6] = [
    (RightTab::Loss, t::LOSS_PLOT),
    (RightTab::Network, t::NETWORK),
    (RightTab::Formulas, t::FORMULAS),
    (RightTab::Runs, t::RUNS),
    (RightTab::Backprop, t::BACKPROP),
    (RightTab::Confusion, t::CONFUSION),
];

impl PerceptronApp {
    pub(super) fn central_ui(&mut self, ui: &mut Ui, arr: Arrangement, actions: &mut Vec<Action>) {
        let lang = self.settings.lang;
        self.restore_offer_ui(ui);
        self.banner_row_ui(ui, actions);
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
        let height = avail.y.max(120.0);
        let views = arr.central == CentralForm::Views;
        if views && !self.data_in_view {
            ui.horizontal(|ui| self.view_picker_ui(ui));
            let rest = ui.available_height();
            ui.vertical(|ui| self.right_content_ui(ui, &snap, rest, arr.compact));
            return;
        }
        let window = ui.ctx().content_rect().size();
        let plot_w = if views {
            avail.x
        } else {
            // At least the plot's share of the window, else square-ish; the right column
            // keeps at least its least width.
            let share = arrangement::plot_width_needed(window, arr.compact);
            (avail.x * 0.6)
                .min(height + 60.0)
                .max(share)
                .min(avail.x - arrangement::RIGHT_MIN)
                .max(160.0)
        };
        let plots = ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(plot_w, height), |ui| {
                ui.vertical(|ui| self.data_column_ui(ui, &snap, plot_w, height, views));
            });
            if !views {
                ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                    ui.vertical(|ui| self.right_column_ui(ui, &snap, height, arr.compact));
                });
            }
        });
        // What File → Record GIF and `--record` capture.
        self.recording.plots = Some(plots.response.rect);
    }

    fn restore_offer_ui(&mut self, ui: &mut Ui) {
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
    }

    /// One row is kept for the banners whether or not one shows, so that a banner appearing
    /// does not move the plots under the pointer.
    fn banner_row_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let banners_top = ui.cursor().top();
        let banner_action = status::banners_ui(
            ui,
            self.banner.as_ref(),
            self.snap.as_deref(),
            self.crashed.as_deref(),
            self.settings.lang,
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
    }

    /// In a narrow window, the choice of what fills the central area: the data plot or one
    /// of the right column's views.
    pub(super) fn view_picker_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let current = if self.data_in_view {
            t::DATA_PLOT.get(lang)
        } else {
            TABS.iter()
                .find(|(tab, _)| *tab == self.settings.right_tab)
                .map_or("", |(_, text)| text.get(lang))
        };
        let label = ui.label(t::VIEW_CHOICE.get(lang));
        egui::ComboBox::from_id_salt("central-view")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.data_in_view, true, t::DATA_PLOT.get(lang));
                for (tab, text) in TABS {
                    let chosen = !self.data_in_view && self.settings.right_tab == tab;
                    if ui.selectable_label(chosen, text.get(lang)).clicked() {
                        self.data_in_view = false;
                        self.settings.right_tab = tab;
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(t::VIEW_CHOICE_TIP.get(lang));
    }

    /// The data plot with its header (title or the view picker, Reset view, notes).
    fn data_column_ui(
        &mut self,
        ui: &mut Ui,
        snap: &std::sync::Arc<Snapshot>,
        plot_w: f32,
        height: f32,
        views: bool,
    ) {
        let lang = self.settings.lang;
        let header_top = ui.cursor().top();
        ui.horizontal(|ui| {
            if views {
                self.view_picker_ui(ui);
            } else {
                ui.label(egui::RichText::new(t::DATA_PLOT.get(lang)).strong());
            }
            if ui
                .small_button(t::RESET_VIEW.get(lang))
                .on_hover_text(t::RESET_VIEW_TIP.get(lang))
                .clicked()
            {
                self.data_plot.reset_requested = true;
            }
            if let Some(note) = crate::gui::regions_note::of_snapshot(snap, lang) {
                ui.label(egui::RichText::new(note).small().weak());
            }
            if let Some((l, j)) = self.data_plot.unit {
                ui.label(format!("{} a{}({l})", t::SHOWING_UNIT.get(lang), j + 1));
                if ui.small_button(t::SHOW_REGIONS.get(lang)).clicked() {
                    self.unit_focus = None;
                }
            }
        });
        let header = ui.cursor().top() - header_top;
        self.data_plot_ui(ui, snap, egui::vec2(plot_w, height - header));
    }

    /// The data plot itself and what its clicks mean (edit points, pick the backprop point).
    pub(super) fn data_plot_ui(&mut self, ui: &mut Ui, snap: &Snapshot, size: egui::Vec2) {
        self.data_plot.unit = self.unit_hover.or(self.unit_focus);
        self.data_plot.batch = (self.settings.right_tab == RightTab::Backprop)
            .then(|| snap.backprop.clone())
            .flatten();
        let size = egui::vec2(size.x, size.y.max(80.0));
        let events = self.data_plot.ui(ui, snap, &self.settings, size);
        self.hovered = events.hovered;
        if let Some(view) = events.view {
            self.grid = view;
            self.send(Command::SetGrid(view));
        }
        if let Some((p, primary)) = events.clicked
            && self.settings.edit_points
        {
            self.edit_point(snap, p, primary);
        } else if let Some((p, true)) = events.clicked
            && self.settings.right_tab == RightTab::Backprop
            && let Some(n) = formulas::nearest_point(&snap.data, p)
        {
            self.backprop.point = n;
        }
    }
}

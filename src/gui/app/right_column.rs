//! The right column: the curves, the network, the formulas, the runs, the backprop view and
//! the confusion matrix, as tabs beside the data plot or as views in a narrow window.

use super::super::i18n as t;
use super::super::panels::Panel;
use super::super::panels::confusion::ConfusionPanel;
use super::super::settings::RightTab;
use super::super::{formulas, network_view};
use super::PerceptronApp;
use crate::nn::{Mlp, Model};
use crate::train::unit_maps::UnitMapsWanted;
use crate::train::{Command, Snapshot};
use egui::Ui;

impl PerceptronApp {
    /// The right column: its tabs, then the chosen view.
    pub(super) fn right_column_ui(
        &mut self,
        ui: &mut Ui,
        snap: &Snapshot,
        height: f32,
        compact: bool,
    ) {
        let lang = self.settings.lang;
        let top = ui.cursor().top();
        // The tabs wrap onto a second row rather than run off a narrow column.
        ui.horizontal_wrapped(|ui| {
            for (tab, text) in super::central::TABS {
                ui.selectable_value(&mut self.settings.right_tab, tab, text.get(lang));
            }
        });
        let used = ui.cursor().top() - top;
        self.right_content_ui(ui, snap, height - used, compact);
    }

    /// The chosen view of the right column in `height` points. A compact window has no
    /// timeline row: the timeline sits above the curves.
    pub(super) fn right_content_ui(
        &mut self,
        ui: &mut Ui,
        snap: &Snapshot,
        height: f32,
        compact: bool,
    ) {
        let lang = self.settings.lang;
        match self.settings.right_tab {
            RightTab::Loss => {
                let top = ui.cursor().top();
                if compact {
                    let mut out = Vec::new();
                    self.timeline.ui(ui, snap, &self.settings, &mut out);
                    for c in out {
                        self.send(c);
                    }
                }
                // The two plots' titles and the x axis's name take about 60 points.
                let left = height - (ui.cursor().top() - top) - 60.0;
                self.loss_plot.ui(ui, &self.settings, snap, left.max(80.0));
            }
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

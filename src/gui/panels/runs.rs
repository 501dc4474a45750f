//! The run list: the tree of runs and branches ("run 1.1 from step 1 200 · α 3"); select,
//! rename, delete, and start a new run from the same data and initial weights.

use super::Panel;
use crate::gui::i18n::{self as t, Lang};
use crate::gui::loss_plot::{format_count, run_label};
use crate::gui::settings::Settings;
use crate::train::{Command, Snapshot};
use egui::Ui;

/// The run list's state between frames: the name being edited.
#[derive(Default)]
pub struct Runs {
    editing: Option<(String, String)>,
}

impl Panel for Runs {
    fn name(&self, lang: Lang) -> &'static str {
        t::RUNS.get(lang)
    }

    fn ui(&mut self, ui: &mut Ui, snap: &Snapshot, s: &Settings, out: &mut Vec<Command>) {
        let lang = s.lang;
        if ui
            .button(t::NEW_RUN.get(lang))
            .on_hover_text(t::NEW_RUN_TIP.get(lang))
            .clicked()
        {
            out.push(Command::NewRun);
        }
        ui.label(egui::RichText::new(t::RUNS_TIP.get(lang)).small().weak());
        let current = &snap.runs[snap.current];
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, run) in snap.runs.iter().enumerate() {
                let depth = run.id.matches('.').count();
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(16.0 * depth as f32);
                    let editing = self.editing.as_mut().filter(|(id, _)| *id == run.id);
                    match editing {
                        Some((_, name)) => {
                            let r = ui.add(
                                egui::TextEdit::singleline(name)
                                    .desired_width(120.0)
                                    .hint_text(t::RUN_NAME.get(lang)),
                            );
                            if r.lost_focus() {
                                out.push(Command::RenameRun(run.id.clone(), name.clone()));
                                self.editing = None;
                            }
                        }
                        None => {
                            if ui
                                .small_button(t::RENAME.get(lang))
                                .on_hover_text(t::RENAME_TIP.get(lang))
                                .clicked()
                            {
                                self.editing = Some((run.id.clone(), run.name.clone()));
                            }
                        }
                    }
                    if snap.runs.len() > 1
                        && ui
                            .small_button(t::DELETE.get(lang))
                            .on_hover_text(t::DELETE_TIP.get(lang))
                            .clicked()
                    {
                        out.push(Command::DeleteRun(run.id.clone()));
                    }
                    let mut text = run_label(run, current, lang);
                    if let Some((parent, step)) = &run.parent {
                        text.push_str(&format!(
                            " · {} {parent} @ {}",
                            t::FROM_RUN.get(lang),
                            format_count(*step as f64)
                        ));
                    }
                    text.push_str(&format!(
                        " · {} {}",
                        format_count(run.head_step as f64),
                        t::STEPS.get(lang)
                    ));
                    if ui.selectable_label(i == snap.current, text).clicked() && i != snap.current {
                        out.push(Command::SelectRun(run.id.clone()));
                    }
                });
            }
        });
    }
}

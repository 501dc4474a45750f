//! The keyboard: Space play/pause, S step, E step epoch, R reset, ← / → the timeline while
//! paused, Home / End, Tab the side panel, F5 (and Esc) presentation mode, Ctrl + = / − / 0
//! the UI scale.

use super::super::controls::Action;
use super::PerceptronApp;
use crate::train::Command;
use egui::Key;

impl PerceptronApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<Action> {
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
            // F5 as in slide software; Esc leaves too (the strip's open section takes Esc
            // first when there is one).
            if i.key_pressed(Key::F5) || (self.presentation && i.key_pressed(Key::Escape)) {
                self.presentation = !self.presentation;
            }
        });
        actions
    }
}
